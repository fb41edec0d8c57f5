// @ts-check
// The app's light page (/view, story/server/light.py): the offline copy's player, served by the app.
// The step lives in the address's query (?step=<id>, as on the app's own page); the link to the full
// app keeps it. With ?follow=<code>, the page follows the presenter through the server's event stream
// (files/follow/<code>/events): each event moves the player, as the app's follower bar does
// (components/follow.js); another language loads this page in that language. A follower's own Next,
// key or map click leaves follow mode on this screen only, and "Follow again" comes back. Its
// self-checks' answers are posted to the server for the presenter (files/follow/<code>/answers).
// Addresses are relative: the app may be served under a path of its own.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("story-data").textContent);
  var light = JSON.parse(document.getElementById("story-light").textContent);
  var texts = light.texts;
  var appLink = /** @type {HTMLAnchorElement} */ (document.querySelector(".sx-full-app"));
  var status = /** @type {HTMLElement} */ (document.querySelector(".sx-follow"));
  var again = /** @type {HTMLElement} */ (document.querySelector(".sx-follow-again"));
  var code = new URL(window.location.href).searchParams.get("follow");
  // mode: follow | explore | over (ended, unknown, refused: the story is the reader's own)
  var follow = (window.__storyFollow = { mode: code ? "follow" : "over", step: null, state: "connecting" });
  var moving = false;
  var early = code ? window.__storyFollowEarly : null;

  function replaceQuery(name, value) {
    var address = new URL(window.location.href);
    if (address.searchParams.getAll(name).length === 1 && address.searchParams.get(name) === value) { return; }
    address.searchParams.set(name, value);
    history.replaceState(history.state, "", address.pathname + address.search + address.hash);
  }

  // The lesson the page plays (?lesson=, a presenter's lesson): kept in every address it makes.
  var lesson = new URL(window.location.href).searchParams.get("lesson");

  function linkApp(stepId) {
    var target = new URL("./", window.location.href);
    if (lesson) { target.searchParams.set("lesson", lesson); }
    target.searchParams.set("step", stepId);
    target.searchParams.set("lang", data.language);
    appLink.href = target.pathname + target.search;
  }

  var player = window.StoryPlayer.mount(document.getElementById("story"), data, {
    readStep: function () {
      // The presenter's step, when the stream opened in the head has told it already.
      var told = early && early.events && early.events.filter(function (event) { return event.type === "step"; }).pop();
      var presented = told && JSON.parse(told.data);
      if (presented && presented.story === data.story && presented.language === data.language) {
        return presented.step;
      }
      return new URL(window.location.href).searchParams.get("step");
    },
    writeStep: function (stepId) {
      replaceQuery("step", stepId);
      linkApp(stepId);
    },
    onStep: function (stepId, index, byViewer) {
      if (byViewer && !moving && follow.mode === "follow" && stepId !== follow.step) {
        follow.mode = "explore";
        draw();
      }
    },
    buildMap: window.storyMapBuild,
  });
  linkApp(data.steps[player.index].id);

  function draw() {
    if (!code) { return; }
    var words = {
      connecting: texts.following, following: texts.following, down: texts.down,
      ended: texts.ended, unknown: texts.unknown, limited: texts.limited,
    };
    var text = follow.mode === "explore" && follow.state === "following" ? texts.exploring : words[follow.state];
    status.textContent = text.replace("{code}", code.toUpperCase());
    status.hidden = false;
    status.setAttribute("data-state", follow.state);
    again.hidden = !(follow.mode === "explore" && follow.state === "following");
  }

  function moveTo(stepId) {
    var index = player.indexOf(stepId);
    if (index < 0 || index === player.index) { return; }
    moving = true;
    player.go(index, false);
    moving = false;
    // Said once, as a reader's own step is (the player reads out only the reader's own moves).
    player.live.textContent = data.steps[index].title;
  }

  function over(state, source) {
    source.close();
    follow.mode = "over";
    follow.state = state;
    draw();
  }

  function onStepEvent(event, source) {
    var presented = JSON.parse(event.data);
    if (presented.story !== data.story) {
      // Another story than this page's: the app's page plays it and follows.
      source.close();
      window.location.replace(new URL("./?follow=" + encodeURIComponent(code), window.location.href).href);
      return;
    }
    if (presented.language !== data.language && light.languages.indexOf(presented.language) >= 0) {
      // The presenter's language: this page in it, on the presenter's step.
      source.close();
      var address = new URL("view", window.location.href);
      address.searchParams.set("lang", presented.language);
      address.searchParams.set("follow", code);
      if (lesson) { address.searchParams.set("lesson", lesson); }
      address.searchParams.set("step", presented.step);
      window.location.replace(address.pathname + address.search);
      return;
    }
    follow.step = presented.step;
    follow.state = "following";
    if (follow.mode === "follow") { moveTo(presented.step); }
    draw();
  }

  var handlers = {
    step: onStepEvent,
    down: function () { follow.state = "down"; draw(); },
    ended: function (event, source) { over("ended", source); },
    unknown: function (event, source) { over("unknown", source); },
    limited: function (event, source) { over("limited", source); },
  };

  function listen(source) {
    Object.keys(handlers).forEach(function (name) {
      source.addEventListener(name, function (event) { handlers[name](event, source); });
    });
    source.onerror = function () {
      if (follow.mode === "over") { return; }
      follow.state = "down";
      draw();
      // The browser reconnects on its own after a dropped stream; a refused one (too many open from
      // here, the server busy) it gives up on: ask again a little later.
      if (source.readyState === EventSource.CLOSED) {
        window.setTimeout(function () { listen(new EventSource(eventsUrl())); }, 10000);
      }
    };
  }

  function eventsUrl() {
    return "files/follow/" + encodeURIComponent(code) + "/events";
  }

  // A follower's answers go to the presenter: posted to this server, which knows the follower by the
  // cookie it gave this page, judges the answer again and keeps the first (story/server/answer_route.py).
  document.addEventListener("story:check", function (event) {
    if (!code || follow.mode === "over") { return; }
    /** @type {import("../../../static/storymap/contract").CheckEventDetail} */
    var detail = /** @type {CustomEvent} */ (event).detail;
    window.fetch("files/follow/" + encodeURIComponent(code) + "/answers", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ key: detail.key, answer: detail.answer }),
    }).catch(function () { /* the student's own feedback is the page's, as always */ });
  });

  again.addEventListener("click", function () {
    follow.mode = "follow";
    if (follow.step) { moveTo(follow.step); }
    draw();
  });
  if (code) {
    draw();
    if (early) {
      // The stream the head opened, and what it has told so far, in order.
      var told = early.events;
      early.events = null;
      listen(early.source);
      told.forEach(function (event) { handlers[event.type](event, early.source); });
    } else {
      listen(new EventSource(eventsUrl()));
    }
  }
})();
