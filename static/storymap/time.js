// @ts-check
/*
 * A slider over days, for a step whose layers change with dates, and a swipe's button for phones.
 * The day is the step's own: a step shown again opens on the day the reader left it on. Play moves a
 * day at a time, by the reader's press only (so never by itself under reduced motion). The map draws
 * the day (storymap.js, setDay) and tells what it shows (showSummary).
 */

// How long Play stays on each day.
const PLAYER_DAY_MS = 1200;

class PlayerTime {
  /** @param {Player} player */
  constructor(player) {
    const el = PlayerShell.el;
    this.player = player;
    // The day's index each time step was left on, by step id.
    /** @type {Record<string, number>} */
    this.days = Object.create(null);
    this.playing = false;
    /** @type {number | null} */
    this.playTimer = null;
    // Where a swipe's handle is while the map is not there to say (before Leaflet loads).
    /** @type {number | null | undefined} */
    this.swipeAt = undefined;
    this.box = el("div", "sp-time");
    this.box.setAttribute("role", "group");
    this.box.hidden = true;
    const row = el("div", "sp-time-row");
    this.playButton = el("button", "sp-button sp-time-play");
    this.playButton.type = "button";
    const label = el("label", "sp-time-slider");
    this.name = el("span", "sp-time-name");
    this.slider = el("input", "sp-time-range");
    this.slider.type = "range";
    this.slider.min = "0";
    this.slider.step = "1";
    label.append(this.name, this.slider);
    this.day = el("output", "sp-time-day");
    row.append(this.playButton, label, this.day);
    this.legend = el("p", "sp-time-legend");
    // The day's reports with their sources, folded (the map keeps its room, on a phone too); it stays
    // open from day to day once the reader opens it.
    this.reports = el("details", "sp-time-reports");
    this.summary = el("summary", "sp-time-today");
    this.list = el("ul", "sp-time-list");
    this.reports.append(this.summary, this.list);
    this.box.append(row, this.legend);
    this.slider.addEventListener("input", () => {
      this.stop();
      this.setDay(Number(this.slider.value));
    });
    this.playButton.addEventListener("click", () => {
      if (this.playing) this.stop();
      else this.play();
    });
    // A swipe's other way on a phone (no room to drag a handle): one day at a time, a button to switch.
    this.swipeToggle = el("button", "sp-button sp-swipe-toggle");
    this.swipeToggle.type = "button";
    this.swipeToggle.hidden = true;
    this.swipeToggle.addEventListener("click", () => {
      if (!player.map) return;
      player.map.setSwipe(player.map.swipeAt >= 50 ? 0 : 100);
      this.labelSwipeToggle();
    });
    player.shell.mapAlt.before(this.box, this.swipeToggle);
  }

  /** The step's current day (an ISO date), null for a step without time. @param {any} step */
  dayOf(step) {
    return PlayerRules.dayOf(step.state.time, this.days[step.id]);
  }

  narrow() {
    return !!(window.matchMedia && window.matchMedia("(max-width: 700px)").matches);
  }

  /** Where a swipe step opens its handle (PlayerRules.swipeOpening). @param {any} step */
  swipeOf(step) {
    if (!step.state.swipe) return undefined;
    return PlayerRules.swipeOpening(step.state.swipe, this.narrow());
  }

  labelSwipeToggle() {
    const player = this.player;
    const swipe = player.data.steps[player.index].state.swipe;
    if (!swipe) return;
    const at = player.map && player.map.swipeFor ? player.map.swipeAt : this.swipeAt;
    const other = PlayerRules.swipeOther(at, swipe.labels);
    this.swipeToggle.textContent = player.data.texts.swipeShow.replace("{day}", other);
  }

  /** The step's controls: its swipe button, its slider on its day, its reports after its text. @param {any} step */
  show(step) {
    const player = this.player;
    this.stop();
    const swipe = step.state.swipe;
    this.swipeToggle.hidden = !swipe;
    this.swipeAt = swipe ? this.swipeOf(step) : null;
    if (swipe) this.labelSwipeToggle();
    const time = step.state.time;
    this.box.hidden = !time;
    player.shell.mapPane.classList.toggle("sp-has-time", !!time);
    if (!time) return;
    const texts = player.data.texts;
    this.box.setAttribute("aria-label", texts.time);
    this.name.textContent = texts.time;
    this.slider.max = String(time.days.length - 1);
    this.playButton.textContent = texts.play;
    this.playButton.setAttribute("aria-pressed", "false");
    // The day's reports go with the step's text, after its body (the map pane keeps its room).
    const holder = player.scrollMode ? player.column.articles[player.index] : player.shell.article;
    const body = holder.querySelector("[data-section='body']");
    if (body) body.after(this.reports);
    else holder.appendChild(this.reports);
    this.setDay(PlayerRules.dayIndex(time, this.days[step.id]), true);
  }

