// @ts-check
/*
 * Scroll mode (?mode=scroll, PlayerRules.scrollModeWanted): every step in one column, the map beside
 * it following the step whose text crosses the middle of the screen. The current step is marked, and
 * the way to another is a scroll; a step reached by scrolling keeps the reader's place (no focus
 * moves, nothing is read out).
 */

class PlayerScroll {
  /** @param {Player} player */
  constructor(player) {
    this.player = player;
    /** @type {HTMLElement[]} every step's text, in order */
    this.articles = [];
    /** @type {IntersectionObserver | null} */
    this.observer = null;
    // What crosses the middle counts only once the column has opened on its step.
    this.ready = false;
    /** @type {object | null} the latest opening, so that an older one does not make the column ready */
    this.settle = null;
    // True while the step is changed by the reader's scrolling.
    this.scrolling = false;
  }

  /** The column of every step's text, watched for the one that crosses the middle of the screen. */
  build() {
    const player = this.player;
    const article = player.shell.article;
    player.root.classList.add("sp-scroll");
    article.classList.add("sp-column");
    const column = document.createDocumentFragment();
    this.articles = player.data.steps.map((/** @type {{id: string, html: string}} */ step) => {
      const text = PlayerShell.el("article", "sp-step sp-scroll-step");
      text.setAttribute("data-step", step.id);
      text.innerHTML = step.html;
      column.appendChild(text);
      return text;
    });
    article.replaceChildren(column);
    player.checks.restore();
    if (this.observer) this.observer.disconnect();
    if (!window.IntersectionObserver) return;
    // The step whose text crosses the middle of the screen is the current one.
    this.ready = false;
    this.observer = new IntersectionObserver(
      (entries) => {
        if (!this.ready) return;
        entries.forEach((entry) => {
          if (!entry.isIntersecting) return;
          const index = player.indexOf(entry.target.getAttribute("data-step"));
          if (index < 0 || index === player.index) return;
          this.scrolling = true;
          player.show(index, true);
          this.scrolling = false;
        });
      },
      { rootMargin: "-50% 0px -50% 0px", threshold: 0 },
    );
    this.articles.forEach((text) => this.observer.observe(text));
  }

  /**
   * The column opens on the step the address names; what crosses the middle of the screen counts
   * only once it is there (the first step does, before the page has scrolled).
   * @param {number} target
   */
  open(target) {
    const opening = this.articles[target];
    const settle = (this.settle = {});
    window.requestAnimationFrame(() => {
      if (target > 0) opening.scrollIntoView({ block: "start" });
      window.requestAnimationFrame(() => {
        if (this.settle === settle) this.ready = true;
      });
    });
  }

  /**
   * Step `target` marked current (and scrolled to when the reader asked for it by other means than
   * scrolling); its title, for the focus.
   * @param {number} target @param {boolean} byViewer
   * @returns {HTMLElement | null}
   */
  mark(target, byViewer) {
    const old = document.getElementById("step-title");
    if (old) old.removeAttribute("id");
    this.articles.forEach((text, i) => {
      text.classList.toggle("sp-current", i === target);
      if (i === target) text.setAttribute("aria-current", "step");
      else text.removeAttribute("aria-current");
    });
    const title = this.articles[target].querySelector("[data-section='title'] h2");
    if (byViewer && !this.scrolling) this.articles[target].scrollIntoView({ block: "start" });
    return /** @type {HTMLElement | null} */ (title);
  }
}
