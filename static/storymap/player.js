// @ts-check
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
 *
 * This file is the core (the data and another language, navigation and `show`, the map's
 * scheduling and building, the keys); its parts load before it, in the order of the hosts' list
 * (components/player.py, story/outputs/export.py): rules.js (the pure parts, on
 * window.StoryMapLib), shell.js, checks.js, time.js, autoplay.js, scroll.js, timeline.js.
 *
 * The scripts' dialect, here as in components/*.js: modern syntax (class, const and let, arrow
 * functions), `// @ts-check` with JSDoc types (static/tsconfig.json). No ES modules and no bundler:
 * the export is one HTML file opened from file://, so each file is a classic script whose top-level
 * names are its classes (Player*) and whose pure functions are on window.StoryMapLib.
 */

// Where the keys belong to a control of the page, not to the story.
const PLAYER_TYPING =
  "input, textarea, select, video, audio, [contenteditable=''], [contenteditable='true'], " +
  "[role='combobox'], [role='listbox'], [role='slider'], [role='textbox'], [role='radio'], " +
  "[role='radiogroup'], [role='tab'], [role='menu'], [role='menuitem'], [role='option']";

class Player {
  /** @param {HTMLElement} root @param {any} data @param {PlayerHost} [host] */
  constructor(root, data, host) {
    this.root = root;
    this.host = host || {};
    this.scrollMode = PlayerRules.scrollModeWanted(window.location.search, data.mode);
    if (PlayerRules.largeTextWanted(window.location.search)) document.documentElement.classList.add("sp-large");
    this.index = -1;
    /** @type {any} */
    this.data = null;
    // Each step's index by its id: no prototype, so ?step=__proto__, constructor or toString finds no
    // step instead of Object's own properties (the security review, L1).
    /** @type {Record<string, number>} */
    this.byId = Object.create(null);
    // A map move waits for the next frame (tests/support/browser.py waits on this).
    this.mapPending = false;
    this.focusPending = false;
    /** @type {Element | null} where the focus was when the pending focus move was asked for */
    this.focusAtPress = null;
    /** @type {any} the map controller (storymap.js), once Leaflet has loaded */
    this.map = null;
    /** @type {any} the Leaflet map folium's script built */
    this.leaflet = null;
    this.shell = new PlayerShell(root, this);
    this.checks = new PlayerChecks(this);
    this.checks.listen(this.shell.article);
    this.time = new PlayerTime(this);
    this.column = new PlayerScroll(this);
    this.timeline = new PlayerTimeline(this);
    this.autoplay = new PlayerAutoplay(this);
    /** @type {string | null} the lesson the address asked for (?lesson=, #lesson=) */
    this.lessonAsked = null;
    /** @type {any} the lesson played, or null for the whole story */
    this.lesson = null;
    this.installKeys();
    this.setData(data, true);
    this.autoplay.setUp();
  }

  /** The live region that reads a step's title out (the hosts say a followed step there too). */
  get live() {
    return this.shell.live;
  }

  /** The time slider's Play, while it plays (the browser tests read it). */
  get playTimer() {
    return this.time.playTimer;
  }

  /** Autoplay's timer, while it plays (the browser tests read it). */
  get autoplayTimer() {
    return this.autoplay.timer;
  }

