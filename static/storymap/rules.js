// @ts-check
/*
 * The player's pure parts: what the address asks for (scroll mode, autoplay), the day a time step
 * shows, how a self-check's answer is judged, where a key, a place or a timeline mark leads, and how
 * the timeline groups its steps. No DOM: the Node tests load this file as it is (tests/js/). A
 * classic script (the export plays from file://): the player's parts call `PlayerRules`, and it is
 * on the one namespace, window.StoryMapLib, as `player`.
 */

/** @typedef {{days: string[], labels: string[], start: number}} PlayerTimeSteps */
/** @typedef {{lat: string | null, km: number}} PlayerFindJudged */
/** @typedef {{position: number, stepId: string, date?: string, title?: string}} PlayerTimelinePoint */

const PlayerRules = (() => {
  "use strict";

  const AUTOPLAY_MIN_S = 5;
  const AUTOPLAY_MAX_S = 120;
  // Two steps closer than this on the strip share one mark.
  const TIMELINE_GAP_PX = 18;
  // A year under the strip: its width in 12 px type, and the room kept between two years.
  const TIMELINE_YEAR_PX = 30;
  const TIMELINE_YEAR_GAP_PX = 8;

  /**
   * ?mode=scroll (or the export's own choice): every step in one column, the map beside it following
   * the step whose text crosses the middle of the screen. Click mode, one step at a time, is the default.
   * @param {string} search the address's query, as `location.search` gives it
   * @param {string | undefined} mode the data's own choice
   */
  const scrollModeWanted = (search, mode) => {
    let asked = null;
    try {
      asked = new URLSearchParams(search).get("mode");
    } catch (error) {
      asked = null;
    }
    return (asked || mode || "click") === "scroll";
  };

  /**
   * ?size=large: text and map labels for the back of a room (a projector); the default otherwise.
   * @param {string} search the address's query, as `location.search` gives it
   */
  const largeTextWanted = (search) => {
    try {
      return new URLSearchParams(search).get("size") === "large";
    } catch (error) {
      return false;
    }
  };

  /**
   * The address with large text asked for or not, every other part kept.
   * @param {string} href
   * @param {boolean} large
   */
  const addressWithSize = (href, large) => {
    const url = new URL(href);
    if (large) url.searchParams.set("size", "large");
    else url.searchParams.delete("size");
    return url.toString();
  };

  /**
   * ?autoplay=<seconds> (5 to 120, rounded), with &loop=1 (or true) to go round: null when not asked
   * for, or not a number.
   * @param {string} search
   * @returns {{seconds: number, loop: boolean} | null}
   */
  const autoplayRequest = (search) => {
    let params;
    try {
      params = new URLSearchParams(search);
    } catch (error) {
      return null;
    }
    const seconds = Number(params.get("autoplay"));
    if (!params.has("autoplay") || !Number.isFinite(seconds)) return null;
    return {
      seconds: Math.max(AUTOPLAY_MIN_S, Math.min(AUTOPLAY_MAX_S, Math.round(seconds))),
      loop: params.get("loop") === "1" || params.get("loop") === "true",
    };
  };

  /**
   * The index of the day a time step shows: the one the reader left it on, else the step's own start.
   * @param {PlayerTimeSteps} time @param {number | undefined} saved
   */
  const dayIndex = (time, saved) => (saved === undefined ? time.start : saved);

  /**
   * The day (an ISO date) a step shows on the map: null for a step without time.
   * @param {PlayerTimeSteps | null | undefined} time @param {number | undefined} saved
   */
  const dayOf = (time, saved) => (time ? time.days[dayIndex(time, saved)] : null);

  /** A day's index kept within the step's days. @param {number} index @param {PlayerTimeSteps} time */
  const clampDay = (index, time) => Math.max(0, Math.min(index, time.days.length - 1));

  /** The day after `current` for Play, or null at the last day. @param {number} current @param {PlayerTimeSteps} time */
  const nextDay = (current, time) => (current >= time.days.length - 1 ? null : current + 1);

  /**
   * Where a swipe step opens its handle: a phone shows one day at a time (the first, 100), a wide
   * screen the two halves (50); undefined for a step without a swipe.
   * @param {unknown} swipe @param {boolean} narrow
   */
  const swipeOpening = (swipe, narrow) => {
    if (!swipe) return undefined;
    return narrow ? 100 : 50;
  };

  /**
   * The day the phone's swipe button offers: at 100 the whole map is the left day, so the right one,
   * and back.
   * @param {number} at @param {string[]} labels
   */
  const swipeOther = (at, labels) => (at >= 50 ? labels[1] : labels[0]);

  /** Which check: the step it is written in and its place there. @param {string} stepId @param {string | null} index */
  const checkKey = (stepId, index) => stepId + ":" + index;

  /**
   * A choice question's verdict: null when nothing is chosen (the check says so, and nothing counts),
   * else whether it is right and the attribute holding what the check then says.
   * @param {string | null} chosen @param {string | null} answer
   * @returns {{right: boolean, says: string} | null}
   */
  const choiceVerdict = (chosen, answer) => {
    if (chosen === null) return null;
    const right = chosen === answer;
    return { right, says: right ? "data-right" : "data-wrong" };
  };

  /**
   * A find-the-place answer `km` kilometres from the target: right within the target's own distance.
   * "In Mangystau" for an area the answer lies in (no point to be some kilometres off).
   * @param {number} km @param {PlayerFindJudged} target
   * @returns {{right: boolean, says: string}}
   */
  const findVerdict = (km, target) => {
    const right = km <= target.km;
    const says = km === 0 && !target.lat ? "data-inside" : right ? "data-right" : "data-wrong";
    return { right, says };
  };

  /**
   * A "Which day?" answered with the day `chosen` (ISO): right within `within` days of `answer`.
   * @param {string} chosen @param {string | null} answer @param {string | null} within
   * @returns {{right: boolean, says: string}}
   */
  const dayVerdict = (chosen, answer, within) => {
    const apart = Math.abs(Date.parse(chosen) - Date.parse(answer || "")) / 86400000;
    const right = apart <= Number(within || 0);
    return { right, says: right ? "data-right" : "data-wrong" };
  };

  /**
   * The events' order after one moves by `by` (-1 up, 1 down); unchanged at either end.
   * @param {string[]} order @param {number} from @param {number} by
   */
  const orderMoved = (order, from, by) => {
    const to = from + by;
    if (to < 0 || to >= order.length) return order;
    const moved = order.slice();
    moved.splice(to, 0, moved.splice(from, 1)[0]);
    return moved;
  };

  /**
   * An order question's verdict: the events' numbers as shown (each its place in the right order), right
   * when they count up from 0; `given` is what is sent ("2,0,1").
   * @param {string[]} order
   */
  const orderVerdict = (order) => {
    const right = order.every((item, place) => item === String(place));
    return { right, says: right ? "data-right" : "data-wrong", given: order.join(",") };
  };

  /** Kilometres in words of the language, whole. @param {number} km @param {string} language */
  const kmWords = (km, language) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(Math.round(km));

  /**
   * The score so far: how many checks are answered, and how many were right the first time.
   * @param {Record<string, boolean>} results each check's first answer
   */
  const checkScore = (results) => {
    let answered = 0;
    let correct = 0;
    for (const key in results) {
      answered += 1;
      if (results[key]) correct += 1;
    }
    return { answered, correct };
  };

  /**
   * Where a key's action leads from step `index` (before the player keeps it within the story).
   * @param {string} action next, previous, first or last @param {number} index @param {number} last
   */
  const keyTarget = (action, index, last) => {
    /** @type {Record<string, number>} */
    const moves = { next: index + 1, previous: index - 1, first: 0, last };
    return moves[action];
  };

  /**
   * The step a click on a place leads to: its next step after `index`, else its first; null when the
   * place is in no step.
   * @param {number[] | undefined} steps the place's steps, in order @param {number} index
   */
  const placeStep = (steps, index) => {
    if (!steps || !steps.length) return null;
    const later = steps.filter((i) => i > index);
    return later.length ? later[0] : steps[0];
  };

  /**
   * The timeline's marks for a strip `width` pixels wide: points in order of their position, those
   * that would overlap sharing one mark.
   * @param {PlayerTimelinePoint[]} points @param {number} width
   * @returns {{position: number, members: number[]}[]}
   */
  const timelineGroups = (points, width) => {
    const minGap = TIMELINE_GAP_PX / width;
    const order = points.map((point, i) => i).sort((a, b) => points[a].position - points[b].position);
    /** @type {{position: number, members: number[]}[]} */
    const groups = [];
    for (const i of order) {
      const last = groups[groups.length - 1];
      if (last && points[i].position - last.position < minGap) last.members.push(i);
      else groups.push({ position: points[i].position, members: [i] });
    }
    return groups;
  };

  /**
   * Which years the strip writes at a width: each starts at its first date and takes about 30 px;
   * the years with most steps first, and a year that would run into one already written is left
   * out (its marks still name their dates).
   * @param {{position: number, year: number, steps: number}[]} years @param {number} width
   * @returns {boolean[]} for each year, in the order given
   */
  const timelineYearsShown = (years, width) => {
    /** @type {number[]} the left edges of the years written */
    const written = [];
    const shown = (years || []).map(() => false);
    const order = (years || []).map((year, i) => i)
      .sort((a, b) => years[b].steps - years[a].steps || years[a].position - years[b].position);
    for (const i of order) {
      const left = years[i].position * width;
      if (written.every((other) => Math.abs(other - left) >= TIMELINE_YEAR_PX + TIMELINE_YEAR_GAP_PX)) {
        written.push(left);
        shown[i] = true;
      }
    }
    return shown;
  };

  /**
   * A click on a mark: within the current mark it walks on through the mark's steps, else to its first.
   * @param {number[]} steps the mark's steps @param {number} index the current step
   */
  const timelineStep = (steps, index) => {
    const current = steps.indexOf(index);
    return current >= 0 ? steps[(current + 1) % steps.length] : steps[0];
  };

  /**
   * Whether new data needs the map drawn again: the first data, another map script (another
   * language's labels) or another map configuration.
   * @param {{map: {script: string}, mapConfig: unknown} | null | undefined} previous
   * @param {{map: {script: string}, mapConfig: unknown}} data
   */
  const mapChanged = (previous, data) =>
    !previous ||
    previous.map.script !== data.map.script ||
    JSON.stringify(previous.mapConfig) !== JSON.stringify(data.mapConfig);

  /**
   * The lesson the address asks for: `?lesson=` (the app), or `#lesson=` in the fragment (the export,
   * whose step is there too: `#lesson=january&step=csto`); null for none.
   * @param {string} search `location.search` @param {string} hash `location.hash`
   */
  const lessonWanted = (search, hash) => {
    for (const part of [search, (hash || "").replace(/^#/, "")]) {
      try {
        const asked = new URLSearchParams(part).get("lesson");
        if (asked) return asked;
      } catch (error) {
        // not an address's parts: no lesson there
      }
    }
    return null;
  };

  /**
   * The player's data cut to one lesson: its steps, its timeline, its places' steps and its self-checks,
   * so that the counter, the list, the timeline, the keys, autoplay and scroll mode stay inside it.
   * `unknown` is a lesson id the story does not have (the whole story then plays).
   * @template {{steps: {id: string, html?: string}[], placeSteps: Record<string, number[]>, lessons?: any[]}} D
   * @param {D} data @param {string | null} lessonId
   * @returns {{data: D, lesson: any, unknown: string | null}}
   */
  const lessonCut = (data, lessonId) => {
    if (!lessonId) return { data, lesson: null, unknown: null };
    const lesson = (data.lessons || []).find((/** @type {{id: string}} */ item) => item.id === lessonId);
    if (!lesson) return { data, lesson: null, unknown: lessonId };
    const wanted = new Set(lesson.steps);
    /** @type {Record<number, number>} */
    const moved = Object.create(null);
    const steps = data.steps.filter((step, index) => {
      if (!wanted.has(step.id)) return false;
      moved[index] = Object.keys(moved).length;
      return true;
    });
    // Its first step opens with the story's content note, as the story's first step does.
    if (lesson.openingHtml && steps.length) steps[0] = { ...steps[0], html: lesson.openingHtml };
    /** @type {Record<string, number[]>} */
    const placeSteps = Object.create(null);
    for (const key of Object.keys(data.placeSteps)) {
      const kept = data.placeSteps[key].filter((index) => index in moved).map((index) => moved[index]);
      if (kept.length) placeSteps[key] = kept;
    }
    const cut = { ...data, steps, placeSteps, timeline: lesson.timeline, checkCount: lesson.checkCount };
    return { data: cut, lesson, unknown: null };
  };

  return {
    scrollModeWanted,
    largeTextWanted,
    addressWithSize,
    lessonWanted,
    lessonCut,
    autoplayRequest,
    dayIndex,
    dayOf,
    clampDay,
    nextDay,
    swipeOpening,
    swipeOther,
    checkKey,
    choiceVerdict,
    findVerdict,
    dayVerdict,
    orderMoved,
    orderVerdict,
    kmWords,
    checkScore,
    keyTarget,
    placeStep,
    timelineGroups,
    timelineYearsShown,
    timelineStep,
    mapChanged,
  };
})();

window.StoryMapLib = Object.assign(window.StoryMapLib || {}, { player: PlayerRules });
