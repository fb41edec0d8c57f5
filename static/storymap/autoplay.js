// @ts-check
/*
 * Autoplay: ?autoplay=<seconds> (5 to 120, PlayerRules.autoplayRequest), once through the story, or in
 * a loop with &loop=1. Never on by default, never started by itself when the reader prefers reduced
 * motion (a press of the button starts it), and stopped by any key or press of the reader's; in a loop
 * (a kiosk) it goes on again after the reader has left it alone for a while.
 */

class PlayerAutoplay {
  /** @param {Player} player */
  constructor(player) {
    this.player = player;
    /** @type {{seconds: number, loop: boolean} | null} what the address asked for */
    this.request = null;
    /** @type {HTMLDivElement | null} */
    this.bar = null;
    /** @type {HTMLButtonElement | null} */
    this.button = null;
    /** @type {HTMLSpanElement | null} */
    this.status = null;
    /** @type {number | null} the next step's timer while it plays */
    this.timer = null;
    /** @type {number | null} in a loop, the timer that starts it again once the reader is idle */
    this.idle = null;
  }

  /** Its bar and its listeners, when the address asks for it; then it starts (or waits for a press). */
  setUp() {
    const el = PlayerShell.el;
    const player = this.player;
    const request = PlayerRules.autoplayRequest(window.location.search);
    player.root.setAttribute("data-autoplay", "off");
    if (!request) return;
    this.request = request;
    this.bar = el("div", "sp-autoplay");
    this.button = el("button", "sp-button sp-autoplay-button");
    this.button.type = "button";
    this.status = el("span", "sp-autoplay-status");
    this.status.setAttribute("role", "status");
    this.bar.append(this.button, this.status);
    player.shell.narrative.insertBefore(this.bar, player.shell.nav);
    this.button.addEventListener("click", () => {
      if (this.timer) this.pause(false);
      else this.start();
    });
    // The reader's own key or press stops it (their key still does what it does).
    const interrupt = (/** @type {Event} */ event) => {
      const target = /** @type {Element | null} */ (event.target);
      if (!this.timer || (target && target.closest && target.closest(".sp-autoplay"))) {
        if (this.idle) this.restartIdle();
        return;
      }
      this.pause(true);
    };
    document.addEventListener("keydown", interrupt, true);
    player.root.addEventListener("pointerdown", interrupt, true);
    if (player.shell.motionBox.checked) this.pause(false);
    else this.start();
  }

  /** Another language: the bar's words in it, as it was (playing or paused). */
  languageChanged() {
    if (!this.bar) return;
    if (this.timer) this.start();
    else this.pause(false);
  }

  start() {
    const player = this.player;
    const request = this.request;
    window.clearTimeout(this.idle);
    this.idle = null;
    window.clearTimeout(this.timer);
    if (player.index >= player.data.steps.length - 1 && !request.loop) player.go(0, false);
    // Each step stays its full time, counted from when it came (a late timer never shortens the next).
    const tick = () => {
      const last = player.data.steps.length - 1;
      if (player.index < last) {
        player.go(player.index + 1, false);
      } else if (request.loop) {
        player.go(0, false);
      }
      if (player.index >= last && !request.loop) {
        this.pause(false);
        return;
      }
      this.timer = window.setTimeout(tick, request.seconds * 1000);
    };
    this.timer = window.setTimeout(tick, request.seconds * 1000);
    player.root.setAttribute("data-autoplay", "playing");
    this.button.textContent = player.data.texts.autoplayPause;
    this.status.textContent = player.data.texts.autoplayPlaying.replace("{seconds}", String(request.seconds));
  }

  /** byReader: the reader's key or press; in a loop, autoplay comes back once they leave it alone. @param {boolean} byReader */
  pause(byReader) {
    const player = this.player;
    window.clearTimeout(this.timer);
    this.timer = null;
    player.root.setAttribute("data-autoplay", "paused");
    this.button.textContent = player.data.texts.autoplayStart;
    this.status.textContent = player.data.texts.autoplayPaused;
    if (byReader && this.request.loop) this.restartIdle();
  }

  restartIdle() {
    window.clearTimeout(this.idle);
    this.idle = window.setTimeout(() => {
      this.idle = null;
      this.start();
    }, Math.max(60, 3 * this.request.seconds) * 1000);
  }
}
