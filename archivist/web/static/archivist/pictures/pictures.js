/* Pictures of a search: what timeline.js, map.js and network.js share. The picture's data is the page's
   JSON data block (the same dict as its JSON twin); each picture is one SVG with role="img", a title and
   a description, whose figures are also in the table below it; it can be saved as SVG or PNG.
   Everything is drawn with presentation attributes, not CSS, so that a saved file looks as the page. */
(function () {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const COLOURS = {ink: "#1f2328", muted: "#555d66", paper: "#fdfcf9", rule: "#d9d5cc", accent: "#1d4e89",
    accentDark: "#123459", second: "#b35900", land: "#e4dfd3", sea: "#eef2f6", link: "#7d858d"};
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";

  function data(id) {
    const block = document.getElementById(id || "picture-data");
    return block ? JSON.parse(block.textContent) : null;
  }

  /* An empty picture in `figure`: an SVG of the given size (scaled to the page's width by CSS), with its
     accessible name and description, and a paper-coloured background so a saved picture is not transparent. */
  function svg(figure, width, height, title, description) {
    const drawing = figure.querySelector(".picture-drawing") || figure;
    const id = figure.id || "picture";
    const root = d3.select(drawing).append("svg")
      .attr("xmlns", SVG_NS)
      .attr("viewBox", `0 0 ${width} ${height}`)
      .attr("width", width).attr("height", height)
      .attr("role", "img")
      .attr("aria-labelledby", `${id}-title ${id}-desc`)
      .attr("font-family", FONT).attr("font-size", 12).attr("fill", COLOURS.ink);
    root.append("title").attr("id", `${id}-title`).text(title);
    root.append("desc").attr("id", `${id}-desc`).text(description);
    root.append("rect").attr("width", width).attr("height", height).attr("fill", COLOURS.paper);
    return root;
  }

  function plural(count, word) {
    return `${count} ${word}${count === 1 ? "" : "s"}`;
  }

  /* A text with a paper-coloured halo, readable over lines and points. */
  function label(parent, text) {
    return parent.append("text").text(text)
      .attr("stroke", COLOURS.paper).attr("stroke-width", 3).attr("stroke-linejoin", "round")
      .attr("paint-order", "stroke");
  }

  /* Names beside their circles ({name, x, y, r}, most important first), each to the right of its circle
     or else to the left, and left out where both would cover a name already written (shown on hover). */
  function nameCircles(parent, circles) {
    const taken = [];
    circles.forEach(({name, x, y, r}) => {
      const width = name.length * 7 + 4;
      for (const side of [1, -1]) {
        const left = side > 0 ? x + r + 3 : x - r - 3 - width;
        const box = {left, right: left + width, top: y - 9, bottom: y + 7};
        if (taken.some(other => box.left < other.right && other.left < box.right &&
                                box.top < other.bottom && other.top < box.bottom)) continue;
        taken.push(box);
        label(parent, name).attr("x", side > 0 ? box.left : box.right).attr("y", y + 4)
          .attr("text-anchor", side > 0 ? "start" : "end");
        return;
      }
    });
  }

  function serialize(node) {
    const copy = node.cloneNode(true);
    const box = node.viewBox.baseVal;
    copy.setAttribute("width", box.width);
    copy.setAttribute("height", box.height);
    copy.removeAttribute("aria-labelledby");  // ids of this page; the file keeps its <title> and <desc>
    copy.querySelectorAll("[data-href]").forEach(element => element.removeAttribute("data-href"));
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
  }

  function download(blob, filename) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /* The SVG drawn on a canvas at twice its size (for print), through an image of the serialized SVG. */
  function savePng(node, filename) {
    const box = node.viewBox.baseVal;
    const scale = 2;
    const url = URL.createObjectURL(new Blob([serialize(node)], {type: "image/svg+xml"}));
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = box.width * scale;
      canvas.height = box.height * scale;
      const context = canvas.getContext("2d");
      context.fillStyle = COLOURS.paper;
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(blob => download(blob, filename), "image/png");
    };
    image.src = url;
  }

  /* Shows the page's save buttons for the picture in `figure`; files are named after the picture. */
  function offerSaving(figure, name) {
    const buttons = document.querySelector(".picture-save");
    if (!buttons) return;
    buttons.hidden = false;
    buttons.addEventListener("click", event => {
      const format = event.target.closest("button[data-save]")?.dataset.save;
      const node = figure.querySelector("svg");
      if (!format || !node) return;
      if (format === "svg") {
        download(new Blob([serialize(node)], {type: "image/svg+xml"}), `${name}.svg`);
      } else {
        savePng(node, `${name}.png`);
      }
    });
  }

  /* Once drawn, the picture's table folds away under its summary: still one keypress from anyone. */
  function foldTable(figure) {
    const table = (figure.closest("section") || document).querySelector("details.picture-table");
    if (table) table.open = false;
  }

  /* Elements carrying data-href go there when clicked: choosing a place or a person narrows the search. */
  function follow(root) {
    root.on("click", event => {
      const target = event.target.closest("[data-href]");
      if (target) window.location.assign(target.getAttribute("data-href"));
    });
  }

  window.ArchivistPictures = {COLOURS, data, svg, plural, nameCircles, offerSaving, foldTable, follow};
})();