  /**
   * New data: the first, or the story in another language. The viewer stays on their step.
   * @param {any} data @param {boolean} first
   */
  setData(data, first) {
    const previous = this.data;
    // The lesson is read once, from the address the page opened with; another language plays the same one.
    if (first) this.lessonAsked = PlayerRules.lessonWanted(window.location.search, window.location.hash);
    const whole = data;
    const cut = PlayerRules.lessonCut(whole, this.lessonAsked || null);
    this.lesson = cut.lesson;
    data = cut.data;
    this.data = data;
    this.byId = Object.create(null);
    data.steps.forEach((/** @type {{id: string}} */ step, /** @type {number} */ i) => {
      this.byId[step.id] = i;
    });
    this.root.setAttribute("lang", data.language);
    this.shell.setData(data, this.lesson);

    let target;
    if (first || this.index < 0) {
      const asked = this.host.readStep ? this.host.readStep() : null;
      target = this.indexOf(asked);
      if (target < 0) target = this.indexOf(data.start);
      if (target < 0) target = 0;
      const notices = [data.notice || ""];
      if (cut.unknown) notices.push(data.texts.lessonUnknown.replace("{lesson}", cut.unknown));
      // A step of the story outside the lesson: its first step, and the reader is told (never silently).
      const outside = asked && this.indexOf(asked) < 0 && whole.steps.some((/** @type {{id: string}} */ s) => s.id === asked);
      if (this.lesson && outside) {
        notices.push(data.texts.stepNotInLesson.replace("{step}", String(asked)).replace("{lesson}", this.lesson.title));
      }
      this.showNotice(notices.filter(Boolean).join(" ") || null);
    } else {
      target = Math.min(this.index, data.steps.length - 1);
    }
    if (this.scrollMode) this.column.build();
    const mapChanged = PlayerRules.mapChanged(previous, data);
    this.index = -1;
    this.timeline.width = null;
    this.show(target, false);
    if (this.scrollMode) this.column.open(target);
    this.timeline.draw();
    if (mapChanged) this.buildMap();
    this.autoplay.languageChanged();
    if (this.host.onLanguage) this.host.onLanguage(data.language);
  }

  /** A step's index by its id, -1 for none. @param {string | null | undefined} stepId */
  indexOf(stepId) {
    if (stepId === null || stepId === undefined) return -1;
    const found = this.byId[String(stepId)];
    return found === undefined ? -1 : found;
  }

  /** @param {string | null} text */
  showNotice(text) {
    this.shell.showNotice(text);
  }

  /** To step `target`, kept within the story; byViewer: the reader's own press. @param {number} target @param {boolean} [byViewer] */
  go(target, byViewer) {
    const last = this.data.steps.length - 1;
    target = Math.max(0, Math.min(target, last));
    if (target === this.index) return;
    this.show(target, byViewer);
  }

  /** @param {number} target @param {boolean} [byViewer] */
  show(target, byViewer) {
    const shell = this.shell;
    const step = this.data.steps[target];
    const total = this.data.steps.length;
    const changed = target !== this.index;
    this.index = target;
    let title;
    if (this.scrollMode) {
      // Every step is on the page: the current one is marked, and the way to it is a scroll.
      title = this.column.mark(target, byViewer);
    } else {
      // The narrative first: it is what the viewer is waiting for.
      shell.article.innerHTML = step.html;
      shell.article.setAttribute("data-step", step.id);
      this.checks.restore();
      title = shell.article.querySelector("[data-section='title'] h2");
    }
    if (title) title.id = "step-title";
    shell.counter.textContent = this.data.texts.counter
      .replace("{number}", String(target + 1))
      .replace("{total}", String(total));
    shell.previousButton.disabled = target === 0;
    shell.nextButton.disabled = target === total - 1;
    if (shell.stepList.value !== step.id) shell.stepList.value = step.id;
    shell.mapAltText.textContent = step.state.alt;
    this.time.show(step);
    document.documentElement.setAttribute("data-story-step", step.id);
    this.timeline.mark();
    if (changed && byViewer) {
      this.showNotice(null);
      // A step reached by scrolling keeps the reader's place: no focus moves, nothing is read out.
      if (!this.column.scrolling) {
        this.focusPending = true;
        this.focusAtPress = document.activeElement;
        shell.live.textContent = step.title;
      }
    }
    if (changed) {
      // byViewer: the reader's own press, key or click (a follower's player is also moved for them).
      document.dispatchEvent(
        new CustomEvent("story:step", {
          detail: { step: step.id, index: target, total, byViewer: !!byViewer },
        }),
      );
      if (this.host.onStep) this.host.onStep(step.id, target, byViewer);
    }
    this.scheduleMap();
  }

