// @ts-check
// A follower's bar: keeps the player on the presenter's step, until the follower moves on
// their own; then says so, and offers to follow again.
//
// The server's fragment sends the presenter's step twice a second (components/present.py);
// the step changes here, in the browser, like any other. A follower's own Next, key or map
// click is a step change "by the viewer" (`story:step`, byViewer): it never reaches the
// presenter or anyone else, it only leaves follow mode on this screen.
//
// When the presenter lets the class go at its own pace, the bar says so and the player is not moved;
// "Bring everyone to this step" (a new `gathered`) moves it back and follows again. Every step the
// player shows goes to the server as the component's state (`at`), with the name the student may type
// here (`name`): the presenter's roster (components/pace.py).
const follow = /** @type {FollowState} */ (window.__storyFollow = window.__storyFollow || { mode: "follow" });

function player() {
  const host = window.__storyPlayerHost;
  return host && host.player;
}

function moveTo(stepId, tries) {
  const current = player();
  if (!current || !current.data) {
    // The player has not mounted yet: the bar comes first on the page.
    if ((tries || 0) < 200) window.setTimeout(() => moveTo(stepId, (tries || 0) + 1), 50);
    return;
  }
  const index = current.indexOf(stepId);
  if (index < 0 || index === current.index) return;
  follow.moving = true;
  current.go(index, false);
  follow.moving = false;
  // Said once, as a viewer's own step is (the player announces only the viewer's own moves).
  if (current.live) current.live.textContent = current.data.steps[index].title;
}

function draw() {
  const root = follow.root;
  const d = follow.latest;
  if (!root || !d) return;
  const message = root.querySelector(".sp-follow-message");
  const button = /** @type {HTMLButtonElement} */ (root.querySelector(".sp-follow-again"));
  root.dataset.mode = follow.mode;
  if (d.down) message.textContent = d.texts.down;
  else if (follow.mode === "own") message.textContent = d.texts.own;
  else if (follow.mode === "explore") message.textContent = d.texts.exploring;
  else message.textContent = d.texts.following;
  button.textContent = d.texts.again;
  button.hidden = follow.mode !== "explore";
  const label = root.querySelector(".sp-follow-name span");
  label.textContent = d.texts.name;
}

// The class's pace: its own (the player left where the student takes it), or following; a new
// gathering brings a student who went exploring back too.
function takePace(d) {
  const gathered = follow.gathered !== undefined && d.gathered !== follow.gathered;
  follow.gathered = d.gathered;
  if (follow.room) return;
  if (d.paced) follow.mode = "own";
  else if (follow.mode === "own" || gathered) follow.mode = "follow";
}

export default function (component) {
  const { data, parentElement, setTriggerValue, setStateValue } = component;
  if (!data) return;
  const d = JSON.parse(new TextDecoder().decode(data));
  if (!follow.latest || follow.latest.step !== d.step) follow.arrivedAt = Date.now();  // for the tests
  follow.latest = d;
  let root = parentElement.querySelector(":scope > .sp-follow");
  if (!root) {
    root = document.createElement("div");
    root.className = "sp-follow";
    root.innerHTML =
      '<span class="sp-follow-message" role="status"></span> <button type="button" class="sp-follow-again"></button>' +
      ' <label class="sp-follow-name"><span></span> <input type="text" maxlength="40" autocomplete="nickname"></label>';
    const name = /** @type {HTMLInputElement} */ (root.querySelector(".sp-follow-name input"));
    name.value = d.name || "";
    // Sent when the student is done typing (Enter or leaving the field), not with each letter.
    name.addEventListener("change", () => {
      if (follow.report) follow.report("name", name.value);
    });
    root.querySelector(".sp-follow-again").addEventListener("click", () => {
      follow.mode = "follow";
      moveTo(follow.latest.step);
      draw();
    });
    parentElement.appendChild(root);
  }
  follow.root = root;
  follow.send = setTriggerValue;
  follow.report = setStateValue;
  // The screen the room sees: no bar, no controls, and never off the presenter's step (a press on the
  // projector's window is taken back at the presenter's next step).
  follow.room = Boolean(d.room);
  document.documentElement.classList.toggle("sp-room", follow.room);
  root.hidden = follow.room;
  if (!follow.listening) {
    follow.listening = true;
    document.addEventListener("story:step", (event) => {
      const { detail } = /** @type {CustomEvent} */ (event);
      if (!follow.room && follow.report) follow.report("at", detail.step);
      if (follow.moving || !detail.byViewer || follow.mode !== "follow" || follow.room) return;
      if (detail.step === follow.latest.step) return;
      follow.mode = "explore";
      draw();
    });
    // A follower's answers go to the presenter (the server judges them again and keeps the first).
    document.addEventListener("story:check", (event) => {
      const { detail } = /** @type {CustomEvent<import("../static/storymap/contract").CheckEventDetail>} */ (event);
      if (!follow.room && follow.send) follow.send("answer", { key: detail.key, answer: detail.answer });
    });
  }
  takePace(d);
  if (follow.mode === "follow" && !d.down) moveTo(d.step);
  // The step on screen when the bar first comes: the roster has it before the student moves.
  const shown = document.documentElement.getAttribute("data-story-step");
  if (!follow.reported && shown && !follow.room) {
    follow.reported = true;
    setStateValue("at", shown);
  }
  draw();
  showClassAnswers(parentElement, d);
  showTicket(parentElement, d.ticket);
}

