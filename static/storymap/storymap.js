// @ts-check
/*
 * The story map's controller: turns a step's state into what the Leaflet map shows.
 *
 * The player (player.js) builds the Leaflet map once, with the code folium wrote, and
 * hands it here; each step then only calls `showStep(state, {animate, day, swipe})`. A step
 * change touches what differs from the step before: layers that appear or go, features whose
 * role changes, markers that become current or stop being current, and the camera.
 * Everything authored arrives here as data and reaches the DOM as text.
 *
 * This file is the façade the player uses (window.StoryMap); the work is done by the parts
 * loaded before it, each a classic script with one job (story/player.py, PLAYER_SCRIPTS):
 * geo.js (pure geometry and days), controls.js (Leaflet set-up and the map's own controls),
 * layers.js (layer data, styling by role, places, labels), days.js (a dated layer on a day), swipe.js,
 * camera.js.
 */

/** A step's state as the controller reads it: the contract's (story/contract.py, contract.d.ts). @typedef {import("./contract").StepState} MapStepState */
/** @typedef {{lat?: number | string | null, lon?: number | string | null, layer?: string, feature?: string}} AnswerTarget */

class StoryMap {
  /**
   * @param {L.Map} map the Leaflet map folium's code built
   * @param {import("./contract").MapConfig} config the map's configuration (story/contract.py)
   */
  constructor(map, config) {
    this.map = map;
    this.config = config;
    /** @type {Partial<import("./contract").MapLabels>} */
    this.labels = config.labels || {};
    // Keyed by ids from the story: no prototype, so no id can name one of Object's own properties.
    /** @type {Record<string, any>} layer id -> GeoJSON (fetched once) */
    this.layerData = Object.create(null);
    /** @type {Record<string, L.GeoJSON>} layer id -> L.GeoJSON shown for steps */
    this.stepLayers = Object.create(null);
    /** @type {Record<string, Promise<any>>} layer id -> promise of its data */
    this.pending = Object.create(null);
    /** @type {Record<string, L.CircleMarker>} place key -> its marker */
    this.markers = Object.create(null);
    /** @type {Record<string, L.Marker>} basemap label key -> its label, made once */
    this.labelMarkers = Object.create(null);
    /** @type {MapStepState | null} */
    this.state = null;
    /** @type {string | null} the day the step's slider shows (ISO) */
    this.day = null;
    /** @type {L.LayerGroup | null} the day's reports and their names, over the other markers */
    this.todayLayer = null;
    /** @type {L.Canvas | null} */
    this.todayRenderer = null;
    this.storyMoving = false;
    this.flying = false;
    this.stopping = false;
    this.reframeAfterFlight = false;
    /** @type {object | null} the flight under way, replaced by the next move */
    this.flight = null;
    this.userMoved = false;
    this.reduced = false;
    /** @type {"off" | "unknown" | "ok" | "failed"} */
    this.tileStatus = config.tiles ? "unknown" : "off";
    /** @type {L.GeoJSON | null} */
    this.basemap = null;
    /** @type {L.Canvas} */
    this.basemapRenderer = null;
    /** @type {L.Canvas} */
    this.layerRenderer = null;
    /** @type {L.LayerGroup} */
    this.labelLayer = null;
    this.attributionOpen = false;
    /** @type {HTMLElement | null} */
    this.notice = null;
    this.noticeDismissed = false;
    /** @type {HTMLElement | null} */
    this.backButton = null;
    /** @type {((lat: number, lon: number) => void) | null} a find question waiting for a click */
    this.answering = null;
    /** @type {L.Layer | null} */
    this.answerLayer = null;
    /** @type {number | undefined} the swipe's handle, in % of the map's width */
    this.swipeAt = undefined;
    /** @type {MapStepState | null} the step whose swipe is drawn */
    this.swipeFor = null;
    /** @type {(L.LayerGroup & {layerId?: string})[]} each day's reports and names, a group per layer and side */
    this.swipeLayers = [];
    this.swipeCounts = [0, 0];
    /** @type {HTMLElement | null} */
    this.swipeBox = null;
    /** @type {HTMLElement | null} */
    this.swipeKnob = null;
    /** @type {HTMLElement[]} */
    this.swipeLabels = [];
    /** @type {{left: L.Canvas, right: L.Canvas} | null} */
    this.swipeRenderers = null;
    /** @type {number | null} the labels' refresh waiting for the frame to be painted */
    this.labelsTimer = null;
    /** @type {Padding | null} the framing's room at the map's edges, measured again when they change */
    this.padding = null;
    /** @type {((key: string) => void) | null} set by the player: a place's marker was clicked */
    this.onPlaceClick = null;
    /** @type {((shown: {step: string, day: string, shown: number, disputed: number, today: {key: string, features: any[]}[]}) => void) | null} */
    this.onTime = null;
    StoryMapControls.setUp(this);
    this.listen();
  }

