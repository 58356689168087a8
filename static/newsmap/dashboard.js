/* NewsMap dashboard: draws every chart whose figure the server put in a json_script,
 * on page load and inside fragments htmx swaps in; opens a country's figures in the
 * side panel when a map country, group marker or bar is clicked.
 * No inline script anywhere: the page's CSP allows only 'self' and a nonce. */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    scrollZoom: false,
    displayModeBar: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
  };

  function chartsIn(root) {
    var found = [];
    if (root.matches && root.matches("[data-chart]")) found.push(root);
    if (root.querySelectorAll) found.push.apply(found, root.querySelectorAll("[data-chart]"));
    return found;
  }

  function openPanel(el, code) {
    var template = el.dataset.panelUrl;
    var panel = document.getElementById("panel");
    if (!template || !code || !panel) return;
    var url = template.replace("__code__", encodeURIComponent(code)) + window.location.search;
    window.htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" }).then(function () {
      if (window.matchMedia("(max-width: 60rem)").matches) panel.scrollIntoView({ behavior: "smooth" });
    });
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.Plotly) return;
    var figure = JSON.parse(source.textContent);
    var config = Object.assign({}, CONFIG);
    if (el.dataset.topojson) config.topojsonURL = el.dataset.topojson;
    el.dataset.drawn = "pending";
    window.Plotly.react(el, figure.data || [], figure.layout || {}, config).then(function () {
      el.dataset.drawn = "true";
      if (el.dataset.panelUrl && !el.dataset.clickBound) {
        el.dataset.clickBound = "true";
        el.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          if (point) openPanel(el, point.customdata);
        });
      }
    }, function (error) {
      el.dataset.drawn = "failed";
      console.error("NewsMap: could not draw chart", el.dataset.chart, error);
    });
  }

  // One chart a task: the first is on screen before the next is drawn, instead of all at once.
  function drawAll(root) {
    chartsIn(root || document).forEach(function (el) {
      window.setTimeout(function () { draw(el); }, 0);
    });
  }

  function purge(root) {
    if (!window.Plotly) return;
    chartsIn(root).forEach(function (el) { window.Plotly.purge(el); });
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target) purge(event.detail.target);
  });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.detail.elt); });
  document.addEventListener("htmx:historyRestore", function () { drawAll(document); });
})();
