// @ts-check
/*
 * Self-checks: judged here, in the page (the verdicts are PlayerRules'); nothing is sent anywhere.
 * The first answer to each check is the one that counts (the score a learning platform may read,
 * static/storymap/scorm.js, hears the "story:check" event); the reader may answer again to practise.
 * A check's words and its answer are attributes of its element (story/reader/narrative.py, checks_html;
 * "Which day?" and the order question in story/reader/time_checks.py). An order question's events move
 * by Move up and Move down (the focus stays on the button pressed, the new place is said) or by dragging.
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
    // An order question's events as the reader left them (a step shown again is drawn anew).
    /** @type {Record<string, string[]>} */
    this.orders = Object.create(null);
  }

  /** @param {Element} check */
  key(check) {
    // The step the check is written in (in scroll mode every step is on the page).
    const holder = check.closest("[data-step]");
    const player = this.player;
    const stepId = holder ? holder.getAttribute("data-step") : player.data.steps[player.index].id;
    return PlayerRules.checkKey(stepId, check.getAttribute("data-index"));
  }

  /**
   * @param {Element} check @param {boolean} right @param {string} text
   * @param {string} given what was answered: the choice's number, or "lat,lon" of a place found
   */
  judged(check, right, text, given) {
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
        detail: { key, right, answered, correct, total: this.player.data.checkCount || 0, answer: given },
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
    this.judged(check, verdict.right, check.getAttribute(verdict.says), chosen ? chosen.value : "");
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
    this.judged(check, verdict.right, text, lat.toFixed(4) + "," + lon.toFixed(4));
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

  /** The step a check is written in. @param {Element} check */
  stepOf(check) {
    const holder = check.closest("[data-step]");
    const steps = this.player.data.steps;
    const id = holder ? holder.getAttribute("data-step") : steps[this.player.index].id;
    return steps.find((step) => step.id === id) || steps[this.player.index];
  }

  /** "Which day?": the day the step's slider shows is the answer. @param {Element} check */
  answerDay(check) {
    const step = this.stepOf(check);
    const time = step.state.time;
    const day = this.player.time.dayOf(step);
    if (!time || !day) return;
    const verdict = PlayerRules.dayVerdict(day, check.getAttribute("data-answer"), check.getAttribute("data-within"));
    const words = time.labels[time.days.indexOf(day)];
    this.judged(check, verdict.right, check.getAttribute(verdict.says).replace("{day}", words), day);
  }

  /** The events of an order question, as shown. @param {Element} check */
  orderItems(check) {
    return /** @type {HTMLElement[]} */ (Array.from(check.querySelectorAll(".sm-order-item")));
  }

  /** @param {Element} check */
  answerOrder(check) {
    const verdict = PlayerRules.orderVerdict(this.orderItems(check).map((item) => item.getAttribute("data-item") || ""));
    this.judged(check, verdict.right, check.getAttribute(verdict.says), verdict.given);
  }

  /**
   * An event moved to the place `to` of its list, and its new place said (a screen reader hears it).
   * @param {HTMLElement} item @param {number} to @param {HTMLElement | null} focus what keeps the focus
   */
  placeItem(item, to, focus) {
    const check = /** @type {Element} */ (item.closest(".sm-check"));
    const items = this.orderItems(check);
    const from = items.indexOf(item);
    const order = PlayerRules.orderMoved(items.map((_, index) => String(index)), from, to - from);
    const list = /** @type {Element} */ (item.parentNode);
    order.forEach((index) => list.appendChild(items[Number(index)]));
    this.orders[this.key(check)] = this.orderItems(check).map((event) => event.getAttribute("data-item") || "");
    if (focus) focus.focus();
    const text = item.querySelector(".sm-order-text");
    const said = /** @type {string} */ (check.getAttribute("data-moved"))
      .replace("{item}", text ? text.textContent || "" : "")
      .replace("{position}", String(order.indexOf(String(from)) + 1))
      .replace("{count}", String(items.length));
    check.querySelector(".sm-order-said").textContent = said;
  }

  /** Move up or Move down. @param {HTMLElement} button */
  move(button) {
    const item = /** @type {HTMLElement} */ (button.closest(".sm-order-item"));
    const at = this.orderItems(/** @type {Element} */ (item.closest(".sm-check"))).indexOf(item);
    this.placeItem(item, at + Number(button.getAttribute("data-sm-move")), button);
  }

  /** Dragging an event onto another puts it in that one's place. @param {HTMLElement} article */
  listen(article) {
    /** @type {HTMLElement | null} */
    let dragged = null;
    article.addEventListener("dragstart", (event) => {
      const target = /** @type {Element} */ (event.target);
      dragged = target.closest ? /** @type {HTMLElement | null} */ (target.closest(".sm-order-item")) : null;
      if (dragged && event.dataTransfer) {
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.getAttribute("data-item") || "");
      }
    });
    /** @param {DragEvent} event */
    const over = (event) => {
      const target = /** @type {Element} */ (event.target);
      const item = target.closest ? /** @type {HTMLElement | null} */ (target.closest(".sm-order-item")) : null;
      // Only onto an event of the same list.
      return dragged && item && item.parentNode === dragged.parentNode ? item : null;
    };
    article.addEventListener("dragover", (event) => {
      if (over(event)) event.preventDefault();
    });
    article.addEventListener("drop", (event) => {
      const onto = over(event);
      if (!onto || !dragged) return;
      event.preventDefault();
      const check = /** @type {Element} */ (onto.closest(".sm-check"));
      this.placeItem(dragged, this.orderItems(check).indexOf(onto), null);
      dragged = null;
    });
    article.addEventListener("dragend", () => {
      dragged = null;
    });
  }

  /** A step shown again keeps what its checks said. */
  restore() {
    this.player.shell.article.querySelectorAll(".sm-check").forEach((check) => {
      const left = this.orders[this.key(check)];
      if (left) {
        const items = this.orderItems(check);
        left.forEach((item) => {
          const event = items.find((shown) => shown.getAttribute("data-item") === item);
          if (event && event.parentNode) event.parentNode.appendChild(event);
        });
      }
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
