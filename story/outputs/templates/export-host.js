// @ts-check
// The offline copy's host: the step lives in the address's fragment (#step=<id>),
// Leaflet is already in the page, and so is the map's script (window.storyMapBuild):
// the copy's policy forbids eval.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("story-data").textContent);
  function fromHash() {
    var match = /^#step=(.+)$/.exec(window.location.hash);
    try { return match ? decodeURIComponent(match[1]) : null; } catch (error) { return null; }
  }
  var player = window.StoryPlayer.mount(document.getElementById("story"), data, {
    readStep: fromHash,
    writeStep: function (stepId) {
      var hash = "#step=" + encodeURIComponent(stepId);
      if (window.location.hash !== hash) { history.replaceState(null, "", hash); }
    },
    buildMap: window.storyMapBuild,
  });
  window.addEventListener("hashchange", function () {
    var index = player.indexOf(fromHash());
    if (index >= 0) { player.go(index, true); }
  });
})();
