// The player's pure parts (static/storymap/rules.js), run by Node's own test runner (make test-js).
// The script is loaded as the browser loads it, a classic script, into a context of its own whose
// window is a stub: what it puts on window.StoryMapLib is what the player uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const RULES = fileURLToPath(new URL("../../static/storymap/rules.js", import.meta.url));

function loadRules() {
  const window = {};
  const context = vm.createContext({ window, URL, URLSearchParams });
  vm.runInContext(readFileSync(RULES, "utf-8"), context, { filename: RULES });
  return window.StoryMapLib.player;
}

const rules = loadRules();

// Values made in the script's own context have their own Object prototype: compare them as JSON.
const plain = (value) => JSON.parse(JSON.stringify(value));

test("the script adds itself to a namespace already there, keeping what it holds", () => {
  const window = { StoryMapLib: { geo: { haversineKm: () => 0 } } };
  vm.runInContext(readFileSync(RULES, "utf-8"), vm.createContext({ window, URLSearchParams }));
  assert.equal(typeof window.StoryMapLib.geo.haversineKm, "function");
  assert.equal(typeof window.StoryMapLib.player.autoplayRequest, "function");
});

test("large text: only ?size=large asks for it, and the address keeps everything else", () => {
  assert.equal(rules.largeTextWanted("?size=large"), true);
  assert.equal(rules.largeTextWanted("?step=csto&size=large&lang=ru"), true);
  assert.equal(rules.largeTextWanted("?size=Large"), false);
  assert.equal(rules.largeTextWanted("?size="), false);
  assert.equal(rules.largeTextWanted(""), false);
  const on = rules.addressWithSize("https://school.example/?step=csto&lang=ru#x", true);
  assert.equal(on, "https://school.example/?step=csto&lang=ru&size=large#x");
  assert.equal(rules.addressWithSize(on, false), "https://school.example/?step=csto&lang=ru#x");
  assert.equal(rules.addressWithSize("file:///tmp/story.html#step=two", true), "file:///tmp/story.html?size=large#step=two");
});

test("scroll mode: the address's ?mode first, then the data's own, else one step at a time", () => {
  assert.equal(rules.scrollModeWanted("?mode=scroll", undefined), true);
  assert.equal(rules.scrollModeWanted("?mode=click", "scroll"), false);
  assert.equal(rules.scrollModeWanted("", "scroll"), true);
  assert.equal(rules.scrollModeWanted("?step=two", undefined), false);
  assert.equal(rules.scrollModeWanted("", undefined), false);
  // An empty ?mode= says nothing: the data's choice stands.
  assert.equal(rules.scrollModeWanted("?mode=", "scroll"), true);
  assert.equal(rules.scrollModeWanted("?mode=Scroll", undefined), false);
});

test("autoplay: seconds clamped to 5..120 and rounded, loop only with 1 or true", () => {
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=4")), { seconds: 5, loop: false });
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=10&loop=1")), { seconds: 10, loop: true });
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=10&loop=true")), { seconds: 10, loop: true });
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=10&loop=yes")), { seconds: 10, loop: false });
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=500")), { seconds: 120, loop: false });
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=7.6")), { seconds: 8, loop: false });
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=-3")), { seconds: 5, loop: false });
  // Present but empty reads as 0 seconds, so the shortest.
  assert.deepEqual(plain(rules.autoplayRequest("?autoplay=")), { seconds: 5, loop: false });
});

test("autoplay: not asked for, or not a number, is no autoplay", () => {
  assert.equal(rules.autoplayRequest(""), null);
  assert.equal(rules.autoplayRequest("?loop=1"), null);
  assert.equal(rules.autoplayRequest("?autoplay=soon"), null);
  assert.equal(rules.autoplayRequest("?autoplay=Infinity"), null);
});

const TIME = { days: ["2022-01-02", "2022-01-03", "2022-01-04", "2022-01-05"], labels: ["2", "3", "4", "5"], start: 1 };

test("the days of a time step: its start until the reader moves, then where they left it", () => {
  assert.equal(rules.dayOf(TIME, undefined), "2022-01-03");
  assert.equal(rules.dayOf(TIME, 3), "2022-01-05");
  // Day 0 is a day the reader left it on, not "never moved".
  assert.equal(rules.dayOf(TIME, 0), "2022-01-02");
  assert.equal(rules.dayIndex(TIME, undefined), 1);
  assert.equal(rules.dayIndex(TIME, 0), 0);
});

test("the days of a time step: a step without time has no day", () => {
  assert.equal(rules.dayOf(null, undefined), null);
  assert.equal(rules.dayOf(undefined, 2), null);
});

