// The player's lessons (static/storymap/rules.js: lessonWanted, lessonCut), run by Node's own test
// runner: which lesson an address asks for, and the player's data cut to its steps.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const RULES = fileURLToPath(new URL("../../static/storymap/rules.js", import.meta.url));
const window = {};
vm.runInContext(readFileSync(RULES, "utf-8"), vm.createContext({ window, URLSearchParams }), { filename: RULES });
const rules = window.StoryMapLib.player;
const plain = (value) => JSON.parse(JSON.stringify(value));

test("the lesson comes from the app's ?lesson= or the offline copy's #lesson=, else none", () => {
  assert.equal(rules.lessonWanted("?step=csto&lesson=january", ""), "january");
  assert.equal(rules.lessonWanted("", "#lesson=history&step=steppe"), "history");
  assert.equal(rules.lessonWanted("?lesson=january", "#lesson=history"), "january");
  assert.equal(rules.lessonWanted("?step=csto", "#step=csto"), null);
  assert.equal(rules.lessonWanted("?lesson=", ""), null);
  assert.equal(rules.lessonWanted("", ""), null);
});

const timeline = { firstYear: 2022, lastYear: 2022, points: [], years: [], breaks: [] };
const data = {
  steps: [{ id: "a" }, { id: "b" }, { id: "c" }, { id: "d" }],
  placeSteps: { here: [0, 2], there: [1], elsewhere: [3] },
  checkCount: 9,
  timeline: { whole: true },
  lessons: [{ id: "middle", title: "The middle", steps: ["b", "c"], timeline, checkCount: 2 }],
};

test("a lesson's data holds only its steps, and its places lead to its own steps' new places", () => {
  const { data: cut, lesson, unknown } = rules.lessonCut(data, "middle");
  assert.deepEqual(plain(cut.steps), [{ id: "b" }, { id: "c" }]);
  assert.deepEqual(plain(cut.placeSteps), { here: [1], there: [0] });
  assert.deepEqual(plain(cut.timeline), timeline);
  assert.equal(cut.checkCount, 2);
  assert.equal(lesson.title, "The middle");
  assert.equal(unknown, null);
  // The story's own data is left as it was (another language cuts it again).
  assert.equal(data.steps.length, 4);
});

test("no lesson asked: the whole story; an unknown lesson: the whole story, and its id said", () => {
  assert.equal(rules.lessonCut(data, null).data, data);
  const { data: whole, unknown } = rules.lessonCut(data, "nope");
  assert.equal(whole, data);
  assert.equal(unknown, "nope");
  assert.equal(rules.lessonCut({ ...data, lessons: undefined }, "middle").unknown, "middle");
});

test("a lesson that opens with the story's content note shows its first step as the lesson opens it", () => {
  const withNote = {
    ...data,
    steps: data.steps.map((step) => ({ ...step, html: `<h2>${step.id}</h2>` })),
    lessons: [{ ...data.lessons[0], openingHtml: "<p>note</p><h2>b</h2>" }],
  };
  const { data: cut } = rules.lessonCut(withNote, "middle");
  assert.deepEqual(plain(cut.steps.map((step) => step.html)), ["<p>note</p><h2>b</h2>", "<h2>c</h2>"]);
  assert.equal(withNote.steps[1].html, "<h2>b</h2>");
});
