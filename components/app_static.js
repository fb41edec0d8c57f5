// @ts-check
// The app's static files, for the components that load them (the player, the editor's map):
// concatenated before each component's own code (components/player.py, components/editor.py).
const appStatic = /** @type {AppStatic} */ (window.__storyAppStatic = window.__storyAppStatic || {});

function appRoot() {
  // Streamlit's own bundle sits at <app root>/static/js/: the app may be served under
  // a path prefix, and a page of a multipage app has its own path.
  const script = /** @type {HTMLScriptElement | null} */ (document.querySelector("script[src*='/static/js/index']"));
  if (script) return script.src.replace(/static\/js\/[^/]*$/, "");
  return new URL("./", window.location.href).href;
}

function staticUrl(path) {
  return appRoot() + "app/static/" + path;
}

function loadLeaflet() {
  if (appStatic.leaflet) return appStatic.leaflet;
  appStatic.leaflet = new Promise((resolve, reject) => {
    if (window.L && window.L.map) {
      resolve();
      return;
    }
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = staticUrl("vendor/leaflet/leaflet.css");
    document.head.appendChild(css);
    const script = document.createElement("script");
    script.src = staticUrl("vendor/leaflet/leaflet.js");
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("Leaflet did not load from " + script.src));
    document.head.appendChild(script);
  });
  return appStatic.leaflet;
}
