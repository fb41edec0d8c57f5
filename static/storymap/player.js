/*
 * The story player: one step at a time, narrative and map in step, in the browser.
 *
 * Used by both hosts: the app (components/player.js, a Streamlit component) and the
 * offline export (one HTML file). A host gives the player its data (story/player.py:
 * every step's sections as sanitized HTML and its map state, the folium script of the
 * map) and a host object for what differs between them: where the address keeps the
 * step, how Leaflet is loaded, what the host wants to hear of a step change.
 *
 * A step change never waits for anything: the counter, the buttons, the narrative and
 * the address change at once; the map follows in the next frame (a burst of presses
 * moves it once, to where the burst ended).
 */
(function () {
  "use strict";

  var MOTION_KEY = "qantar.reduceMotion";
  // Where the keys belong to a control of the page, not to the story.
  var TYPING = "input, textarea, select, video, audio, [contenteditable=''], [contenteditable='true'], " +
    "[role='combobox'], [role='listbox'], [role='slider'], [role='textbox'], [role='radio'], " +
    "[role='radiogroup'], [role='tab'], [role='menu'], [role='menuitem'], [role='option']";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function systemPrefersReducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function readStorage(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function writeStorage(key, value) {
    try {
      if (value === null) { window.localStorage.removeItem(key); } else { window.localStorage.setItem(key, value); }
    } catch (error) { /* storage refused (private mode, a sandboxed frame): the choice lasts for this page */ }
  }

  // ?mode=scroll (or the export's own choice): every step in one column, the map beside it following
  // the step whose text crosses the middle of the screen. Click mode, one step at a time, is the default.
  function scrollModeWanted(data) {
    var mode = null;
    try { mode = new URLSearchParams(window.location.search).get("mode"); } catch (error) { mode = null; }
    return (mode || data.mode || "click") === "scroll";
  }

  /**
   * @param {HTMLElement} root
   * @param {import("./contract").PlayerData} data
   * @param {import("./contract").PlayerHost} [host]
   */
  function Player(root, data, host) {
    this.root = root;
    this.host = host || {};
    this.scrollMode = scrollModeWanted(data);
    this.index = -1;
    this.mapPending = false;
    this.map = null;
    this.results = Object.create(null);
    this.feedback = Object.create(null);
    this.buildShell();
    this.installKeys();
    this.setData(data, true);
    this.setUpAutoplay();
  }

  Player.prototype.buildShell = function () {
    var self = this;
    var root = this.root;
    root.classList.add("sp", "sp-player");
    root.replaceChildren();
    this.noticeBox = el("p", "sp-notice");
    this.noticeBox.setAttribute("role", "status");
    this.noticeBox.hidden = true;

    var layout = el("div", "sp-layout");
    this.narrative = el("section", "sp-narrative");
    this.nav = el("nav", "sp-nav");
    this.previousButton = el("button", "sp-button sp-previous");
    this.previousButton.type = "button";
    this.counter = el("span", "sp-counter");
    this.counter.setAttribute("aria-live", "off");
    this.nextButton = el("button", "sp-button sp-primary sp-next");
    this.nextButton.type = "button";
    this.nav.append(this.previousButton, this.counter, this.nextButton);

    this.jumpLabel = el("label", "sp-jump");
    this.jumpText = el("span", "sp-jump-text");
    this.stepList = el("select", "sp-step-list");
    this.jumpLabel.append(this.jumpText, this.stepList);

    this.timeline = el("nav", "sp-timeline");
    this.article = el("article", "sp-step");
    this.motionLabel = el("label", "sp-option");
    this.motionBox = el("input", "sp-reduce-motion");
    this.motionBox.type = "checkbox";
    this.motionText = el("span");
    this.motionLabel.append(this.motionBox, this.motionText);
    this.narrative.append(this.nav, this.article, this.jumpLabel, this.timeline, this.motionLabel);

    this.mapPane = el("div", "sp-map-pane");
    // The map's box from the first paint (as the page's opening step drew it): Leaflet loads later
    // and draws into a container of the same size that takes this one's place, so nothing under
    // the map moves when it comes.
    var mapBox = el("div", "sp-map sm-map");
    this.mapAlt = el("p", "sp-map-alt");
    this.mapAltLabel = el("span", "sm-label");
    this.mapAltText = el("span");
    this.mapAlt.append(this.mapAltLabel, document.createTextNode(" "), this.mapAltText);
    this.buildTimeControl();
    // A swipe's other way on a phone (no room to drag a handle): one day at a time, a button to switch.
    this.swipeToggle = el("button", "sp-button sp-swipe-toggle");
    this.swipeToggle.type = "button";
    this.swipeToggle.hidden = true;
    this.swipeToggle.addEventListener("click", function () {
      if (!self.map) { return; }
      self.map.setSwipe(self.map.swipeAt >= 50 ? 0 : 100);
      self.labelSwipeToggle();
    });
    this.mapPane.append(mapBox, this.timeBox, this.swipeToggle, this.mapAlt);

    layout.append(this.mapPane, this.narrative);
    this.live = el("div", "sp-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    root.append(this.noticeBox, layout, this.live);

    this.previousButton.addEventListener("click", function () { self.go(self.index - 1, true); });
    this.nextButton.addEventListener("click", function () { self.go(self.index + 1, true); });
    // A pick with the mouse or a finger goes at once. The list's keys only choose: a
    // viewer who walks through it with the arrows goes with Enter, and leaving the
    // list without Enter leaves the story where it was.
    this.stepList.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        self.listByKeys = false;
        self.go(self.indexOf(self.stepList.value), true);
      } else if (event.key !== "Tab" && event.key !== "Shift") {
        self.listByKeys = true;
      }
    });
    this.stepList.addEventListener("change", function () {
      if (!self.listByKeys) { self.go(self.indexOf(self.stepList.value), true); }
    });
    this.stepList.addEventListener("blur", function () {
      self.listByKeys = false;
      self.stepList.value = self.data.steps[self.index].id;
    });
    // A glossary term opens its definition on hover and focus (CSS); a tap or a click
    // toggles it (phones give no hover, and not every browser focuses a tapped button);
    // Escape closes it where the pointer or the focus left it open.
    var toggleTerm = function (term) {
      var gloss = term.parentNode;
      var open = !gloss.classList.contains("sm-open");
      self.closeTerms();
      gloss.classList.toggle("sm-open", open);
      gloss.classList.toggle("sm-closed", !open);
      term.setAttribute("aria-expanded", String(open));
    };
    this.article.addEventListener("click", function (event) {
      var play = event.target.closest && event.target.closest("[data-sm-play]");
      if (play) {
        self.play(play);
        return;
      }
      var check = event.target.closest && event.target.closest(".sm-check");
      if (check && event.target.closest("button")) {
        var button = event.target.closest("button");
        if (button.hasAttribute("data-sm-answer")) { self.answerChoice(check); }
        else if (button.hasAttribute("data-sm-find")) { self.awaitFind(check); }
        else if (button.hasAttribute("data-sm-find-list")) { self.answerFromList(check); }
        return;
      }
      var term = event.target.closest && event.target.closest(".sm-term");
      if (term) {
        toggleTerm(term);
      } else if (!(event.target.closest && event.target.closest(".sm-tip"))) {
        // A tap elsewhere in the text closes an open definition (a tap moves no focus on some phones).
        self.closeTerms();
      }
    });
    this.article.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!target.closest || !target.closest(".sm-gloss")) { return; }
      if (event.key === "Escape") {
        self.closeTerms();
        target.closest(".sm-gloss").classList.add("sm-closed");
      } else if ((event.key === "Enter" || event.key === " ") && target.classList.contains("sm-term")) {
        // A term is a button for the keyboard as for the pointer (Space must not scroll the page).
        event.preventDefault();
        toggleTerm(target);
      }
    });
    this.article.addEventListener("focusout", function (event) {
      var gloss = event.target.closest && event.target.closest(".sm-gloss");
      if (gloss && !gloss.contains(event.relatedTarget)) {
        gloss.classList.remove("sm-closed", "sm-open");
        event.target.setAttribute("aria-expanded", "false");
      }
    });
    this.motionBox.addEventListener("change", function () {
      writeStorage(MOTION_KEY, self.motionBox.checked ? "1" : "0");
    });
    // A picture on the web that does not load (an offline classroom) gives way to its alt text.
    // Load errors do not bubble: the listener catches them on their way down.
    this.article.addEventListener("error", function (event) {
      var picture = event.target;
      if (!picture || picture.tagName !== "IMG" || !picture.hasAttribute("data-sm-remote")) { return; }
      var figure = picture.closest("figure");
      var fallback = figure && figure.querySelector(".sm-media-fallback");
      if (fallback) { fallback.hidden = false; }
      if (figure) { figure.classList.add("sm-failed"); }
      picture.remove();
    }, true);
    if (window.ResizeObserver) {
      new ResizeObserver(function () { self.drawTimeline(); }).observe(this.timeline);
    }
  };

  // New data: the first, or the story in another language. The viewer stays on their step.
  /**
   * @param {import("./contract").PlayerData} data
   * @param {boolean} first
   */
  Player.prototype.setData = function (data, first) {
    var self = this;
    var previous = this.data;
    this.data = data;
    var texts = data.texts;
    // Keyed by names from the story and the address: no prototype, so ?step=__proto__, constructor or
    // toString finds no step instead of Object's own properties (the security review, L1).
    this.byId = Object.create(null);
    data.steps.forEach(function (step, i) { self.byId[step.id] = i; });
    this.root.setAttribute("lang", data.language);
    this.narrative.setAttribute("aria-label", texts.story);
    this.nav.setAttribute("aria-label", texts.navigation);
    this.previousButton.textContent = texts.previous;
    this.nextButton.textContent = texts.next;
    this.jumpText.textContent = texts.jump;
    this.timeline.setAttribute("aria-label", texts.timeline);
    this.motionText.textContent = texts.reduceMotion;
    this.motionLabel.title = texts.reduceMotionHelp;
    this.mapAltLabel.textContent = texts.map + ":";
    var stored = readStorage(MOTION_KEY);
    this.motionBox.checked = stored === null ? systemPrefersReducedMotion() : stored === "1";
    var options = document.createDocumentFragment();
    data.steps.forEach(function (step, i) {
      var option = el("option", "", (i + 1) + ". " + step.title);
      option.value = step.id;
      options.appendChild(option);
    });
    this.stepList.replaceChildren(options);

    var target;
    if (first || this.index < 0) {
      target = this.indexOf(this.host.readStep ? this.host.readStep() : null);
      if (target < 0) { target = this.indexOf(data.start); }
      if (target < 0) { target = 0; }
      this.showNotice(data.notice || null);
    } else {
      target = Math.min(this.index, data.steps.length - 1);
    }
    if (this.scrollMode) { this.buildColumn(); }
    var mapChanged = !previous || previous.map.script !== data.map.script ||
      JSON.stringify(previous.mapConfig) !== JSON.stringify(data.mapConfig);
    this.index = -1;
    this.timelineWidth = null;
    this.show(target, false);
    if (this.scrollMode) {
      // The column opens on the step the address names; what crosses the middle of the screen
      // counts only once it is there (the first step does, before the page has scrolled).
      var opening = this.articles[target];
      var settle = this.columnSettle = {};
      window.requestAnimationFrame(function () {
        if (target > 0) { opening.scrollIntoView({ block: "start" }); }
        window.requestAnimationFrame(function () { if (self.columnSettle === settle) { self.columnReady = true; } });
      });
    }
    this.drawTimeline();
    if (mapChanged) { this.buildMap(); }
    if (this.autoplayBar) {  // another language: the autoplay's words too
      if (this.autoplayTimer) { this.startAutoplay(); } else { this.pauseAutoplay(false); }
    }
    if (this.host.onLanguage) { this.host.onLanguage(data.language); }
  };

  Player.prototype.buildColumn = function () {
    var self = this;
    this.root.classList.add("sp-scroll");
    this.article.classList.add("sp-column");
    var column = document.createDocumentFragment();
    this.articles = this.data.steps.map(function (step) {
      var article = el("article", "sp-step sp-scroll-step");
      article.setAttribute("data-step", step.id);
      article.innerHTML = step.html;
      column.appendChild(article);
      return article;
    });
    this.article.replaceChildren(column);
    this.restoreChecks();
    if (this.observer) { this.observer.disconnect(); }
    if (!window.IntersectionObserver) { return; }
    // The step whose text crosses the middle of the screen is the current one.
    this.columnReady = false;
    this.observer = new IntersectionObserver(function (entries) {
      if (!self.columnReady) { return; }
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        var index = self.indexOf(entry.target.getAttribute("data-step"));
        if (index < 0 || index === self.index) { return; }
        self.scrolling = true;
        self.show(index, true);
        self.scrolling = false;
      });
    }, { rootMargin: "-50% 0px -50% 0px", threshold: 0 });
    this.articles.forEach(function (article) { self.observer.observe(article); });
  };

  Player.prototype.indexOf = function (stepId) {
    if (stepId === null || stepId === undefined) { return -1; }
    var found = this.byId[String(stepId)];
    return found === undefined ? -1 : found;
  };

  Player.prototype.showNotice = function (text) {
    this.noticeBox.textContent = text || "";
    this.noticeBox.hidden = !text;
  };

  Player.prototype.go = function (target, byViewer) {
    var last = this.data.steps.length - 1;
    target = Math.max(0, Math.min(target, last));
    if (target === this.index) { return; }
    this.show(target, byViewer);
  };

  Player.prototype.show = function (target, byViewer) {
    var step = this.data.steps[target];
    var total = this.data.steps.length;
    var changed = target !== this.index;
    this.index = target;
    var title;
    if (this.scrollMode) {
      // Every step is on the page: the current one is marked, and the way to it is a scroll.
      var old = document.getElementById("step-title");
      if (old) { old.removeAttribute("id"); }
      this.articles.forEach(function (article, i) {
        article.classList.toggle("sp-current", i === target);
        if (i === target) { article.setAttribute("aria-current", "step"); } else { article.removeAttribute("aria-current"); }
      });
      title = this.articles[target].querySelector("[data-section='title'] h2");
      if (byViewer && !this.scrolling) { this.articles[target].scrollIntoView({ block: "start" }); }
    } else {
      // The narrative first: it is what the viewer is waiting for.
      this.article.innerHTML = step.html;
      this.article.setAttribute("data-step", step.id);
      this.restoreChecks();
      title = this.article.querySelector("[data-section='title'] h2");
    }
    if (title) { title.id = "step-title"; }
    this.counter.textContent = this.data.texts.counter
      .replace("{number}", String(target + 1)).replace("{total}", String(total));
    this.previousButton.disabled = target === 0;
    this.nextButton.disabled = target === total - 1;
    if (this.stepList.value !== step.id) { this.stepList.value = step.id; }
    this.mapAltText.textContent = step.state.alt;
    this.showTimeControl(step);
    document.documentElement.setAttribute("data-story-step", step.id);
    this.markTimeline();
    if (changed && byViewer) {
      this.showNotice(null);
      // A step reached by scrolling keeps the reader's place: no focus moves, nothing is read out.
      if (!this.scrolling) {
        this.focusPending = true;
        this.live.textContent = step.title;
      }
    }
    if (changed) {
      // byViewer: the reader's own press, key or click (a follower's player is also moved for them).
      document.dispatchEvent(new CustomEvent("story:step", {
        detail: { step: step.id, index: target, total: total, byViewer: !!byViewer },
      }));
      if (this.host.onStep) { this.host.onStep(step.id, target, byViewer); }
    }
    this.scheduleMap();
  };

  // The address and the map follow in the next frame, once per frame: a burst of
  // presses writes the address once and moves the map once, to where the burst ended.
  Player.prototype.scheduleMap = function () {
    var self = this;
    if (this.mapPending) { return; }
    this.mapPending = true;
    var run = function () {
      self.mapPending = false;
      var step = self.data.steps[self.index];
      if (self.focusPending) {
        // Focus waits for this frame: a burst of presses moves it once, and the page lays
        // out once for the new narrative.
        self.focusPending = false;
        var title = document.getElementById("step-title");
        if (title) { title.focus({ preventScroll: true }); }
      }
      if (self.host.writeStep) { self.host.writeStep(step.id); }
      if (self.map) {
        self.map.showStep(step.state, { animate: !self.motionBox.checked, day: self.dayOf(step), swipe: self.swipeOf(step) });
      }
    };
    // In the frame itself, so that the map's new view is painted with the new narrative (a task
    // after the frame paints it one frame later); what the map can leave for later (its labels)
    // it places after the frame (docs/performance.md, "A step change in the browser").
    if (window.requestAnimationFrame) {
      window.requestAnimationFrame(run);
    } else {
      window.setTimeout(run, 0);
    }
  };

  Player.prototype.buildMap = function () {
    var self = this;
    var data = this.data;
    var ready = this.host.loadLeaflet ? this.host.loadLeaflet() : Promise.resolve();
    ready.then(function () {
      if (self.data !== data) { return; }  // newer data arrived while Leaflet loaded
      if (self.leaflet) {
        // Another language: the map is drawn again once with its labels and names.
        self.leaflet.remove();
        self.leaflet = null;
        self.map = null;
      }
      var container = el("div", "sp-map");
      container.id = data.map.id;
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", data.texts.map);
      // In the place of the box kept for it (or of the map of the language before).
      var old = self.mapPane.querySelector(":scope > .sp-map");
      if (old) { self.mapPane.replaceChild(container, old); } else { self.mapPane.insertBefore(container, self.timeBox); }
      // A host whose page forbids eval (the export's Content-Security-Policy) hands over the
      // map's script already compiled, as a script of its page.
      var build = self.host.buildMap || new Function("L", data.map.script + "\nreturn " + data.map.id + ";");
      self.leaflet = build(window.L);
      window.storymapBuilds = (window.storymapBuilds || 0) + 1;
      self.map = new window.StoryMap(self.leaflet, data.mapConfig);
      self.map.onPlaceClick = function (key) { self.goToPlace(key); };
      self.map.onTime = function (summary) { self.showTimeSummary(summary); };
      self.map.preload(data.steps.map(function (step) { return step.state; }));
      window.storymap = { instance: self.map, player: self };
      var shown = data.steps[self.index];
      self.map.showStep(shown.state, { animate: false, day: self.dayOf(shown), swipe: self.swipeOf(shown) });
      if (window.ResizeObserver) {
        // Leaflet must know the size that really shows (a phone, a pane that grows).
        new ResizeObserver(function () { if (self.leaflet) { self.leaflet.invalidateSize({ pan: false }); } })
          .observe(container);
      }
    }, function (error) {
      if (window.console) { console.error("story player: the map could not be loaded", error); }
    });
  };

  Player.prototype.goToPlace = function (key) {
    var steps = this.data.placeSteps[key];
    if (!steps || !steps.length) { return; }
    var index = this.index;
    var later = steps.filter(function (i) { return i > index; });
    this.go(later.length ? later[0] : steps[0], true);
  };

  Player.prototype.closeTerms = function () {
    this.article.querySelectorAll(".sm-gloss").forEach(function (gloss) {
      gloss.classList.remove("sm-open");
      gloss.querySelector(".sm-term").setAttribute("aria-expanded", "false");
    });
  };

  // --- Self-checks: judged here, in the page; nothing is sent anywhere ---------------------
  // The first answer to each check is the one that counts (the score a learning platform
  // may read, static/storymap/scorm.js); the reader may answer again to practise.

  Player.prototype.checkKey = function (check) {
    // The step the check is written in (in scroll mode every step is on the page).
    var holder = check.closest("[data-step]");
    var stepId = holder ? holder.getAttribute("data-step") : this.data.steps[this.index].id;
    return stepId + ":" + check.getAttribute("data-index");
  };

  Player.prototype.judged = function (check, right, text) {
    var key = this.checkKey(check);
    var feedback = check.querySelector(".sm-check-feedback");
    feedback.textContent = text;
    check.classList.toggle("sm-right", right);
    check.classList.toggle("sm-wrong", !right);
    var explain = check.querySelector(".sm-check-explain");
    if (explain) { explain.hidden = false; }
    this.feedback[key] = { right: right, text: text };
    if (!(key in this.results)) { this.results[key] = right; }
    var correct = 0;
    var answered = 0;
    for (var name in this.results) {
      answered += 1;
      if (this.results[name]) { correct += 1; }
    }
    document.dispatchEvent(new CustomEvent("story:check", {
      detail: { key: key, right: right, answered: answered, correct: correct, total: this.data.checkCount || 0 },
    }));
  };

  Player.prototype.answerChoice = function (check) {
    var chosen = check.querySelector("input[type='radio']:checked");
    var feedback = check.querySelector(".sm-check-feedback");
    if (!chosen) { feedback.textContent = check.getAttribute("data-empty"); return; }
    var right = chosen.value === check.getAttribute("data-answer");
    this.judged(check, right, check.getAttribute(right ? "data-right" : "data-wrong"));
  };

  Player.prototype.findTarget = function (check) {
    return {
      name: check.getAttribute("data-target-name"),
      lat: check.getAttribute("data-target-lat"),
      lon: check.getAttribute("data-target-lon"),
      layer: check.getAttribute("data-target-layer"),
      feature: check.getAttribute("data-target-feature"),
      km: Number(check.getAttribute("data-target-km")),
    };
  };

  Player.prototype.answerFind = function (check, lat, lon) {
    if (!this.map) { return; }
    var target = this.findTarget(check);
    var km = this.map.distanceKm(target, lat, lon);
    if (km === null) { return; }
    var words = new Intl.NumberFormat(this.data.language, { maximumFractionDigits: 0 }).format(Math.round(km));
    var right = km <= target.km;
    // "In Mangystau" for an area the answer lies in; a place is a point, some kilometres off.
    var template = km === 0 && !target.lat ? "data-inside" : right ? "data-right" : "data-wrong";
    var text = check.getAttribute(template).replace("{km}", words).replace("{name}", target.name);
    check.classList.remove("sm-waiting");
    this.map.showAnswer(target);
    this.judged(check, right, text);
  };

  Player.prototype.awaitFind = function (check) {
    var self = this;
    if (!this.map) { return; }
    var step = this.index;
    check.classList.add("sm-waiting");
    check.querySelector(".sm-check-feedback").textContent = check.getAttribute("data-waiting");
    this.map.awaitAnswer(function (lat, lon) {
      // The question is the step's: an answer after the step changed is no answer to it.
      if (self.index !== step || !check.isConnected) { return; }
      self.answerFind(check, lat, lon);
    });
  };

  Player.prototype.answerFromList = function (check) {
    var select = check.querySelector("[data-sm-find-choice]");
    var option = select && select.selectedOptions[0];
    if (!option || !option.value) {
      check.querySelector(".sm-check-feedback").textContent = check.getAttribute("data-empty");
      return;
    }
    if (this.map) { this.map.stopAnswer(); }
    this.answerFind(check, Number(option.getAttribute("data-lat")), Number(option.getAttribute("data-lon")));
  };

  // A step shown again keeps what its checks said.
  Player.prototype.restoreChecks = function () {
    var self = this;
    this.article.querySelectorAll(".sm-check").forEach(function (check) {
      var said = self.feedback[self.checkKey(check)];
      if (!said) { return; }
      check.querySelector(".sm-check-feedback").textContent = said.text;
      check.classList.toggle("sm-right", said.right);
      check.classList.toggle("sm-wrong", !said.right);
      var explain = check.querySelector(".sm-check-explain");
      if (explain) { explain.hidden = false; }
    });
  };

  // A video or a sound: its player waits in an inert <template> (nothing requested) until the
  // reader presses play; then it takes the button's place and keeps the keyboard's focus.
  Player.prototype.play = function (button) {
    var holder = button.closest(".sm-player");
    var template = holder && holder.querySelector("template");
    if (!template) { return; }
    var player = template.content.firstElementChild.cloneNode(true);
    holder.replaceChildren(player);
    player.setAttribute("tabindex", "-1");
    player.focus({ preventScroll: true });
  };

  // --- A slider over days, for a step whose layers change with dates ---------------------------
  // The day is the step's own: a step shown again opens on the day the reader left it on. Play
  // moves a day at a time, by the reader's press only (so never by itself under reduced motion).

  var DAY_MS = 1200;

  Player.prototype.buildTimeControl = function () {
    var self = this;
    this.days = Object.create(null);
    this.timeBox = el("div", "sp-time");
    this.timeBox.setAttribute("role", "group");
    this.timeBox.hidden = true;
    var row = el("div", "sp-time-row");
    this.playButton = el("button", "sp-button sp-time-play");
    this.playButton.type = "button";
    this.timeLabel = el("label", "sp-time-slider");
    this.timeName = el("span", "sp-time-name");
    this.timeSlider = el("input", "sp-time-range");
    this.timeSlider.type = "range";
    this.timeSlider.min = "0";
    this.timeSlider.step = "1";
    this.timeLabel.append(this.timeName, this.timeSlider);
    this.timeDay = el("output", "sp-time-day");
    row.append(this.playButton, this.timeLabel, this.timeDay);
    this.timeLegend = el("p", "sp-time-legend");
    // The day's reports with their sources, folded (the map keeps its room, on a phone too); it stays
    // open from day to day once the reader opens it.
    this.timeReports = el("details", "sp-time-reports");
    this.timeSummary = el("summary", "sp-time-today");
    this.timeList = el("ul", "sp-time-list");
    this.timeReports.append(this.timeSummary, this.timeList);
    this.timeBox.append(row, this.timeLegend);
    this.timeSlider.addEventListener("input", function () {
      self.stopDays();
      self.setDay(Number(self.timeSlider.value));
    });
    this.playButton.addEventListener("click", function () {
      if (self.playing) { self.stopDays(); } else { self.playDays(); }
    });
  };

  Player.prototype.dayOf = function (step) {
    var time = step.state.time;
    if (!time) { return null; }
    var index = this.days[step.id];
    return time.days[index === undefined ? time.start : index];
  };

  Player.prototype.narrow = function () {
    return !!(window.matchMedia && window.matchMedia("(max-width: 700px)").matches);
  };

  // Where a swipe step opens its handle: a phone shows one day at a time (the first), a wide screen
  // the two halves.
  Player.prototype.swipeOf = function (step) {
    if (!step.state.swipe) { return undefined; }
    return this.narrow() ? 100 : 50;
  };

  Player.prototype.labelSwipeToggle = function () {
    var swipe = this.data.steps[this.index].state.swipe;
    if (!swipe) { return; }
    var at = this.map && this.map.swipeFor ? this.map.swipeAt : this.swipeAt;
    // At 100 the whole map is the left day: the button offers the right one, and back.
    var other = at >= 50 ? swipe.labels[1] : swipe.labels[0];
    this.swipeToggle.textContent = this.data.texts.swipeShow.replace("{day}", other);
  };

  Player.prototype.showTimeControl = function (step) {
    this.stopDays();
    var swipe = step.state.swipe;
    this.swipeToggle.hidden = !swipe;
    this.swipeAt = swipe ? this.swipeOf(step) : null;
    if (swipe) { this.labelSwipeToggle(); }
    var time = step.state.time;
    this.timeBox.hidden = !time;
    this.mapPane.classList.toggle("sp-has-time", !!time);
    if (!time) { return; }
    var texts = this.data.texts;
    this.timeBox.setAttribute("aria-label", texts.time);
    this.timeName.textContent = texts.time;
    this.timeSlider.max = String(time.days.length - 1);
    this.playButton.textContent = texts.play;
    this.playButton.setAttribute("aria-pressed", "false");
    // The day's reports go with the step's text, after its body (the map pane keeps its room).
    var holder = this.scrollMode ? this.articles[this.index] : this.article;
    var body = holder.querySelector("[data-section='body']");
    if (body) { body.after(this.timeReports); } else { holder.appendChild(this.timeReports); }
    var index = this.days[step.id];
    this.setDay(index === undefined ? time.start : index, true);
  };

  Player.prototype.setDay = function (index, quiet) {
    var step = this.data.steps[this.index];
    var time = step.state.time;
    if (!time) { return; }
    index = Math.max(0, Math.min(index, time.days.length - 1));
    this.days[step.id] = index;
    this.timeSlider.value = String(index);
    // What a screen reader reads of the slider: the day in words, not its number.
    this.timeSlider.setAttribute("aria-valuetext", time.labels[index]);
    this.timeDay.textContent = time.labels[index];
    this.timeBox.setAttribute("data-day", time.days[index]);
    if (this.map && !quiet) { this.map.setDay(time.days[index]); }
  };

  Player.prototype.playDays = function () {
    var self = this;
    var time = this.data.steps[this.index].state.time;
    if (!time) { return; }
    var index = this.days[this.data.steps[this.index].id] || 0;
    if (index >= time.days.length - 1) { this.setDay(0); }  // at the end, Play starts again
    this.playing = true;
    this.playButton.textContent = this.data.texts.pause;
    this.playButton.setAttribute("aria-pressed", "true");
    // While it plays, each day is read out as it comes (the slider's own text is read only on focus).
    this.timeDay.setAttribute("aria-live", "polite");
    this.playTimer = window.setInterval(function () {
      var current = self.days[self.data.steps[self.index].id];
      if (current >= time.days.length - 1) { self.stopDays(); return; }
      self.setDay(current + 1);
    }, DAY_MS);
  };

  Player.prototype.stopDays = function () {
    if (this.playTimer) { window.clearInterval(this.playTimer); }
    this.playTimer = null;
    if (!this.playing) { return; }
    this.playing = false;
    this.timeDay.removeAttribute("aria-live");
    this.playButton.textContent = this.data.texts.play;
    this.playButton.setAttribute("aria-pressed", "false");
  };

  // What the map shows on the day: how many reports, and those of the day with their sources.
  Player.prototype.showTimeSummary = function (summary) {
    var step = this.data.steps[this.index];
    if (!step.state.time || summary.step !== step.id) { return; }
    var texts = this.data.texts;
    var language = this.data.language;
    this.timeLegend.textContent = texts.timeShown.replace("{count}", String(summary.shown)) +
      (summary.disputed ? " " + texts.timeDisputed : "");
    this.timeBox.setAttribute("data-shown", String(summary.shown));
    this.timeSummary.textContent = summary.today.length
      ? texts.timeToday + " " + String(summary.today.length) : texts.timeNone;
    var list = document.createDocumentFragment();
    summary.today.forEach(function (report) {
      var item = el("li");
      var name = report["name_" + language] || report.name || report.id;
      var kind = (texts.kinds && texts.kinds[report.kind]) || report.kind || "";
      item.appendChild(el("strong", "", name));
      item.appendChild(document.createTextNode(kind ? " (" + kind + ")" : ""));
      if (report.disputed) { item.appendChild(el("em", "sp-time-disputed", " " + texts.disputed)); }
      (report.sources || []).forEach(function (source, n) {
        if (!/^https?:\/\//.test(String(source.url || ""))) { return; }
        item.appendChild(document.createTextNode(n ? ", " : ": "));
        var link = el("a", "", source.publisher || source.url);
        link.href = source.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        if (source.title) { link.title = source.title; }
        item.appendChild(link);
      });
      list.appendChild(item);
    });
    this.timeList.replaceChildren(list);
    this.timeReports.classList.toggle("sp-empty", !summary.today.length);
  };

  // --- Autoplay: ?autoplay=<seconds> (5 to 120), once through the story, or in a loop with &loop=1 -------
  // Never on by default, never started by itself when the reader prefers reduced motion (a press of
  // the button starts it), and stopped by any key or press of the reader's; in a loop (a kiosk) it
  // goes on again after the reader has left it alone for a while.

  var AUTOPLAY_MIN_S = 5;
  var AUTOPLAY_MAX_S = 120;

  function autoplayRequest() {
    var params;
    try { params = new URLSearchParams(window.location.search); } catch (error) { return null; }
    var seconds = Number(params.get("autoplay"));
    if (!params.has("autoplay") || !Number.isFinite(seconds)) { return null; }
    return {
      seconds: Math.max(AUTOPLAY_MIN_S, Math.min(AUTOPLAY_MAX_S, Math.round(seconds))),
      loop: params.get("loop") === "1" || params.get("loop") === "true",
    };
  }

  Player.prototype.setUpAutoplay = function () {
    var self = this;
    var request = autoplayRequest();
    this.root.setAttribute("data-autoplay", "off");
    if (!request) { return; }
    this.autoplay = request;
    this.autoplayBar = el("div", "sp-autoplay");
    this.autoplayButton = el("button", "sp-button sp-autoplay-button");
    this.autoplayButton.type = "button";
    this.autoplayStatus = el("span", "sp-autoplay-status");
    this.autoplayStatus.setAttribute("role", "status");
    this.autoplayBar.append(this.autoplayButton, this.autoplayStatus);
    this.narrative.insertBefore(this.autoplayBar, this.nav);
    this.autoplayButton.addEventListener("click", function () {
      if (self.autoplayTimer) { self.pauseAutoplay(false); } else { self.startAutoplay(); }
    });
    // The reader's own key or press stops it (their key still does what it does).
    var interrupt = function (event) {
      if (!self.autoplayTimer || (event.target && event.target.closest && event.target.closest(".sp-autoplay"))) {
        if (self.autoplayIdle) { self.restartIdle(); }
        return;
      }
      self.pauseAutoplay(true);
    };
    document.addEventListener("keydown", interrupt, true);
    this.root.addEventListener("pointerdown", interrupt, true);
    if (this.motionBox.checked) { this.pauseAutoplay(false); } else { this.startAutoplay(); }
  };

  Player.prototype.startAutoplay = function () {
    var self = this;
    window.clearTimeout(this.autoplayIdle);
    this.autoplayIdle = null;
    window.clearTimeout(this.autoplayTimer);
    if (this.index >= this.data.steps.length - 1 && !this.autoplay.loop) { this.go(0, false); }
    // Each step stays its full time, counted from when it came (a late timer never shortens the next).
    var tick = function () {
      var last = self.data.steps.length - 1;
      if (self.index < last) {
        self.go(self.index + 1, false);
      } else if (self.autoplay.loop) {
        self.go(0, false);
      }
      if (self.index >= last && !self.autoplay.loop) { self.pauseAutoplay(false); return; }
      self.autoplayTimer = window.setTimeout(tick, self.autoplay.seconds * 1000);
    };
    this.autoplayTimer = window.setTimeout(tick, this.autoplay.seconds * 1000);
    this.root.setAttribute("data-autoplay", "playing");
    this.autoplayButton.textContent = this.data.texts.autoplayPause;
    this.autoplayStatus.textContent = this.data.texts.autoplayPlaying.replace("{seconds}", String(this.autoplay.seconds));
  };

  // byReader: the reader's key or press; in a loop, autoplay comes back once they leave it alone.
  Player.prototype.pauseAutoplay = function (byReader) {
    window.clearTimeout(this.autoplayTimer);
    this.autoplayTimer = null;
    this.root.setAttribute("data-autoplay", "paused");
    this.autoplayButton.textContent = this.data.texts.autoplayStart;
    this.autoplayStatus.textContent = this.data.texts.autoplayPaused;
    if (byReader && this.autoplay.loop) { this.restartIdle(); }
  };

  Player.prototype.restartIdle = function () {
    var self = this;
    window.clearTimeout(this.autoplayIdle);
    this.autoplayIdle = window.setTimeout(function () {
      self.autoplayIdle = null;
      self.startAutoplay();
    }, Math.max(60, 3 * this.autoplay.seconds) * 1000);
  };

  Player.prototype.installKeys = function () {
    var self = this;
    document.addEventListener("keydown", function (event) {
      if (!self.data || event.defaultPrevented) { return; }
      var action = self.data.keys[event.key];
      if (!action || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var target = event.target;
      if (target && target.closest && (target.closest(TYPING) || target.closest(".leaflet-container"))) { return; }
      // Keys belong to the story only when the story is on the page (not, say, in a dialog).
      if (target && target.closest && target.closest("[role='dialog']")) { return; }
      event.preventDefault();
      var last = self.data.steps.length - 1;
      var moves = { next: self.index + 1, previous: self.index - 1, first: 0, last: last };
      self.go(moves[action], true);
    });
  };

  // The strip from the story's first year to its last: drawn for a width (steps that
  // would overlap there share a button), then only its current mark moves.
  Player.prototype.drawTimeline = function () {
    var self = this;
    var data = this.data && this.data.timeline;
    if (!data) { return; }
    var root = this.timeline;
    var width = root.clientWidth || 600;
    if (width === this.timelineWidth) { return; }
    this.timelineWidth = width;
    var minGap = 18 / width;
    var points = data.points;
    var order = points.map(function (p, i) { return i; })
      .sort(function (a, b) { return points[a].position - points[b].position; });
    var groups = [];
    order.forEach(function (i) {
      var last = groups[groups.length - 1];
      if (last && points[i].position - last.position < minGap) { last.members.push(i); }
      else { groups.push({ position: points[i].position, members: [i] }); }
    });
    var frag = document.createDocumentFragment();
    frag.appendChild(el("div", "tl-line"));
    [data.firstYear, data.lastYear].forEach(function (year, i) {
      frag.appendChild(el("span", "tl-year " + (i ? "tl-year-end" : "tl-year-start"), String(year)));
    });
    this.timelineGroups = groups.map(function (group) {
      var button = el("button", "tl-point");
      button.type = "button";
      button.style.left = (group.position * 100).toFixed(2) + "%";
      var names = group.members.map(function (i) { return points[i].date + ": " + points[i].title; });
      // The accessible name starts with what the button shows (the group's size), as
      // speech-input users say what they see.
      var shown = group.members.length > 1 ? String(group.members.length) + ": " : "";
      button.setAttribute("aria-label", shown + names.join("; "));
      button.title = names.join("\n");
      if (group.members.length > 1) { button.textContent = String(group.members.length); }
      var steps = group.members.map(function (i) { return self.indexOf(points[i].stepId); });
      button.addEventListener("click", function () {
        // Within the current group, a click walks on through the group's steps.
        var current = steps.indexOf(self.index);
        self.go(current >= 0 ? steps[(current + 1) % steps.length] : steps[0], true);
      });
      frag.appendChild(button);
      return { button: button, steps: steps };
    });
    root.replaceChildren(frag);
    this.markTimeline();
  };

  Player.prototype.markTimeline = function () {
    var index = this.index;
    (this.timelineGroups || []).forEach(function (group) {
      var current = group.steps.indexOf(index) >= 0;
      group.button.classList.toggle("tl-current", current);
      if (current) { group.button.setAttribute("aria-current", "step"); }
      else { group.button.removeAttribute("aria-current"); }
    });
  };

  window.StoryPlayer = {
    mount: function (root, data, host) {
      return new Player(root, data, host);
    },
  };
})();
