// @ts-check
/*
 * A swipe: two days of the step's dated layers, side by side, split by a handle. Each day's
 * reports (those of that day only, named) are drawn in a pane of its own (its own canvas), clipped
 * at the handle: left of it the first day, right of it the second, each day named at the top of its
 * side. The handle is a slider: dragged, or moved by the arrow keys.
 * `clipRects` is pure (tests/js/swipe.test.mjs); it is on window.StoryMapLib as `swipe`.
 */

const StoryMapSwipe = (() => {
  "use strict";

  const SWIPE_STEP = 5;

  /**
   * The CSS clips of the two days' panes, in the panes' own (layer) pixels: the map's top-left
   * corner `nw`, its bottom-right corner `se`, and the handle's x.
   * @param {{x: number, y: number}} nw @param {{x: number, y: number}} se @param {number} x
   */
  const clipRects = (nw, se, x) => {
    const rect = (/** @type {number[]} */ edges) => "rect(" + edges.map((n) => Math.round(n) + "px").join(", ") + ")";
    return { left: rect([nw.y, x, se.y, nw.x]), right: rect([nw.y, se.x, se.y, x]) };
  };

  /**
   * The step's swipe, drawn for its dated layers (their ordinary layer taken off): each pane shows
   * only its own day's reports, in full colour and named, over the story's places (the step's own
   * places are not marked as its own on a swipe: story/map/state.py), so the eye goes to what differs.
   * What a pane draws is on its element, `data-features` (the reports' ids), for a test to read.
   * @param {StoryMap} sm
   */
  const applySwipe = (sm) => {
    const map = sm.map;
    const state = sm.state;
    const swipe = state.swipe;
    if (!swipe) { clearSwipe(sm); return; }
    if (sm.swipeFor !== state) {
      clearSwipe(sm);
      sm.swipeFor = state;
      sm.swipeLayers = [];
      sm.swipeCounts = [0, 0];
    }
    setUpSwipe(sm);
    for (const ref of state.layers || []) {
      const data = sm.layerData[ref.id];
      const dated = data && (data.features || []).some((/** @type {any} */ f) => StoryMapGeo.isDated(f.properties || {}));
      if (!dated) { continue; }
      const normal = sm.stepLayers[ref.id];
      if (normal && map.hasLayer(normal)) { map.removeLayer(normal); }
      if (sm.swipeLayers.some((layer) => layer.layerId === ref.id)) { continue; }
      /** @type {("left" | "right")[]} */ (["left", "right"]).forEach((side, i) => {
        const day = swipe.days[i];
        const features = data.features.filter((/** @type {any} */ f) => StoryMapGeo.phaseOn(f.properties || {}, day) === "Today");
        const paneName = side === "left" ? "swipeLeft" : "swipeRight";
        const drawn = StoryMapDays.dayPlaces(sm, features, sm.swipeRenderers[side], paneName);
        const layer = /** @type {L.LayerGroup & {layerId?: string, swipeSide?: string}} */ (drawn.group);
        layer.layerId = ref.id;
        layer.swipeSide = side;
        layer.addTo(map);
        sm.swipeLayers.push(layer);
        sm.swipeCounts[i] += drawn.places.length;
        const pane = map.getPane(paneName);
        const before = pane.getAttribute("data-features");
        pane.setAttribute("data-features", (before ? before + " " : "") + drawn.ids.join(" "));
      });
    }
    const container = map.getContainer();
    container.setAttribute("data-swipe-left-shown", String(sm.swipeCounts[0]));
    container.setAttribute("data-swipe-right-shown", String(sm.swipeCounts[1]));
    sm.swipeLabels[0].textContent = swipe.labels[0];
    sm.swipeLabels[1].textContent = swipe.labels[1];
    sm.swipeBox.hidden = false;
    setSwipe(sm, sm.swipeAt === undefined ? 50 : sm.swipeAt);
  };

  /** The two panes, their canvases and the handle, made the first time a step has a swipe. @param {StoryMap} sm */
  const setUpSwipe = (sm) => {
    const map = sm.map;
    if (sm.swipeBox) { return; }
    // Over the story's places (620), under the names of a step's places (630).
    for (const name of ["swipeLeft", "swipeRight"]) {
      const pane = map.createPane(name);
      pane.style.zIndex = "625";
      pane.style.pointerEvents = "none";
    }
    sm.swipeRenderers = { left: L.canvas({ pane: "swipeLeft" }), right: L.canvas({ pane: "swipeRight" }) };
    const box = (sm.swipeBox = L.DomUtil.create("div", "sm-swipe", map.getContainer()));
    box.hidden = true;
    L.DomUtil.create("div", "sm-swipe-line", box);
    const knob = (sm.swipeKnob = L.DomUtil.create("div", "sm-swipe-knob", box));
    knob.setAttribute("role", "slider");
    knob.tabIndex = 0;
    knob.setAttribute("aria-valuemin", "0");
    knob.setAttribute("aria-valuemax", "100");
    // Each day's name at the top of its side, beside the handle; its side's box (as wide as the
    // side) cuts it off when the side is too narrow to hold it.
    sm.swipeLabels = ["left", "right"].map((side) => {
      const holder = L.DomUtil.create("div", "sm-swipe-side sm-swipe-side-" + side, map.getContainer());
      return L.DomUtil.create("div", "sm-swipe-day sm-swipe-day-" + side, holder);
    });
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    knob.addEventListener("keydown", (event) => {
      /** @type {Record<string, number>} */
      const moves = { ArrowLeft: -SWIPE_STEP, ArrowDown: -SWIPE_STEP, ArrowRight: SWIPE_STEP, ArrowUp: SWIPE_STEP,
        PageDown: -4 * SWIPE_STEP, PageUp: 4 * SWIPE_STEP };
      const to = event.key === "Home" ? 0 : event.key === "End" ? 100 :
        moves[event.key] !== undefined ? sm.swipeAt + moves[event.key] : null;
      if (to === null) { return; }
      event.preventDefault();
      event.stopPropagation();
      setSwipe(sm, to);
    });
    let dragging = false;
    const follow = (/** @type {PointerEvent} */ event) => {
      const rect = map.getContainer().getBoundingClientRect();
      setSwipe(sm, ((event.clientX - rect.left) / rect.width) * 100);
    };
    box.addEventListener("pointerdown", (event) => {
      dragging = true;
      map.dragging.disable();
      if (box.setPointerCapture) { box.setPointerCapture(event.pointerId); }
      follow(event);
    });
    box.addEventListener("pointermove", (event) => { if (dragging) { follow(event); } });
    const stop = () => {
      if (!dragging) { return; }
      dragging = false;
      map.dragging.enable();
    };
    box.addEventListener("pointerup", stop);
    box.addEventListener("pointercancel", stop);
    map.on("move zoom resize viewreset", () => { if (sm.swipeFor) { clipSwipe(sm); } });
  };

  /** Where the handle is, as a percentage of the map's width from its left edge. @param {StoryMap} sm @param {number} percent */
  const setSwipe = (sm, percent) => {
    const state = sm.state;
    if (!state || !state.swipe || !sm.swipeBox) { return; }
    sm.swipeAt = Math.max(0, Math.min(100, Math.round(percent)));
    sm.swipeBox.style.left = sm.swipeAt + "%";
    sm.swipeLabels[0].parentElement.style.width = sm.swipeAt + "%";
    sm.swipeLabels[1].parentElement.style.width = (100 - sm.swipeAt) + "%";
    const knob = sm.swipeKnob;
    const labels = sm.labels;
    knob.setAttribute("aria-label", labels.swipe || "");
    knob.setAttribute("aria-valuenow", String(sm.swipeAt));
    knob.setAttribute("aria-valuetext", (labels.swipeValue || "{left} | {right}")
      .replace("{left}", state.swipe.labels[0]).replace("{right}", state.swipe.labels[1]) + " (" + sm.swipeAt + "%)");
    const container = sm.map.getContainer();
    container.setAttribute("data-swipe-at", String(sm.swipeAt));
    // One day in the whole map (a phone's way): only that day is named.
    container.classList.toggle("sm-swipe-at-end", sm.swipeAt === 100);
    container.classList.toggle("sm-swipe-at-start", sm.swipeAt === 0);
    clipSwipe(sm);
    // Each side names the places on its side of the handle: placed again once the handle rests.
    sm.refreshLabelsAfterFrame();
  };

  const clipSwipe = (/** @type {StoryMap} */ sm) => {
    const map = sm.map;
    const size = map.getSize();
    const nw = map.containerPointToLayerPoint([0, 0]);
    const se = map.containerPointToLayerPoint(size);
    const x = map.containerPointToLayerPoint([size.x * (sm.swipeAt || 0) / 100, 0]).x;
    const clips = clipRects(nw, se, x);
    map.getPane("swipeLeft").style.clip = clips.left;
    map.getPane("swipeRight").style.clip = clips.right;
  };

  const clearSwipe = (/** @type {StoryMap} */ sm) => {
    const map = sm.map;
    for (const layer of sm.swipeLayers || []) { map.removeLayer(layer); }
    sm.swipeLayers = [];
    for (const name of ["swipeLeft", "swipeRight"]) {
      if (map.getPane(name)) { map.getPane(name).removeAttribute("data-features"); }
    }
    sm.swipeFor = null;
    if (sm.swipeBox) {
      sm.swipeBox.hidden = true;
      for (const label of sm.swipeLabels) { label.textContent = ""; }
    }
    const container = map.getContainer();
    for (const name of ["data-swipe-left-shown", "data-swipe-right-shown", "data-swipe-at"]) {
      container.removeAttribute(name);
    }
    container.classList.remove("sm-swipe-at-end", "sm-swipe-at-start");
  };

  return Object.freeze({ clipRects, applySwipe, setSwipe, clearSwipe });
})();

window.StoryMapLib = Object.assign(window.StoryMapLib || {}, { swipe: { clipRects: StoryMapSwipe.clipRects } });
