// @ts-check
// The offline copy's host: the step lives in the address's fragment (#step=<id>, after the lesson
// played when there is one: #lesson=<id>&step=<id>),
// Leaflet is already in the page, and so is the map's script (window.storyMapBuild):
// the copy's policy forbids eval.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("story-data").textContent);
  function fromHash() {
    try { return new URLSearchParams(window.location.hash.replace(/^#/, "")).get("step"); } catch (error) { return null; }
  }
  function lessonInHash() {
    try { return new URLSearchParams(window.location.hash.replace(/^#/, "")).get("lesson"); } catch (error) { return null; }
  }
  var player = window.StoryPlayer.mount(document.getElementById("story"), data, {
    readStep: fromHash,
    writeStep: function (stepId) {
      var lesson = lessonInHash();
      var hash = (lesson ? "#lesson=" + encodeURIComponent(lesson) + "&" : "#") + "step=" + encodeURIComponent(stepId);
      if (window.location.hash !== hash) { history.replaceState(null, "", hash); }
    },
    buildMap: window.storyMapBuild,
  });
  window.addEventListener("hashchange", function () {
    var index = player.indexOf(fromHash());
    if (index >= 0) { player.go(index, true); }
  });
})();
