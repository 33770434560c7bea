/* The timeline of a search (d3): bars of the documents dated in each period, and a line of the dates
   their texts mention. Choosing a bar shows what it holds with two links: its documents (the search
   narrowed to the period) and, down to days, its finer periods (the period's timeline); a double click
   zooms at once. */
(function () {
  "use strict";

  const pictures = window.ArchivistPictures;
  const figure = document.getElementById("picture");
  if (!pictures || !window.d3 || !figure || figure.dataset.picture !== "timeline") return;
  const {COLOURS, plural} = pictures;

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  const FINER = {decade: "years", year: "months", month: "days"};
  const WIDTH = 960, HEIGHT = 400;
  const MARGIN = {top: 44, right: 20, bottom: 48, left: 56};

  function longLabel(period, unit) {
    const [year, month, day] = period.split("-");
    if (unit === "decade") return `${year}s`;
    if (day) return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
    if (month) return `${MONTHS[Number(month) - 1]} ${year}`;
    return year;
  }

  function shortLabel(period, unit, oneYear) {
    const [year, month, day] = period.split("-");
    if (unit === "decade") return `${year}s`;
    if (day) return String(Number(day));
    if (month) return oneYear ? MONTHS[Number(month) - 1].slice(0, 3) : `${MONTHS[Number(month) - 1].slice(0, 3)} ${year}`;
    return year;
  }

  /* The period after `period` of the same unit ("1969" -> "1970", "1962-12" -> "1963-01"). */
  function next(period, unit) {
    const [year, month, day] = period.split("-").map(Number);
    const pad = number => String(number).padStart(2, "0");
    if (unit === "decade") return String(year + 10);
    if (unit === "year") return String(year + 1);
    if (unit === "month") return month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
    const following = new Date(Date.UTC(year, month - 1, day + 1));
    return `${following.getUTCFullYear()}-${pad(following.getUTCMonth() + 1)}-${pad(following.getUTCDate())}`;
  }

  /* Every period from the first to the last, those the data leaves out as empty: time reads evenly. */
  function everyPeriod(periods, unit) {
    const given = new Map(periods.map(period => [period.period, period]));
    const filled = [];
    let period = periods[0].period;
    const last = periods[periods.length - 1].period;
    while (filled.length <= 2000) {
      filled.push(given.get(period) || {period, documents: 0, mentioned: 0});
      if (period === last) return filled;
      period = next(period, unit);
    }
    return periods;  // not a sequence this script can follow: drawn as given
  }

  const picture = pictures.data();
  const unit = picture.unit;
  const periods = everyPeriod(picture.periods, unit);
  const oneYear = new Set(periods.map(period => period.period.slice(0, 4))).size === 1;
  const documents = d3.sum(periods, period => period.documents);
  const mentioned = d3.sum(periods, period => period.mentioned);

  const root = pictures.svg(figure, WIDTH, HEIGHT,
    `Timeline: documents per ${unit}, ${longLabel(periods[0].period, unit)} to ` +
      `${longLabel(periods[periods.length - 1].period, unit)}`,
    `Bars: ${plural(documents, "document")} dated in each ${unit}; line: ${plural(mentioned, "date")} ` +
      "mentioned in their texts. The table below the picture gives each figure.");

  const x = d3.scaleBand().domain(periods.map(period => period.period))
    .range([MARGIN.left, WIDTH - MARGIN.right]).paddingInner(0.2).paddingOuter(0.1);
  const highest = d3.max(periods, period => Math.max(period.documents, period.mentioned)) || 1;
  const y = d3.scaleLinear().domain([0, highest]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const wholeTicks = y.ticks(6).filter(Number.isInteger);

  // Grid and axes
  root.append("g").selectAll("line").data(wholeTicks).join("line")
    .attr("x1", MARGIN.left).attr("x2", WIDTH - MARGIN.right).attr("y1", y).attr("y2", y)
    .attr("stroke", COLOURS.rule).attr("stroke-width", 1);
  root.append("g").attr("transform", `translate(${MARGIN.left},0)`)
    .call(d3.axisLeft(y).tickValues(wholeTicks).tickFormat(d3.format("d")))
    .attr("font-size", 12).attr("font-family", null)
    .call(axis => axis.select(".domain").remove());
  const labelWidth = {decade: 48, year: 40, month: oneYear ? 32 : 64, day: 22}[unit] || 48;
  const every = Math.max(1, Math.ceil(periods.length / ((WIDTH - MARGIN.left - MARGIN.right) / labelWidth)));
  root.append("g").attr("transform", `translate(0,${HEIGHT - MARGIN.bottom})`)
    .call(d3.axisBottom(x).tickValues(periods.filter((_, index) => index % every === 0).map(p => p.period))
      .tickFormat(period => shortLabel(period, unit, oneYear)).tickSizeOuter(0))
    .attr("font-size", 12).attr("font-family", null);
  if (unit === "month" && oneYear || unit === "day") {
    root.append("text").attr("x", WIDTH - MARGIN.right).attr("y", HEIGHT - 8).attr("text-anchor", "end")
      .text(unit === "day" ? longLabel(periods[0].period.slice(0, 7), "month") : periods[0].period.slice(0, 4));
  }

  // Legend
  const legend = root.append("g").attr("transform", `translate(${MARGIN.left},18)`);
  legend.append("rect").attr("width", 14).attr("height", 14).attr("y", -11).attr("fill", COLOURS.accent);
  legend.append("text").attr("x", 20).text(`Documents dated in the ${unit}`);
  if (mentioned) {
    const second = legend.append("g").attr("transform", "translate(250,0)");
    second.append("line").attr("x1", 0).attr("x2", 22).attr("y1", -4).attr("y2", -4)
      .attr("stroke", COLOURS.second).attr("stroke-width", 2.5);
    second.append("circle").attr("cx", 11).attr("cy", -4).attr("r", 3.5).attr("fill", COLOURS.second);
    second.append("text").attr("x", 28).text("Dates mentioned in their texts");
  }

  // One column per period: the bar, and a transparent target as tall as the plot, so that a period of
  // one document is as easy to choose as the highest
  const columns = root.append("g").selectAll("g").data(periods).join("g");
  const bars = columns.append("rect")
    .attr("x", period => x(period.period)).attr("width", x.bandwidth())
    .attr("y", period => y(period.documents)).attr("height", period => y(0) - y(period.documents))
    .attr("fill", COLOURS.accent);
  if (mentioned) {
    const centre = period => x(period.period) + x.bandwidth() / 2;
    root.append("path").datum(periods)
      .attr("d", d3.line().x(centre).y(period => y(period.mentioned)))
      .attr("fill", "none").attr("stroke", COLOURS.second).attr("stroke-width", 2.5)
      .attr("stroke-linejoin", "round");
    root.append("g").selectAll("circle").data(periods.filter(period => period.mentioned)).join("circle")
      .attr("cx", centre).attr("cy", period => y(period.mentioned)).attr("r", 3.5)
      .attr("fill", COLOURS.second);
  }
  const targets = columns.filter(period => period.documents || period.mentioned).append("rect")
    .attr("class", "picture-period").attr("data-period", period => period.period)
    .attr("x", period => x(period.period) - x.step() * x.paddingInner() / 2).attr("width", x.step())
    .attr("y", MARGIN.top).attr("height", HEIGHT - MARGIN.top - MARGIN.bottom)
    .attr("fill", "none").attr("pointer-events", "all").attr("cursor", "pointer");
  targets.append("title").text(period => `${longLabel(period.period, unit)}: ` +
    `${plural(period.documents, "document")}, ${plural(period.mentioned, "date")} mentioned`);

  const choice = document.getElementById("picture-choice");

  function paragraph(...parts) {
    const element = document.createElement("p");
    parts.forEach((part, index) => {
      if (index) element.append(" · ");
      element.append(part);
    });
    return element;
  }

  function link(href, text) {
    const element = document.createElement("a");
    element.href = href;
    element.textContent = text;
    return element;
  }

  function choose(period) {
    bars.attr("fill", other => other === period ? COLOURS.accentDark : COLOURS.accent)
      .attr("stroke", other => other === period ? COLOURS.second : null).attr("stroke-width", 2);
    const name = longLabel(period.period, unit);
    const heading = document.createElement("strong");
    heading.textContent = name;
    const links = [];
    if (period.documents && period.search) {
      links.push(link(period.search, `Show the ${plural(period.documents, "document")} of ${name}`));
    }
    if (period.zoom && FINER[unit]) links.push(link(period.zoom, `Zoom into its ${FINER[unit]}`));
    const figures = document.createElement("p");
    figures.append(heading, `: ${plural(period.documents, "document")} dated, ` +
      `${plural(period.mentioned, "date")} mentioned in texts.`);
    choice.replaceChildren(figures);
    if (links.length) choice.append(paragraph(...links));
  }

  targets.on("click", (event, period) => choose(period));
  targets.on("dblclick", (event, period) => {
    if (period.zoom && FINER[unit]) window.location.assign(period.zoom);
  });

  pictures.offerSaving(figure, `timeline-${unit}`);
  pictures.foldTable(figure);
})();
