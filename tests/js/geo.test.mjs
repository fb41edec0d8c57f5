// The map's pure parts (static/storymap/geo.js), loaded as the browser loads them: a classic script
// in a context of its own, with a stub window to hang its namespace on.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

// Objects made in the script's context have that context's prototypes: compared as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));

const context = vm.createContext({ window: {} });
vm.runInContext(readFileSync(new URL("../../static/storymap/geo.js", import.meta.url), "utf8"), context);
const { haversineKm, ringsOf, insideRing, featureDistanceKm, isDated, phaseOn, byPlace } = context.window.StoryMapLib.geo;

const EARTH_KM = 6371.0088;
const near = (actual, expected, tolerance, message) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: ${actual} is not within ${tolerance} of ${expected}`);

// [lon, lat] rings, as GeoJSON writes them.
const square = (west, south, east, north) => [[west, south], [east, south], [east, north], [west, north], [west, south]];
const polygon = (...rings) => ({ geometry: { type: "Polygon", coordinates: rings } });

test("distances between known cities", () => {
  near(haversineKm(51.5074, -0.1278, 48.8566, 2.3522), 343.5, 1, "London to Paris");
  near(haversineKm(40.7128, -74.006, 34.0522, -118.2437), 3936, 5, "New York to Los Angeles");
  near(haversineKm(43.2567, 76.9286, 51.1694, 71.4491), 970, 5, "Almaty to Astana");
});

test("a distance is the same both ways", () => {
  assert.equal(haversineKm(51.5074, -0.1278, 48.8566, 2.3522), haversineKm(48.8566, 2.3522, 51.5074, -0.1278));
});

test("antipodes are half the Earth's circumference apart", () => {
  near(haversineKm(0, 0, 0, 180), Math.PI * EARTH_KM, 1e-6, "on the equator");
  near(haversineKm(45, 10, -45, -170), Math.PI * EARTH_KM, 1e-6, "off the equator");
  near(haversineKm(90, 0, -90, 0), Math.PI * EARTH_KM, 1e-6, "pole to pole");
});

test("a point is no distance from itself, across the date line too", () => {
  assert.equal(haversineKm(43.25, 76.92, 43.25, 76.92), 0);
  near(haversineKm(0, 180, 0, -180), 0, 1e-9, "the date line from both sides");
});

test("the rings of each geometry, with whether each bounds an area", () => {
  const outer = square(0, 0, 10, 10);
  const hole = square(4, 4, 6, 6);
  assert.deepEqual(plain(ringsOf({ type: "Polygon", coordinates: [outer, hole] })), [{ ring: outer, area: true }, { ring: hole, area: true }]);
  assert.deepEqual(plain(ringsOf({ type: "MultiPolygon", coordinates: [[outer], [hole]] })),
    [{ ring: outer, area: true }, { ring: hole, area: true }],
  );
  assert.deepEqual(plain(ringsOf({ type: "LineString", coordinates: outer })), [{ ring: outer, area: false }]);
  assert.deepEqual(plain(ringsOf({ type: "Point", coordinates: [1, 2] })), [{ ring: [[1, 2]], area: false }]);
  assert.equal(ringsOf({ type: "MultiPoint", coordinates: [[1, 2], [3, 4]] }).length, 2);
  assert.deepEqual(plain(ringsOf({ type: "GeometryCollection", geometries: [] })), []);
});

test("inside a ring, outside it, and on its edges", () => {
  const ring = square(0, 0, 10, 10);
  assert.equal(insideRing(ring, 5, 5), true, "the middle");
  assert.equal(insideRing(ring, 5, 15), false, "east of it");
  assert.equal(insideRing(ring, -1, 5), false, "south of it");
  // A point on an edge is decided one way, never both: west and south edges in, east and north out.
  assert.equal(insideRing(ring, 5, 0), true, "the west edge");
  assert.equal(insideRing(ring, 5, 10), false, "the east edge");
  assert.equal(insideRing(ring, 0, 5), true, "the south edge");
  assert.equal(insideRing(ring, 10, 5), false, "the north edge");
});

test("a click inside an area is no distance from it, on its edge neither", () => {
  const area = polygon(square(0, 0, 10, 10));
  assert.equal(featureDistanceKm(area, 5, 5), 0);
  near(featureDistanceKm(area, 5, 10), 0, 1e-9, "on the east edge, which the ring test leaves out");
  near(featureDistanceKm(area, 10, 5), 0, 1e-9, "on the north edge");
});

test("outside an area, the distance is to its nearest edge", () => {
  const area = polygon(square(0, 0, 10, 10));
  near(featureDistanceKm(area, 5, 11), 111.32 * Math.cos((5 * Math.PI) / 180), 0.01, "one degree east of it");
  near(featureDistanceKm(area, -1, 5), 110.57, 0.01, "one degree south of it");
});

test("a hole is not inside the area", () => {
  const ringed = polygon(square(0, 0, 10, 10), square(4, 4, 6, 6));
  near(featureDistanceKm(ringed, 5, 5), 110.57, 0.5, "the hole's middle is a degree from its edge");
  assert.equal(featureDistanceKm(ringed, 2, 2), 0, "the ring around the hole");
});

test("a multipolygon: inside any of its parts, else the nearest part", () => {
  const islands = { geometry: { type: "MultiPolygon", coordinates: [[square(0, 0, 1, 1)], [square(10, 0, 11, 1)]] } };
  assert.equal(featureDistanceKm(islands, 0.5, 10.5), 0, "the second island");
  near(featureDistanceKm(islands, 0.5, 2), 111.32 * Math.cos((0.5 * Math.PI) / 180), 0.01, "a degree from the first");
});

test("lines and points are reached, never entered", () => {
  const road = { geometry: { type: "LineString", coordinates: [[0, 0], [10, 0]] } };
  assert.equal(featureDistanceKm(road, 0, 5), 0, "on the line");
  near(featureDistanceKm(road, 1, 5), 110.57, 0.01, "a degree north of it");
  const town = { geometry: { type: "Point", coordinates: [76.92, 43.25] } };
  assert.equal(featureDistanceKm(town, 43.25, 76.92), 0);
  near(featureDistanceKm(town, 43.25, 77.92), haversineKm(43.25, 76.92, 43.25, 77.92), 1e-9, "a point by the great circle");
});

test("a feature with no geometry is infinitely far", () => {
  assert.equal(featureDistanceKm({ geometry: null }, 0, 0), Infinity);
  assert.equal(featureDistanceKm({}, 0, 0), Infinity);
});

test("a feature is dated by a start or a date", () => {
  assert.equal(isDated({ start: "2022-01-05" }), true);
  assert.equal(isDated({ date: "2022-01-05" }), true);
  assert.equal(isDated({ end: "2022-01-05" }), false, "an end alone does not date it");
  assert.equal(isDated({ name: "Almaty" }), false);
});

test("a report from its first day to its last", () => {
  const report = { start: "2022-01-05", end: "2022-01-07" };
  assert.equal(phaseOn(report, "2022-01-04"), "Later", "the day before it starts");
  assert.equal(phaseOn(report, "2022-01-05"), "Today", "the day it starts");
  assert.equal(phaseOn(report, "2022-01-06"), "Today");
  assert.equal(phaseOn(report, "2022-01-07"), "Today", "the day it ends");
  assert.equal(phaseOn(report, "2022-01-08"), "Earlier", "the day after it ends");
});

test("a report of one day, by its date or by a start with no end", () => {
  for (const report of [{ date: "2022-01-05" }, { start: "2022-01-05" }]) {
    assert.equal(phaseOn(report, "2022-01-04"), "Later");
    assert.equal(phaseOn(report, "2022-01-05"), "Today");
    assert.equal(phaseOn(report, "2022-01-06"), "Earlier");
  }
});

test("an undated feature has no phase", () => {
  assert.equal(phaseOn({ name: "Almaty" }, "2022-01-05"), null);
  assert.equal(phaseOn({ end: "2022-01-07" }, "2022-01-05"), null);
});

test("reports at one point are one place, counted and named once, in the order first met", () => {
  const point = (id, lon, lat) => ({ geometry: { type: "Point", coordinates: [lon, lat] }, properties: { id } });
  const places = byPlace([point("almaty-protest", 76.9, 43.25), point("aktau", 51.17, 43.66), point("almaty-clash", 76.9, 43.25)]);
  assert.deepEqual(plain(places.map((place) => place.features.map((f) => f.properties.id))),
    [["almaty-protest", "almaty-clash"], ["aktau"]]);
  assert.equal(byPlace([]).length, 0);
  const area = { geometry: { type: "Polygon", coordinates: [square(0, 0, 1, 1)] }, properties: { id: "field" } };
  assert.equal(byPlace([area, area]).length, 2, "an area is a place of its own, never merged by its coordinates");
});
