/*
 * The story map's controller: runs inside the map page (the streamlit-folium
 * iframe, or the single-file export) and turns a step's state into what the
 * map shows.
 *
 * The Leaflet base map is built once and never rebuilt; each step only calls
 * `storymap.showStep(state)`. That call restyles the layers, the markers and
 * the labels, and flies to the step's view (or jumps, when motion is reduced).
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

  function reducedMotionPreferred() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function StoryMap(map, config) {
    this.map = map;
    this.config = config;
    this.labels = config.labels || {};
    this.layerData = {};      // layer id -> GeoJSON (fetched once)
    this.stepLayers = {};     // layer id -> L.GeoJSON shown for steps
    this.pending = {};        // layer id -> promise of its data
    this.markers = {};        // place key -> L.CircleMarker
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
      [[map.zoomControl._zoomInButton, this.labels.zoom_in], [map.zoomControl._zoomOutButton, this.labels.zoom_out]]
        .forEach(function (pair) {
          if (pair[0] && pair[1]) { pair[0].title = pair[1]; pair[0].setAttribute("aria-label", pair[1]); }
        });
    }
    map.createPane("basemap").style.zIndex = 250;
    map.createPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";
    map.createPane("places").style.zIndex = 620;
    map.getContainer().classList.add("sm-map");
    if (this.config.dataAttribution) {
      map.attributionControl.addAttribution(escapeHtml(this.config.dataAttribution));
    }
    this.labelLayer = L.layerGroup().addTo(map);
    this.setUpPlaces();
    this.setUpBackButton();
    this.setUpNotice();
    this.setUpTiles();
    this.loadLayer(this.config.basemap).then(function (data) {
      self.basemap = L.geoJSON(data, {
        pane: "basemap",
        interactive: false,
        style: function () { return self.basemapVisible() ? STYLE.basemapLand : STYLE.basemapHidden; },
      }).addTo(map);
      self.refreshBasemap();
    }, function () { /* reported by loadLayer */ });
    map.on("zoomend", function () { self.refreshLabels(); });
    map.on("resize", function () {
      // The frame is resized after the first step is shown (and on rotation): keep the
      // step framed, unless the viewer has taken the map elsewhere.
      if (self.state && !self.userMoved) { self.moveTo(self.state.view, false); }
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
      if (self.storyMoving) { self.storyMoving = false; }
    });
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
      self.notice.style.display = status === "failed" ? "" : "none";
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
    var Notice = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "sm-map-notice");
        box.setAttribute("role", "status");
        return box;
      },
    });
    var control = new Notice();
    control.addTo(this.map);
    this.notice = control.getContainer();
    this.notice.textContent = this.labels.offline || "Online basemap unavailable: showing the offline map.";
    this.notice.style.display = "none";
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
          if (self.state) { self.moveTo(self.state.view, true); }
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
      var marker = L.circleMarker([place.lat, place.lon], STYLE.placeOther);
      marker.options.pane = "places";
      marker.placeKey = place.key;
      marker.placeName = place.name;
      marker.bindTooltip(escapeHtml(place.name), { direction: "right", offset: [8, 0], className: "sm-place" });
      if (self.config.onPlaceClick) {
        marker.on("click", function () { self.config.onPlaceClick(place.key); });
      }
      marker.addTo(self.map);
      self.markers[place.key] = marker;
    });
  };

  StoryMap.prototype.loadLayer = function (layerId) {
    var self = this;
    if (!layerId) { return Promise.reject(new Error("no layer")); }
    if (this.pending[layerId]) { return this.pending[layerId]; }
    var inline = this.config.inlineLayers && this.config.inlineLayers[layerId];
    var request = inline
      ? Promise.resolve(inline)
      : fetch(this.config.geodataUrl + encodeURIComponent(layerId) + ".json").then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        });
    this.pending[layerId] = request.then(function (data) {
      self.layerData[layerId] = data;
      return data;
    }, function (error) {
      if (window.console) { console.warn("storymap: layer " + layerId + " not available:", error); }
      throw error;
    });
    return this.pending[layerId];
  };

  StoryMap.prototype.stepLayer = function (layerId) {
    var self = this;
    if (!this.stepLayers[layerId] && this.layerData[layerId]) {
      this.stepLayers[layerId] = L.geoJSON(this.layerData[layerId], {
        interactive: false,
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, STYLE.pointContext);
        },
      });
      this.stepLayers[layerId].layerId = layerId;
    }
    return this.stepLayers[layerId];
  };

  StoryMap.prototype.applyLayers = function () {
    var self = this;
    var state = this.state;
    var wanted = {};
    (state.layers || []).forEach(function (ref) { wanted[ref.id] = ref; });
    Object.keys(this.stepLayers).forEach(function (layerId) {
      if (!wanted[layerId] && self.map.hasLayer(self.stepLayers[layerId])) {
        self.map.removeLayer(self.stepLayers[layerId]);
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
      var highlighted = {};
      (ref.highlight || []).forEach(function (id) { highlighted[id] = true; });
      layer.eachLayer(function (item) {
        var id = item.feature && item.feature.properties && item.feature.properties.id;
        var strong = ref.role === "highlight" || highlighted[id];
        var kind = item.feature.geometry.type;
        var style;
        if (kind.indexOf("Point") >= 0) { style = strong ? STYLE.pointHighlight : STYLE.pointContext; }
        else if (kind.indexOf("LineString") >= 0) { style = strong ? STYLE.lineHighlight : STYLE.lineContext; }
        else { style = strong ? STYLE.highlight : STYLE.context; }
        item.setStyle(style);
        if (item.setRadius && style.radius) { item.setRadius(style.radius); }
        item.storyRole = strong ? "highlight" : "context";
      });
      if (!self.map.hasLayer(layer)) { layer.addTo(self.map); }
    });
    this.refreshLabels();
  };

  StoryMap.prototype.applyPlaces = function () {
    var current = {};
    (this.state.places || []).forEach(function (key) { current[key] = true; });
    var self = this;
    Object.keys(this.markers).forEach(function (key) {
      var marker = self.markers[key];
      var isCurrent = !!current[key];
      if (marker.isCurrent === isCurrent) { return; }
      marker.isCurrent = isCurrent;
      marker.setStyle(isCurrent ? STYLE.placeCurrent : STYLE.placeOther);
      marker.setRadius(isCurrent ? STYLE.placeCurrent.radius : STYLE.placeOther.radius);
      marker.unbindTooltip();
      marker.bindTooltip(escapeHtml(marker.placeName), {
        permanent: isCurrent,
        direction: "right",
        offset: [8, 0],
        className: isCurrent ? "sm-place sm-place-current" : "sm-place",
      });
      if (isCurrent) { marker.bringToFront(); }
      if (marker.getElement()) { marker.getElement().classList.toggle("sm-current", isCurrent); }
    });
  };

  StoryMap.prototype.refreshLabels = function () {
    // Basemap labels are ours only when the tiles (which carry their own labels) are missing.
    var self = this;
    this.labelLayer.clearLayers();
    if (!this.basemapVisible()) { return; }
    var zoom = this.map.getZoom();
    var language = this.config.language || "en";
    var labelled = [];
    if (this.layerData[this.config.basemap]) { labelled.push([this.layerData[this.config.basemap], "sm-label-country"]); }
    if (this.state) {
      (this.state.layers || []).forEach(function (ref) {
        if (ref.id !== self.config.basemap && self.layerData[ref.id]) {
          labelled.push([self.layerData[ref.id], "sm-label-area"]);
        }
      });
    }
    var basemapIds = {};
    if (this.layerData[this.config.basemap]) {
      this.layerData[this.config.basemap].features.forEach(function (f) { basemapIds[(f.properties || {}).id] = true; });
    }
    labelled.forEach(function (entry) {
      entry[0].features.forEach(function (feature) {
        var p = feature.properties || {};
        // A country the basemap already names is not named twice.
        if (entry[1] === "sm-label-area" && basemapIds[p.id]) { return; }
        if (p.label_lat === undefined || p.label_lon === undefined) { return; }
        if (p.min_zoom !== undefined && p.min_zoom !== null && zoom < p.min_zoom - 1) { return; }
        var name = p["name_" + language] || p.name;
        L.marker([p.label_lat, p.label_lon], {
          pane: "labels",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "sm-label " + entry[1], html: escapeHtml(name), iconSize: null }),
        }).addTo(self.labelLayer);
      });
    });
  };

  StoryMap.prototype.reduceMotion = function (state) {
    if (state.motion === "reduce") { return true; }
    if (state.motion === "full") { return false; }
    return reducedMotionPreferred();
  };

  StoryMap.prototype.moveTo = function (view, animate) {
    var map = this.map;
    map.stop();
    this.storyMoving = true;
    var options = { animate: animate, duration: FLY_SECONDS };
    if (view.bounds) {
      // Labels sit to the right of their markers: leave them room on that side.
      var fit = { paddingTopLeft: [28, 28], paddingBottomRight: [110, 28], maxZoom: view.maxZoom || 18 };
      if (animate) { map.flyToBounds(view.bounds, L.extend(fit, options)); }
      else { map.fitBounds(view.bounds, L.extend(fit, { animate: false })); }
    } else if (animate) {
      map.flyTo(view.center, view.zoom, options);
    } else {
      map.setView(view.center, view.zoom, { animate: false });
    }
    var target = view.bounds ? L.latLngBounds(view.bounds).getCenter() : L.latLng(view.center);
    var container = map.getContainer();
    container.setAttribute("data-target-lat", target.lat.toFixed(5));
    container.setAttribute("data-target-lng", target.lng.toFixed(5));
    if (!animate) { this.storyMoving = false; }
  };

  StoryMap.prototype.showStep = function (state) {
    var first = this.state === null;
    this.state = state;
    var container = this.map.getContainer();
    container.setAttribute("data-step", state.step);
    container.setAttribute("aria-label", state.alt || "");
    this.applyLayers();
    this.applyPlaces();
    this.moveTo(state.view, !first && !this.reduceMotion(state));
    this.showBackButton(false);
  };

  window.StoryMap = StoryMap;
  window.storymap = {
    init: function (map, config) {
      window.storymap.instance = new StoryMap(map, config);
      if (window.storymap.queued) {
        window.storymap.instance.showStep(window.storymap.queued);
        window.storymap.queued = null;
      }
      return window.storymap.instance;
    },
    showStep: function (state) {
      if (window.storymap.instance) { window.storymap.instance.showStep(state); }
      else { window.storymap.queued = state; }
    },
  };
})();
