// @ts-check
/*
 * The strip under the narrative, the story's dates in order and broken between eras, its years
 * written under their first dates: drawn for a width (steps that would overlap there share a mark,
 * PlayerRules.timelineGroups; the years with most steps written first, PlayerRules.timelineYearsShown),
 * then only its current mark moves. Drawn again when its width changes.
 */

class PlayerTimeline {
  /** @param {Player} player */
  constructor(player) {
    this.player = player;
    this.root = player.shell.timeline;
    /** @type {number | null} the width it was drawn for */
    this.width = null;
    /** @type {number | null} the size of its type when drawn */
    this.type = null;
    /** @type {{button: HTMLButtonElement, steps: number[]}[]} */
    this.groups = [];
    if (window.ResizeObserver) new ResizeObserver(() => this.draw()).observe(this.root);
  }

  draw() {
    const el = PlayerShell.el;
    const player = this.player;
    const data = player.data && player.data.timeline;
    if (!data) return;
    const width = this.root.clientWidth || 600;
    // The years' room is counted in the strip's 12 px type: large text (a projector) has fewer years.
    const type = parseFloat(window.getComputedStyle(this.root).fontSize) || 12;
    if (width === this.width && type === this.type) return;
    this.width = width;
    this.type = type;
    /** @type {PlayerTimelinePoint[]} */
    const points = data.points;
    const frag = document.createDocumentFragment();
    frag.appendChild(el("div", "tl-line"));
    for (const position of data.breaks) {
      const gap = el("span", "tl-break");
      gap.style.left = (position * 100).toFixed(2) + "%";
      frag.appendChild(gap);
    }
    const yearsShown = PlayerRules.timelineYearsShown(data.years, (width * 12) / type);
    data.years.forEach((year, i) => {
      if (!yearsShown[i]) return;
      const label = el("span", "tl-year", String(year.year));
      label.style.left = (year.position * 100).toFixed(2) + "%";
      frag.appendChild(label);
    });
    this.groups = PlayerRules.timelineGroups(points, width).map((group) => {
      const button = el("button", "tl-point");
      button.type = "button";
      button.style.left = (group.position * 100).toFixed(2) + "%";
      const names = group.members.map((i) => points[i].date + ": " + points[i].title);
      // The accessible name starts with what the button shows (the group's size), as
      // speech-input users say what they see.
      const shown = group.members.length > 1 ? String(group.members.length) + ": " : "";
      button.setAttribute("aria-label", shown + names.join("; "));
      button.title = names.join("\n");
      if (group.members.length > 1) button.textContent = String(group.members.length);
      const steps = group.members.map((i) => player.indexOf(points[i].stepId));
      button.addEventListener("click", () => player.go(PlayerRules.timelineStep(steps, player.index), true));
      frag.appendChild(button);
      return { button, steps };
    });
    this.root.replaceChildren(frag);
    this.mark();
  }

  mark() {
    const index = this.player.index;
    this.groups.forEach((group) => {
      const current = group.steps.indexOf(index) >= 0;
      group.button.classList.toggle("tl-current", current);
      if (current) group.button.setAttribute("aria-current", "step");
      else group.button.removeAttribute("aria-current");
    });
  }
}
