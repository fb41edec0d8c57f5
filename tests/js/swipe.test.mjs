// The swipe's clipping (static/storymap/swipe.js, clipRects): what each day's pane shows of the map.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

// Objects made in the script's context have that context's prototypes: compared as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));

const context = vm.createContext({ window: {} });
for (const name of ["geo.js", "swipe.js"]) {
  vm.runInContext(readFileSync(new URL(`../../static/storymap/${name}`, import.meta.url), "utf8"), context);
}
const { clipRects } = context.window.StoryMapLib.swipe;

// The map's corners in the panes' pixels: panned, so its top-left is not at 0, 0.
const nw = { x: -120, y: -40 };
const se = { x: 680, y: 560 };

test("the first day left of the handle, the second right of it", () => {
  assert.deepEqual(plain(clipRects(nw, se, 280)), {
    left: "rect(-40px, 280px, 560px, -120px)",
    right: "rect(-40px, 680px, 560px, 280px)",
  });
});

test("at either end, one day fills the map", () => {
  const atStart = clipRects(nw, se, nw.x);
  assert.equal(atStart.left, "rect(-40px, -120px, 560px, -120px)", "no width left of the handle");
  assert.equal(atStart.right, "rect(-40px, 680px, 560px, -120px)");
  const atEnd = clipRects(nw, se, se.x);
  assert.equal(atEnd.left, "rect(-40px, 680px, 560px, -120px)");
  assert.equal(atEnd.right, "rect(-40px, 680px, 560px, 680px)", "no width right of the handle");
});

test("fractional pixels are rounded, so the two days meet without a gap", () => {
  const clips = clipRects({ x: 0.4, y: 0.6 }, { x: 799.5, y: 599.4 }, 399.5);
  assert.equal(clips.left, "rect(1px, 400px, 599px, 0px)");
  assert.equal(clips.right, "rect(1px, 800px, 599px, 400px)");
});
