// @ts-check
/*
 * The map's pure parts: distances on the Earth, the rings of a feature, whether a point is inside
 * an area, how far a point is from a feature, and which phase a dated feature is in on a day.
 * No DOM and no Leaflet, so that Node tests them (tests/js/geo.test.mjs). A classic script (the
 * export plays from file://): it adds `geo` to the one namespace, window.StoryMapLib.
 */

/** @typedef {import("geojson").Position} Position */
/** @typedef {{ring: Position[], area: boolean}} Ring */
/** @typedef {"Earlier" | "Today" | "Later"} Phase */
/** @typedef {{start?: string, end?: string, date?: string, [key: string]: any}} DatedProperties */

const StoryMapGeo = (() => {
  "use strict";

  const EARTH_KM = 6371.0088;
  const RADIAN = Math.PI / 180;

  /** Great-circle distance in km between two points given in degrees. */
  const haversineKm = (/** @type {number} */ lat1, /** @type {number} */ lon1,
    /** @type {number} */ lat2, /** @type {number} */ lon2) => {
    const dLat = (lat2 - lat1) * RADIAN;
    const dLon = (lon2 - lon1) * RADIAN;
    const a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * RADIAN) * Math.cos(lat2 * RADIAN) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  };

  /**
   * Rings of a feature's geometry ([lon, lat] pairs), with whether each is a polygon's.
   * @param {{type?: string, coordinates?: any}} geometry
   * @returns {Ring[]}
   */
  const ringsOf = (geometry) => {
    const c = geometry.coordinates;
    switch (geometry.type) {
      case "Polygon": return c.map((/** @type {Position[]} */ ring) => ({ ring, area: true }));
      case "MultiPolygon": return c.flatMap((/** @type {Position[][]} */ polygon) => polygon.map((ring) => ({ ring, area: true })));
      case "LineString": return [{ ring: c, area: false }];
      case "MultiLineString": return c.map((/** @type {Position[]} */ line) => ({ ring: line, area: false }));
      case "Point": return [{ ring: [c], area: false }];
      case "MultiPoint": return c.map((/** @type {Position} */ point) => ({ ring: [point], area: false }));
      default: return [];
    }
  };

  /**
   * Whether (lat, lon) is inside a ring of [lon, lat] pairs (even-odd rule).
   * @param {Position[]} ring
   * @param {number} lat
   * @param {number} lon
   */
  const insideRing = (ring, lat, lon) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  };

  /**
   * How far (km) a point is from a feature: 0 inside an area, else to its nearest edge.
   * Near a point, a flat projection around it is exact enough for a classroom's question.
   * @param {{geometry?: {type?: string, coordinates?: any} | null}} feature
   * @param {number} lat
   * @param {number} lon
   */
  const featureDistanceKm = (feature, lat, lon) => {
    const geometry = feature.geometry || {};
    if (geometry.type === "Polygon" || geometry.type === "MultiPolygon") {
      /** @type {Position[][][]} */
      const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
      const inside = polygons.some((polygon) =>
        insideRing(polygon[0], lat, lon) && !polygon.slice(1).some((hole) => insideRing(hole, lat, lon)));
      if (inside) { return 0; }
    }
    const kx = 111.32 * Math.cos(lat * RADIAN);
    const ky = 110.57;
    let best = Infinity;
    for (const { ring } of ringsOf(geometry)) {
      if (ring.length === 1) {
        best = Math.min(best, haversineKm(lat, lon, ring[0][1], ring[0][0]));
        continue;
      }
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1][0] - lon) * kx, ay = (ring[i - 1][1] - lat) * ky;
        const bx = (ring[i][0] - lon) * kx, by = (ring[i][1] - lat) * ky;
        const dx = bx - ax, dy = by - ay;
        const length = dx * dx + dy * dy;
        const t = length ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length)) : 0;
        const x = ax + t * dx, y = ay + t * dy;
        best = Math.min(best, Math.sqrt(x * x + y * y));
      }
    }
    return best;
  };

  /** Whether a feature changes with dates (it has a start or a date). */
  const isDated = (/** @type {DatedProperties} */ properties) => !!(properties.start || properties.date);

  /**
   * A dated feature's phase on `day` (ISO dates compare as strings): null when it is not dated.
   * @param {DatedProperties} properties
   * @param {string} day
   * @returns {Phase | null}
   */
  const phaseOn = (properties, day) => {
    const start = properties.start || properties.date;
    const end = properties.end || properties.date || start;
    if (!start) { return null; }
    return start > day ? "Later" : end < day ? "Earlier" : "Today";
  };

  /**
   * Features grouped by where they are, in the order first met: several reports at one point (a
   * protest and a clash in one town) are one place, which the map draws and names once and the
   * reader counts once. A feature that is not a point is a place of its own.
   * @template {{geometry?: {type?: string, coordinates?: any} | null, properties?: any}} F
   * @param {F[]} features
   * @returns {{key: string, features: F[]}[]}
   */
  const byPlace = (features) => {
    /** @type {Map<string, {key: string, features: F[]}>} */
    const places = new Map();
    features.forEach((feature, n) => {
      const geometry = feature.geometry || {};
      const key = geometry.type === "Point" ? String(geometry.coordinates) : "feature " + n;
      if (!places.has(key)) { places.set(key, { key, features: [] }); }
      places.get(key).features.push(feature);
    });
    return [...places.values()];
  };

  return Object.freeze({ haversineKm, ringsOf, insideRing, featureDistanceKm, isDated, phaseOn, byPlace });
})();

window.StoryMapLib = Object.assign(window.StoryMapLib || {}, { geo: StoryMapGeo });
