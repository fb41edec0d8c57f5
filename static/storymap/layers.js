// @ts-check
/*
 * What the map draws: the layers' data (fetched once, or inlined by the export), their style by
 * the role a step gives them (a dated layer's day: days.js), the story's places, and the basemap
 * with its labels when the online tiles are missing.
 */

const StoryMapLayers = (() => {
  "use strict";

  /** @type {Record<string, L.PathOptions & {radius?: number}>} */
  const STYLE = {
    basemapLand: { color: "#a7a39b", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1, opacity: 1 },
    basemapHidden: { opacity: 0, fillOpacity: 0 },
    context: { color: "#5f5a52", weight: 1.2, opacity: 0.9, fillColor: "#5f5a52", fillOpacity: 0.04 },
    highlight: { color: "#a3201a", weight: 2.5, opacity: 1, fillColor: "#d9452e", fillOpacity: 0.28 },
    lineContext: { color: "#1d4f91", weight: 2.5, opacity: 0.9, dashArray: "6 5", fill: false },
    lineHighlight: { color: "#1d4f91", weight: 3.5, opacity: 1, dashArray: null, fill: false },
    pointContext: { radius: 5, color: "#ffffff", weight: 1.5, fillColor: "#5f5a52", fillOpacity: 0.9 },
    pointHighlight: { radius: 7, color: "#ffffff", weight: 2, fillColor: "#a3201a", fillOpacity: 1 },
    placeCurrent: { radius: 8, color: "#ffffff", weight: 2.5, fillColor: "#a3201a", fillOpacity: 1, opacity: 1 },
    placeOther: { radius: 4, color: "#ffffff", weight: 1.5, fillColor: "#6d6860", fillOpacity: 0.75, opacity: 0.9 },
    // A layer that changes with dates, on the day the slider shows: what was so that day in full colour,
    // what was so before it faded, what came later not drawn.
    timeToday: { radius: 7, color: "#ffffff", weight: 2, opacity: 1, fillColor: "#a3201a", fillOpacity: 1 },
    timeEarlier: { radius: 5, color: "#ffffff", weight: 1, opacity: 0.8, fillColor: "#c98b84", fillOpacity: 0.7 },
    timeLater: { opacity: 0, fillOpacity: 0 },
    timeDisputed: { color: "#1a1a1a", weight: 2, dashArray: "3 2" },
  };

  const { escapeHtml } = StoryMapControls;

  // A feature drawn by a GeoJSON layer: a path (or a circle marker) with its feature.
  /** @typedef {L.CircleMarker & {feature: any}} Item */

  // The basemap's detail at city zoom: named points (an airport, the towns at a city's edge) that the
  // labels show from their min_zoom when the tiles are missing (geodata/catalog.py BASEMAP_DETAIL_LAYER).
  const BASEMAP_DETAIL = "cities-detail";

  /** Our own basemap, fetched like any layer and drawn on its canvas. @param {StoryMap} sm */
  const drawBasemap = (sm) => {
    if (sm.config.basemap) { loadLayer(sm, BASEMAP_DETAIL).then(() => sm.refreshLabels(), () => {}); }
    loadLayer(sm, sm.config.basemap).then((data) => {
      sm.basemap = L.geoJSON(data, {
        pane: "basemap",
        renderer: sm.basemapRenderer,
        interactive: false,
        style: () => (sm.basemapVisible() ? STYLE.basemapLand : STYLE.basemapHidden),
      }).addTo(sm.map);
      sm.map.getContainer().setAttribute("data-basemap", "drawn");
      refreshBasemap(sm);
    }, () => { /* reported by loadLayer */ });
  };

  const refreshBasemap = (/** @type {StoryMap} */ sm) => {
    const visible = sm.basemapVisible();
    sm.map.getContainer().classList.toggle("sm-offline", visible);
    if (sm.basemap) {
      sm.basemap.setStyle(visible ? STYLE.basemapLand : STYLE.basemapHidden);
    }
    sm.refreshLabels();
  };

  /**
   * The reports' publishers as the reader's language writes them ("Reuters, на сайте Malay Mail"): a
   * translation's table, for the layers the app fetches as published (the export's are translated already).
   * @param {any} data @param {Record<string, string> | undefined} names
   */
  const withPublishers = (data, names) => {
    if (!names) { return data; }
    for (const feature of (data && data.features) || []) {
      const sources = feature && feature.properties && feature.properties.sources;
      if (!Array.isArray(sources)) { continue; }
      for (const source of sources) {
        if (source && Object.prototype.hasOwnProperty.call(names, source.publisher)) {
          source.publisher = names[source.publisher];
        }
      }
    }
    return data;
  };

  /** A layer's GeoJSON, fetched once. @param {StoryMap} sm @param {string} layerId @returns {Promise<any>} */
  const loadLayer = (sm, layerId) => {
    if (!layerId) { return Promise.reject(new Error("no layer")); }
    if (sm.pending[layerId]) { return sm.pending[layerId]; }
    const inline = sm.config.inlineLayers && sm.config.inlineLayers[layerId];
    // A host may have started the request already (the app's, while Leaflet loaded).
    const started = window.__storyLayerFetches && window.__storyLayerFetches[layerId];
    const request = inline
      ? Promise.resolve(inline)
      : (started || fetch(sm.config.geodataUrl + encodeURIComponent(layerId) + ".json")).then((response) => {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.clone().json();
        });
    sm.pending[layerId] = request.then((data) => {
      sm.layerData[layerId] = withPublishers(data, sm.config.publishers);
      return data;
    }, (error) => {
      if (window.console) { console.warn("storymap: layer " + layerId + " not available:", error); }
      throw error;
    });
    return sm.pending[layerId];
  };

  const preload = (/** @type {StoryMap} */ sm, /** @type {MapStepState[]} */ states) => {
    const seen = new Set();
    for (const state of states) {
      for (const ref of state.layers || []) {
        if (!seen.has(ref.id)) { seen.add(ref.id); loadLayer(sm, ref.id).catch(() => {}); }
      }
    }
  };

  /** A layer's Leaflet layer for steps, made once its data is there. @param {StoryMap} sm @param {string} layerId */
  const stepLayer = (sm, layerId) => {
    if (!sm.stepLayers[layerId] && sm.layerData[layerId]) {
      const layer = L.geoJSON(sm.layerData[layerId], {
        interactive: false,
        renderer: sm.layerRenderer,
        pointToLayer: (feature, latlng) => L.circleMarker(latlng, /** @type {L.CircleMarkerOptions} */ (STYLE.pointContext)),
      });
      layer.layerId = layerId;
      sm.stepLayers[layerId] = layer;
    }
    return sm.stepLayers[layerId];
  };

  const styleFor = (/** @type {string} */ kind, /** @type {boolean} */ strong) => {
    if (kind.indexOf("Point") >= 0) { return strong ? STYLE.pointHighlight : STYLE.pointContext; }
    if (kind.indexOf("LineString") >= 0) { return strong ? STYLE.lineHighlight : STYLE.lineContext; }
    return strong ? STYLE.highlight : STYLE.context;
  };

  /**
   * The step's layers on the map, each styled by its role; the others off it. The labels follow
   * the layers that came or went, after the frame, unless the caller knows a move of the map will
   * place them.
   * @param {StoryMap} sm @param {boolean} [labels]
   */
  const applyLayers = (sm, labels = true) => {
    const state = sm.state;
    const map = sm.map;
    /** @type {Record<string, {id: string, role: string, highlight?: string[]}>} */
    const wanted = Object.create(null);
    let changed = false;
    for (const ref of state.layers || []) { wanted[ref.id] = ref; }
    for (const layerId of Object.keys(sm.stepLayers)) {
      if (!wanted[layerId] && map.hasLayer(sm.stepLayers[layerId])) {
        map.removeLayer(sm.stepLayers[layerId]);
        changed = true;
      }
    }
    for (const layerId of Object.keys(wanted)) {
      const ref = wanted[layerId];
      if (!sm.layerData[layerId]) {
        loadLayer(sm, layerId).then(() => {
          // Data may arrive after the viewer moved on: only the current step's layers are drawn.
          if (sm.state === state) { applyLayers(sm); }
        }, () => {});
        continue;
      }
      const layer = stepLayer(sm, layerId);
      // Restyle only a layer whose roles differ from the last time it was shown.
      const signature = ref.role + "|" + (ref.highlight || []).join(",");
      if (layer.signature !== signature) {
        layer.signature = signature;
        const highlighted = new Set((ref.highlight || []).map(String));
        layer.eachLayer((layerItem) => {
          const item = /** @type {Item} */ (layerItem);
          const id = item.feature && item.feature.properties && item.feature.properties.id;
          const strong = ref.role === "highlight" || highlighted.has(String(id));
          if (item.storyRole === (strong ? "highlight" : "context")) { return; }
          const style = styleFor(item.feature.geometry.type, strong);
          item.setStyle(style);
          if (item.setRadius && style.radius) { item.setRadius(style.radius); }
          item.storyRole = strong ? "highlight" : "context";
        });
      }
      if (!map.hasLayer(layer)) { layer.addTo(map); changed = true; }
    }
    if (changed && labels) { sm.refreshLabelsAfterFrame(); }
    if (state.time) { sm.applyTime(); } else { StoryMapDays.clearTime(sm); }
    sm.applySwipe();
  };

  // --- The story's places, and the basemap's labels ------------------------------------------

  const setUpPlaces = (/** @type {StoryMap} */ sm) => {
    for (const place of sm.config.places || []) {
      const options = /** @type {L.CircleMarkerOptions} */ (L.extend({ pane: "places" }, STYLE.placeOther));
      const marker = L.circleMarker([place.lat, place.lon], options);
      marker.placeKey = place.key;
      marker.placeName = place.name;
      marker.isCurrent = false;
      marker.bindTooltip(escapeHtml(place.name), { direction: "right", offset: [8, 0], className: "sm-place" });
      const choose = () => {
        // While a find-on-the-map question waits, a click answers it and does not move the story.
        if (sm.answering) { sm.answer(place.lat, place.lon); return; }
        if (sm.onPlaceClick) { sm.onPlaceClick(place.key); }
      };
      marker.on("click", choose);
      marker.addTo(sm.map);
      // A place of another step is reached by the keyboard too: its name shows on focus (the
      // tooltip), Enter or Space goes to its step.
      const element = marker.getElement();
      if (element) {
        element.setAttribute("tabindex", "0");
        element.setAttribute("role", "button");
        element.setAttribute("aria-label", place.name);
        element.addEventListener("keydown", (/** @type {KeyboardEvent} */ event) => {
          if (event.key !== "Enter" && event.key !== " ") { return; }
          event.preventDefault();
          event.stopPropagation();
          choose();
        });
      }
      sm.markers[place.key] = marker;
    }
  };

  const applyPlaces = (/** @type {StoryMap} */ sm) => {
    const current = new Set(sm.state.places || []);
    let changed = false;
    for (const key of Object.keys(sm.markers)) {
      const marker = sm.markers[key];
      const isCurrent = current.has(key);
      if (marker.isCurrent === isCurrent) { continue; }
      changed = true;
      marker.isCurrent = isCurrent;
      marker.setStyle(isCurrent ? STYLE.placeCurrent : STYLE.placeOther);
      marker.setRadius(isCurrent ? STYLE.placeCurrent.radius : STYLE.placeOther.radius);
      // A current place is named beside its marker by the labels' pass (labels.js); the others
      // are named by their tooltip on hover and focus, and only they are a stop of the keyboard.
      if (isCurrent) {
        if (marker.getTooltip()) { marker.closeTooltip(); }
        marker.bringToFront();
      }
      const element = marker.getElement();
      if (element) {
        element.classList.toggle("sm-current", isCurrent);
        element.setAttribute("tabindex", isCurrent ? "-1" : "0");
      }
    }
    if (changed) { sm.refreshLabelsAfterFrame(); }
  };

  // The labels are placed by labels.js, after the frame that shows the view.
  const refreshLabels = (/** @type {StoryMap} */ sm) => StoryMapLabels.refresh(sm);

  return Object.freeze({
    STYLE, BASEMAP_DETAIL, drawBasemap, refreshBasemap, loadLayer, preload, applyLayers,
    setUpPlaces, applyPlaces, refreshLabels,
  });
})();
