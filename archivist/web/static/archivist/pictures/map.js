/* The map of a search (d3-geo): the world's countries from world-atlas (served by the archive: no tile
   server) and a point for each place with coordinates, sized by its documents. Choosing a point narrows
   the search to the place. */
(function () {
  "use strict";

  const pictures = window.ArchivistPictures;
  const figure = document.getElementById("picture");
  if (!pictures || !window.d3 || !figure || figure.dataset.picture !== "map") return;
  const {COLOURS, plural} = pictures;

  const WIDTH = 960, HEIGHT = 500;
  const LABELLED = 15;  // the places with most documents are named on the map; the rest on hover

  const picture = pictures.data();
  const places = picture.places.filter(place => place.latitude !== null && place.longitude !== null)
    .sort((one, other) => other.documents - one.documents);  // the small drawn last, above the large

  function draw(world) {
    const withoutCoordinates = (picture.without_coordinates || []).length;
    const root = pictures.svg(figure, WIDTH, HEIGHT,
      `Map of the ${plural(places.length, "place")} of these documents`,
      "Points sized by the number of documents: " +
        places.slice(0, 10).map(place => `${place.name} ${place.documents}`).join(", ") +
        (places.length > 10 ? ", and more" : "") + "." +
        (withoutCoordinates ? ` ${plural(withoutCoordinates, "place")} without coordinates not shown.` : "") +
        " The table below the picture gives each figure.");
    const sphere = {type: "Sphere"};
    const projection = d3.geoNaturalEarth1().fitExtent([[6, 6], [WIDTH - 6, HEIGHT - 6]], sphere);
    const path = d3.geoPath(projection);

    root.append("path").datum(sphere).attr("d", path).attr("fill", COLOURS.sea);
    root.append("path").datum(d3.geoGraticule10()).attr("d", path)
      .attr("fill", "none").attr("stroke", "#d6dde5").attr("stroke-width", 0.5);
    if (world) {
      root.append("path").datum(topojson.feature(world, world.objects.countries)).attr("d", path)
        .attr("fill", COLOURS.land);
      root.append("path").datum(topojson.mesh(world, world.objects.countries, (a, b) => a !== b))
        .attr("d", path).attr("fill", "none").attr("stroke", "#fff").attr("stroke-width", 0.6);
    }
    root.append("path").datum(sphere).attr("d", path)
      .attr("fill", "none").attr("stroke", COLOURS.rule);

    const radius = d3.scaleSqrt().domain([0, d3.max(places, place => place.documents) || 1]).range([0, 26]);
    const size = place => Math.max(4, radius(place.documents));
    const at = place => projection([place.longitude, place.latitude]);
    const points = root.append("g").selectAll("circle").data(places).join("circle")
      .attr("class", "picture-place").attr("data-key", place => place.key)
      .attr("data-href", place => place.search)
      .attr("cx", place => at(place)[0]).attr("cy", place => at(place)[1]).attr("r", size)
      .attr("fill", COLOURS.accent).attr("fill-opacity", 0.72)
      .attr("stroke", "#fff").attr("stroke-width", 1.5);
    points.append("title").text(place => `${place.name}: ${plural(place.documents, "document")}`);

    // Names of the places with most documents, where they cover no other name
    pictures.nameCircles(root.append("g").attr("pointer-events", "none"), places.slice(0, LABELLED)
      .map(place => ({name: place.name, x: at(place)[0], y: at(place)[1], r: size(place)})));

    pictures.follow(root);
    pictures.offerSaving(figure, "map");
    pictures.foldTable(figure);
  }

  fetch(figure.dataset.world)
    .then(response => response.ok ? response.json() : null)
    .catch(() => null)
    .then(draw);  // without the outlines the points are still drawn, on the graticule
})();
