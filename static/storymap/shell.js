// @ts-check
/*
 * The player's shell: the elements it draws into (the notice, the narrative with its buttons, counter
 * and step list, the map's pane, the live region), their words in the story's language, and the one
 * click handler of the step's text, which routes a press to what it is for: a video's play button, a
 * self-check (checks.js) or a glossary term. The first paint draws the same markup from Python
 * (story/player.py, opening_html): the browser tests notice when the two disagree.
 */

// The reader's own choice of less motion, kept for the next visit.
const PLAYER_MOTION_KEY = "qantar.reduceMotion";

class PlayerShell {
  /**
   * A new element with a class and a text.
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag @param {string} [className] @param {string} [text]
   * @returns {HTMLElementTagNameMap[K]}
   */
  static el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @param {string} key */
  static readStorage(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  /** @param {string} key @param {string | null} value */
  static writeStorage(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (error) {
      // storage refused (private mode, a sandboxed frame): the choice lasts for this page
    }
  }

  static systemPrefersReducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  /** @param {HTMLElement} root @param {Player} player */
  constructor(root, player) {
    const el = PlayerShell.el;
    this.player = player;
    root.classList.add("sp", "sp-player");
    root.replaceChildren();
    this.noticeBox = el("p", "sp-notice");
    this.noticeBox.setAttribute("role", "status");
    this.noticeBox.hidden = true;

    const layout = el("div", "sp-layout");
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
    // Whether the step list is being walked with its keys (then only Enter goes).
    this.listByKeys = false;

    this.timeline = el("nav", "sp-timeline");
    this.article = el("article", "sp-step");
    this.motionLabel = el("label", "sp-option");
    this.motionBox = el("input", "sp-reduce-motion");
    this.motionBox.type = "checkbox";
    this.motionText = el("span");
    this.motionLabel.append(this.motionBox, this.motionText);
    // The lesson played (?lesson=), under the step: above it, it would push the opening step's text down.
    this.lessonLine = el("p", "sp-lesson");
    this.lessonLine.hidden = true;
    this.narrative.append(this.nav, this.article, this.lessonLine, this.jumpLabel, this.timeline, this.motionLabel);

    this.mapPane = el("div", "sp-map-pane");
    // The map's box from the first paint (as the page's opening step drew it): Leaflet loads later
    // and draws into a container of the same size that takes this one's place, so nothing under
    // the map moves when it comes.
    const mapBox = el("div", "sp-map sm-map");
    this.mapAlt = el("p", "sp-map-alt");
    this.mapAltLabel = el("span", "sm-label");
    this.mapAltText = el("span");
    this.mapAlt.append(this.mapAltLabel, document.createTextNode(" "), this.mapAltText);
    // The time slider and the swipe button come between the map and its text (time.js).
    this.mapPane.append(mapBox, this.mapAlt);

    layout.append(this.mapPane, this.narrative);
    this.live = el("div", "sp-live");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    root.append(this.noticeBox, layout, this.live);
    this.listen();
  }

  listen() {
    const player = this.player;
    this.previousButton.addEventListener("click", () => player.go(player.index - 1, true));
    this.nextButton.addEventListener("click", () => player.go(player.index + 1, true));
    // A pick with the mouse or a finger goes at once. The list's keys only choose: a
    // viewer who walks through it with the arrows goes with Enter, and leaving the
    // list without Enter leaves the story where it was.
    this.stepList.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        this.listByKeys = false;
        player.go(player.indexOf(this.stepList.value), true);
      } else if (event.key !== "Tab" && event.key !== "Shift") {
        this.listByKeys = true;
      }
    });
    this.stepList.addEventListener("change", () => {
      if (!this.listByKeys) player.go(player.indexOf(this.stepList.value), true);
    });
    this.stepList.addEventListener("blur", () => {
      this.listByKeys = false;
      this.stepList.value = player.data.steps[player.index].id;
    });
    this.article.addEventListener("click", (event) => this.route(/** @type {Element} */ (event.target)));
    this.article.addEventListener("keydown", (event) => {
      const target = /** @type {HTMLElement} */ (event.target);
      if (!target.closest || !target.closest(".sm-gloss")) return;
      if (event.key === "Escape") {
        this.closeTerms();
        target.closest(".sm-gloss").classList.add("sm-closed");
      } else if ((event.key === "Enter" || event.key === " ") && target.classList.contains("sm-term")) {
        // A term is a button for the keyboard as for the pointer (Space must not scroll the page).
        event.preventDefault();
        this.toggleTerm(target);
      }
    });
    this.article.addEventListener("focusout", (event) => {
      const target = /** @type {Element} */ (event.target);
      const gloss = target.closest && target.closest(".sm-gloss");
      if (gloss && !gloss.contains(/** @type {Node | null} */ (event.relatedTarget))) {
        gloss.classList.remove("sm-closed", "sm-open");
        target.setAttribute("aria-expanded", "false");
      }
    });
    this.motionBox.addEventListener("change", () => {
      PlayerShell.writeStorage(PLAYER_MOTION_KEY, this.motionBox.checked ? "1" : "0");
    });
    // A picture on the web that does not load (an offline classroom) gives way to its alt text.
    // Load errors do not bubble: the listener catches them on their way down.
    this.article.addEventListener(
      "error",
      (event) => {
        const picture = /** @type {Element | null} */ (event.target);
        if (!picture || picture.tagName !== "IMG" || !picture.hasAttribute("data-sm-remote")) return;
        const figure = picture.closest("figure");
        const fallback = figure && /** @type {HTMLElement | null} */ (figure.querySelector(".sm-media-fallback"));
        if (fallback) fallback.hidden = false;
        if (figure) figure.classList.add("sm-failed");
        picture.remove();
      },
      true,
    );
  }

  /**
   * A click in the step's text, to what it is for: a video's play button, a self-check's button,
   * a glossary term; a click elsewhere closes an open definition.
   * @param {Element} target
   */
  route(target) {
    const play = target.closest && target.closest("[data-sm-play]");
    if (play) {
      this.playMedia(play);
      return;
    }
    const check = target.closest && target.closest(".sm-check");
    if (check && target.closest("button")) {
      const button = target.closest("button");
      const checks = this.player.checks;
      if (button.hasAttribute("data-sm-answer")) checks.answerChoice(check);
      else if (button.hasAttribute("data-sm-find")) checks.awaitFind(check);
      else if (button.hasAttribute("data-sm-find-list")) checks.answerFromList(check);
      else if (button.hasAttribute("data-sm-day")) checks.answerDay(check);
      else if (button.hasAttribute("data-sm-order")) checks.answerOrder(check);
      else if (button.hasAttribute("data-sm-move")) checks.move(button);
      return;
    }
    const term = target.closest && target.closest(".sm-term");
    if (term) {
      this.toggleTerm(term);
    } else if (!(target.closest && target.closest(".sm-tip"))) {
      // A tap elsewhere in the text closes an open definition (a tap moves no focus on some phones).
      this.closeTerms();
    }
  }

  /**
   * A glossary term opens its definition on hover and focus (CSS); a tap or a click toggles it
   * (phones give no hover, and not every browser focuses a tapped button); Escape closes it where
   * the pointer or the focus left it open.
   * @param {Element} term
   */
  toggleTerm(term) {
    const gloss = /** @type {Element} */ (term.parentNode);
    const open = !gloss.classList.contains("sm-open");
    this.closeTerms();
    gloss.classList.toggle("sm-open", open);
    gloss.classList.toggle("sm-closed", !open);
    term.setAttribute("aria-expanded", String(open));
  }

  closeTerms() {
    this.article.querySelectorAll(".sm-gloss").forEach((gloss) => {
      gloss.classList.remove("sm-open");
      gloss.querySelector(".sm-term").setAttribute("aria-expanded", "false");
    });
  }

  /**
   * A video or a sound: its player waits in an inert <template> (nothing requested) until the
   * reader presses play; then it takes the button's place and keeps the keyboard's focus.
   * @param {Element} button
   */
  playMedia(button) {
    const holder = button.closest(".sm-player");
    const template = holder && /** @type {HTMLTemplateElement | null} */ (holder.querySelector("template"));
    if (!template) return;
    const media = /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
    holder.replaceChildren(media);
    media.setAttribute("tabindex", "-1");
    media.focus({ preventScroll: true });
  }

  /** The shell's words and step list in the data's language, and the lesson played. @param {any} data @param {{title: string} | null} [lesson] */
  setData(data, lesson) {
    const el = PlayerShell.el;
    const texts = data.texts;
    this.narrative.setAttribute("aria-label", texts.story);
    this.nav.setAttribute("aria-label", texts.navigation);
    this.previousButton.textContent = texts.previous;
    this.nextButton.textContent = texts.next;
    this.jumpText.textContent = texts.jump;
    this.timeline.setAttribute("aria-label", texts.timeline);
    this.motionText.textContent = texts.reduceMotion;
    this.motionLabel.title = texts.reduceMotionHelp;
    this.mapAltLabel.textContent = texts.map + ":";
    const stored = PlayerShell.readStorage(PLAYER_MOTION_KEY);
    this.motionBox.checked = stored === null ? PlayerShell.systemPrefersReducedMotion() : stored === "1";
    const options = document.createDocumentFragment();
    data.steps.forEach((/** @type {{id: string, title: string}} */ step, /** @type {number} */ i) => {
      const option = el("option", "", i + 1 + ". " + step.title);
      option.value = step.id;
      options.appendChild(option);
    });
    this.stepList.replaceChildren(options);
    this.lessonLine.textContent = lesson ? texts.lessonShown.replace("{lesson}", lesson.title) : "";
    this.lessonLine.hidden = !lesson;
  }

  /** @param {string | null} text */
  showNotice(text) {
    this.noticeBox.textContent = text || "";
    this.noticeBox.hidden = !text;
  }
}