  listen() {
    const map = this.map;
    // Labels are drawn for what is in view: a new view adds and removes a few, instead of
    // moving hundreds of labels nobody can see.
    map.on("moveend", () => this.refreshLabelsAfterFrame());
    map.on("resize", () => {
      // A new size (a phone turned, a pane resized): keep the step framed, unless the
      // viewer has taken the map elsewhere.
      this.padding = null;
      this.fitControls();
      this.reframe();
    });
    map.on("movestart", () => {
      if (!this.storyMoving) { this.showBackButton(true); }
    });
    map.on("dragstart", () => {
      // A drag interrupts a fly without ending it: the viewer has taken over.
      this.storyMoving = false;
      this.showBackButton(true);
    });
    map.on("moveend", () => {
      if (this.storyMoving && !this.flying && !this.stopping) { this.storyMoving = false; }
    });
    map.on("click", (/** @type {L.LeafletMouseEvent} */ event) => {
      if (this.answering) { this.answer(event.latlng.lat, event.latlng.lng); }
    });
  }

  /**
   * Show a step: its layers, its places, its camera.
   * @param {MapStepState} state
   * @param {{animate?: boolean, day?: string | null, swipe?: number}} [options] animate: fly there
   *   (never on the first step); day: the slider's day; swipe: where the swipe's handle stands
   */
  showStep(state, options) {
    const first = this.state === null;
    const animate = !!(options && options.animate) && !first;
    this.reduced = !(options && options.animate);
    this.state = state;
    this.day = (options && options.day) || null;
    if (options && options.swipe !== undefined) { this.swipeAt = options.swipe; }
    this.clearAnswer();
    const container = this.map.getContainer();
    container.setAttribute("data-step", state.step);
    container.setAttribute("aria-label", state.alt || "");
    if (!state.time) {
      container.removeAttribute("data-time-day");
      container.removeAttribute("data-time-shown");
      container.removeAttribute("data-time-today");
    }
    // A jump's own "moveend" places the labels for the new view; a flight's comes at its end, so
    // the labels of the layers that come or go are placed now.
    this.applyLayers(animate);
    this.applyPlaces();
    this.moveTo(state.view, animate);
    this.showBackButton(false);
  }

  // --- Find it on the map: a question waits for the reader's click -------------------------

  /** @param {(lat: number, lon: number) => void} callback */
  awaitAnswer(callback) {
    this.answering = callback;
    this.map.getContainer().classList.add("sm-answering");
  }

  stopAnswer() {
    this.answering = null;
    this.map.getContainer().classList.remove("sm-answering");
  }

  /** @param {number} lat @param {number} lon */
  answer(lat, lon) {
    const callback = this.answering;
    this.stopAnswer();
    if (callback) { callback(lat, lon); }
  }

  /** @param {string} layerId @param {string} featureId */
  findFeature(layerId, featureId) {
    const data = this.layerData[layerId];
    if (!data || !data.features) { return null; }
    return data.features.find((/** @type {any} */ f) => String((f.properties || {}).id) === String(featureId)) || null;
  }