test("the days of a time step: the slider stays within the step's days", () => {
  assert.equal(rules.clampDay(-1, TIME), 0);
  assert.equal(rules.clampDay(2, TIME), 2);
  assert.equal(rules.clampDay(9, TIME), 3);
  assert.equal(rules.clampDay(0, { days: ["2022-01-02"], labels: ["2"], start: 0 }), 0);
});

test("the days of a time step: Play goes a day at a time and stops at the last", () => {
  assert.equal(rules.nextDay(0, TIME), 1);
  assert.equal(rules.nextDay(2, TIME), 3);
  assert.equal(rules.nextDay(3, TIME), null);
  // A step of one day has nowhere to play to.
  assert.equal(rules.nextDay(0, { days: ["2022-01-02"], labels: ["2"], start: 0 }), null);
});

test("a swipe opens on one day on a phone, on both halves on a wide screen", () => {
  const swipe = { labels: ["before", "after"] };
  assert.equal(rules.swipeOpening(swipe, true), 100);
  assert.equal(rules.swipeOpening(swipe, false), 50);
  assert.equal(rules.swipeOpening(null, true), undefined);
  // The phone's button offers the day not shown: at 100 (and at 50) the other is the right one.
  assert.equal(rules.swipeOther(100, swipe.labels), "after");
  assert.equal(rules.swipeOther(50, swipe.labels), "after");
  assert.equal(rules.swipeOther(0, swipe.labels), "before");
  assert.equal(rules.swipeOther(49, swipe.labels), "before");
});

test("a choice question: the right answer is right, another is wrong, none is not judged", () => {
  assert.deepEqual(plain(rules.choiceVerdict("2", "2")), { right: true, says: "data-right" });
  assert.deepEqual(plain(rules.choiceVerdict("1", "2")), { right: false, says: "data-wrong" });
  assert.equal(rules.choiceVerdict(null, "2"), null);
  // Values are compared as written: "02" is not "2".
  assert.equal(rules.choiceVerdict("02", "2").right, false);
});

test("find the place: right within the target's distance, the threshold included", () => {
  const place = { lat: "43.65", km: 150 };
  assert.deepEqual(plain(rules.findVerdict(149.9, place)), { right: true, says: "data-right" });
  assert.deepEqual(plain(rules.findVerdict(150, place)), { right: true, says: "data-right" });
  assert.deepEqual(plain(rules.findVerdict(150.01, place)), { right: false, says: "data-wrong" });
  // On the point itself: right, and said as a distance (a place is a point).
  assert.deepEqual(plain(rules.findVerdict(0, place)), { right: true, says: "data-right" });
});

test("find the place: an answer inside an area is said as inside it", () => {
  const area = { lat: null, km: 0 };
  assert.deepEqual(plain(rules.findVerdict(0, area)), { right: true, says: "data-inside" });
  assert.deepEqual(plain(rules.findVerdict(12, area)), { right: false, says: "data-wrong" });
  // An attribute present but empty is no point either.
  assert.equal(rules.findVerdict(0, { lat: "", km: 50 }).says, "data-inside");
});

test("find the place: a target without its distance judges no answer right", () => {
  assert.equal(rules.findVerdict(1, { lat: "43.65", km: Number(null) }).right, false);
  assert.equal(rules.findVerdict(1, { lat: "43.65", km: Number(undefined) }).right, false);
});

test("the distance in words: whole kilometres in the reader's language", () => {
  assert.equal(rules.kmWords(1234.6, "en"), "1,235");
  assert.equal(rules.kmWords(0.4, "en"), "0");
  assert.equal(rules.kmWords(1234.6, "ru").replace(/\s/g, " "), "1 235");
});

test("the score: every check answered counts once, right only if its first answer was", () => {
  assert.deepEqual(plain(rules.checkScore({})), { answered: 0, correct: 0 });
  assert.deepEqual(plain(rules.checkScore({ "a:0": true, "a:1": false, "b:0": true })), { answered: 3, correct: 2 });
  const noPrototype = Object.assign(Object.create(null), { "__proto__:0": false });
  assert.deepEqual(plain(rules.checkScore(noPrototype)), { answered: 1, correct: 0 });
  assert.equal(rules.checkKey("mangystau", "1"), "mangystau:1");
});

test("keys: next, previous, first and last from the current step", () => {
  assert.equal(rules.keyTarget("next", 2, 5), 3);
  assert.equal(rules.keyTarget("previous", 2, 5), 1);
  assert.equal(rules.keyTarget("first", 2, 5), 0);
  assert.equal(rules.keyTarget("last", 2, 5), 5);
  // Past the ends: the player keeps the step within the story (Player.go).
  assert.equal(rules.keyTarget("previous", 0, 5), -1);
});

test("a place's click: its next step after this one, else its first, else nowhere", () => {
  assert.equal(rules.placeStep([1, 4, 6], 4), 6);
  assert.equal(rules.placeStep([1, 4, 6], 0), 1);
  assert.equal(rules.placeStep([1, 4, 6], 6), 1);
  assert.equal(rules.placeStep([], 2), null);
  assert.equal(rules.placeStep(undefined, 2), null);
});

