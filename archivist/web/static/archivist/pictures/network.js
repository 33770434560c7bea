/* The network of people of a search (d3-force, drawn into SVG so that it is saved as SVG and PNG like the
   other pictures): a circle per person sized by documents, grey lines between people in the same
   documents and orange arrows from writer to recipient, wider for more documents. Choosing a person
   narrows the search to them. A person's page draws their own network the same way (data-source names
   its data block, data-centre the person). */
(function () {
  "use strict";

  const pictures = window.ArchivistPictures;
  if (!pictures || !window.d3) return;
  const {COLOURS, plural} = pictures;

  const LABELLED = 30;  // the people with most documents are named; the rest on hover

  function draw(figure) {
    const network = pictures.data(figure.dataset.source);
    if (!network || !network.people.length) return;
    const width = Number(figure.dataset.width) || 960;
    const height = Number(figure.dataset.height) || 620;
    const centre = figure.dataset.centre || "";
    const nodes = network.people.map(person => ({...person}));
    const byKey = new Map(nodes.map(node => [node.key, node]));
    const links = network.edges.filter(edge => byKey.has(edge.source) && byKey.has(edge.target))
      .map(edge => ({...edge}));
    const together = links.filter(link => link.kind !== "wrote_to").length;
    const wrote = links.length - together;

    const root = pictures.svg(figure, width, height,
      `Network of ${plural(nodes.length, "person")}`.replace("persons", "people"),
      `Circles sized by documents: ${nodes.slice(0, 8).map(node => `${node.name} ${node.documents}`).join(", ")}` +
        `${nodes.length > 8 ? ", and more" : ""}. ${plural(together, "line")} between people in the same ` +
        `documents, ${plural(wrote, "arrow")} from writer to recipient. The table below the picture gives ` +
        "each connection.");

    const radius = d3.scaleSqrt().domain([0, d3.max(nodes, node => node.documents) || 1]).range([0, 22]);
    const size = node => Math.max(4, radius(node.documents));
    const thickness = d3.scaleSqrt().domain([1, d3.max(links, link => link.documents) || 1]).range([1, 8]);

    // The layout, computed at once (d3-force is deterministic): the same picture every time
    const simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(node => node.key)
        .distance(link => 30 + size(link.source) + size(link.target)))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("collide", d3.forceCollide(node => size(node) + 4))
      .force("x", d3.forceX().strength(0.04)).force("y", d3.forceY().strength(0.05 * width / height))
      .stop();
    for (let tick = 0; tick < 300; tick += 1) simulation.tick();

    // Fitted into the picture, leaving room for names on the right
    const left = d3.min(nodes, node => node.x - size(node)), right = d3.max(nodes, node => node.x + size(node));
    const top = d3.min(nodes, node => node.y - size(node)), bottom = d3.max(nodes, node => node.y + size(node));
    const scale = Math.min((width - 150) / Math.max(right - left, 1), (height - 80) / Math.max(bottom - top, 1), 1.6);
    const offsetX = (width - 110 - (right - left) * scale) / 2 - left * scale + 10;
    const offsetY = (height + 20 - (bottom - top) * scale) / 2 - top * scale;
    nodes.forEach(node => {
      node.px = node.x * scale + offsetX;
      node.py = node.y * scale + offsetY;
      node.r = Math.max(3, size(node) * Math.min(scale, 1));  // a small network is spread, not enlarged
    });

    const arrow = `${figure.id}-arrow`;
    root.append("defs").append("marker").attr("id", arrow).attr("viewBox", "0 -5 10 10")
      .attr("refX", 10).attr("refY", 0).attr("markerWidth", 10).attr("markerHeight", 10)
      .attr("markerUnits", "userSpaceOnUse").attr("orient", "auto")
      .append("path").attr("d", "M0,-5L10,0L0,5Z").attr("fill", COLOURS.second);

    // Legend
    const legend = root.append("g").attr("transform", "translate(12,20)");
    legend.append("line").attr("x1", 0).attr("x2", 24).attr("y1", -4).attr("y2", -4)
      .attr("stroke", COLOURS.link).attr("stroke-width", 3);
    legend.append("text").attr("x", 30).text("in the same documents");
    legend.append("line").attr("x1", 190).attr("x2", 214).attr("y1", -4).attr("y2", -4)
      .attr("stroke", COLOURS.second).attr("stroke-width", 2).attr("marker-end", `url(#${arrow})`);
    legend.append("text").attr("x", 222).text("wrote to");

    // Lines between people; an arrow is curved (so that it is not hidden by a line between the same two)
    // and stops at the recipient's circle
    const edges = root.append("g").attr("fill", "none");
    edges.selectAll("line").data(links.filter(link => link.kind !== "wrote_to")).join("line")
      .attr("x1", link => link.source.px).attr("y1", link => link.source.py)
      .attr("x2", link => link.target.px).attr("y2", link => link.target.py)
      .attr("stroke", COLOURS.link).attr("stroke-opacity", 0.4)
      .attr("stroke-width", link => thickness(link.documents))
      .append("title").text(link => `${link.source.name} and ${link.target.name}: ` +
        `${plural(link.documents, "document")}`);
    edges.selectAll("path").data(links.filter(link => link.kind === "wrote_to")).join("path")
      .attr("d", link => {
        const {px: x1, py: y1} = link.source, {px: x2, py: y2} = link.target;
        const length = Math.hypot(x2 - x1, y2 - y1) || 1;
        const bend = 0.15 * length;
        const cx = (x1 + x2) / 2 - (y2 - y1) / length * bend, cy = (y1 + y2) / 2 + (x2 - x1) / length * bend;
        const towards = Math.hypot(x2 - cx, y2 - cy) || 1;
        const stop = link.target.r + 2;
        return `M${x1},${y1}Q${cx},${cy} ${x2 - (x2 - cx) / towards * stop},${y2 - (y2 - cy) / towards * stop}`;
      })
      .attr("stroke", COLOURS.second).attr("stroke-opacity", 0.85)
      .attr("stroke-width", link => Math.max(1.5, thickness(link.documents) * 0.8))
      .attr("marker-end", `url(#${arrow})`)
      .append("title").text(link => `${link.source.name} wrote to ${link.target.name}: ` +
        `${plural(link.documents, "document")}`);

    const people = root.append("g").selectAll("circle").data(nodes).join("circle")
      .attr("class", "picture-person").attr("data-key", node => node.key)
      .attr("data-href", node => node.search || null)
      .attr("cx", node => node.px).attr("cy", node => node.py).attr("r", node => node.r)
      .attr("fill", node => node.key === centre ? COLOURS.second : COLOURS.accent)
      .attr("stroke", "#fff").attr("stroke-width", 1.5);
    people.append("title").text(node => `${node.name}: ${plural(node.documents, "document")}`);

    // Names of the centre and of the people with most documents, where they cover no other name
    const named = [...nodes].sort((one, other) => (other.key === centre) - (one.key === centre) ||
                                                  other.documents - one.documents).slice(0, LABELLED);
    pictures.nameCircles(root.append("g").attr("pointer-events", "none"), named
      .map(node => ({name: node.name, x: node.px, y: node.py, r: node.r})));

    pictures.follow(root);
    return root;
  }

  document.querySelectorAll("figure[data-picture='network']").forEach(figure => {
    if (!draw(figure)) return;
    if (figure.id === "picture") pictures.offerSaving(figure, "network");
    pictures.foldTable(figure);
  });
})();
