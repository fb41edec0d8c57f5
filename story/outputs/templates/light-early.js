// @ts-check
// The light page's first script, in its head: with ?follow=<code>, the stream of the presenter's steps
// opens while the rest of the page still arrives, so the player opens on the presenter's step
// (light-host.js takes the stream and the events it kept).
(function () {
  "use strict";
  var code = new URL(window.location.href).searchParams.get("follow");
  if (!code || !window.EventSource) { return; }
  var early = (window.__storyFollowEarly = {
    source: new EventSource("files/follow/" + encodeURIComponent(code) + "/events"),
    events: [],
  });
  ["step", "down", "ended", "unknown", "limited"].forEach(function (name) {
    early.source.addEventListener(name, function (event) { if (early.events) { early.events.push(event); } });
  });
})();
