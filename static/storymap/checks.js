// @ts-check
/*
 * Self-checks: judged here, in the page (the verdicts are PlayerRules'); nothing is sent anywhere.
 * The first answer to each check is the one that counts (the score a learning platform may read,
 * static/storymap/scorm.js, hears the "story:check" event); the reader may answer again to practise.
 * A check's words and its answer are attributes of its element (story/reader/narrative.py, checks_html).
 */

class PlayerChecks {
  /** @param {Player} player */
  constructor(player) {
    this.player = player;
    // Keyed by "<step id>:<check index>", names from the story: no prototype to meet them.
    /** @type {Record<string, boolean>} */
    this.results = Object.create(null);
    /** @type {Record<string, {right: boolean, text: string}>} */
    this.feedback = Object.create(null);
  }

  /** @param {Element} check */
  key(check) {
    // The step the check is written in (in scroll mode every step is on the page).
    const holder = check.closest("[data-step]");
    const player = this.player;
    const stepId = holder ? holder.getAttribute("data-step") : player.data.steps[player.index].id;
    return PlayerRules.checkKey(stepId, check.getAttribute("data-index"));
  }

  /** @param {Element} check @param {boolean} right @param {string} text */
  judged(check, right, text) {
    const key = this.key(check);
    check.querySelector(".sm-check-feedback").textContent = text;
    check.classList.toggle("sm-right", right);
    check.classList.toggle("sm-wrong", !right);
    const explain = /** @type {HTMLElement | null} */ (check.querySelector(".sm-check-explain"));
    if (explain) explain.hidden = false;
    this.feedback[key] = { right, text };
    if (!(key in this.results)) this.results[key] = right;
    const { answered, correct } = PlayerRules.checkScore(this.results);
    document.dispatchEvent(
      new CustomEvent("story:check", {
        detail: { key, right, answered, correct, total: this.player.data.checkCount || 0 },
      }),
    );
  }

  /** @param {Element} check */
  answerChoice(check) {
    const chosen = /** @type {HTMLInputElement | null} */ (check.querySelector("input[type='radio']:checked"));
    const verdict = PlayerRules.choiceVerdict(chosen ? chosen.value : null, check.getAttribute("data-answer"));
    if (!verdict) {
      check.querySelector(".sm-check-feedback").textContent = check.getAttribute("data-empty");
      return;
    }
    this.judged(check, verdict.right, check.getAttribute(verdict.says));
  }

  /** What a find question looks for, and how near counts. @param {Element} check */
  findTarget(check) {
    return {
      name: check.getAttribute("data-target-name"),
      lat: check.getAttribute("data-target-lat"),
      lon: check.getAttribute("data-target-lon"),
      layer: check.getAttribute("data-target-layer"),
      feature: check.getAttribute("data-target-feature"),
      km: Number(check.getAttribute("data-target-km")),
    };
  }

  /** @param {Element} check @param {number} lat @param {number} lon */
  answerFind(check, lat, lon) {
    const player = this.player;
    if (!player.map) return;
    const target = this.findTarget(check);
    const km = player.map.distanceKm(target, lat, lon);
    if (km === null) return;
    const words = PlayerRules.kmWords(km, player.data.language);
    const verdict = PlayerRules.findVerdict(km, target);
    const text = check.getAttribute(verdict.says).replace("{km}", words).replace("{name}", target.name);
    check.classList.remove("sm-waiting");
    player.map.showAnswer(target);
    this.judged(check, verdict.right, text);
  }

  /** @param {Element} check */
  awaitFind(check) {
    const player = this.player;
    if (!player.map) return;
    const step = player.index;
    check.classList.add("sm-waiting");
    check.querySelector(".sm-check-feedback").textContent = check.getAttribute("data-waiting");
    player.map.awaitAnswer((/** @type {number} */ lat, /** @type {number} */ lon) => {
      // The question is the step's: an answer after the step changed is no answer to it.
      if (player.index !== step || !check.isConnected) return;
      this.answerFind(check, lat, lon);
    });
  }

  /** @param {Element} check */
  answerFromList(check) {
    const select = /** @type {HTMLSelectElement | null} */ (check.querySelector("[data-sm-find-choice]"));
    const option = select && select.selectedOptions[0];
    if (!option || !option.value) {
      check.querySelector(".sm-check-feedback").textContent = check.getAttribute("data-empty");
      return;
    }
    if (this.player.map) this.player.map.stopAnswer();
    this.answerFind(check, Number(option.getAttribute("data-lat")), Number(option.getAttribute("data-lon")));
  }

  /** A step shown again keeps what its checks said. */
  restore() {
    this.player.shell.article.querySelectorAll(".sm-check").forEach((check) => {
      const said = this.feedback[this.key(check)];
      if (!said) return;
      check.querySelector(".sm-check-feedback").textContent = said.text;
      check.classList.toggle("sm-right", said.right);
      check.classList.toggle("sm-wrong", !said.right);
      const explain = /** @type {HTMLElement | null} */ (check.querySelector(".sm-check-explain"));
      if (explain) explain.hidden = false;
    });
  }
}
