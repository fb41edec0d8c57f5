// @ts-check
/*
 * The camera: where a step's view puts the map at its present size, with room left for the
 * map's own controls and the places' names, and the move there (a flight, or a jump when the
 * reader asked for less motion). `storyMoving` tells a story's move from the viewer's.
 */

/** @typedef {{top: number, bottom: number, left: number, right: number}} Padding */

const StoryMapCamera = (() => {
  "use strict";

  const FLY_SECONDS = 1.5;

  // Room a step's framing leaves at the map's edges, in pixels: under the controls that
  // sit on the map's bottom edge (the attribution, the offline notice), beside the zoom
  // buttons, and to the right of a marker for its name. Measured when the map's size or the
  // controls shown change (a phone, a dismissed notice, the attribution opened), not at every
  // step: measuring makes the browser lay the page out in the middle of the step change.
  const framePadding = (/** @type {StoryMap} */ sm) => {
    if (!sm.padding) {
      sm.padding = measurePadding(sm);
      watchEdges(sm);
    }
    return sm.padding;
  };

  /** @type {WeakSet<StoryMap>} */
  const watched = new WeakSet();

  // The bottom corners' controls change size on their own (a font that came late, the
  // attribution's text wrapping on a narrow map): the next framing measures again. Only their
  // height matters to the room left under them; the attribution's width changes with most
  // steps' layers, and measuring for it would lay the page out in the middle of those steps.
  const watchEdges = (/** @type {StoryMap} */ sm) => {
    if (watched.has(sm) || !window.ResizeObserver) { return; }
    watched.add(sm);
    const corners = /** @type {any} */ (sm.map)._controlCorners || {};
    /** @type {WeakMap<Element, number>} */
    const heights = new WeakMap();
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) {
        const height = entry.contentRect.height;
        // (The first report comes when the watch begins, after the first measure: measure again.)
        if (heights.get(entry.target) !== height) { sm.padding = null; }
        heights.set(entry.target, height);
      }
    });
    for (const corner of ["bottomleft", "bottomright"]) {
      if (corners[corner]) { observer.observe(corners[corner]); }
    }
  };

  const measurePadding = (/** @type {StoryMap} */ sm) => {
    const map = sm.map;
    const size = map.getSize();
    const box = map.getContainer().getBoundingClientRect();
    /** @type {Record<string, HTMLElement>} */
    const corners = /** @type {any} */ (map)._controlCorners || {};
    const reach = (/** @type {string} */ corner) => {
      const element = corners[corner];
      let edge = 0;
      if (!element) { return 0; }
      for (const child of /** @type {HTMLElement[]} */ (Array.from(element.children))) {
        if (child.style.display === "none" || !child.offsetParent) { continue; }
        edge = Math.max(edge, box.bottom - child.getBoundingClientRect().top);
      }
      return edge;
    };
    const bottom = Math.max(reach("bottomleft"), reach("bottomright"));
    // Never more than a third of the map, so that a tiny map still frames its step.
    return {
      // (The top-right corner holds only the way back, shown while the viewer has the map.)
      top: Math.min(16, size.y / 3),
      bottom: Math.min(bottom + 10, size.y / 3),
      left: Math.min(size.x < 500 ? 36 : 48, size.x / 6),
      right: Math.min(110, size.x / 4),
    };
  };

  /**
   * The zoom (at most `zoom`) at which every point is inside the padded map, seen from `center`.
   * @param {StoryMap} sm @param {L.LatLng} center @param {number} zoom @param {L.LatLng[]} points @param {Padding} padding
   */
  const zoomShowing = (sm, center, zoom, points, padding) => {
    const map = sm.map;
    const size = map.getSize();
    const fits = (/** @type {number} */ z) => {
      const middle = map.project(center, z);
      return points.every((point) => {
        const p = map.project(point, z).subtract(middle).add(size.divideBy(2));
        return p.x >= padding.left && p.x <= size.x - padding.right &&
          p.y >= padding.top && p.y <= size.y - padding.bottom;
      });
    };
    const step = map.options.zoomSnap || 1;
    for (let z = zoom; z > map.getMinZoom(); z -= step) {
      if (fits(z)) { return z; }
    }
    return map.getMinZoom();
  };

  /**
   * Where a step's view puts the camera on this map, at this size: a fit takes in its bounds and
   * the step's places; a centre and zoom keeps its centre and zooms out as far as it must to show
   * the step's places.
   * @param {StoryMap} sm @param {any} view @returns {{center: L.LatLng, zoom: number}}
   */
  const frame = (sm, view) => {
    const map = sm.map;
    const padding = framePadding(sm);
    const places = ((sm.state && sm.state.places) || [])
      .map((key) => sm.markers[key] && sm.markers[key].getLatLng())
      .filter(Boolean);
    if (view.bounds) {
      const bounds = L.latLngBounds(view.bounds);
      for (const place of places) { bounds.extend(place); }
      const topLeft = L.point(padding.left, padding.top);
      const bottomRight = L.point(padding.right, padding.bottom);
      const zoom = Math.min(map.getBoundsZoom(bounds, false, topLeft.add(bottomRight)), view.maxZoom || 18);
      // The centre of the padded rectangle, not of the map, goes over the bounds' centre.
      const offset = bottomRight.subtract(topLeft).divideBy(2);
      const centre = map.unproject(map.project(bounds.getCenter(), zoom).add(offset), zoom);
      return { center: centre, zoom };
    }
    const center = L.latLng(view.center);
    return { center, zoom: places.length ? zoomShowing(sm, center, view.zoom, places, padding) : view.zoom };
  };

  // Whether Leaflet is moving the map on its own (a zoom's or a pan's animation, the glide after
  // a drag). Only then is there anything to stop: stopping a still map makes Leaflet pan by zero,
  // and that "moveend" has both canvases clipped and redrawn for the view about to be left.
  const isAnimating = (/** @type {L.Map} */ map) => {
    const leaflet = /** @type {any} */ (map);
    return Boolean(leaflet._animatingZoom || (leaflet._panAnim && leaflet._panAnim._inProgress));
  };

  /** Move the camera to a step's view. @param {StoryMap} sm @param {any} view @param {boolean} animate */
  const moveTo = (sm, view, animate) => {
    const map = sm.map;
    // The story's move starts before map.stop(): stopping a flight (or Leaflet snapping the
    // zoom as it stops) moves the map, and that move is the story's, not the viewer's.
    // map.stop() also fires a "moveend" of its own (Leaflet pans by zero), which must not
    // end the story's move before it has begun: `stopping` tells the handler so.
    sm.storyMoving = true;
    const moving = sm.flying || isAnimating(map);
    sm.flying = false;
    if (moving) {
      sm.stopping = true;
      map.stop();
      sm.stopping = false;
    }
    const camera = frame(sm, view);
    const container = map.getContainer();
    container.setAttribute("data-target-lat", camera.center.lat.toFixed(5));
    container.setAttribute("data-target-lng", camera.center.lng.toFixed(5));
    container.setAttribute("data-target-zoom", String(camera.zoom));
    if (animate) {
      // A flight ends with one "moveend"; a flight cut short by the next step never
      // ends, so the flag is the flight's own and the next move replaces it.
      sm.flying = true;
      const flight = (sm.flight = {});
      map.once("moveend", () => {
        if (sm.flight !== flight) { return; }
        sm.flying = false;
        sm.storyMoving = false;
        // The map's edges changed during the flight (the offline notice came): frame again.
        if (sm.reframeAfterFlight) { reframe(sm); }
      });
      map.flyTo(camera.center, camera.zoom, { animate: true, duration: FLY_SECONDS });
    } else {
      map.setView(camera.center, camera.zoom, { animate: false });
      sm.storyMoving = false;
    }
  };

  // Frame the step again for the map as it is now, unless the viewer has moved the map.
  const reframe = (/** @type {StoryMap} */ sm) => {
    sm.reframeAfterFlight = false;
    if (!sm.state || sm.userMoved) { return; }
    if (sm.flying) {
      sm.reframeAfterFlight = true;
      return;
    }
    moveTo(sm, sm.state.view, false);
  };

  return Object.freeze({ frame, moveTo, reframe });
})();