  // The address and the map follow in the next frame, once per frame: a burst of
  // presses writes the address once and moves the map once, to where the burst ended.
  scheduleMap() {
    if (this.mapPending) return;
    this.mapPending = true;
    const run = () => {
      this.mapPending = false;
      const step = this.data.steps[this.index];
      if (this.focusPending) {
        // Focus moves once for a burst of presses, just after the frame that paints the new
        // step: moving it inside the frame made the browser lay the page out for it there,
        // ahead of the map (docs/performance.md, "A step change in the browser").
        this.focusPending = false;
        const focusAtPress = this.focusAtPress;
        this.focusAtPress = null;
        window.setTimeout(() => {
          // Unless the reader has put the focus somewhere since the press (a video's play
          // button pressed before this frame came, on a busy machine): their move wins.
          const title = document.getElementById("step-title");
          if (title && document.activeElement === focusAtPress) title.focus({ preventScroll: true });
        }, 0);
      }
      if (this.host.writeStep) this.host.writeStep(step.id);
      if (this.map) {
        this.map.showStep(step.state, {
          animate: !this.shell.motionBox.checked,
          day: this.time.dayOf(step),
          swipe: this.time.swipeOf(step),
        });
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
  }

  buildMap() {
    const data = this.data;
    const ready = this.host.loadLeaflet ? this.host.loadLeaflet() : Promise.resolve();
    ready.then(
      () => {
        if (this.data !== data) return; // newer data arrived while Leaflet loaded
        if (this.leaflet) {
          // Another language: the map is drawn again once with its labels and names.
          this.leaflet.remove();
          this.leaflet = null;
          this.map = null;
        }
        const container = PlayerShell.el("div", "sp-map");
        container.id = data.map.id;
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", data.texts.map);
        // In the place of the box kept for it (or of the map of the language before).
        const mapPane = this.shell.mapPane;
        const old = mapPane.querySelector(":scope > .sp-map");
        if (old) mapPane.replaceChild(container, old);
        else mapPane.insertBefore(container, this.time.box);
        // A host whose page forbids eval (the export's Content-Security-Policy) hands over the
        // map's script already compiled, as a script of its page.
        const build = this.host.buildMap || new Function("L", data.map.script + "\nreturn " + data.map.id + ";");
        this.leaflet = build(window.L);
        window.storymapBuilds = (window.storymapBuilds || 0) + 1;
        // The map controller's class is declared with the map's scripts (storymap.js); read untyped here.
        const StoryMapClass = /** @type {any} */ (window).StoryMap;
        this.map = new StoryMapClass(this.leaflet, data.mapConfig);
        this.map.onPlaceClick = (/** @type {string} */ key) => this.goToPlace(key);
        this.map.onTime = (/** @type {any} */ summary) => this.time.showSummary(summary);
        this.map.preload(data.steps.map((/** @type {{state: unknown}} */ step) => step.state));
        window.storymap = { instance: this.map, player: this };
        const shown = data.steps[this.index];
        this.map.showStep(shown.state, { animate: false, day: this.time.dayOf(shown), swipe: this.time.swipeOf(shown) });
        if (window.ResizeObserver) {
          // Leaflet must know the size that really shows (a phone, a pane that grows).
          new ResizeObserver(() => {
            if (this.leaflet) this.leaflet.invalidateSize({ pan: false });
          }).observe(container);
        }
      },
      (error) => {
        if (window.console) console.error("story player: the map could not be loaded", error);
      },
    );
  }

  /** A click on a place: to its next step, or its first. @param {string} key */
  /**
   * Large text for a projector, on or off (the presenter's switch): the page's type and the map's
   * labels grow, the map keeps its step framed, and the address says so for a reload or a share.
   * @param {boolean} large
   */
  setLargeText(large) {
    document.documentElement.classList.toggle("sp-large", large);
    window.history.replaceState(window.history.state, "", PlayerRules.addressWithSize(window.location.href, large));
    if (this.leaflet) this.leaflet.invalidateSize({ pan: false });
    if (this.map) this.map.refreshLabelsAfterFrame();
    this.timeline.draw();
  }

  goToPlace(key) {
    const target = PlayerRules.placeStep(this.data.placeSteps[key], this.index);
    if (target !== null) this.go(target, true);
  }

  installKeys() {
    document.addEventListener("keydown", (event) => {
      if (!this.data || event.defaultPrevented) return;
      const action = this.data.keys[event.key];
      if (!action || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = /** @type {Element | null} */ (event.target);
      if (target && target.closest && (target.closest(PLAYER_TYPING) || target.closest(".leaflet-container"))) return;
      // Keys belong to the story only when the story is on the page (not, say, in a dialog).
      if (target && target.closest && target.closest("[role='dialog']")) return;
      event.preventDefault();
      this.go(PlayerRules.keyTarget(action, this.index, this.data.steps.length - 1), true);
    });
  }
}

window.StoryPlayer = {
  mount: (root, data, host) => new Player(root, data, host),
};