  /**
   * How far (km) a click is from a place ({lat, lon}) or a feature ({layer, feature}); null when
   * the layer is not loaded.
   * @param {AnswerTarget} target @param {number} lat @param {number} lon
   */
  distanceKm(target, lat, lon) {
    if (target.lat !== undefined && target.lat !== null && target.lat !== "") {
      return StoryMapGeo.haversineKm(lat, lon, Number(target.lat), Number(target.lon));
    }
    const feature = this.findFeature(target.layer, target.feature);
    return feature ? StoryMapGeo.featureDistanceKm(feature, lat, lon) : null;
  }

  /** The right answer on the map, until the step changes. @param {AnswerTarget} target */
  showAnswer(target) {
    if (this.answerLayer) { this.map.removeLayer(this.answerLayer); }
    const style = { color: "#1d4f91", weight: 4, fill: false, pane: "places", interactive: false };
    if (target.lat !== undefined && target.lat !== null && target.lat !== "") {
      this.answerLayer = L.circleMarker([Number(target.lat), Number(target.lon)], L.extend({ radius: 14 }, style));
    } else {
      const feature = this.findFeature(target.layer, target.feature);
      if (!feature) { return; }
      this.answerLayer = L.geoJSON(feature, { style: () => style, interactive: false });
    }
    this.answerLayer.addTo(this.map);
    this.map.getContainer().setAttribute("data-answer-shown", "true");
  }

  clearAnswer() {
    this.stopAnswer();
    if (this.answerLayer) { this.map.removeLayer(this.answerLayer); this.answerLayer = null; }
    this.map.getContainer().removeAttribute("data-answer-shown");
  }

  // --- The parts, called through the controller (the player and the tests use these names) ---

  fitControls() { StoryMapControls.fitControls(this); }
  /** @param {boolean} show */
  showNotice(show) { StoryMapControls.showNotice(this, show); }
  /** @param {boolean} show */
  showBackButton(show) { StoryMapControls.showBackButton(this, show); }
  basemapVisible() { return StoryMapControls.basemapVisible(this); }
  refreshBasemap() { StoryMapLayers.refreshBasemap(this); }
  /** @param {string} layerId */
  loadLayer(layerId) { return StoryMapLayers.loadLayer(this, layerId); }
  /** Fetch the layers of every step now, so that a step's layers are there when it is shown. @param {MapStepState[]} states */
  preload(states) { StoryMapLayers.preload(this, states); }
  /** @param {boolean} [labels] */
  applyLayers(labels = true) { StoryMapLayers.applyLayers(this, labels); }
  applyPlaces() { StoryMapLayers.applyPlaces(this); }
  refreshLabels() { StoryMapLayers.refreshLabels(this); }
  /**
   * Labels come after the frame that shows the map's new view (a step, a drag, a zoom): one pass
   * for any number of moves, out of the frame the reader waits for.
   */
  refreshLabelsAfterFrame() {
    if (this.labelsTimer !== null) { return; }
    this.labelsTimer = window.setTimeout(() => {
      this.labelsTimer = null;
      this.refreshLabels();
    }, 0);
  }
  /** The day a step's slider shows (ISO): its layers' dated features follow. @param {string} day */
  setDay(day) { StoryMapDays.setDay(this, day); }
  applyTime() { StoryMapDays.applyTime(this); }
  applySwipe() { StoryMapSwipe.applySwipe(this); }
  /** Where the swipe's handle is, as a percentage of the map's width from its left edge. @param {number} percent */
  setSwipe(percent) { StoryMapSwipe.setSwipe(this, percent); }
  clearSwipe() { StoryMapSwipe.clearSwipe(this); }
  /** @param {any} view @param {boolean} animate */
  moveTo(view, animate) { StoryMapCamera.moveTo(this, view, animate); }
  /** Frame the step again for the map as it is now, unless the viewer has moved the map. */
  reframe() { StoryMapCamera.reframe(this); }
}

window.StoryMap = StoryMap;
