// Where the map's labels go (static/storymap/placement.js), loaded as the browser loads it: a classic
// script in a context of its own, with a stub window to hang its namespace on.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const context = vm.createContext({ window: {} });
vm.runInContext(readFileSync(new URL("../../static/storymap/placement.js", import.meta.url), "utf8"), context);
const { MARKER_SIDES, AREA_SIDES, overlaps, within, boxAt, placeLabels, markerBox } = context.window.StoryMapLib.placement;

const VIEW = { x: 0, y: 0, w: 800, h: 600 };
const place = (key, x, y, extra = {}) =>
  ({ key, x, y, w: 60, h: 20, gap: 12, rank: 0, sides: MARKER_SIDES, required: true, ...extra });
const area = (key, x, y, rank = 1, extra = {}) => ({ key, x, y, w: 120, h: 16, gap: 0, rank, sides: AREA_SIDES, ...extra });
const byKey = (placed) => Object.fromEntries(placed.map((label) => [label.key, label]));
const noOverlap = (placed) => {
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      assert.ok(!overlaps(placed[i].box, placed[j].box), `${placed[i].key} overlaps ${placed[j].key}`);
    }
  }
};

test("boxes that only touch do not overlap; a margin keeps them apart", () => {
  const a = { x: 0, y: 0, w: 10, h: 10 };
  assert.equal(overlaps(a, { x: 10, y: 0, w: 10, h: 10 }), false);
  assert.equal(overlaps(a, { x: 9, y: 9, w: 10, h: 10 }), true);
  assert.equal(overlaps(a, { x: 10, y: 0, w: 10, h: 10 }, 1), true);
  assert.equal(within({ x: 790, y: 10, w: 20, h: 10 }, VIEW), false);
});

test("a label beside a marker leaves the marker's room on each side", () => {
  assert.deepEqual({ ...boxAt("right", 100, 100, 60, 20, 12) }, { x: 112, y: 90, w: 60, h: 20 });
  assert.deepEqual({ ...boxAt("left", 100, 100, 60, 20, 12) }, { x: 28, y: 90, w: 60, h: 20 });
  assert.deepEqual({ ...boxAt("above", 100, 100, 60, 20, 12) }, { x: 70, y: 68, w: 60, h: 20 });
  assert.deepEqual({ ...boxAt("below", 100, 100, 60, 20, 12) }, { x: 70, y: 112, w: 60, h: 20 });
  assert.deepEqual({ ...boxAt("center", 100, 100, 60, 20, 0) }, { x: 70, y: 90, w: 60, h: 20 });
  for (const side of MARKER_SIDES) {
    assert.ok(!overlaps(boxAt(side, 100, 100, 60, 20, 12), markerBox(100, 100, 9)), side);
  }
});

test("a lone place is named to the right of its marker", () => {
  const placed = placeLabels([place("almaty", 400, 300)], [markerBox(400, 300, 9)], VIEW);
  assert.equal(placed.length, 1);
  assert.equal(placed[0].side, "right");
  assert.equal(placed[0].reach, 1);
});

test("two places side by side: the second name goes elsewhere, off the first one's name and marker", () => {
  // Bishkek and Almaty on the CSTO step: 40 px apart on one line.
  const markers = [markerBox(400, 300, 9), markerBox(440, 300, 9)];
  const placed = placeLabels([place("bishkek", 400, 300), place("almaty", 440, 300)], markers, VIEW);
  const named = byKey(placed);
  assert.ok(named.bishkek && named.almaty, "both named");
  noOverlap(placed);
  for (const label of placed) {
    for (const marker of markers) { assert.ok(!overlaps(label.box, marker), `${label.key} covers a marker`); }
  }
});

test("near the view's edge a name turns inward", () => {
  const placed = placeLabels([place("edge", 780, 300)], [markerBox(780, 300, 9)], VIEW);
  assert.equal(placed[0].side, "left");
  assert.ok(within(placed[0].box, VIEW));
});

test("the step's places win over areas, whatever the order they come in", () => {
  const candidates = [area("region", 400, 300, 1), place("town", 380, 300)];
  const placed = placeLabels(candidates, [markerBox(380, 300, 9)], VIEW);
  assert.equal(placed[0].key, "town");
  const named = byKey(placed);
  if (named.region) { assert.ok(!overlaps(named.region.box, named.town.box)); }
});

test("what finds no room is dropped, the less important first, never drawn on top", () => {
  // Three country names on one spot: the first keeps its place, the second moves above or below, the third has no room.
  const candidates = [area("a", 400, 300, 3), area("b", 400, 300, 3), area("c", 400, 300, 3), area("d", 400, 300, 3)];
  const placed = placeLabels(candidates, [], VIEW);
  assert.deepEqual([...placed.map((label) => label.key)], ["a", "b", "c"]);
  noOverlap(placed);
});

test("a country name keeps clear of every marker; a place's name may cover a grey dot rather than go unnamed", () => {
  const grey = markerBox(420, 300, 6, 2);
  const country = placeLabels([area("country", 420, 300, 3)], [grey], VIEW);
  assert.equal(country.length, 1);
  assert.notEqual(country[0].side, "center");
  assert.ok(!overlaps(country[0].box, grey));
  // The place is boxed in on every side but the right, where a grey dot sits.
  const crowd = MARKER_SIDES.filter((side) => side !== "right")
    .map((side, index) => ({ ...boxAt(side, 400, 300, 60, 20, 12), rank: 0, key: index }));
  const placed = placeLabels([place("town", 400, 300, { sides: ["right", "left"] })], [grey, ...crowd], VIEW);
  assert.equal(placed.length, 1);
  assert.equal(placed[0].side, "right");
});

test("a required name with no room nearby is placed farther out, still clear of the others", () => {
  const markers = [markerBox(400, 300, 9)];
  const blockers = MARKER_SIDES.map((side) => ({ ...boxAt(side, 400, 300, 60, 20, 12), rank: 0 }));
  const placed = placeLabels([place("town", 400, 300)], [...markers, ...blockers], VIEW);
  assert.equal(placed.length, 1);
  assert.ok(placed[0].reach > 1, "farther out (labels.js ties it to its marker by a line)");
  for (const blocker of blockers) { assert.ok(!overlaps(placed[0].box, blocker)); }
  // Not required: dropped instead.
  assert.equal(placeLabels([place("town", 400, 300, { required: false })], [...markers, ...blockers], VIEW).length, 0);
});

test("labels wholly outside the view are not placed; a required one may stand partly outside", () => {
  assert.equal(placeLabels([area("far", 2000, 300, 3)], [], VIEW).length, 0);
  const tight = { x: 0, y: 0, w: 70, h: 30 };
  const placed = placeLabels([place("town", 35, 15)], [markerBox(35, 15, 9)], tight);
  assert.equal(placed.length, 1);
  assert.ok(overlaps(placed[0].box, tight));
});

test("forty places on a small map: none overlaps another or any marker", () => {
  const candidates = [];
  const markers = [];
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 40; i++) {
    const x = 20 + random() * 335, y = 20 + random() * 240;
    candidates.push(place("p" + i, x, y, { w: 40 + random() * 60 }));
    markers.push(markerBox(x, y, 9));
  }
  const placed = placeLabels(candidates, markers, { x: 0, y: 0, w: 375, h: 280 });
  noOverlap(placed);
  for (const label of placed) {
    for (const marker of markers) { assert.ok(!overlaps(label.box, marker, 0), `${label.key} covers a marker`); }
  }
});