  /** The current step on its day `index`; quiet: the map is told otherwise. @param {number} index @param {boolean} [quiet] */
  setDay(index, quiet) {
    const player = this.player;
    const step = player.data.steps[player.index];
    const time = step.state.time;
    if (!time) return;
    index = PlayerRules.clampDay(index, time);
    this.days[step.id] = index;
    this.slider.value = String(index);
    // What a screen reader reads of the slider: the day in words, not its number.
    this.slider.setAttribute("aria-valuetext", time.labels[index]);
    this.day.textContent = time.labels[index];
    this.box.setAttribute("data-day", time.days[index]);
    if (player.map && !quiet) player.map.setDay(time.days[index]);
  }

  play() {
    const player = this.player;
    const step = player.data.steps[player.index];
    const time = step.state.time;
    if (!time) return;
    // At the end, Play starts again.
    if (PlayerRules.nextDay(this.days[step.id] || 0, time) === null) this.setDay(0);
    this.playing = true;
    this.playButton.textContent = player.data.texts.pause;
    this.playButton.setAttribute("aria-pressed", "true");
    // While it plays, each day is read out as it comes (the slider's own text is read only on focus).
    this.day.setAttribute("aria-live", "polite");
    this.playTimer = window.setInterval(() => {
      const next = PlayerRules.nextDay(this.days[player.data.steps[player.index].id], time);
      if (next === null) {
        this.stop();
        return;
      }
      this.setDay(next);
    }, PLAYER_DAY_MS);
  }

  stop() {
    if (this.playTimer) window.clearInterval(this.playTimer);
    this.playTimer = null;
    if (!this.playing) return;
    this.playing = false;
    this.day.removeAttribute("aria-live");
    this.playButton.textContent = this.player.data.texts.play;
    this.playButton.setAttribute("aria-pressed", "false");
  }

  /**
   * What the map shows on the day, counted one way in the legend and the list: the places with
   * reports on the day (each place once, with its reports' kinds and sources), and those so far.
   * @param {{step: string, shown: number, disputed: number, today: {key: string, features: any[]}[]}} summary
   */
  showSummary(summary) {
    const el = PlayerShell.el;
    const player = this.player;
    const step = player.data.steps[player.index];
    if (!step.state.time || summary.step !== step.id) return;
    const texts = player.data.texts;
    const language = player.data.language;
    const today = String(summary.today.length);
    this.legend.textContent = texts.timeShown.replace("{today}", today).replace("{count}", String(summary.shown)) +
      (summary.disputed ? " " + texts.timeDisputed : "");
    this.box.setAttribute("data-shown", String(summary.shown));
    this.summary.textContent = summary.today.length ? texts.timeToday.replace("{count}", today) : texts.timeNone;
    const list = document.createDocumentFragment();
    summary.today.forEach((place) => {
      const reports = place.features.map((/** @type {any} */ feature) => feature.properties || {});
      const first = reports[0];
      const item = el("li");
      item.appendChild(el("strong", "", first["name_" + language] || first.name || first.id));
      const kinds = [...new Set(reports.map((report) => (texts.kinds && texts.kinds[report.kind]) || report.kind || ""))]
        .filter(Boolean);
      item.appendChild(document.createTextNode(kinds.length ? " (" + kinds.join(", ") + ")" : ""));
      if (reports.some((report) => report.disputed)) item.appendChild(el("em", "sp-time-disputed", " " + texts.disputed));
      const seen = new Set();
      reports.flatMap((report) => report.sources || []).forEach((/** @type {any} */ source) => {
        const url = String(source.url || "");
        if (!/^https?:\/\//.test(url) || seen.has(url)) return;
        item.appendChild(document.createTextNode(seen.size ? ", " : ": "));
        seen.add(url);
        const link = el("a", "", source.publisher || url);
        link.href = url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        if (source.title) link.title = source.title;
        item.appendChild(link);
      });
      list.appendChild(item);
    });
    this.list.replaceChildren(list);
    this.reports.classList.toggle("sp-empty", !summary.today.length);
  }
}
