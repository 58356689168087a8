/* NewsMap dashboard: draws every chart whose figure the server put in a json_script,
 * on page load and inside fragments htmx swaps in; opens a country's figures in the
 * side panel (in place, and named in the URL); the "as of" slider and its play button;
 * searchable country pickers over the plain multiple selects; filters behind a button on a phone.
 * Everything here enhances a page that works without it.
 * No inline script anywhere: the page's CSP allows only 'self' and a nonce. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");
  var PHONE = "(max-width: 40rem)";

  // Plotly's own toolbar, reduced to downloads: a PNG (its camera) and an SVG (ours).
  function config(el) {
    var name = el.dataset.title || "newsmap-chart";
    return {
      responsive: true,
      displaylogo: false,
      scrollZoom: false,
      displayModeBar: true,
      modeBarButtons: [[
        "toImage",
        {
          name: "svg",
          title: "Download as SVG",
          icon: { width: 24, height: 24, path: "M4 3h11l5 5v13H4zM14 4v5h5M7 15l2 3 2-3M13 18h3M13 15h3" },
          click: function (gd) { window.Plotly.downloadImage(gd, { format: "svg", filename: name }); },
        },
      ]],
      toImageButtonOptions: { format: "png", filename: name, scale: 2 },
    };
  }

  function chartsIn(root) {
    var found = [];
    if (root.matches && root.matches("[data-chart]")) found.push(root);
    if (root.querySelectorAll) found.push.apply(found, root.querySelectorAll("[data-chart]"));
    return found;
  }

  // --- The selected country: in the URL, in the form, and in the panel ---------------------

  function setCountry(code) {
    var input = document.getElementById("id_country");
    if (input) input.value = code || "";
    var url = new URL(window.location.href);
    if (code) url.searchParams.set("country", code); else url.searchParams.delete("country");
    if (url.href !== window.location.href) window.history.pushState({}, "", url.href);
    document.body.classList.toggle("panel-open", Boolean(code));
  }

  function panelQuery() {
    var params = new URLSearchParams(window.location.search);
    params.delete("country");
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function openPanel(el, code) {
    var template = el.dataset.panelUrl;
    var panel = document.getElementById("panel");
    if (!template || !code || !panel) return;
    var url = template.replace("__code__", encodeURIComponent(code)) + panelQuery();
    window.htmx.ajax("GET", url, { target: "#panel", swap: "innerHTML" });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "panel") return;
    var path = (event.detail.pathInfo && event.detail.pathInfo.requestPath) || "";
    var match = path.match(/\/countries\/([^/?]+)\//);
    if (match) setCountry(decodeURIComponent(match[1]));
    // On a phone the panel is a sheet over the page: focus it there, without scrolling the page.
    var heading = target.querySelector(".panel-title");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-close-panel]");
    if (!close) return;
    var panel = document.getElementById("panel");
    panel.innerHTML = '<h2>Country figures</h2><p class="hint">Click a country on the map, a bar or a host in a table to list the figures behind it here.</p>';
    setCountry("");
  });

  // --- Charts ---------------------------------------------------------------------------------

  function draw(el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source || !window.Plotly) return;
    var figure = JSON.parse(source.textContent);
    var options = config(el);
    if (el.dataset.topojson) options.topojsonURL = el.dataset.topojson;
    el.dataset.drawn = "pending";
    window.Plotly.react(el, figure.data || [], figure.layout || {}, options).then(function () {
      el.dataset.drawn = "true";
      var fallback = el.querySelector(".chart-fallback");
      if (fallback) fallback.remove();
      if (el.dataset.panelUrl && !el.dataset.clickBound) {
        el.dataset.clickBound = "true";
        el.on("plotly_click", function (event) {
          var point = event && event.points && event.points[0];
          if (point && typeof point.customdata === "string") openPanel(el, point.customdata);
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

  // --- The "as of" slider: one stop a month, then "latest"; play steps through them ---------

  function lastDayLabel(iso) {
    var parts = iso.split("-");
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return parts[2].replace(/^0/, "") + " " + months[Number(parts[1]) - 1] + " " + parts[0];
  }

  function setUpSlider() {
    var box = document.getElementById("as-of-slider");
    var source = document.getElementById("as-of-months");
    var input = document.getElementById("id_as_of");
    var range = document.getElementById("as-of-range");
    var output = document.getElementById("as-of-output");
    var play = document.getElementById("as-of-play");
    if (!box || !source || !input || !range) return;
    var months = JSON.parse(source.textContent);
    box.hidden = false;
    var latest = box.dataset.latestLabel;

    function show(index) {
      output.textContent = index >= months.length ? latest : lastDayLabel(months[index]);
      range.setAttribute("aria-valuetext", output.textContent);
    }
    function fromInput() {
      var index = input.value ? months.indexOf(input.value) : months.length;
      if (index < 0) index = months.findIndex(function (m) { return m >= input.value; });
      if (index < 0) index = months.length;
      range.value = String(index);
      show(index);
    }
    function apply() {
      var index = Number(range.value);
      input.value = index >= months.length ? "" : months[index];
      show(index);
      window.htmx.trigger(input, "change");
    }
    fromInput();
    var pending = null;
    range.addEventListener("input", function () {
      show(Number(range.value));
      window.clearTimeout(pending);
      pending = window.setTimeout(apply, 250);
    });
    input.addEventListener("change", fromInput);
    window.addEventListener("popstate", function () {
      input.value = new URLSearchParams(window.location.search).get("as_of") || "";
      fromInput();
    });

    var playing = false;
    function stop() {
      playing = false;
      play.textContent = "▶ Play";
      play.setAttribute("aria-pressed", "false");
    }
    function step() {
      if (!playing) return;
      var next = Number(range.value) + 1;
      if (next > months.length) { stop(); return; }
      range.value = String(next);
      document.addEventListener("htmx:afterSettle", function settled(event) {
        if (event.detail.target && event.detail.target.id !== "results") return;
        document.removeEventListener("htmx:afterSettle", settled);
        window.setTimeout(step, 900);
      });
      apply();
    }
    play.addEventListener("click", function () {
      if (playing) { stop(); return; }
      playing = true;
      play.textContent = "❚❚ Pause";
      play.setAttribute("aria-pressed", "true");
      if (Number(range.value) >= months.length) range.value = "-1";
      step();
    });
  }

  // --- Searchable pickers over the multiple selects ----------------------------------------

  function setUpPicker(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "true";
    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    var chips = document.createElement("ul");
    chips.className = "picker-chips";
    chips.setAttribute("aria-label", "Chosen");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "picker-search";
    search.id = select.id + "_search";
    search.placeholder = select.dataset.picker;
    search.setAttribute("autocomplete", "off");
    var list = document.createElement("datalist");
    list.id = select.id + "_options";
    search.setAttribute("list", list.id);
    Array.prototype.forEach.call(select.options, function (option) {
      var item = document.createElement("option");
      item.value = option.textContent;
      list.appendChild(item);
    });
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) label.setAttribute("for", search.id);

    function changed() { select.dispatchEvent(new Event("change", { bubbles: true })); }
    function render() {
      chips.innerHTML = "";
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        var chip = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "chip";
        button.textContent = option.textContent + " ✕";
        button.setAttribute("aria-label", "Remove " + option.textContent);
        button.addEventListener("click", function () { option.selected = false; render(); changed(); });
        chip.appendChild(button);
        chips.appendChild(chip);
      });
    }
    function choose() {
      var wanted = search.value.trim().toLowerCase();
      if (!wanted) return;
      // "Germany" picks "Germany (member since 1955)"; a code ("DE") picks it too.
      var found = Array.prototype.find.call(select.options, function (option) {
        var name = option.textContent.toLowerCase();
        return name === wanted || name.indexOf(wanted + " (") === 0 || option.value.toLowerCase() === wanted;
      });
      if (!found) return;
      search.value = "";
      if (!found.selected) { found.selected = true; render(); changed(); }
    }
    search.addEventListener("change", function (event) { event.stopPropagation(); choose(); });
    search.addEventListener("input", function (event) {
      event.stopPropagation();
      // A pick from the list fills the whole name at once: take it.
      var wanted = search.value.trim().toLowerCase();
      if (Array.prototype.some.call(select.options, function (o) { return o.textContent.toLowerCase() === wanted; })) choose();
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); choose(); }
    });
    select.hidden = true;
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(chips);
    wrapper.appendChild(search);
    wrapper.appendChild(list);
    render();
  }

  function setUp() {
    var filters = document.getElementById("filter-box");
    if (filters && window.matchMedia(PHONE).matches && !document.querySelector(".field-error")) filters.open = false;
    document.querySelectorAll("select[data-picker]").forEach(setUpPicker);
    if (new URLSearchParams(window.location.search).get("country")) document.body.classList.add("panel-open");
    setUpSlider();
    drawAll(document);
  }

  // Empty fields say nothing: leave them out of the request and so of the pushed URL.
  document.addEventListener("htmx:configRequest", function (event) {
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (name) {
      if (params[name] === "") delete params[name];
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target) purge(event.detail.target);
  });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.detail.elt); });
  document.addEventListener("htmx:historyRestore", function () { drawAll(document); });
})();
