// @ts-check
/*
 * The map's set-up and its own controls: panes and renderers, the zoom buttons named in the
 * reader's language, the attribution's toggle, the way back to the story's view, the offline
 * notice, and whether the online tiles came (the basemap is drawn when they did not).
 */

const StoryMapControls = (() => {
  "use strict";

  const TILE_TIMEOUT_MS = 5000;

  /** Authored text as HTML text (for Leaflet's tooltips and icons, which take HTML). */
  const escapeHtml = (/** @type {unknown} */ text) => String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

  // Leaflet's canvas, doing a jump's work once. On a new view set at once (a step's `setView`)
  // Leaflet projects every path for the new zoom twice (at "zoomend" and again at "viewreset")
  // and clips it twice before its one redraw, then redraws again in the next frame if a path
  // was restyled just before; on the world basemap (about 10,000 points) that was most of a
  // step's time (docs/performance.md, "A step change in the browser"). Here each path is
  // projected and clipped once per jump and drawn once; flights and the viewer's own drags
  // and zooms take Leaflet's way unchanged.
  // (Made when the first map is, since the app's host loads Leaflet after these scripts.)
  /** @type {(new (options: L.RendererOptions) => L.Canvas) | null} */
  let StoryCanvas = null;
  const storyCanvas = (/** @type {L.RendererOptions} */ options) => {
    StoryCanvas = StoryCanvas || /** @type {any} */ (L.Canvas).extend(storyCanvasMethods);
    return new /** @type {new (options: L.RendererOptions) => L.Canvas} */ (StoryCanvas)(options);
  };
  const storyCanvasMethods = {
    _onViewPreReset() {
      this._postponeUpdatePaths = true;
      this._resetting = true;
    },
    _onZoomEnd() {
      // In a jump, the "viewreset" that comes next projects every path for the new view.
      if (!this._resetting) { /** @type {any} */ (L.Canvas.prototype)._onZoomEnd.call(this); }
    },
    _reset() {
      this._resetting = false;
      this._update(); // the canvas placed and sized for the new view (the paths still postponed)
      this._updateTransform(this._center, this._zoom);
      for (const id in this._layers) { this._layers[id]._project(); }
      this._postponeUpdatePaths = false;
      this._updatePaths(); // each path clipped for the new view, then one redraw
    },
    _redraw() {
      // A redraw asked for the next frame (a path restyled before the jump) is this one.
      if (this._redrawRequest) { L.Util.cancelAnimFrame(this._redrawRequest); }
      /** @type {any} */ (L.Canvas.prototype)._redraw.call(this);
    },
  };

  /** Panes, renderers and controls, once, when the controller is made. @param {StoryMap} sm */
  const setUp = (sm) => {
    const map = sm.map;
    nameZoomButtons(sm);
    map.createPane("basemap").style.zIndex = "250";
    map.createPane("labels").style.zIndex = "450";
    map.getPane("labels").style.pointerEvents = "none";
    map.createPane("places").style.zIndex = "620";
    map.createPane("placeLabels").style.zIndex = "630";
    map.getPane("placeLabels").style.pointerEvents = "none";
    // The basemap is drawn on a canvas: a step's new view redraws it in one pass
    // instead of re-projecting hundreds of SVG paths.
    sm.basemapRenderer = storyCanvas({ pane: "basemap", padding: 0.3 });
    sm.layerRenderer = storyCanvas({ padding: 0.3 });
    map.getContainer().classList.add("sm-map");
    if (sm.config.dataAttribution) {
      map.attributionControl.addAttribution(escapeHtml(sm.config.dataAttribution));
    }
    sm.labelLayer = L.layerGroup().addTo(map);
    setUpAttribution(sm);
    fitControls(sm);
    StoryMapLayers.setUpPlaces(sm);
    setUpBackButton(sm);
    setUpNotice(sm);
    setUpTiles(sm);
    StoryMapLayers.drawBasemap(sm);
  };

  // Leaflet names its zoom buttons in English: name them in the reader's language.
  const nameZoomButtons = (/** @type {StoryMap} */ sm) => {
    const zoom = /** @type {any} */ (sm.map.zoomControl);
    if (!zoom) { return; }
    for (const [button, label] of [[zoom._zoomInButton, sm.labels.zoomIn], [zoom._zoomOutButton, sm.labels.zoomOut]]) {
      if (button && label) { button.title = label; button.setAttribute("aria-label", label); }
    }
  };

  // On a small map (a phone, a small iframe) the map's own messages take one line each:
  // the attribution shortened with a button that opens it, the notice in two words.
  const fitControls = (/** @type {StoryMap} */ sm) => {
    const size = sm.map.getSize();
    sm.map.getContainer().classList.toggle("sm-compact", size.x < 520 || size.y < 320);
  };

  const setUpAttribution = (/** @type {StoryMap} */ sm) => {
    const control = sm.map.attributionControl;
    if (!control) { return; }
    sm.attributionOpen = false;
    const container = control.getContainer();
    // Leaflet writes the attribution again whenever a layer adds or removes one: the
    // button is the prefix, so it is written with it, in its current state.
    const render = () => {
      const label = escapeHtml(sm.labels.attribution || "Map data and credits");
      control.setPrefix(
        '<button type="button" class="sm-attribution-toggle" aria-expanded="' + sm.attributionOpen +
        '" aria-label="' + label + '" title="' + label + '">i</button> ' +
        '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>'
      );
      container.classList.toggle("sm-attribution-open", sm.attributionOpen);
      sm.padding = null;
    };
    L.DomEvent.disableClickPropagation(container);
    L.DomEvent.on(container, "click", (event) => {
      const target = /** @type {Element} */ (event.target);
      if (!(target.closest && target.closest(".sm-attribution-toggle"))) { return; }
      sm.attributionOpen = !sm.attributionOpen;
      render();
      /** @type {HTMLElement} */ (container.querySelector(".sm-attribution-toggle")).focus();
    });
    render();
  };

  // Our basemap is drawn when the online tiles are off or did not come.
  const basemapVisible = (/** @type {StoryMap} */ sm) => sm.tileStatus === "off" || sm.tileStatus === "failed";

  const setUpTiles = (/** @type {StoryMap} */ sm) => {
    /** @type {L.TileLayer | null} */
    let tiles = null;
    sm.map.eachLayer((layer) => {
      if (layer instanceof L.TileLayer) { tiles = layer; }
    });
    if (!tiles) {
      sm.tileStatus = "off";
      return;
    }
    const settle = (/** @type {"ok" | "failed"} */ status) => {
      if (sm.tileStatus !== "unknown" && !(sm.tileStatus === "failed" && status === "ok")) { return; }
      sm.tileStatus = status;
      sm.map.getContainer().setAttribute("data-tiles", status);
      sm.refreshBasemap();
      showNotice(sm, status === "failed");
    };
    tiles.on("tileload", () => settle("ok"));
    tiles.on("tileerror", () => { if (sm.tileStatus === "unknown") { settle("failed"); } });
    window.setTimeout(() => { if (sm.tileStatus === "unknown") { settle("failed"); } }, TILE_TIMEOUT_MS);
  };

  const setUpNotice = (/** @type {StoryMap} */ sm) => {
    const labels = sm.labels;
    const Notice = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: () => {
        const box = L.DomUtil.create("div", "sm-map-notice");
        box.setAttribute("role", "status");
        // The sentence, and on a small map two words in its place (the sentence is still
        // what a screen reader announces).
        const text = L.DomUtil.create("span", "sm-map-notice-text", box);
        text.textContent = labels.offline || "Online basemap unavailable: showing the offline map.";
        const short = L.DomUtil.create("span", "sm-map-notice-short", box);
        short.textContent = labels.offlineShort || "Offline map";
        short.setAttribute("aria-hidden", "true");
        const close = L.DomUtil.create("button", "sm-map-notice-close", box);
        close.type = "button";
        close.textContent = "\u00d7";
        close.title = labels.dismiss || "Dismiss";
        close.setAttribute("aria-label", labels.dismiss || "Dismiss");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(close, "click", () => {
          sm.noticeDismissed = true;
          showNotice(sm, false);
        });
        return box;
      },
    });
    const control = new Notice();
    control.addTo(sm.map);
    sm.notice = control.getContainer();
    sm.notice.style.display = "none";
  };

  const showNotice = (/** @type {StoryMap} */ sm, /** @type {boolean} */ show) => {
    if (!sm.notice) { return; }
    const display = show && !sm.noticeDismissed ? "" : "none";
    if (sm.notice.style.display === display) { return; }
    sm.notice.style.display = display;
    // The notice takes room at the map's foot (or gives it back): the step is framed again.
    sm.padding = null;
    sm.reframe();
  };

  const setUpBackButton = (/** @type {StoryMap} */ sm) => {
    const Back = L.Control.extend({
      options: { position: "topright" },
      onAdd: () => {
        const button = L.DomUtil.create("button", "sm-back");
        button.type = "button";
        button.textContent = sm.labels.back || "Back to the story view";
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", () => {
          if (sm.state) { sm.moveTo(sm.state.view, !sm.reduced); }
          showBackButton(sm, false);
        });
        return button;
      },
    });
    const control = new Back();
    control.addTo(sm.map);
    sm.backButton = control.getContainer();
    showBackButton(sm, false);
  };

  const showBackButton = (/** @type {StoryMap} */ sm, /** @type {boolean} */ show) => {
    sm.userMoved = !!show;
    if (sm.backButton) { sm.backButton.style.display = show && sm.state ? "" : "none"; }
  };

  return Object.freeze({ escapeHtml, setUp, fitControls, basemapVisible, showNotice, showBackButton });
})();
