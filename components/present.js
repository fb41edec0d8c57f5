// @ts-check
// The presenter's panel: the join address and its QR code (drawn by the server), how many
// follow, this step's speaker notes, and the presenter's step sent to the server.
//
// The step changes in the browser (static/storymap/player.js); the panel hears it
// (`story:step`) and sends it on as a trigger, so only the panel's fragment runs on the
// server: the presenter's own step never waits on it. The presenter's token is kept in this
// tab's sessionStorage, so a reload keeps the presentation (components/player.js sends it back).
const PRESENTER_KEY = "qantar.presenter";
const panel = /** @type {PresenterPanel} */ (window.__storyPresenter = window.__storyPresenter || {});

function currentStep() {
  return document.documentElement.getAttribute("data-story-step");
}

function showNotes(root, notes) {
  const box = root.querySelector(".sp-present-notes-text");
  if (!box) return;
  const html = notes[currentStep()];
  box.innerHTML = html || "";
  root.querySelector(".sp-present-notes").hidden = !html;
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  if (!data) return;
  const d = JSON.parse(new TextDecoder().decode(data));
  if (d.ended) {
    window.sessionStorage.removeItem(PRESENTER_KEY);
    return;
  }
  window.sessionStorage.setItem(PRESENTER_KEY, JSON.stringify({ code: d.code, token: d.token }));
  let root = parentElement.querySelector(":scope > .sp-present");
  if (!root || root.dataset.code !== d.code || root.dataset.language !== d.language) {
    if (root) root.remove();
    root = document.createElement("section");
    root.className = "sp-present";
    root.dataset.code = d.code;
    root.dataset.language = d.language;
    root.setAttribute("aria-label", d.texts.panel);
    // The QR code is our own SVG (story/reader/qr.py); every other text is set as text.
    root.innerHTML =
      '<div class="sp-present-join"><div class="sp-present-qr"></div><div>' +
      '<p class="sp-present-how"></p><p class="sp-present-address"></p>' +
      '<p class="sp-present-code"></p><p class="sp-present-count" role="status"></p>' +
      '<p class="sp-present-problem" role="alert" hidden></p>' +
      '<p><button type="button" class="sp-present-large" aria-pressed="false"></button></p></div></div>' +
      '<aside class="sp-present-notes" hidden><h3></h3><div class="sp-present-notes-text"></div></aside>';
    root.querySelector(".sp-present-qr").innerHTML = d.qr;
    root.querySelector(".sp-present-how").textContent = d.texts.how;
    root.querySelector(".sp-present-address").textContent = d.address;
    root.querySelector(".sp-present-code").textContent = d.texts.code + " " + d.code;
    root.querySelector(".sp-present-notes h3").textContent = d.texts.notes;
    const large = root.querySelector(".sp-present-large");
    large.textContent = d.texts.large;
    large.addEventListener("click", () => {
      const wanted = !document.documentElement.classList.contains("sp-large");
      // The player grows its type, keeps its map framed and writes ?size=large into the address.
      if (window.storymap) window.storymap.player.setLargeText(wanted);
      else document.documentElement.classList.toggle("sp-large", wanted);
      large.setAttribute("aria-pressed", String(wanted));
    });
    parentElement.appendChild(root);
  }
  root.querySelector(".sp-present-count").textContent = d.texts.count;
  root
    .querySelector(".sp-present-large")
    .setAttribute("aria-pressed", String(document.documentElement.classList.contains("sp-large")));
  const problem = root.querySelector(".sp-present-problem");
  problem.textContent = d.problem || "";
  problem.hidden = !d.problem;
  panel.notes = d.notes;
  showNotes(root, d.notes);
  panel.root = root;
  panel.send = setTriggerValue;
  if (!panel.listening) {
    panel.listening = true;
    document.addEventListener("story:step", (event) => {
      showNotes(panel.root, panel.notes || {});
      panel.sentAt = Date.now();  // for the tests' account of where a follower's wait goes
      panel.send("step", /** @type {CustomEvent} */ (event).detail.step);
    });
  }
  // The step on screen when the panel (re)appears: after a reload, or the first time.
  const step = currentStep();
  if (step && step !== d.step) setTriggerValue("step", step);
}
