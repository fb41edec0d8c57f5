// The single-file story: Previous/Next, the step list, arrow keys, #step=<id>
// addresses, marker clicks, and the same map controller as the app.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sx-data").textContent);
  var steps = data.states;
  var index = 0;
  var reduce = document.getElementById("sx-reduce-motion");
  var previous = document.getElementById("sx-previous");
  var next = document.getElementById("sx-next");
  var list = document.getElementById("sx-step-list");
  var counter = document.getElementById("sx-counter");
  var live = document.getElementById("sx-live");

  var map = L.map("sx-map", { zoomSnap: 0.25, zoomAnimation: false, worldCopyJump: true, minZoom: 2 });
  map.setView([30, 40], 2);
  if (data.tiles) {
    L.tileLayer(data.tiles.url, { attribution: data.tiles.attribution, maxZoom: data.tiles.maxZoom, subdomains: data.tiles.subdomains }).addTo(map);
  }
  L.control.scale().addTo(map);
  data.config.onPlaceClick = function (key) {
    var target = data.placeSteps[key];
    if (!target || !target.length) return;
    var later = target.filter(function (i) { return i > index; });
    show(later.length ? later[0] : target[0], true);
  };
  window.storymap.init(map, data.config);
  reduce.checked = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function indexOf(stepId) {
    for (var i = 0; i < steps.length; i++) { if (steps[i].step === stepId) return i; }
    return -1;
  }

  function show(target, moveFocus) {
    index = Math.max(0, Math.min(target, steps.length - 1));
    var state = steps[index];
    var articles = document.querySelectorAll(".sx-step");
    for (var i = 0; i < articles.length; i++) { articles[i].hidden = articles[i].getAttribute("data-step") !== state.step; }
    previous.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    list.value = state.step;
    counter.textContent = data.counter.replace("{number}", index + 1).replace("{total}", steps.length);
    document.getElementById("sx-map-alt").textContent = state.alt;
    var copy = Object.assign({}, state, { motion: reduce.checked ? "reduce" : "full" });
    window.storymap.showStep(copy);
    if (window.location.hash !== "#step=" + state.step) {
      history.replaceState(null, "", "#step=" + encodeURIComponent(state.step));
    }
    if (moveFocus) {
      var heading = document.querySelector("#sx-step-" + CSS.escape(state.step) + " h2");
      if (heading) heading.focus();
      live.textContent = heading ? heading.textContent : "";
    }
  }

  function fromHash() {
    var match = /^#step=(.+)$/.exec(window.location.hash);
    var found = match ? indexOf(decodeURIComponent(match[1])) : -1;
    return found >= 0 ? found : 0;
  }

  previous.addEventListener("click", function () { show(index - 1, true); });
  next.addEventListener("click", function () { show(index + 1, true); });
  list.addEventListener("change", function () { show(indexOf(list.value), true); });
  reduce.addEventListener("change", function () { show(index, false); });
  window.addEventListener("hashchange", function () { show(fromHash(), true); });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var t = event.target;
    if (t && t.closest && t.closest("input, textarea, select, [contenteditable='true']")) return;
    if (t && t.closest && t.closest(".leaflet-container")) return;
    var moves = { ArrowRight: index + 1, PageDown: index + 1, ArrowLeft: index - 1, PageUp: index - 1, Home: 0, End: steps.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    show(moves[event.key], true);
  });
  show(fromHash(), false);
})();