// The presenter's written question (the exit ticket), over the story: one answer, sent to the
// presenter only and changed until the question is closed. Drawn again only when the question
// changes, so the box keeps what the student is typing while the server's data keeps coming.
function showTicket(parentElement, ticket) {
  let box = /** @type {HTMLElement | null} */ (parentElement.querySelector(":scope > .sp-ticket"));
  if (!ticket) {
    if (box) box.remove();
    return;
  }
  const shape = ticket.number + ":" + ticket.open + ":" + Boolean(ticket.room);
  if (ticket.room) {
    // The room's screen: the question for the class to read, nothing to type.
    if (!box || box.dataset.shape !== shape) {
      if (box) box.remove();
      box = document.createElement("section");
      box.className = "sp-ticket sp-ticket-room";
      box.dataset.shape = shape;
      box.setAttribute("aria-label", ticket.texts.heading);
      box.innerHTML = '<h2></h2><p class="sp-ticket-question"></p>';
      box.querySelector("h2").textContent = ticket.texts.heading;
      box.querySelector(".sp-ticket-question").textContent = ticket.question;
      parentElement.appendChild(box);
    }
    return;
  }
  if (!box || box.dataset.shape !== shape) {
    const typed = box && box.dataset.number === String(ticket.number) ? box.querySelector("textarea").value : null;
    if (box) box.remove();
    box = document.createElement("section");
    box.className = "sp-ticket";
    box.dataset.shape = shape;
    box.dataset.number = String(ticket.number);
    box.setAttribute("aria-label", ticket.texts.heading);
    box.innerHTML =
      '<h2></h2><p class="sp-ticket-question"></p><label><span></span><textarea rows="3"></textarea></label>' +
      '<button type="button" class="sp-ticket-send"></button><p class="sp-ticket-status" role="status"></p>';
    box.querySelector("h2").textContent = ticket.texts.heading;
    box.querySelector(".sp-ticket-question").textContent = ticket.question;
    box.querySelector("label span").textContent = ticket.texts.label;
    const area = /** @type {HTMLTextAreaElement} */ (box.querySelector("textarea"));
    area.maxLength = ticket.max;
    area.value = typed !== null ? typed : ticket.mine;
    area.disabled = !ticket.open;
    const send = /** @type {HTMLButtonElement} */ (box.querySelector(".sp-ticket-send"));
    send.textContent = ticket.texts.send;
    send.hidden = !ticket.open;
    send.addEventListener("click", () => {
      if (follow.send && area.value.trim()) follow.send("written", { number: ticket.number, text: area.value });
    });
    parentElement.appendChild(box);
  }
  const status = box.querySelector(".sp-ticket-status");
  const said = !ticket.open ? ticket.texts.closed : ticket.mine ? ticket.texts.sent : "";
  if (status.textContent !== said) status.textContent = said;
}

// The class's answers to the presenter's step, while the presenter shows them to the room: over the
// map on every follower's screen and on the room's, the right answer marked.
function showClassAnswers(parentElement, d) {
  let box = /** @type {HTMLElement | null} */ (parentElement.querySelector(":scope > .sp-class-answers"));
  showClassPoints(d.shown || []);
  if (!d.shown || d.shown.length === 0) {
    if (box) box.remove();
    return;
  }
  if (!box) {
    box = document.createElement("section");
    box.className = "sp-class-answers";
    box.innerHTML = "<h2></h2><div></div>";
    parentElement.appendChild(box);
  }
  box.setAttribute("aria-label", d.texts.answers);
  box.querySelector("h2").textContent = d.texts.answers;
  box.querySelector("div").replaceChildren(...answerItems(d.shown, d.texts.rightChoice));
}
