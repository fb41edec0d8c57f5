/*
 * The story map's controller: turns a step's state into what the Leaflet map shows.
 *
 * The player (player.js) builds the Leaflet map once, with the code folium wrote, and
 * hands it here; each step then only calls `showStep(state, {animate})`. A step change
 * touches what differs from the step before: layers that appear or go, features whose
 * role changes, markers that become current or stop being current, and the camera.
 * Everything authored arrives here as data and reaches the DOM as text.
 */
(function () {
  "use strict";

  var STYLE = {
    basemapLand: { color: "#a7a39b", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1, opacity: 1 },
    basemapHidden: { opacity: 0, fillOpacity: 0 },
    context: { color: "#5f5a52", weight: 1.2, opacity: 0.9, fillColor: "#5f5a52", fillOpacity: 0.04 },
    highlight: { color: "#a3201a", weight: 2.5, opacity: 1, fillColor: "#d9452e", fillOpacity: 0.28 },
    lineContext: { color: "#1d4f91", weight: 2.5, opacity: 0.9, dashArray: "6 5", fill: false },
    lineHighlight: { color: "#1d4f91", weight: 3.5, opacity: 1, dashArray: null, fill: false },
    pointContext: { radius: 5, color: "#ffffff", weight: 1.5, fillColor: "#5f5a52", fillOpacity: 0.9 },
    pointHighlight: { radius: 7, color: "#ffffff", weight: 2, fillColor: "#a3201a", fillOpacity: 1 },
    placeCurrent: { radius: 8, color: "#ffffff", weight: 2.5, fillColor: "#a3201a", fillOpacity: 1, opacity: 1 },
    placeOther: { radius: 5, color: "#ffffff", weight: 1.5, fillColor: "#6d6860", fillOpacity: 0.75, opacity: 0.9 },
    // A layer that changes with dates, on the day the slider shows: what was so that day in full colour,
    // what was so before it faded, what came later not drawn.
    timeToday: { radius: 7, color: "#ffffff", weight: 2, opacity: 1, fillColor: "#a3201a", fillOpacity: 1 },
    timeEarlier: { radius: 5, color: "#ffffff", weight: 1, opacity: 0.8, fillColor: "#c98b84", fillOpacity: 0.7 },
    timeLater: { opacity: 0, fillOpacity: 0 },
    timeDisputed: { color: "#1a1a1a", weight: 2, dashArray: "3 2" },
  };
  var FLY_SECONDS = 1.5;
  var TILE_TIMEOUT_MS = 5000;

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  /**
   * @param {import("leaflet").Map} map
   * @param {import("./contract").MapConfig} config
   */
  function StoryMap(map, config) {
    this.map = map;
    this.config = config;
    this.labels = config.labels || {};
    // Keyed by ids from the story: no prototype, so no id can name one of Object's own properties.
    this.layerData = Object.create(null);   // layer id -> GeoJSON (fetched once)
    this.stepLayers = Object.create(null);  // layer id -> L.GeoJSON shown for steps
    this.pending = Object.create(null);     // layer id -> promise of its data
    this.markers = Object.create(null);     // place key -> L.CircleMarker
    this.state = null;
    this.storyMoving = false;
    this.tileStatus = config.tiles ? "unknown" : "off";
    this.setUp();
  }

  StoryMap.prototype.setUp = function () {
    var self = this;
    var map = this.map;
    // Leaflet names its zoom buttons in English: name them in the reader's language.
    if (map.zoomControl) {
      [[map.zoomControl._zoomInButton, this.labels.zoomIn], [map.zoomControl._zoomOutButton, this.labels.zoomOut]]
        .forEach(function (pair) {
          if (pair[0] && pair[1]) { pair[0].title = pair[1]; pair[0].setAttribute("aria-label", pair[1]); }
        });
    }
    map.createPane("basemap").style.zIndex = 250;
    map.createPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";
    map.createPane("places").style.zIndex = 620;
    map.createPane("placeLabels").style.zIndex = 630;
    map.getPane("placeLabels").style.pointerEvents = "none";
    // The basemap is drawn on a canvas: a step's new view redraws it in one pass
    // instead of re-projecting hundreds of SVG paths.
    this.basemapRenderer = L.canvas({ pane: "basemap", padding: 0.3 });
    this.layerRenderer = L.canvas({ padding: 0.3 });
    map.getContainer().classList.add("sm-map");
    if (this.config.dataAttribution) {
      map.attributionControl.addAttribution(escapeHtml(this.config.dataAttribution));
    }
    this.labelLayer = L.layerGroup().addTo(map);
    this.setUpAttribution();
    this.fitControls();
    this.setUpPlaces();
    this.setUpBackButton();
    this.setUpNotice();
    this.setUpTiles();
    this.loadLayer(this.config.basemap).then(function (data) {
      self.basemap = L.geoJSON(data, {
        pane: "basemap",
        renderer: self.basemapRenderer,
        interactive: false,
        style: function () { return self.basemapVisible() ? STYLE.basemapLand : STYLE.basemapHidden; },
      }).addTo(map);
      map.getContainer().setAttribute("data-basemap", "drawn");
      self.refreshBasemap();
    }, function () { /* reported by loadLayer */ });
    // Labels are drawn for what is in view: a new view adds and removes a few, instead of
    // moving hundreds of labels nobody can see.
    map.on("moveend", function () { self.refreshLabels(); });
    map.on("resize", function () {
      // A new size (a phone turned, a pane resized): keep the step framed, unless the
      // viewer has taken the map elsewhere.
      self.fitControls();
      self.reframe();
    });
    map.on("movestart", function () {
      if (!self.storyMoving) { self.showBackButton(true); }
    });
    map.on("dragstart", function () {
      // A drag interrupts a fly without ending it: the viewer has taken over.
      self.storyMoving = false;
      self.showBackButton(true);
    });
    map.on("moveend", function () {
      if (self.storyMoving && !self.flying && !self.stopping) { self.storyMoving = false; }
    });
    map.on("click", function (event) {
      if (self.answering) { self.answer(event.latlng.lat, event.latlng.lng); }
    });
  };

  // --- Find it on the map: a question waits for the reader's click -------------------------

  StoryMap.prototype.awaitAnswer = function (callback) {
    this.answering = callback;
    this.map.getContainer().classList.add("sm-answering");
  };

  StoryMap.prototype.stopAnswer = function () {
    this.answering = null;
    this.map.getContainer().classList.remove("sm-answering");
  };

  StoryMap.prototype.answer = function (lat, lon) {
    var callback = this.answering;
    this.stopAnswer();
    if (callback) { callback(lat, lon); }
  };

  var EARTH_KM = 6371.0088;

  function haversineKm(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLon = (lon2 - lon1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  // Rings of a feature's geometry ([lon, lat] pairs), with whether each is a polygon's.
  function ringsOf(geometry) {
    var type = geometry.type;
    var c = geometry.coordinates;
    if (type === "Polygon") { return c.map(function (ring) { return { ring: ring, area: true }; }); }
    if (type === "MultiPolygon") {
      var all = [];
      c.forEach(function (polygon) { polygon.forEach(function (ring) { all.push({ ring: ring, area: true }); }); });
      return all;
    }
    if (type === "LineString") { return [{ ring: c, area: false }]; }
    if (type === "MultiLineString") { return c.map(function (line) { return { ring: line, area: false }; }); }
    if (type === "Point") { return [{ ring: [c], area: false }]; }
    if (type === "MultiPoint") { return c.map(function (point) { return { ring: [point], area: false }; }); }
    return [];
  }

  function insideRing(ring, lat, lon) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  // How far (km) a point is from a feature: 0 inside an area, else to its nearest edge.
  // Near a point, a flat projection around it is exact enough for a classroom's question.
  function featureDistanceKm(feature, lat, lon) {
    var rings = ringsOf(feature.geometry || {});
    var polygons = (feature.geometry || {}).type;
    if (polygons === "Polygon" || polygons === "MultiPolygon") {
      var list = polygons === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
      for (var p = 0; p < list.length; p++) {
        var inHole = list[p].slice(1).some(function (hole) { return insideRing(hole, lat, lon); });
        if (insideRing(list[p][0], lat, lon) && !inHole) { return 0; }
      }
    }
    var kx = 111.32 * Math.cos(lat * Math.PI / 180);
    var ky = 110.57;
    var best = Infinity;
    rings.forEach(function (entry) {
      var ring = entry.ring;
      if (ring.length === 1) {
        best = Math.min(best, haversineKm(lat, lon, ring[0][1], ring[0][0]));
        return;
      }
      for (var i = 1; i < ring.length; i++) {
        var ax = (ring[i - 1][0] - lon) * kx, ay = (ring[i - 1][1] - lat) * ky;
        var bx = (ring[i][0] - lon) * kx, by = (ring[i][1] - lat) * ky;
        var dx = bx - ax, dy = by - ay;
        var length = dx * dx + dy * dy;
        var t = length ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / length)) : 0;
        var x = ax + t * dx, y = ay + t * dy;
        best = Math.min(best, Math.sqrt(x * x + y * y));
      }
    });
    return best;
  }

  StoryMap.prototype.findFeature = function (layerId, featureId) {
    var data = this.layerData[layerId];
    if (!data || !data.features) { return null; }
    for (var i = 0; i < data.features.length; i++) {
      var properties = data.features[i].properties || {};
      if (String(properties.id) === String(featureId)) { return data.features[i]; }
    }
    return null;
  };

  // target: {lat, lon} of a place, or {layer, feature}. Null when the layer is not loaded.
  StoryMap.prototype.distanceKm = function (target, lat, lon) {
    if (target.lat !== undefined && target.lat !== null && target.lat !== "") {
      return haversineKm(lat, lon, Number(target.lat), Number(target.lon));
    }
    var feature = this.findFeature(target.layer, target.feature);
    return feature ? featureDistanceKm(feature, lat, lon) : null;
  };

  // The right answer on the map, until the step changes.
  StoryMap.prototype.showAnswer = function (target) {
    if (this.answerLayer) { this.map.removeLayer(this.answerLayer); }
    var style = { color: "#1d4f91", weight: 4, fill: false, pane: "places", interactive: false };
    if (target.lat !== undefined && target.lat !== null && target.lat !== "") {
      this.answerLayer = L.circleMarker([Number(target.lat), Number(target.lon)], L.extend({ radius: 14 }, style));
    } else {
      var feature = this.findFeature(target.layer, target.feature);
      if (!feature) { return; }
      this.answerLayer = L.geoJSON(feature, { style: function () { return style; }, interactive: false });
    }
    this.answerLayer.addTo(this.map);
    this.map.getContainer().setAttribute("data-answer-shown", "true");
  };

  StoryMap.prototype.clearAnswer = function () {
    this.stopAnswer();
    if (this.answerLayer) { this.map.removeLayer(this.answerLayer); this.answerLayer = null; }
    this.map.getContainer().removeAttribute("data-answer-shown");
  };

  // On a small map (a phone, a small iframe) the map's own messages take one line each:
  // the attribution shortened with a button that opens it, the notice in two words.
  StoryMap.prototype.fitControls = function () {
    var size = this.map.getSize();
    this.map.getContainer().classList.toggle("sm-compact", size.x < 520 || size.y < 320);
  };

  StoryMap.prototype.setUpAttribution = function () {
    var self = this;
    var control = this.map.attributionControl;
    if (!control) { return; }
    this.attributionOpen = false;
    var container = control.getContainer();
    // Leaflet writes the attribution again whenever a layer adds or removes one: the
    // button is the prefix, so it is written with it, in its current state.
    var render = function () {
      var label = escapeHtml(self.labels.attribution || "Map data and credits");
      control.setPrefix(
        '<button type="button" class="sm-attribution-toggle" aria-expanded="' + self.attributionOpen +
        '" aria-label="' + label + '" title="' + label + '">i</button> ' +
        '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>'
      );
      container.classList.toggle("sm-attribution-open", self.attributionOpen);
    };
    L.DomEvent.disableClickPropagation(container);
    L.DomEvent.on(container, "click", function (event) {
      if (!(event.target.closest && event.target.closest(".sm-attribution-toggle"))) { return; }
      self.attributionOpen = !self.attributionOpen;
      render();
      container.querySelector(".sm-attribution-toggle").focus();
    });
    render();
  };

  StoryMap.prototype.basemapVisible = function () {
    return this.tileStatus === "off" || this.tileStatus === "failed";
  };

  StoryMap.prototype.setUpTiles = function () {
    var self = this;
    var tiles = null;
    this.map.eachLayer(function (layer) {
      if (layer instanceof L.TileLayer) { tiles = layer; }
    });
    if (!tiles) {
      this.tileStatus = "off";
      return;
    }
    var settle = function (status) {
      if (self.tileStatus !== "unknown" && !(self.tileStatus === "failed" && status === "ok")) { return; }
      self.tileStatus = status;
      self.map.getContainer().setAttribute("data-tiles", status);
      self.refreshBasemap();
      self.showNotice(status === "failed");
    };
    tiles.on("tileload", function () { settle("ok"); });
    tiles.on("tileerror", function () { if (self.tileStatus === "unknown") { settle("failed"); } });
    window.setTimeout(function () { if (self.tileStatus === "unknown") { settle("failed"); } }, TILE_TIMEOUT_MS);
  };

  StoryMap.prototype.refreshBasemap = function () {
    var visible = this.basemapVisible();
    this.map.getContainer().classList.toggle("sm-offline", visible);
    if (this.basemap) {
      this.basemap.setStyle(visible ? STYLE.basemapLand : STYLE.basemapHidden);
    }
    this.refreshLabels();
  };

  StoryMap.prototype.setUpNotice = function () {
    var self = this;
    var Notice = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "sm-map-notice");
        box.setAttribute("role", "status");
        // The sentence, and on a small map two words in its place (the sentence is still
        // what a screen reader announces).
        var text = L.DomUtil.create("span", "sm-map-notice-text", box);
        text.textContent = self.labels.offline || "Online basemap unavailable: showing the offline map.";
        var short = L.DomUtil.create("span", "sm-map-notice-short", box);
        short.textContent = self.labels.offlineShort || "Offline map";
        short.setAttribute("aria-hidden", "true");
        var close = L.DomUtil.create("button", "sm-map-notice-close", box);
        close.type = "button";
        close.textContent = "\u00d7";
        close.title = self.labels.dismiss || "Dismiss";
        close.setAttribute("aria-label", self.labels.dismiss || "Dismiss");
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(close, "click", function () {
          self.noticeDismissed = true;
          self.showNotice(false);
        });
        return box;
      },
    });
    var control = new Notice();
    control.addTo(this.map);
    this.notice = control.getContainer();
    this.notice.style.display = "none";
  };

  StoryMap.prototype.showNotice = function (show) {
    if (!this.notice) { return; }
    var display = show && !this.noticeDismissed ? "" : "none";
    if (this.notice.style.display === display) { return; }
    this.notice.style.display = display;
    // The notice takes room at the map's foot (or gives it back): the step is framed again.
    this.reframe();
  };

  StoryMap.prototype.setUpBackButton = function () {
    var self = this;
    var Back = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var button = L.DomUtil.create("button", "sm-back");
        button.type = "button";
        button.textContent = self.labels.back || "Back to the story view";
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", function () {
          if (self.state) { self.moveTo(self.state.view, !self.reduced); }
          self.showBackButton(false);
        });
        return button;
      },
    });
    var control = new Back();
    control.addTo(this.map);
    this.backButton = control.getContainer();
    this.showBackButton(false);
  };

  StoryMap.prototype.showBackButton = function (show) {
    this.userMoved = !!show;
    if (this.backButton) { this.backButton.style.display = show && this.state ? "" : "none"; }
  };

  StoryMap.prototype.setUpPlaces = function () {
    var self = this;
    (this.config.places || []).forEach(function (place) {
      var marker = L.circleMarker([place.lat, place.lon], L.extend({ pane: "places" }, STYLE.placeOther));
      marker.placeKey = place.key;
      marker.placeName = place.name;
      marker.isCurrent = false;
      marker.bindTooltip(escapeHtml(place.name), { direction: "right", offset: [8, 0], className: "sm-place" });
      marker.on("click", function () {
        // While a find-on-the-map question waits, a click answers it and does not move the story.
        if (self.answering) { self.answer(place.lat, place.lon); return; }
        if (self.onPlaceClick) { self.onPlaceClick(place.key); }
      });
      marker.addTo(self.map);
      self.markers[place.key] = marker;
    });
  };

  // The reports' publishers as the reader's language writes them ("Reuters, на сайте Malay Mail"): a
  // translation's table, for the layers the app fetches as published (the export's are translated already).
  function withPublishers(data, names) {
    if (!names) { return data; }
    ((data && data.features) || []).forEach(function (feature) {
      var sources = feature && feature.properties && feature.properties.sources;
      if (!Array.isArray(sources)) { return; }
      sources.forEach(function (source) {
        if (source && Object.prototype.hasOwnProperty.call(names, source.publisher)) {
          source.publisher = names[source.publisher];
        }
      });
    });
    return data;
  }

  StoryMap.prototype.loadLayer = function (layerId) {
    var self = this;
    if (!layerId) { return Promise.reject(new Error("no layer")); }
    if (this.pending[layerId]) { return this.pending[layerId]; }
    var inline = this.config.inlineLayers && this.config.inlineLayers[layerId];
    // A host may have started the request already (the app's, while Leaflet loaded).
    var started = window.__storyLayerFetches && window.__storyLayerFetches[layerId];
    var request = inline
      ? Promise.resolve(inline)
      : (started || fetch(this.config.geodataUrl + encodeURIComponent(layerId) + ".json")).then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.clone().json();
        });
    this.pending[layerId] = request.then(function (data) {
      self.layerData[layerId] = withPublishers(data, self.config.publishers);
      return data;
    }, function (error) {
      if (window.console) { console.warn("storymap: layer " + layerId + " not available:", error); }
      throw error;
    });
    return this.pending[layerId];
  };

  // Fetch the layers of every step now, so that a step's layers are there when it is shown.
  StoryMap.prototype.preload = function (states) {
    var self = this;
    var seen = Object.create(null);
    states.forEach(function (state) {
      (state.layers || []).forEach(function (ref) {
        if (!seen[ref.id]) { seen[ref.id] = true; self.loadLayer(ref.id).catch(function () {}); }
      });
    });
  };

  StoryMap.prototype.stepLayer = function (layerId) {
    if (!this.stepLayers[layerId] && this.layerData[layerId]) {
      this.stepLayers[layerId] = L.geoJSON(this.layerData[layerId], {
        interactive: false,
        renderer: this.layerRenderer,
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, STYLE.pointContext);
        },
      });
      this.stepLayers[layerId].layerId = layerId;
    }
    return this.stepLayers[layerId];
  };

  function styleFor(kind, strong) {
    if (kind.indexOf("Point") >= 0) { return strong ? STYLE.pointHighlight : STYLE.pointContext; }
    if (kind.indexOf("LineString") >= 0) { return strong ? STYLE.lineHighlight : STYLE.lineContext; }
    return strong ? STYLE.highlight : STYLE.context;
  }

  StoryMap.prototype.applyLayers = function () {
    var self = this;
    var state = this.state;
    var wanted = Object.create(null);
    var changed = false;
    (state.layers || []).forEach(function (ref) { wanted[ref.id] = ref; });
    Object.keys(this.stepLayers).forEach(function (layerId) {
      if (!wanted[layerId] && self.map.hasLayer(self.stepLayers[layerId])) {
        self.map.removeLayer(self.stepLayers[layerId]);
        changed = true;
      }
    });
    Object.keys(wanted).forEach(function (layerId) {
      var ref = wanted[layerId];
      if (!self.layerData[layerId]) {
        self.loadLayer(layerId).then(function () {
          // Data may arrive after the viewer moved on: only the current step's layers are drawn.
          if (self.state === state) { self.applyLayers(); }
        }, function () {});
        return;
      }
      var layer = self.stepLayer(layerId);
      // Restyle only a layer whose roles differ from the last time it was shown.
      var signature = ref.role + "|" + (ref.highlight || []).join(",");
      if (layer.signature !== signature) {
        layer.signature = signature;
        var highlighted = Object.create(null);
        (ref.highlight || []).forEach(function (id) { highlighted[id] = true; });
        layer.eachLayer(function (item) {
          var id = item.feature && item.feature.properties && item.feature.properties.id;
          var strong = ref.role === "highlight" || !!highlighted[id];
          if (item.storyRole === (strong ? "highlight" : "context")) { return; }
          var style = styleFor(item.feature.geometry.type, strong);
          item.setStyle(style);
          if (item.setRadius && style.radius) { item.setRadius(style.radius); }
          item.storyRole = strong ? "highlight" : "context";
        });
      }
      if (!self.map.hasLayer(layer)) { layer.addTo(self.map); changed = true; }
    });
    if (changed) { this.refreshLabels(); }
    if (state.time) { this.applyTime(); }
    this.applySwipe();
  };

  // --- A swipe: two days of the step's dated layers, side by side, split by a handle ------------
  // Each day is drawn in a pane of its own (its own canvas), clipped at the handle: left of it the
  // first day, right of it the second. The handle is a slider: dragged, or moved by the arrow keys.

  var SWIPE_STEP = 5;

  StoryMap.prototype.applySwipe = function () {
    var self = this;
    var map = this.map;
    var state = this.state;
    var swipe = state.swipe;
    if (!swipe) { this.clearSwipe(); return; }
    if (this.swipeFor !== state) {
      this.clearSwipe();
      this.swipeFor = state;
      this.swipeLayers = [];
      this.swipeCounts = [0, 0];
    }
    this.setUpSwipe();
    (state.layers || []).forEach(function (ref) {
      var data = self.layerData[ref.id];
      var dated = data && (data.features || []).some(function (f) { return isDated(f.properties || {}); });
      if (!dated) { return; }
      var normal = self.stepLayers[ref.id];
      if (normal && map.hasLayer(normal)) { map.removeLayer(normal); }
      if (self.swipeLayers.some(function (layer) { return layer.layerId === ref.id; })) { return; }
      ["left", "right"].forEach(function (side, i) {
        var day = swipe.days[i];
        var layer = L.geoJSON(data, {
          interactive: false,
          renderer: self.swipeRenderers[side],
          filter: function (feature) { return phaseOn(feature.properties || {}, day) !== "Later"; },
          pointToLayer: function (feature, latlng) {
            // A marker made here takes no renderer from the layer: its day's pane is given to it.
            var style = timeStyle(phaseOn(feature.properties || {}, day), feature.properties || {});
            return L.circleMarker(latlng, L.extend({ renderer: self.swipeRenderers[side] }, style));
          },
        });
        layer.layerId = ref.id;
        layer.addTo(map);
        self.swipeLayers.push(layer);
        self.swipeCounts[i] += layer.getLayers().length;
      });
    });
    var container = map.getContainer();
    container.setAttribute("data-swipe-left-shown", String(this.swipeCounts[0]));
    container.setAttribute("data-swipe-right-shown", String(this.swipeCounts[1]));
    this.swipeLabels[0].textContent = swipe.labels[0];
    this.swipeLabels[1].textContent = swipe.labels[1];
    this.swipeBox.hidden = false;
    this.setSwipe(this.swipeAt === undefined ? 50 : this.swipeAt);
  };

  StoryMap.prototype.setUpSwipe = function () {
    var self = this;
    var map = this.map;
    if (this.swipeBox) { return; }
    ["swipeLeft", "swipeRight"].forEach(function (name) {
      map.createPane(name).style.zIndex = "450";
    });
    this.swipeRenderers = { left: L.canvas({ pane: "swipeLeft" }), right: L.canvas({ pane: "swipeRight" }) };
    var box = (this.swipeBox = L.DomUtil.create("div", "sm-swipe", map.getContainer()));
    box.hidden = true;
    L.DomUtil.create("div", "sm-swipe-line", box);
    var knob = (this.swipeKnob = L.DomUtil.create("div", "sm-swipe-knob", box));
    knob.setAttribute("role", "slider");
    knob.tabIndex = 0;
    knob.setAttribute("aria-valuemin", "0");
    knob.setAttribute("aria-valuemax", "100");
    this.swipeLabels = [
      L.DomUtil.create("div", "sm-swipe-day sm-swipe-day-left", map.getContainer()),
      L.DomUtil.create("div", "sm-swipe-day sm-swipe-day-right", map.getContainer()),
    ];
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    knob.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: -SWIPE_STEP, ArrowDown: -SWIPE_STEP, ArrowRight: SWIPE_STEP, ArrowUp: SWIPE_STEP,
        PageDown: -4 * SWIPE_STEP, PageUp: 4 * SWIPE_STEP };
      var to = event.key === "Home" ? 0 : event.key === "End" ? 100 :
        moves[event.key] !== undefined ? self.swipeAt + moves[event.key] : null;
      if (to === null) { return; }
      event.preventDefault();
      event.stopPropagation();
      self.setSwipe(to);
    });
    var dragging = false;
    var follow = function (event) {
      var rect = map.getContainer().getBoundingClientRect();
      self.setSwipe(((event.clientX - rect.left) / rect.width) * 100);
    };
    box.addEventListener("pointerdown", function (event) {
      dragging = true;
      map.dragging.disable();
      if (box.setPointerCapture) { box.setPointerCapture(event.pointerId); }
      follow(event);
    });
    box.addEventListener("pointermove", function (event) { if (dragging) { follow(event); } });
    var stop = function () {
      if (!dragging) { return; }
      dragging = false;
      map.dragging.enable();
    };
    box.addEventListener("pointerup", stop);
    box.addEventListener("pointercancel", stop);
    map.on("move zoom resize viewreset", function () { if (self.swipeFor) { self.clipSwipe(); } });
  };

  // Where the handle is, as a percentage of the map's width from its left edge.
  StoryMap.prototype.setSwipe = function (percent) {
    var state = this.state;
    if (!state || !state.swipe || !this.swipeBox) { return; }
    this.swipeAt = Math.max(0, Math.min(100, Math.round(percent)));
    this.swipeBox.style.left = this.swipeAt + "%";
    var knob = this.swipeKnob;
    var labels = this.labels;
    knob.setAttribute("aria-label", labels.swipe || "");
    knob.setAttribute("aria-valuenow", String(this.swipeAt));
    knob.setAttribute("aria-valuetext", (labels.swipeValue || "{left} | {right}")
      .replace("{left}", state.swipe.labels[0]).replace("{right}", state.swipe.labels[1]) + " (" + this.swipeAt + "%)");
    var container = this.map.getContainer();
    container.setAttribute("data-swipe-at", String(this.swipeAt));
    // One day in the whole map (a phone's way): only that day is named.
    container.classList.toggle("sm-swipe-at-end", this.swipeAt === 100);
    container.classList.toggle("sm-swipe-at-start", this.swipeAt === 0);
    this.clipSwipe();
  };

  StoryMap.prototype.clipSwipe = function () {
    var map = this.map;
    var size = map.getSize();
    var nw = map.containerPointToLayerPoint([0, 0]);
    var se = map.containerPointToLayerPoint(size);
    var x = map.containerPointToLayerPoint([size.x * (this.swipeAt || 0) / 100, 0]).x;
    var rect = function (top, right, bottom, left) {
      return "rect(" + [top, right, bottom, left].map(function (n) { return Math.round(n) + "px"; }).join(", ") + ")";
    };
    map.getPane("swipeLeft").style.clip = rect(nw.y, x, se.y, nw.x);
    map.getPane("swipeRight").style.clip = rect(nw.y, se.x, se.y, x);
  };

  StoryMap.prototype.clearSwipe = function () {
    var map = this.map;
    (this.swipeLayers || []).forEach(function (layer) { map.removeLayer(layer); });
    this.swipeLayers = [];
    this.swipeFor = null;
    if (this.swipeBox) {
      this.swipeBox.hidden = true;
      this.swipeLabels.forEach(function (label) { label.textContent = ""; });
    }
    var container = map.getContainer();
    ["data-swipe-left-shown", "data-swipe-right-shown", "data-swipe-at"].forEach(function (name) {
      container.removeAttribute(name);
    });
    container.classList.remove("sm-swipe-at-end", "sm-swipe-at-start");
  };

  // The day a step's slider shows (ISO): its layers' dated features follow.
  StoryMap.prototype.setDay = function (day) {
    this.day = day;
    if (this.state && this.state.time) { this.applyTime(); }
  };

  function isDated(properties) {
    return !!(properties.start || properties.date);
  }

  function phaseOn(properties, day) {
    var start = properties.start || properties.date;
    var end = properties.end || properties.date || start;
    if (!start) { return null; }
    return start > day ? "Later" : end < day ? "Earlier" : "Today";
  }

  // A report the sources disagree on, or that only state media give, is drawn with a dashed ring (the list says so in words).
  function timeStyle(phase, properties) {
    var style = STYLE["time" + phase];
    return properties.disputed && phase !== "Later" ? L.extend({}, style, STYLE.timeDisputed) : style;
  }

  StoryMap.prototype.applyTime = function () {
    var self = this;
    var state = this.state;
    var time = state.time;
    var day = this.day && time.days.indexOf(this.day) >= 0 ? this.day : time.days[time.start];
    var shown = 0;
    var disputed = 0;
    var today = [];
    (state.layers || []).forEach(function (ref) {
      var layer = self.stepLayers[ref.id];
      if (!layer || !self.map.hasLayer(layer)) { return; }
      // Shown again without the slider, the layer is styled afresh by its role.
      layer.signature = null;
      layer.eachLayer(function (item) {
        var properties = (item.feature && item.feature.properties) || {};
        var phase = phaseOn(properties, day);
        if (!phase) { return; }
        if (phase !== "Later") { shown += 1; }
        if (phase !== "Later" && properties.disputed) { disputed += 1; }
        if (phase === "Today") { today.push(properties); }
        if (item.storyRole === "time" + phase) { return; }
        item.storyRole = "time" + phase;
        var style = timeStyle(phase, properties);
        item.setStyle(style);
        if (item.setRadius && style.radius) { item.setRadius(style.radius); }
        if (phase === "Today" && item.bringToFront) { item.bringToFront(); }
      });
    });
    var container = this.map.getContainer();
    container.setAttribute("data-time-day", day);
    container.setAttribute("data-time-shown", String(shown));
    if (this.onTime) { this.onTime({ step: state.step, day: day, shown: shown, disputed: disputed, today: today }); }
  };

  StoryMap.prototype.applyPlaces = function () {
    var current = Object.create(null);
    (this.state.places || []).forEach(function (key) { current[key] = true; });
    var self = this;
    Object.keys(this.markers).forEach(function (key) {
      var marker = self.markers[key];
      var isCurrent = !!current[key];
      if (marker.isCurrent === isCurrent) { return; }
      marker.isCurrent = isCurrent;
      marker.setStyle(isCurrent ? STYLE.placeCurrent : STYLE.placeOther);
      marker.setRadius(isCurrent ? STYLE.placeCurrent.radius : STYLE.placeOther.radius);
      // A current place is named beside its marker by a label placed with CSS alone (a
      // Leaflet tooltip measures itself on every move, which makes the page lay out
      // again); the others are named by their tooltip on hover and focus.
      if (isCurrent) {
        if (marker.getTooltip()) { marker.closeTooltip(); }
        marker.nameLabel = marker.nameLabel || L.marker(marker.getLatLng(), {
          pane: "placeLabels",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "sm-place-label", html: escapeHtml(marker.placeName), iconSize: null }),
        });
        marker.nameLabel.addTo(self.map);
        marker.bringToFront();
      } else if (marker.nameLabel) {
        self.map.removeLayer(marker.nameLabel);
      }
      if (marker.getElement()) { marker.getElement().classList.toggle("sm-current", isCurrent); }
    });
  };

  // Basemap labels are ours only when the tiles (which carry their own labels) are
  // missing. Each label is made once; a step or a zoom only adds or removes the ones
  // whose visibility changed.
  StoryMap.prototype.refreshLabels = function () {
    var self = this;
    var wanted = Object.create(null);
    if (this.basemapVisible()) {
      var zoom = this.map.getZoom();
      var inView = this.map.getBounds().pad(0.25);
      var basemap = this.config.basemap;
      var basemapIds = Object.create(null);
      var sources = [];
      if (this.layerData[basemap]) {
        sources.push([basemap, "sm-label-country"]);
        this.layerData[basemap].features.forEach(function (f) { basemapIds[(f.properties || {}).id] = true; });
      }
      if (this.state) {
        (this.state.layers || []).forEach(function (ref) {
          if (ref.id !== basemap && self.layerData[ref.id]) { sources.push([ref.id, "sm-label-area"]); }
        });
      }
      sources.forEach(function (source) {
        self.layerData[source[0]].features.forEach(function (feature) {
          var p = feature.properties || {};
          // A country the basemap already names is not named twice.
          if (source[1] === "sm-label-area" && basemapIds[p.id]) { return; }
          if (p.label_lat === undefined || p.label_lon === undefined) { return; }
          if (p.min_zoom !== undefined && p.min_zoom !== null && zoom < p.min_zoom - 1) { return; }
          if (!inView.contains([p.label_lat, p.label_lon])) { return; }
          wanted[source[0] + ":" + p.id] = [p, source[1]];
        });
      });
    }
    this.labelMarkers = this.labelMarkers || Object.create(null);
    var language = this.config.language || "en";
    Object.keys(this.labelMarkers).forEach(function (key) {
      if (!wanted[key] && self.labelLayer.hasLayer(self.labelMarkers[key])) {
        self.labelLayer.removeLayer(self.labelMarkers[key]);
      }
    });
    Object.keys(wanted).forEach(function (key) {
      var marker = self.labelMarkers[key];
      if (!marker) {
        var p = wanted[key][0];
        var name = p["name_" + language] || p.name;
        marker = self.labelMarkers[key] = L.marker([p.label_lat, p.label_lon], {
          pane: "labels",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "sm-label " + wanted[key][1], html: escapeHtml(name), iconSize: null }),
        });
      }
      if (!self.labelLayer.hasLayer(marker)) { self.labelLayer.addLayer(marker); }
    });
  };

  // Room a step's framing leaves at the map's edges, in pixels: under the controls that
  // sit on the map's bottom edge (the attribution, the offline notice), beside the zoom
  // buttons, and to the right of a marker for its name. Measured each time, because the
  // map's size and the controls shown change (a phone, a dismissed notice).
  StoryMap.prototype.framePadding = function () {
    var map = this.map;
    var size = map.getSize();
    var box = map.getContainer().getBoundingClientRect();
    var corners = map._controlCorners || {};
    var reach = function (corner) {
      var element = corners[corner];
      var edge = 0;
      if (!element) { return 0; }
      Array.prototype.forEach.call(element.children, function (child) {
        if (child.style.display === "none" || !child.offsetParent) { return; }
        var rect = child.getBoundingClientRect();
        edge = Math.max(edge, box.bottom - rect.top);
      });
      return edge;
    };
    var bottom = Math.max(reach("bottomleft"), reach("bottomright"));
    // Never more than a third of the map, so that a tiny map still frames its step.
    return {
      // (The top-right corner holds only the way back, shown while the viewer has the map.)
      top: Math.min(16, size.y / 3),
      bottom: Math.min(bottom + 10, size.y / 3),
      left: Math.min(size.x < 500 ? 36 : 48, size.x / 6),
      right: Math.min(110, size.x / 4),
    };
  };

  // The zoom (at most `zoom`) at which every point is inside the padded map, seen from `center`.
  StoryMap.prototype.zoomShowing = function (center, zoom, points, padding) {
    var map = this.map;
    var size = map.getSize();
    var fits = function (z) {
      var middle = map.project(center, z);
      return points.every(function (point) {
        var p = map.project(point, z).subtract(middle).add(size.divideBy(2));
        return p.x >= padding.left && p.x <= size.x - padding.right &&
          p.y >= padding.top && p.y <= size.y - padding.bottom;
      });
    };
    var step = map.options.zoomSnap || 1;
    for (var z = zoom; z > map.getMinZoom(); z -= step) {
      if (fits(z)) { return z; }
    }
    return map.getMinZoom();
  };

  // Where a step's view puts the camera on this map, at this size: a fit takes in its
  // bounds and the step's places; a centre and zoom keeps its centre and zooms out as far
  // as it must to show the step's places.
  StoryMap.prototype.frame = function (view) {
    var map = this.map;
    var padding = this.framePadding();
    var self = this;
    var places = (this.state && this.state.places || [])
      .map(function (key) { return self.markers[key] && self.markers[key].getLatLng(); })
      .filter(Boolean);
    if (view.bounds) {
      var bounds = L.latLngBounds(view.bounds);
      places.forEach(function (place) { bounds.extend(place); });
      var topLeft = L.point(padding.left, padding.top);
      var bottomRight = L.point(padding.right, padding.bottom);
      var zoom = Math.min(map.getBoundsZoom(bounds, false, topLeft.add(bottomRight)), view.maxZoom || 18);
      // The centre of the padded rectangle, not of the map, goes over the bounds' centre.
      var offset = bottomRight.subtract(topLeft).divideBy(2);
      var centre = map.unproject(map.project(bounds.getCenter(), zoom).add(offset), zoom);
      return { center: centre, zoom: zoom };
    }
    var center = L.latLng(view.center);
    return { center: center, zoom: places.length ? this.zoomShowing(center, view.zoom, places, padding) : view.zoom };
  };

  StoryMap.prototype.moveTo = function (view, animate) {
    var self = this;
    var map = this.map;
    // The story's move starts before map.stop(): stopping a flight (or Leaflet snapping the
    // zoom as it stops) moves the map, and that move is the story's, not the viewer's.
    // map.stop() also fires a "moveend" of its own (Leaflet pans by zero), which must not
    // end the story's move before it has begun: `stopping` tells the handler so.
    this.storyMoving = true;
    this.flying = false;
    this.stopping = true;
    map.stop();
    this.stopping = false;
    var camera = this.frame(view);
    var container = map.getContainer();
    container.setAttribute("data-target-lat", camera.center.lat.toFixed(5));
    container.setAttribute("data-target-lng", camera.center.lng.toFixed(5));
    container.setAttribute("data-target-zoom", String(camera.zoom));
    if (animate) {
      // A flight ends with one "moveend"; a flight cut short by the next step never
      // ends, so the flag is the flight's own and the next move replaces it.
      this.flying = true;
      var flight = (this.flight = {});
      map.once("moveend", function () {
        if (self.flight !== flight) { return; }
        self.flying = false;
        self.storyMoving = false;
        // The map's edges changed during the flight (the offline notice came): frame again.
        if (self.reframeAfterFlight) { self.reframe(); }
      });
      map.flyTo(camera.center, camera.zoom, { animate: true, duration: FLY_SECONDS });
    } else {
      map.setView(camera.center, camera.zoom, { animate: false });
      this.storyMoving = false;
    }
  };

  // Frame the step again for the map as it is now, unless the viewer has moved the map.
  StoryMap.prototype.reframe = function () {
    this.reframeAfterFlight = false;
    if (!this.state || this.userMoved) { return; }
    if (this.flying) {
      this.reframeAfterFlight = true;
      return;
    }
    this.moveTo(this.state.view, false);
  };

  /**
   * @param {import("./contract").StepState} state
   * @param {{animate?: boolean, day?: string | null, swipe?: number}} [options]
   */
  StoryMap.prototype.showStep = function (state, options) {
    var first = this.state === null;
    var animate = !!(options && options.animate) && !first;
    this.reduced = !(options && options.animate);
    this.state = state;
    this.day = (options && options.day) || null;
    if (options && options.swipe !== undefined) { this.swipeAt = options.swipe; }
    this.clearAnswer();
    var container = this.map.getContainer();
    container.setAttribute("data-step", state.step);
    container.setAttribute("aria-label", state.alt || "");
    if (!state.time) {
      container.removeAttribute("data-time-day");
      container.removeAttribute("data-time-shown");
    }
    this.applyLayers();
    this.applyPlaces();
    this.moveTo(state.view, animate);
    this.showBackButton(false);
  };

  window.StoryMap = StoryMap;
})();
