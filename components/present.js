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
  // What comes after this step: the presenter sees it, the room does not.
  const coming = panel.coming || {};
  const step = currentStep();
  const next = root.querySelector(".sp-present-next");
  if (next && panel.texts) next.textContent = step && coming[step] ? panel.texts.next + " " + coming[step] : panel.texts.last;
  showAnswers(root, step);
  const html = notes[currentStep()];
  box.innerHTML = html || "";
  root.querySelector(".sp-present-notes").hidden = !html;
}

// The class's answers to this step's self-checks: seen by the presenter only (the room's screen and
// the followers never get them). Every text is set as text: questions and choices are authored.
function showAnswers(root, step) {
  const box = /** @type {HTMLElement | null} */ (root.querySelector(".sp-present-answers"));
  if (!box || !panel.texts) return;
  const rows = (panel.answers || {})[step || ""] || [];
  // The clicks of a find check on the presenter's own map, as they come.
  showClassPoints(rows);
  box.hidden = rows.length === 0;
  box.querySelector("h3").textContent = panel.texts.answers;
  const list = box.querySelector(".sp-present-answers-list");
  list.replaceChildren(...answerItems(rows, panel.texts.rightChoice));
  // Shown to the room (every follower's screen and the projector) until hidden again.
  const shown = panel.revealed === step;
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "sp-present-reveal";
  toggle.textContent = shown ? panel.texts.conceal : panel.texts.reveal;
  toggle.setAttribute("aria-pressed", String(shown));
  toggle.addEventListener("click", () => {
    if (panel.send) panel.send("reveal", shown ? "" : step || "");
  });
  list.append(toggle);
}

