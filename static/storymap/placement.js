// @ts-check
/*
 * Where the map's labels go, as pure geometry: each label, in order of importance, takes the first
 * spot around its anchor that covers no label placed before it and no marker; a label with no such
 * spot is dropped, never drawn on top. No DOM and no Leaflet, so that Node tests it
 * (tests/js/placement.test.mjs); labels.js measures the labels and draws the result. A classic
 * script (the export plays from file://): it adds `placement` to window.StoryMapLib.
 */

/** A box on the map in pixels of its container: top-left corner, width, height. @typedef {{x: number, y: number, w: number, h: number}} Box */
/** Where a label stands beside its anchor. @typedef {"right" | "left" | "above" | "below" | "upper-right" | "lower-right" | "upper-left" | "lower-left" | "center" | "center-above" | "center-below"} Side */
/**
 * A label to place: its anchor (x, y), its size (w, h), the room to leave around the anchor (a
 * marker's radius), its rank (0 the most important), the spots to try in order, and whether it
 * must be shown even partly outside the view (a step's own places).
 * @typedef {{key: string, x: number, y: number, w: number, h: number, gap: number, rank: number, sides: readonly Side[], required?: boolean}} LabelCandidate
 */
/** A marker's box, and the rank of the labels it keeps away at any cost (a label more important than that may cover it when nothing else is free). @typedef {Box & {rank: number}} Obstacle */
/** A label placed: its spot, its box, and how far out it went (1 beside its anchor, more when it had to move away). @typedef {{key: string, side: Side, box: Box, reach: number}} PlacedLabel */

const StoryMapPlacement = (() => {
  "use strict";

  /** Beside a marker: right and left first, the way a map reads; then above, below, the corners. */
  const MARKER_SIDES = Object.freeze(/** @type {Side[]} */ (
    ["right", "left", "above", "below", "upper-right", "lower-right", "upper-left", "lower-left"]));
  /** An area's name: on its label point, else just above or below it. */
  const AREA_SIDES = Object.freeze(/** @type {Side[]} */ (["center", "center-above", "center-below"]));

  // How far an area's name moves off its label point when it must, beyond its own height.
  const AREA_STEP = 2;

  /** Whether two boxes share more than a line, with `margin` pixels kept between them. */
  const overlaps = (/** @type {Box} */ a, /** @type {Box} */ b, margin = 0) =>
    a.x < b.x + b.w + margin && b.x < a.x + a.w + margin && a.y < b.y + b.h + margin && b.y < a.y + a.h + margin;

  /** Whether `box` lies wholly inside `view`. */
  const within = (/** @type {Box} */ box, /** @type {Box} */ view) =>
    box.x >= view.x && box.y >= view.y && box.x + box.w <= view.x + view.w && box.y + box.h <= view.y + view.h;

  /**
   * The box of a label of size w x h on `side` of an anchor at (x, y), `gap` pixels away from it
   * (`reach` times further out, for a second try farther away).
   * @param {Side} side @param {number} x @param {number} y @param {number} w @param {number} h
   * @param {number} gap @param {number} [reach]
   * @returns {Box}
   */
  const boxAt = (side, x, y, w, h, gap, reach = 1) => {
    const g = gap * reach + (reach - 1) * h / 2;
    const d = g;
    switch (side) {
      case "right": return { x: x + g, y: y - h / 2, w, h };
      case "left": return { x: x - g - w, y: y - h / 2, w, h };
      case "above": return { x: x - w / 2, y: y - g - h, w, h };
      case "below": return { x: x - w / 2, y: y + g, w, h };
      case "upper-right": return { x: x + d, y: y - d - h, w, h };
      case "lower-right": return { x: x + d, y: y + d, w, h };
      case "upper-left": return { x: x - d - w, y: y - d - h, w, h };
      case "lower-left": return { x: x - d - w, y: y + d, w, h };
      case "center-above": return { x: x - w / 2, y: y - h * 1.5 - AREA_STEP, w, h };
      case "center-below": return { x: x - w / 2, y: y + h / 2 + AREA_STEP, w, h };
      default: return { x: x - w / 2, y: y - h / 2, w, h };
    }
  };

  /**
   * Place labels without overlap. Candidates are taken by rank (0 first), in their given order
   * within a rank; each takes the first of its sides whose box is inside the view and covers no
   * label placed before and no obstacle. When none is free, a spot that covers only markers less
   * important than the label is taken (a grey dot under a step's own place name); then, for a
   * required label, its sides again farther out (twice, then three times as far), and last partly
   * outside the view. What is still
   * not placed is dropped.
   * @param {readonly LabelCandidate[]} candidates
   * @param {readonly Obstacle[]} obstacles
   * @param {Box} view
   * @param {number} [margin] pixels kept free between a label and what it must not cover
   * @returns {PlacedLabel[]} in the order placed
   */
  const placeLabels = (candidates, obstacles, view, margin = 1) => {
    const order = candidates.map((candidate, index) => ({ candidate, index }));
    order.sort((a, b) => a.candidate.rank - b.candidate.rank || a.index - b.index);
    /** @type {PlacedLabel[]} */
    const placed = [];
    const free = (/** @type {Box} */ box, /** @type {(o: Obstacle) => boolean} */ blocks) =>
      !placed.some((label) => overlaps(box, label.box, margin)) &&
      !obstacles.some((obstacle) => blocks(obstacle) && overlaps(box, obstacle, margin));
    for (const { candidate: c } of order) {
      const every = () => true;
      const asImportant = (/** @type {Obstacle} */ o) => o.rank <= c.rank;
      /** @type {[number, (o: Obstacle) => boolean, boolean][]} reach, which obstacles block, inside the view */
      const tries = [[1, every, true], [1, asImportant, true]];
      if (c.required) {
        tries.push([2, every, true], [2, asImportant, true], [3, asImportant, true],
          [1, asImportant, false], [2, asImportant, false]);
      }
      let found = null;
      for (const [reach, blocks, inView] of tries) {
        for (const side of c.sides) {
          const box = boxAt(side, c.x, c.y, c.w, c.h, c.gap, reach);
          if (inView ? !within(box, view) : !overlaps(box, view)) { continue; }
          if (free(box, blocks)) { found = { key: c.key, side, box, reach }; break; }
        }
        if (found) { break; }
      }
      if (found) { placed.push(found); }
    }
    return placed;
  };

  /** The square box of a round marker of radius `r` centred on (x, y). */
  const markerBox = (/** @type {number} */ x, /** @type {number} */ y, /** @type {number} */ r, rank = 0) =>
    /** @type {Obstacle} */ ({ x: x - r, y: y - r, w: 2 * r, h: 2 * r, rank });

  return Object.freeze({ MARKER_SIDES, AREA_SIDES, overlaps, within, boxAt, placeLabels, markerBox });
})();

window.StoryMapLib = Object.assign(window.StoryMapLib || {}, { placement: StoryMapPlacement });
