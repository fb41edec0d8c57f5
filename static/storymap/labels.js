// @ts-check
/*
 * The map's labels, placed once per view after the frame that shows it (storymap.js,
 * refreshLabelsAfterFrame): the step's own places first, then the points its layers name (the
 * slider's day's reports), the names of its areas, and the countries of our basemap (drawn only
 * when the online tiles, with their own labels, are missing). Each label is made once and
 * measured once, by its text's width on a canvas in its class's lettering (no layout); the
 * placement itself is pure (placement.js): no label covers another, a marker or the map's
 * controls, and what finds no room is not drawn.
 * Places of other steps are not named on the map: their marker's tooltip names them on hover
 * and focus (layers.js).
 */

const StoryMapLabels = (() => {
  "use strict";

  const { escapeHtml } = StoryMapControls;
  const { MARKER_SIDES, AREA_SIDES, markerBox, overlaps, placeLabels } = StoryMapPlacement;

  // Ranks: the step's places, the points its layers name (CSTO capitals, the day's reports), its
  // areas, the other steps' places (unnamed markers, which only areas and countries keep clear
  // of), the countries.
  const RANK = Object.freeze({ place: 0, feature: 1, area: 2, otherPlace: 2, country: 3 });
  // Room between a place's marker and its name, in pixels.
  const NAME_GAP = 3;

  // A feature drawn by a GeoJSON layer: a circle marker with its feature.
  /** @typedef {L.CircleMarker & {feature?: any}} PointItem */

  /**
   * A label to place, with what draws it.
   * @typedef {LabelCandidate & {label: L.Marker, group: L.Map | L.LayerGroup, text?: string}} Candidate
   */

  /** A label's marker, made once: its text in a div icon, on `pane`. */
  const makeLabel = (/** @type {L.LatLngExpression} */ at, /** @type {string} */ pane,
    /** @type {string} */ className, /** @type {string} */ text) => L.marker(at, {
    pane,
    interactive: false,
    keyboard: false,
    icon: L.divIcon({ className, html: escapeHtml(text), iconSize: null }),
  });

  /** The view the labels are placed for: the step, the zoom, the centre and the map's size. */
  const viewKey = (/** @type {StoryMap} */ sm) => {
    const center = sm.map.getCenter();
    const size = sm.map.getSize();
    return [sm.state ? sm.state.step : "", sm.map.getZoom(), center.lat.toFixed(5), center.lng.toFixed(5),
      size.x, size.y].join(" ");
  };

  /** A round marker's radius with half its outline. */
  const reach = (/** @type {L.CircleMarker} */ marker) => marker.getRadius() + (marker.options.weight || 0) / 2;

  /**
   * The step's places: their names to place, their markers to keep clear (the other steps' too).
   * @param {StoryMap} sm @param {Candidate[]} candidates @param {Obstacle[]} obstacles
   */
  const placeCandidates = (sm, candidates, obstacles) => {
    const map = sm.map;
    /** @type {Record<string, L.Point>} */
    const points = Object.create(null);
    for (const key of Object.keys(sm.markers)) {
      const marker = sm.markers[key];
      const point = points[key] = map.latLngToContainerPoint(marker.getLatLng());
      obstacles.push(markerBox(point.x, point.y, reach(marker), marker.isCurrent ? RANK.place : RANK.otherPlace));
    }
    // In the step's own order: the place it names first is placed first.
    for (const key of sm.state.places || []) {
      const marker = sm.markers[key];
      if (!marker || !marker.isCurrent) { continue; }
      const point = points[key];
      marker.nameLabel = marker.nameLabel || makeLabel(marker.getLatLng(), "placeLabels", "sm-place-label", marker.placeName);
      candidates.push({
        key: "place:" + key, x: point.x, y: point.y, w: 0, h: 0, gap: reach(marker) + NAME_GAP,
        rank: RANK.place, sides: MARKER_SIDES, required: true, label: marker.nameLabel, group: map, text: marker.placeName,
      });
    }
  };

  // The points of a step's layers that are named: the highlighted ones, and a dated layer's
  // reports of the slider's day.
  const NAMED_ROLES = new Set(["highlight", "timeToday"]);
  const SWIPE_GAP = 6 + 4; // a swipe side's name from its place's centre (the time layer's dots)
  const { BASEMAP_DETAIL } = StoryMapLayers;

  /**
   * The points the step's layers draw on their canvas (reports, a field): markers to keep clear,
   * and the names of those the step points at.
   * @param {StoryMap} sm @param {Candidate[]} candidates @param {Obstacle[]} obstacles
   * @param {{label: L.Marker, group: L.LayerGroup}[]} swipeNames every swipe side's name seen, placed or not
   */
  const layerPoints = (sm, candidates, obstacles, swipeNames) => {
    const language = sm.config.language || "en";
    const size = sm.map.getSize();
    // A point under one of the step's place markers (a report from a town the step names) is
    // kept clear of already, as that marker.
    const places = obstacles.filter((o) => o.rank === RANK.place);
    const underPlace = (/** @type {L.Point} */ point) =>
      places.some((o) => point.x >= o.x && point.x <= o.x + o.w && point.y >= o.y && point.y <= o.y + o.h);
    const keepClear = (/** @type {L.Point} */ point, /** @type {PointItem} */ marker) => {
      if (!underPlace(point)) { obstacles.push(markerBox(point.x, point.y, reach(marker), RANK.feature)); }
    };
    for (const ref of (sm.state && sm.state.layers) || []) {
      const layer = sm.stepLayers[ref.id];
      if (!layer || !sm.map.hasLayer(layer)) { continue; }
      layer.eachLayer((item) => {
        const marker = /** @type {PointItem} */ (item);
        if (!marker.getLatLng || !marker.getRadius || marker.storyRole === "timeLater") { return; }
        const point = sm.map.latLngToContainerPoint(marker.getLatLng());
        keepClear(point, marker);
        const p = (marker.feature && marker.feature.properties) || {};
        const name = p["name_" + language] || p.name;
        if (!name || !NAMED_ROLES.has(marker.storyRole)) { return; }
        // A point the step has as one of its places too (the Tengiz field) is named once, as the
        // place; two reports from one town, once.
        const near = (/** @type {Candidate} */ c) => Math.hypot(c.x - point.x, c.y - point.y) < c.gap;
        const named = (/** @type {Candidate} */ c) => (c.rank === RANK.place && (c.text === name || near(c))) ||
          (c.rank === RANK.feature && c.text === name && near(c));
        if (candidates.some(named)) { return; }
        if (point.x < 0 || point.y < 0 || point.x > size.x || point.y > size.y) { return; }
        const key = "feature:" + ref.id + ":" + p.id;
        const label = sm.labelMarkers[key] = sm.labelMarkers[key] ||
          makeLabel(marker.getLatLng(), "labels", "sm-label sm-label-feature", name);
        candidates.push({
          key, x: point.x, y: point.y, w: 0, h: 0, gap: reach(marker) + NAME_GAP, rank: RANK.feature,
          sides: MARKER_SIDES, label, group: sm.labelLayer, text: name,
        });
      });
    }
    // A swipe draws its dated layers in two panes of its own, each shown on its side of the
    // handle: the reports shown there are markers too.
    const handle = size.x * (sm.swipeAt === undefined ? 50 : sm.swipeAt) / 100;
    for (const layer of sm.swipeLayers || []) {
      if (!sm.map.hasLayer(layer)) { continue; }
      const left = /** @type {L.LayerGroup & {swipeSide?: string}} */ (layer).swipeSide === "left";
      const onItsSide = (/** @type {L.Point} */ point) => (left ? point.x <= handle : point.x >= handle);
      /** @param {L.Layer} item */
      const visit = (item) => {
        const group = /** @type {L.LayerGroup} */ (item);
        if (!("getLatLng" in item) && group.eachLayer) { group.eachLayer(visit); return; }
        const marker = /** @type {PointItem} */ (item);
        if (!marker.getLatLng) { return; }
        const point = sm.map.latLngToContainerPoint(marker.getLatLng());
        if (marker.getRadius) {
          if (onItsSide(point)) { keepClear(point, marker); }
          return;
        }
        // A side's name of its day's place (days.js), placed like the step's layers' names; one whose
        // place is on the other side of the handle is not shown.
        const label = /** @type {L.Marker} */ (item), element = label.getElement();
        swipeNames.push({ label, group: layer });
        if (!onItsSide(point)) { return; }
        candidates.push({ key: "swipe:" + (left ? "left:" : "right:") + Math.round(point.x) + ":" + Math.round(point.y),
          x: point.x, y: point.y, w: 0, h: 0, gap: SWIPE_GAP, rank: RANK.feature, sides: MARKER_SIDES,
          label, group: layer, text: (element && element.textContent) || "" });
      };
      layer.eachLayer(visit);
    }
  };

  // What stands over the map and hides a label under it: its controls (zoom, notice, credits,
  // scale, the way back), the swipe's days, the phone's swipe button.
  const OVERLAYS = ".leaflet-control, .sm-swipe-day, .sp-swipe-toggle";

  /**
   * The boxes of what stands over the map, which no label goes under. Read before the pass writes
   * anything, so that reading them lays nothing out again.
   * @param {StoryMap} sm @param {Obstacle[]} obstacles
   */
  const overlays = (sm, obstacles) => {
    const container = sm.map.getContainer();
    const holder = container.parentElement || container;
    const origin = container.getBoundingClientRect();
    for (const element of Array.from(holder.querySelectorAll(OVERLAYS))) {
      const box = element.getBoundingClientRect();
      if (!box.width || !box.height) { continue; }
      obstacles.push({ x: box.left - origin.left, y: box.top - origin.top, w: box.width, h: box.height, rank: -1 });
    }
  };

  /**
   * The names of the step's areas and of the basemap's countries in view (with our basemap only).
   * @param {StoryMap} sm @param {Candidate[]} candidates
   */
  const areaCandidates = (sm, candidates) => {
    const map = sm.map;
    const zoom = map.getZoom();
    const inView = map.getBounds();
    const basemap = sm.config.basemap;
    const language = sm.config.language || "en";
    const basemapIds = new Set();
    /** @type {[string, string, number][]} */
    const sources = [];
    for (const ref of (sm.state && sm.state.layers) || []) {
      if (ref.id !== basemap && sm.layerData[ref.id]) { sources.push([ref.id, "sm-label-area", RANK.area]); }
    }
    if (sm.layerData[basemap]) {
      sources.push([basemap, "sm-label-country", RANK.country]);
      for (const f of sm.layerData[basemap].features) { basemapIds.add(String((f.properties || {}).id)); }
    }
    // A city's own points at city zoom (the airport, the towns around it): named like an area, from
    // their min_zoom (geodata/catalog.py BASEMAP_DETAIL_LAYER).
    if (sm.layerData[BASEMAP_DETAIL]) { sources.push([BASEMAP_DETAIL, "sm-label-detail", RANK.area]); }
    for (const [layerId, className, rank] of sources) {
      for (const feature of sm.layerData[layerId].features) {
        const p = feature.properties || {};
        // A country the basemap already names is not named twice.
        if (rank === RANK.area && basemapIds.has(String(p.id))) { continue; }
        // A point the story marks as one of its places is named by its marker.
        if (layerId === BASEMAP_DETAIL && sm.markers[p.id]) { continue; }
        if (p.label_lat === undefined || p.label_lon === undefined) { continue; }
        if (p.min_zoom !== undefined && p.min_zoom !== null && zoom < p.min_zoom - 1) { continue; }
        if (!inView.contains([p.label_lat, p.label_lon])) { continue; }
        const key = layerId + ":" + p.id;
        let label = sm.labelMarkers[key];
        if (!label) {
          label = sm.labelMarkers[key] = makeLabel([p.label_lat, p.label_lon], "labels", "sm-label " + className,
            p["name_" + language] || p.name);
        }
        const point = map.latLngToContainerPoint([p.label_lat, p.label_lon]);
        candidates.push({
          key, x: point.x, y: point.y, w: 0, h: 0, gap: 0, rank, sides: AREA_SIDES, label, group: sm.labelLayer,
          text: p["name_" + language] || p.name,
        });
      }
    }
  };

  /** @type {WeakMap<L.Marker, {w: number, h: number, compact: string}>} a label's size, measured once per map size class */
  const sizes = new WeakMap();
  /** @typedef {{font: string, spacing: string, extraWidth: number, height: number}} Lettering */
  /** @type {WeakMap<StoryMap, Map<string, Lettering>>} a label class's lettering, read once per map */
  const letterings = new WeakMap();
  /** @type {CanvasRenderingContext2D | null} */
  let pen = null;
  // Text drawn on a canvas is a little narrower than the same text laid out in the page, at most.
  const SLACK = 1;

  /**
   * How a class of labels is lettered (font, spacing, padding, line height), read from a probe in
   * the map once per class and map size class: a style read, no layout.
   * @param {StoryMap} sm @param {string} className @param {string} compact the size class @returns {Lettering}
   */
  const letteringOf = (sm, className, compact) => {
    const known = letterings.get(sm) || new Map();
    letterings.set(sm, known);
    const key = className + " " + compact;
    if (!known.has(key)) {
      const probe = document.createElement("div");
      probe.className = className;
      probe.style.position = "absolute";
      probe.style.visibility = "hidden";
      sm.map.getContainer().appendChild(probe);
      const cs = getComputedStyle(probe);
      const px = (/** @type {string} */ value) => parseFloat(value) || 0;
      const size = px(cs.fontSize);
      const caps = cs.fontVariantCaps === "small-caps" ? "small-caps " : "";
      known.set(key, {
        font: cs.fontStyle + " " + caps + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily,
        spacing: cs.letterSpacing === "normal" ? "0px" : cs.letterSpacing,
        extraWidth: px(cs.paddingLeft) + px(cs.paddingRight) + px(cs.borderLeftWidth) + px(cs.borderRightWidth),
        height: (cs.lineHeight === "normal" ? size * 1.2 : px(cs.lineHeight)) +
          px(cs.paddingTop) + px(cs.paddingBottom) + px(cs.borderTopWidth) + px(cs.borderBottomWidth),
      });
      probe.remove();
    }
    return known.get(key);
  };

  /**
   * Each label's size, from its text's width on a canvas in its class's lettering (no layout), kept
   * for the label; measured again only on a map of the other size class, whose names are smaller.
   * @param {StoryMap} sm @param {Candidate[]} candidates @param {string} compact the size class: "compact" (a
   *   small map), "large" (large text) or ""
   */
  const measure = (sm, candidates, compact) => {
    for (const c of candidates) {
      let size = sizes.get(c.label);
      if (!size || size.compact !== compact) {
        const lettering = letteringOf(sm, /** @type {L.DivIcon} */ (c.label.options.icon).options.className, compact);
        pen = pen || document.createElement("canvas").getContext("2d");
        pen.font = lettering.font;
        const spaced = "letterSpacing" in pen;
        if (spaced) { /** @type {any} */ (pen).letterSpacing = lettering.spacing; }
        const text = c.text || "";
        const width = pen.measureText(text).width + (spaced ? 0 : parseFloat(lettering.spacing) * text.length);
        size = { w: Math.ceil(width + lettering.extraWidth) + SLACK, h: lettering.height, compact };
        sizes.set(c.label, size);
      }
      c.w = size.w;
      c.h = size.h;
    }
  };

  /**
   * Place the labels for the map's view and step: the ones placed are shown where placement put
   * them, every other label is taken off the map.
   * @param {StoryMap} sm
   */
  const refresh = (sm) => {
    if (!sm.state) { return; }
    const map = sm.map;
    const size = map.getSize();
    /** @type {Candidate[]} */
    const candidates = [];
    /** @type {Obstacle[]} */
    const obstacles = [];
    overlays(sm, obstacles);
    /** @type {{label: L.Marker, group: L.LayerGroup}[]} */
    const swipeNames = [];
    placeCandidates(sm, candidates, obstacles);
    layerPoints(sm, candidates, obstacles, swipeNames);
    if (sm.basemapVisible()) { areaCandidates(sm, candidates); }
    // Large text for a projector (html.sp-large, switched in place) letters the names anew.
    const large = document.documentElement.classList.contains("sp-large");
    measure(sm, candidates, map.getContainer().classList.contains("sm-compact") ? "compact" : large ? "large" : "");
    const placed = placeLabels(candidates, obstacles, { x: 0, y: 0, w: size.x, h: size.y });
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    /** @type {Set<L.Marker>} */
    const shown = new Set();
    for (const { key, box, reach } of placed) {
      const c = byKey.get(key);
      shown.add(c.label);
      if (!c.group.hasLayer(c.label)) { c.group.addLayer(c.label); }
      // Leaflet puts the label's corner on its anchor (a div icon without a size): the margins
      // move it to its box.
      const element = c.label.getElement();
      element.style.marginLeft = (box.x - c.x).toFixed(1) + "px";
      element.style.marginTop = (box.y - c.y).toFixed(1) + "px";
      if (c.rank === RANK.place) { lead(element, c, box, reach > 1); }
    }
    for (const key of Object.keys(sm.labelMarkers)) {
      const label = sm.labelMarkers[key];
      if (!shown.has(label) && sm.labelLayer.hasLayer(label)) { sm.labelLayer.removeLayer(label); }
    }
    for (const key of Object.keys(sm.markers)) {
      const label = sm.markers[key].nameLabel;
      if (label && !shown.has(label) && map.hasLayer(label)) { map.removeLayer(label); }
    }
    for (const { label, group } of swipeNames) {
      if (!shown.has(label) && group.hasLayer(label)) { group.removeLayer(label); }
    }
    hideCoveredPlaces(sm, obstacles, placed);
    map.getContainer().setAttribute("data-labels", viewKey(sm));
  };

  /**
   * A name that had to move away from its marker is tied to it by a thin line, from the marker's
   * edge to the nearest point of the name's box (a child of the label, outside its box).
   * @param {HTMLElement} element @param {Candidate} c @param {Box} box @param {boolean} far
   */
  const lead = (element, c, box, far) => {
    let line = /** @type {HTMLElement | null} */ (element.querySelector(".sm-leader"));
    if (!far) {
      if (line) { line.remove(); }
      return;
    }
    if (!line) {
      line = document.createElement("span");
      line.className = "sm-leader";
      line.setAttribute("aria-hidden", "true");
      element.appendChild(line);
    }
    // In the label's own pixels: the anchor, and the box's point nearest to it.
    const ax = c.x - box.x, ay = c.y - box.y;
    const nx = Math.max(0, Math.min(box.w, ax)), ny = Math.max(0, Math.min(box.h, ay));
    const length = Math.hypot(nx - ax, ny - ay);
    const start = Math.min(length, c.gap - NAME_GAP);
    const angle = Math.atan2(ny - ay, nx - ax);
    line.style.left = (ax + Math.cos(angle) * start).toFixed(1) + "px";
    line.style.top = (ay + Math.sin(angle) * start).toFixed(1) + "px";
    line.style.width = Math.max(0, length - start).toFixed(1) + "px";
    line.style.transform = "rotate(" + angle.toFixed(3) + "rad)";
  };

  /**
   * A place of another step under one of the step's markers or names is not drawn for this view
   * (nor reached by the keyboard): a grey dot peeking from under a name reads as part of it.
   * @param {StoryMap} sm @param {Obstacle[]} obstacles @param {PlacedLabel[]} placed
   */
  const hideCoveredPlaces = (sm, obstacles, placed) => {
    const current = obstacles.filter((o) => o.rank === RANK.place);
    for (const key of Object.keys(sm.markers)) {
      const marker = sm.markers[key];
      let covered = false;
      if (!marker.isCurrent) {
        const point = sm.map.latLngToContainerPoint(marker.getLatLng());
        const box = markerBox(point.x, point.y, reach(marker));
        covered = current.some((o) => overlaps(box, o)) || placed.some((label) => overlaps(box, label.box));
      }
      const element = marker.getElement();
      if (element && element.classList.contains("sm-covered") !== covered) {
        element.classList.toggle("sm-covered", covered);
      }
    }
  };

  return Object.freeze({ RANK, refresh, viewKey });
})();
