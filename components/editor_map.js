// @ts-check
// The editor's map: the step's places and view, drawn on our own basemap (no tiles, nothing
// from a third party). A click reports where it was (the editor offers a place there); the
// view the teacher moves to is reported as it settles (*Use this view* takes it).
const editorMap = /** @type {EditorMapState} */ (window.__storyEditorMap = window.__storyEditorMap || {});

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
  loadLeaflet().then(() => {
    const L = window.L;
    if (!editorMap.map || editorMap.box !== box) {
      editorMap.box = box;
      editorMap.map = L.map(box, { zoomSnap: 0.5 }).setView(d.center, d.zoom);
      editorMap.places = L.layerGroup().addTo(editorMap.map);
      fetch(staticUrl("geodata/world.json")).then((response) => response.json()).then((world) => {
        L.geoJSON(world, { style: { color: "#8c877d", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 } })
          .addTo(editorMap.map).bringToBack();
        box.setAttribute("data-basemap", "drawn");
      });
      editorMap.map.on("click", (event) => {
        editorMap.send.click("click", { lat: event.latlng.lat, lon: event.latlng.lng, at: Date.now() });
      });
      editorMap.map.on("moveend", () => {
        const center = editorMap.map.getCenter();
        editorMap.send.view("view", { lat: center.lat, lon: center.lng, zoom: editorMap.map.getZoom() });
      });
      editorMap.step = d.step;
    } else if (editorMap.step !== d.step) {
      // Another step: its own view.
      editorMap.step = d.step;
      editorMap.map.setView(d.center, d.zoom, { animate: false });
    }
    editorMap.places.clearLayers();
    d.places.forEach((place) => {
      L.circleMarker([place.lat, place.lon], { radius: 7, color: "#a3201a", weight: 2, fillOpacity: 0.8 })
        .bindTooltip(place.name, { permanent: true, direction: "right", offset: [8, 0] })
        .addTo(editorMap.places);
    });
    box.setAttribute("data-ready", "true");
  });
}
