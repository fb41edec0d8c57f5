// @ts-check
// The editor's map: the step's places and view, drawn on our own basemap (no tiles, nothing
// from a third party), with the towns' names the map has room for at its zoom. A click puts a
// marker there at once and reports where it was (the editor offers a place there); the view the
// teacher moves to is reported as it settles (*Use this view* takes it).
const editorMap = /** @type {EditorMapState} */ (window.__storyEditorMap = window.__storyEditorMap || {});
// Labels drawn at most, and the room a letter takes (px): a label that would cover another is left out.
const MOST_LABELS = 80;
const LETTER_PX = 7;
const LABEL_PX = 16;

export default function (component) {
  const { data, setTriggerValue, setStateValue, parentElement } = component;
  if (!data) return;
  const d = JSON.parse(new TextDecoder().decode(data));
  let box = parentElement.querySelector(":scope > .se-map");
  if (!box) {
    box = document.createElement("div");
    box.className = "se-map";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", d.label);
    parentElement.appendChild(box);
  }
  editorMap.send = { click: setTriggerValue, view: setStateValue };
  editorMap.labelData = d.labels || [];
  editorMap.placeData = d.places;
  loadLeaflet().then(() => {
    const L = window.L;
    if (!editorMap.map || editorMap.box !== box) {
      // Drawn anew (Streamlit made the element again): the old map goes, with its markers.
      if (editorMap.map) editorMap.map.remove();
      editorMap.box = box;
      editorMap.map = L.map(box, { zoomSnap: 0.5 }).setView(d.center, d.zoom);
      editorMap.places = L.layerGroup().addTo(editorMap.map);
      editorMap.labels = L.layerGroup().addTo(editorMap.map);
      editorMap.pending = L.layerGroup().addTo(editorMap.map);
      fetch(staticUrl("geodata/world.json")).then((response) => response.json()).then((world) => {
        L.geoJSON(world, { style: { color: "#8c877d", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 } })
          .addTo(editorMap.map).bringToBack();
        box.setAttribute("data-basemap", "drawn");
      });
      editorMap.map.on("click", (event) => clickAt(event.latlng));
      // By keyboard: Enter on the map is a click at its centre (the arrow keys move the map first).
      box.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && event.target === box) clickAt(editorMap.map.getCenter());
      });
      // Only a view the teacher moved to is sent: each view sent is a run of the whole editor, and a
      // move of the program's own (another step, a place flown to, the page resized) would cut short
      // the run that drew it and close a list she had just opened.
      for (const gesture of ["pointerdown", "wheel", "keydown"]) {
        box.addEventListener(gesture, () => { editorMap.moved = true; }, { capture: true, passive: true });
      }
      editorMap.map.on("moveend", () => {
        const center = editorMap.map.getCenter();
        if (editorMap.moved) {
          // Named by its step: a view taken on one step is never used for another.
          editorMap.send.view("view", { lat: center.lat, lon: center.lng, zoom: editorMap.map.getZoom(), step: editorMap.step });
        }
        box.setAttribute("data-zoom", String(editorMap.map.getZoom()));
        drawLabels();
      });
      editorMap.step = d.step;
    } else if (editorMap.step !== d.step) {
      // Another step: its own view.
      editorMap.step = d.step;
      editorMap.moved = false;
      editorMap.map.setView(d.center, d.zoom, { animate: false });
    }
    if (d.fly && d.fly[2] !== editorMap.flownAt) {
      // A place found by name: the map goes there (once per place).
      editorMap.flownAt = d.fly[2];
      editorMap.moved = false;
      editorMap.map.flyTo([d.fly[0], d.fly[1]], Math.max(editorMap.map.getZoom(), 10), { duration: 0.5 });
    }
    if (d.pending && d.pending.at === editorMap.waiting) editorMap.waiting = undefined;
    if (d.pending) drawPending(d.pending);
    else if (editorMap.waiting === undefined) {
      editorMap.pending.clearLayers();
      box.removeAttribute("data-pending");
    }
    editorMap.places.clearLayers();
    d.places.forEach((place) => {
      L.circleMarker([place.lat, place.lon], { radius: 7, color: "#a3201a", weight: 2, fillOpacity: 0.8 })
        .bindTooltip(place.name, { permanent: true, direction: "right", offset: [8, 0] })
        .addTo(editorMap.places);
    });
    drawLabels();
    box.setAttribute("data-ready", "true");
  });
}

/** A click on the map: its marker now, before the server has answered, and the click to the server.
 * @param {L.LatLng} latlng */
function clickAt(latlng) {
  const click = { lat: latlng.lat, lon: latlng.lng, zoom: editorMap.map.getZoom(), at: Date.now() };
  editorMap.waiting = click.at;
  drawPending(click);
  editorMap.send.click("click", click);
}

/** The marker of a click not yet made a place. @param {{lat: number, lon: number}} click */
function drawPending(click) {
  const L = window.L;
  editorMap.pending.clearLayers();
  L.circleMarker([click.lat, click.lon], { radius: 9, color: "#1d4f91", weight: 3, fillColor: "#fff", fillOpacity: 0.9 })
    .addTo(editorMap.pending);
  editorMap.box.setAttribute("data-pending", `${click.lat.toFixed(4)},${click.lon.toFixed(4)}`);
}

/** The towns' names the view has room for, the largest first (the list comes sorted so). */
function drawLabels() {
  const L = window.L;
  const map = editorMap.map;
  editorMap.labels.clearLayers();
  const zoom = map.getZoom();
  const bounds = map.getBounds();
  // The step's own places and their names come first: no town's name over them.
  const taken = editorMap.placeData.map((place) => {
    const at = map.latLngToContainerPoint([place.lat, place.lon]);
    return { x: at.x - 10, y: at.y, w: place.name.length * LETTER_PX + 30 };
  });
  let drawn = 0;
  for (const [lat, lon, name, minZoom] of editorMap.labelData) {
    if (drawn >= MOST_LABELS) break;
    if (minZoom > zoom + 0.25 || !bounds.contains([lat, lon])) continue;
    const at = map.latLngToContainerPoint([lat, lon]);
    const width = name.length * LETTER_PX + 10;
    const clash = taken.some((other) => Math.abs(other.y - at.y) < LABEL_PX && at.x < other.x + other.w && other.x < at.x + width);
    if (clash) continue;
    taken.push({ x: at.x, y: at.y, w: width });
    const text = document.createElement("span");
    text.textContent = name;
    const icon = L.divIcon({ className: "se-label", html: text, iconSize: null, iconAnchor: [-2, 8] });
    L.marker([lat, lon], { icon, interactive: false, keyboard: false }).addTo(editorMap.labels);
    drawn += 1;
  }
  editorMap.box.setAttribute("data-labels", String(drawn));
}
