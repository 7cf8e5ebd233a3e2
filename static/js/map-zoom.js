// Zoom and pan for the timeline's map, with Panzoom (static/vendor/panzoom,
// MIT). Without this script the map is the drawn SVG and its links; with
// it, real buttons zoom in, out and back, and once zoomed in the map can be
// dragged (mouse, touch, pinch). Markers stay plain links: Panzoom ignores
// pointers that start on them (class panzoom-exclude). At the first zoom
// level touches scroll the page as usual; zoomed in, they pan the map.
(function () {
  "use strict";
  if (typeof Panzoom !== "function") return;
  document.querySelectorAll("[data-map-zoom]").forEach(function (controls) {
    var figure = controls.closest("figure");
    var svg = figure && figure.querySelector(".map-frame > svg");
    if (!svg) return;
    var frame = svg.parentNode;
    var pz = Panzoom(svg, { minScale: 1, maxScale: 6, step: 0.4, contain: "outside", panOnlyWhenZoomed: true,
      touchAction: "", cursor: "move" });
    function touch() {
      var zoomed = pz.getScale() > 1.001;
      svg.style.touchAction = frame.style.touchAction = zoomed ? "none" : "";
      frame.classList.toggle("zoomed", zoomed);
      controls.querySelector("[data-zoom=out]").disabled = !zoomed;
      controls.querySelector("[data-zoom=reset]").disabled = !zoomed;
    }
    svg.addEventListener("panzoomchange", touch);
    // Ctrl (or Cmd) and the wheel zoom; the wheel alone scrolls the page.
    frame.addEventListener("wheel", function (e) {
      if (e.ctrlKey || e.metaKey) pz.zoomWithWheel(e);
    });
    controls.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-zoom]");
      if (!b) return;
      var what = b.getAttribute("data-zoom");
      if (what === "in") pz.zoomIn();
      else if (what === "out") pz.zoomOut();
      else pz.reset();
    });
    controls.hidden = false;
    touch();
  });
})();