// Who is where: the class's pace (the switch), "Bring everyone to this step", and a line per student
// with their step, the furthest they came and how many checks they answered. Names are the students'
// own: set as text.
function showRoster(root, d) {
  const box = root.querySelector(".sp-present-roster");
  box.querySelector("h3").textContent = d.texts.roster;
  const pace = box.querySelector(".sp-present-pace");
  pace.textContent = d.texts.ownPace;
  pace.setAttribute("aria-pressed", String(Boolean(d.paced)));
  box.querySelector(".sp-present-gather").textContent = d.texts.gather;
  const headings = [d.texts.student, d.texts.onStep, d.texts.furthest, d.texts.answered];
  box.querySelector("thead tr").replaceChildren(
    ...headings.map((text) => {
      const cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = text;
      return cell;
    }),
  );
  const rows = (d.roster || []).map((line) => {
    const row = document.createElement("tr");
    if (line.here) row.className = "sp-present-with-me";
    if (line.gone) row.classList.add("sp-present-gone");
    const step = line.step + (line.title ? " · " + line.title : "");
    const name = line.gone ? line.name + " " + line.gone : line.name;
    for (const text of [name, step, line.furthest, String(line.answered)]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  });
  box.querySelector("table").hidden = rows.length === 0;
  box.querySelector("tbody").replaceChildren(...rows);
  const nobody = /** @type {HTMLElement} */ (box.querySelector(".sp-present-nobody"));
  nobody.textContent = d.texts.nobody;
  nobody.hidden = rows.length > 0;
}

// The QR code over the whole screen, for a room to scan from the projector; Escape or the button
// hides it, and the focus goes back to the button that showed it.
function showFullQr(d, opener) {
  const cover = document.createElement("div");
  cover.className = "sp-present-qr-full";
  cover.setAttribute("role", "dialog");
  cover.setAttribute("aria-modal", "true");
  cover.setAttribute("aria-label", d.texts.qrDialog);
  cover.innerHTML =
    '<div class="sp-present-qr-full-code"></div><p class="sp-present-qr-full-address"></p>' +
    '<p class="sp-present-qr-full-typed"></p><button type="button" class="sp-present-hide-qr"></button>';
  cover.querySelector(".sp-present-qr-full-code").innerHTML = d.qr;  // our own SVG (story/reader/qr.py)
  cover.querySelector(".sp-present-qr-full-address").textContent = d.address;
  cover.querySelector(".sp-present-qr-full-typed").textContent =
    d.texts.joinPage + " " + d.join.replace(/\?.*$/, "") + " · " + d.texts.code + " " + d.code;
  const hide = /** @type {HTMLButtonElement} */ (cover.querySelector(".sp-present-hide-qr"));
  hide.textContent = d.texts.hideQr;
  const close = () => {
    cover.remove();
    document.removeEventListener("keydown", onKey, true);
    opener.focus();
  };
  const onKey = (/** @type {KeyboardEvent} */ event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    } else if (event.key === "Tab") {
      event.preventDefault();  // the one control of the dialog keeps the focus
      hide.focus();
    }
  };
  hide.addEventListener("click", close);
  document.addEventListener("keydown", onKey, true);
  document.body.appendChild(cover);
  hide.focus();
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
      '<p class="sp-present-join-page"><span></span> <a></a></p>' +
      '<p class="sp-present-unreachable" role="alert" hidden></p>' +
      '<p class="sp-present-problem" role="alert" hidden></p>' +
      '<p><button type="button" class="sp-present-room"></button> <span class="sp-present-room-help"></span></p>' +
      '<p><button type="button" class="sp-present-show-qr"></button> ' +
      '<button type="button" class="sp-present-large" aria-pressed="false"></button></p></div></div>' +
      '<p class="sp-present-next"></p>' +
      '<section class="sp-present-roster"><h3></h3><p><button type="button" class="sp-present-pace"></button> ' +
      '<button type="button" class="sp-present-gather"></button></p><p class="sp-present-nobody"></p>' +
      "<table><thead><tr></tr></thead><tbody></tbody></table></section>" +
      '<section class="sp-present-answers" hidden><h3></h3><div class="sp-present-answers-list"></div></section>' +
      '<aside class="sp-present-notes" hidden><h3></h3><div class="sp-present-notes-text"></div></aside>';
    root.querySelector(".sp-present-qr").innerHTML = d.qr;
    root.querySelector(".sp-present-how").textContent = d.texts.how;
    root.querySelector(".sp-present-address").textContent = d.address;
    root.querySelector(".sp-present-code").textContent = d.texts.code + " " + d.code;
    root.querySelector(".sp-present-join-page span").textContent = d.texts.joinPage;
    const joinPage = /** @type {HTMLAnchorElement} */ (root.querySelector(".sp-present-join-page a"));
    joinPage.href = d.join;
    joinPage.textContent = d.join.replace(/\?.*$/, "");
    const unreachable = /** @type {HTMLElement} */ (root.querySelector(".sp-present-unreachable"));
    unreachable.textContent = d.unreachable || "";
    unreachable.hidden = !d.unreachable;
    const showQr = root.querySelector(".sp-present-show-qr");
    showQr.textContent = d.texts.showQr;
    showQr.addEventListener("click", () => showFullQr(d, showQr));
    const room = root.querySelector(".sp-present-room");
    room.textContent = d.texts.room;
    root.querySelector(".sp-present-room-help").textContent = d.texts.roomHelp;
    room.addEventListener("click", () => {
      // In large text if the presenter's page is: the room reads it from the back.
      const large = document.documentElement.classList.contains("sp-large") ? "&size=large" : "";
      const step = currentStep();
      // noopener: the new window gets no copy of this tab's sessionStorage (the presenter's token).
      window.open(panel.room + large + (step ? "&step=" + encodeURIComponent(step) : ""), "qantar-room", "noopener");
    });
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
    root.querySelector(".sp-present-pace").addEventListener("click", () => {
      if (panel.send) panel.send("pace", !panel.paced);
    });
    root.querySelector(".sp-present-gather").addEventListener("click", () => {
      if (panel.send) panel.send("gather", currentStep() || "");
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
  panel.coming = d.coming;
  panel.texts = d.texts;
  panel.room = d.room;
  panel.answers = d.answers;
  panel.revealed = d.revealed;
  panel.paced = Boolean(d.paced);
  showRoster(root, d);
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
