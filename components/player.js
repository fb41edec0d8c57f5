// @ts-check
// The app's host for the story player (static/storymap/player.js, inlined before this).
//
// Streamlit calls this function when the component first mounts and again whenever
// its data changes (another language, a follow command): the player is made once
// per page and then given new data, so the viewer stays on their step and the map is
// never mounted again. The page owns the step in the address (`?step=`, replaced, not
// pushed); the server never writes it (docs/architecture.md, "Who owns the address").
const state = /** @type {PlayerAppHost} */ (window.__storyPlayerHost = window.__storyPlayerHost || {});

// The layers the map needs first, fetched in parallel with Leaflet; the map controller
// takes these requests instead of making its own (static/storymap/storymap.js, loadLayer).
function prefetchLayers(data) {
  const fetches = (window.__storyLayerFetches = window.__storyLayerFetches || Object.create(null));
  const opening = data.steps.find((step) => step.id === host.readStep()) || data.steps.find((step) => step.id === data.start);
  const first = opening ? opening.state.layers.map((layer) => layer.id) : [];
  for (const id of [data.mapConfig.basemap, ...first]) {
    if (id && !fetches[id]) fetches[id] = fetch(data.mapConfig.geodataUrl + encodeURIComponent(id) + ".json");
  }
}

function replaceAddress(change) {
  const address = new URL(window.location.href);
  const before = address.search;
  change(address.searchParams);
  if (address.search !== before) window.history.replaceState(window.history.state, "", address.toString());
}

const host = {
  readStep() {
    return new URL(window.location.href).searchParams.get("step");
  },
  writeStep(stepId) {
    replaceAddress((params) => {
      // One value only, even when the address came with several.
      if (params.getAll("step").length !== 1 || params.get("step") !== stepId) params.set("step", stepId);
    });
  },
  loadLeaflet,
  onLanguage(language) {
    // Screen readers pick their voice from the page's language; the address keeps it
    // for a reload or a shared link.
    document.documentElement.lang = language;
    replaceAddress((params) => {
      if (params.get("lang") !== language) params.set("lang", language);
    });
  },
};

// A presenter's reload: the tab kept the presentation's code and token (components/present.js);
// the server takes the presentation back when it is told them (components/present.py: resume).
function resumePresenting(component, data) {
  // Once per page: a tab whose presentation has ended asks once, and is told nothing.
  if (state.resumeSent) return;
  let saved = null;
  try {
    saved = window.sessionStorage.getItem("qantar.presenter");
  } catch (error) {
    return; // storage refused (a sandboxed frame): there is nothing to resume
  }
  if (saved) {
    state.resumeSent = true;
    component.setTriggerValue("resume", saved);
  }
}

export default function (component) {
  if (!component.data) return;
  // The data comes as JSON bytes (components/player.py: payload); the same text again is
  // the same story, and the player is left as it is.
  const text = new TextDecoder().decode(component.data);
  if (state.player && text === state.text) return;
  state.text = text;
  const data = JSON.parse(text);
  resumePresenting(component, data);
  // The layers are published with the app's static files (geodata/publish.py).
  if (!data.mapConfig.geodataUrl) data.mapConfig.geodataUrl = staticUrl("geodata/");
  if (data.removeFromAddress && data.removeFromAddress.length) {
    replaceAddress((params) => data.removeFromAddress.forEach((name) => params.delete(name)));
  }
  // The player draws into a child of its own: Streamlit keeps the component's styles
  // in the container too.
  const container = component.parentElement;
  let root = container.querySelector(":scope > .sp-root");
  if (state.player && state.root === root && root && root.isConnected) {
    state.player.setData(data, false);
    return;
  }
  if (!root) {
    root = document.createElement("div");
    root.className = "sp-root";
    container.appendChild(root);
  }
  // Leaflet and the basemap start loading while the narrative is drawn.
  loadLeaflet();
  prefetchLayers(data);
  state.root = root;
  state.player = window.StoryPlayer.mount(root, data, host);
  // The opening step the server drew (components/player.py) gives way to the player.
  document.documentElement.dataset.storyPlayer = "mounted";
}