test("the timeline: steps too close for the strip's width share a mark, in order of position", () => {
  const points = [
    { position: 0.5, stepId: "c" },
    { position: 0, stepId: "a" },
    { position: 0.01, stepId: "b" },
    { position: 1, stepId: "d" },
  ];
  // 18 px on a 600 px strip is 0.03 of it: a and b share a mark.
  assert.deepEqual(plain(rules.timelineGroups(points, 600)), [
    { position: 0, members: [1, 2] },
    { position: 0.5, members: [0] },
    { position: 1, members: [3] },
  ]);
  // Wide enough, each has its own.
  assert.equal(rules.timelineGroups(points, 3600).length, 4);
  assert.deepEqual(plain(rules.timelineGroups([], 600)), []);
});

test("the timeline: the years with most steps are written first, none running into another", () => {
  const years = [
    { position: 0, year: 1916, steps: 2 },
    { position: 0.03, year: 1917, steps: 1 },
    { position: 0.5, year: 2021, steps: 1 },
    { position: 0.54, year: 2022, steps: 17 },
  ];
  // 600 px: a year takes 30 px and 8 more between. 2022 (17 steps) is written, 2021 24 px before it
  // is not; 1917 18 px after 1916 (2 steps) is not.
  assert.deepEqual(rules.timelineYearsShown(years, 600), [true, false, false, true]);
  // 2000 px: all four.
  assert.deepEqual(rules.timelineYearsShown(years, 2000), [true, true, true, true]);
  // Equal steps: the earlier is written.
  assert.deepEqual(rules.timelineYearsShown(years.slice(0, 2).map((y) => ({ ...y, steps: 1 })), 600), [true, false]);
  assert.deepEqual(rules.timelineYearsShown([], 600), []);
});

test("the timeline: a shared mark walks on through its steps, and round again", () => {
  assert.equal(rules.timelineStep([2, 3, 7], 0), 2);
  assert.equal(rules.timelineStep([2, 3, 7], 2), 3);
  assert.equal(rules.timelineStep([2, 3, 7], 7), 2);
  assert.equal(rules.timelineStep([5], 5), 5);
});

test("new data draws the map again only for another script or configuration", () => {
  const data = { map: { script: "map()" }, mapConfig: { basemap: "world", styles: { a: 1 } } };
  assert.equal(rules.mapChanged(undefined, data), true);
  assert.equal(rules.mapChanged(null, data), true);
  assert.equal(rules.mapChanged(data, { map: { script: "map()" }, mapConfig: { basemap: "world", styles: { a: 1 } } }), false);
  assert.equal(rules.mapChanged(data, { ...data, map: { script: "map(ru)" } }), true);
  assert.equal(rules.mapChanged(data, { ...data, mapConfig: { basemap: "world", styles: { a: 2 } } }), true);
});

test("which day: right within the check's days either side, the edge included", () => {
  assert.deepEqual(plain(rules.dayVerdict("2022-01-04", "2022-01-04", "0")), { right: true, says: "data-right" });
  assert.equal(rules.dayVerdict("2022-01-05", "2022-01-04", "0").right, false);
  assert.equal(rules.dayVerdict("2022-01-05", "2022-01-04", "1").right, true);
  assert.equal(rules.dayVerdict("2022-01-03", "2022-01-04", "1").right, true);
  assert.equal(rules.dayVerdict("2022-01-06", "2022-01-04", "1").right, false);
  // Across a month's end: days, not digits.
  assert.equal(rules.dayVerdict("2022-02-01", "2022-01-31", "1").right, true);
});

test("an event moves one place up or down, and stays at either end", () => {
  assert.deepEqual(plain(rules.orderMoved(["2", "0", "1"], 1, -1)), ["0", "2", "1"]);
  assert.deepEqual(plain(rules.orderMoved(["2", "0", "1"], 1, 1)), ["2", "1", "0"]);
  assert.deepEqual(plain(rules.orderMoved(["2", "0", "1"], 0, -1)), ["2", "0", "1"]);
  assert.deepEqual(plain(rules.orderMoved(["2", "0", "1"], 2, 1)), ["2", "0", "1"]);
  // A drag moves further than one place.
  assert.deepEqual(plain(rules.orderMoved(["2", "0", "1"], 0, 2)), ["0", "1", "2"]);
});

test("an order is right only in the right order, and is sent as the events' numbers", () => {
  assert.deepEqual(plain(rules.orderVerdict(["0", "1", "2"])), { right: true, says: "data-right", given: "0,1,2" });
  assert.deepEqual(plain(rules.orderVerdict(["1", "0", "2"])), { right: false, says: "data-wrong", given: "1,0,2" });
});
