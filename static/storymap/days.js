// @ts-check
/*
 * A layer whose features carry dates, on a day: the slider's day (its reports in full colour over
 * every other marker and named, the earlier ones faded below, the later ones not drawn), counted in
 * places (reports at one point are one place), and the drawing of a day's places that a swipe's
 * sides use too (swipe.js). The styles are the layers' (layers.js, STYLE).
 */

const StoryMapDays = (() => {
  "use strict";

  const { STYLE } = StoryMapLayers;
  const { escapeHtml } = StoryMapControls;

  // A feature drawn by a GeoJSON layer: a path (or a circle marker) with its feature.
  /** @typedef {L.CircleMarker & {feature: any}} Item */

  const setDay = (/** @type {StoryMap} */ sm, /** @type {string} */ day) => {
    sm.day = day;
    if (sm.state && sm.state.time) {
      applyTime(sm);
      // Another day shows other reports: the names keep clear of them.
      sm.refreshLabelsAfterFrame();
    }
  };

  /**
   * A report the sources disagree on, or that only state media give, is drawn with a dashed ring
   * (the list says so in words).
   * @param {"Earlier" | "Today" | "Later"} phase @param {{disputed?: boolean}} properties
   */
  const timeStyle = (phase, properties) => {
    const style = STYLE["time" + phase];
    return properties.disputed && phase !== "Later" ? L.extend({}, style, STYLE.timeDisputed) : style;
  };

  /**
   * The day's places, drawn over every other marker: each of the day's reports in full colour on `renderer`,
   * each place (reports at one point: StoryMapGeo.byPlace) named once on `labelPane` (a swipe's side, whose
   * names stay on their side of the handle), or not named here (the slider's: labels.js names its reports
   * with every other name of the view). Where the names go is labels.js's pass.
   * @param {StoryMap} sm @param {any[]} features the day's reports @param {L.Renderer} renderer
   * @param {string | null} labelPane
   * @returns {{group: L.LayerGroup, ids: string[], places: {key: string, features: any[]}[]}}
   */
  const dayPlaces = (sm, features, renderer, labelPane) => {
    const language = sm.config.language || "en";
    const group = L.layerGroup();
    const places = StoryMapGeo.byPlace(features);
    for (const place of places) {
      group.addLayer(L.geoJSON(/** @type {any} */ ({ type: "FeatureCollection", features: place.features }), {
        interactive: false,
        renderer,
        style: (feature) => timeStyle("Today", (feature && feature.properties) || {}),
        pointToLayer: (feature, latlng) => L.circleMarker(latlng,
          /** @type {L.CircleMarkerOptions} */ (L.extend({ renderer }, timeStyle("Today", feature.properties || {})))),
      }));
      const first = place.features[0];
      if (!labelPane || !first.geometry || first.geometry.type !== "Point") { continue; }
      const properties = first.properties || {};
      const name = escapeHtml(properties["name_" + language] || properties.name || properties.id);
      group.addLayer(L.marker(L.GeoJSON.coordsToLatLng(first.geometry.coordinates), {
        pane: labelPane, interactive: false, keyboard: false,
        icon: L.divIcon({ className: "sm-place-label sm-day-label", html: name, iconSize: null }),
      }));
    }
    const ids = features.map((feature) => String((feature.properties || {}).id));
    return { group, ids, places };
  };

  /**
   * The pane of the slider's day, over the places of the story (theirs is 620) and under the names
   * of the step's places (630): the day's reports are what the eye meets first.
   * @param {StoryMap} sm
   */
  const todayRenderer = (sm) => {
    if (!sm.todayRenderer) {
      Object.assign(sm.map.createPane("timeToday").style, { zIndex: "625", pointerEvents: "none" });
      sm.todayRenderer = L.canvas({ pane: "timeToday" });
    }
    return sm.todayRenderer;
  };

  /** The slider's day taken off the map (a step without one). @param {StoryMap} sm */
  const clearTime = (sm) => {
    if (sm.todayLayer) {
      sm.map.removeLayer(sm.todayLayer);
      sm.todayLayer = null;
      sm.map.getPane("timeToday").removeAttribute("data-features");
    }
  };

  const applyTime = (/** @type {StoryMap} */ sm) => {
    const state = sm.state;
    const time = state.time;
    const day = sm.day && time.days.indexOf(sm.day) >= 0 ? sm.day : time.days[time.start];
    /** @type {any[][]} the reports that have begun by the day, those of the day */
    const [started, today] = [[], []];
    let disputed = 0;
    for (const ref of state.layers || []) {
      const layer = sm.stepLayers[ref.id];
      if (!layer || !sm.map.hasLayer(layer)) { continue; }
      // Shown again without the slider, the layer is styled afresh by its role.
      layer.signature = null;
      layer.eachLayer((layerItem) => {
        const item = /** @type {Item} */ (layerItem);
        const properties = (item.feature && item.feature.properties) || {};
        const phase = StoryMapGeo.phaseOn(properties, day);
        if (!phase) { return; }
        if (phase !== "Later") { started.push(item.feature); }
        if (phase !== "Later" && properties.disputed) { disputed += 1; }
        if (phase === "Today") { today.push(item.feature); }
        if (item.storyRole === "time" + phase) { return; }
        item.storyRole = "time" + phase;
        const style = timeStyle(phase, properties);
        item.setStyle(style);
        if (item.setRadius && style.radius) { item.setRadius(style.radius); }
      });
    }
    // The day's reports again, on top (named by labels.js); the layer keeps the earlier days, faded, below.
    clearTime(sm);
    const drawn = dayPlaces(sm, today, todayRenderer(sm), null);
    sm.todayLayer = drawn.group.addTo(sm.map);
    sm.map.getPane("timeToday").setAttribute("data-features", drawn.ids.join(" "));
    // One way of counting, for the legend and the list alike: places, not reports.
    const shown = StoryMapGeo.byPlace(started).length;
    const container = sm.map.getContainer();
    container.setAttribute("data-time-day", day);
    container.setAttribute("data-time-shown", String(shown));
    container.setAttribute("data-time-today", String(drawn.places.length));
    if (sm.onTime) { sm.onTime({ step: state.step, day, shown, disputed, today: drawn.places }); }
  };
  return Object.freeze({ setDay, timeStyle, dayPlaces, clearTime, applyTime });
})();
