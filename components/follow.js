// @ts-check
// A follower's bar: keeps the player on the presenter's step, until the follower moves on
// their own; then says so, and offers to follow again.
//
// The server's fragment sends the presenter's step twice a second (components/present.py);
// the step changes here, in the browser, like any other. A follower's own Next, key or map
// click is a step change "by the viewer" (`story:step`, byViewer): it never reaches the
// presenter or anyone else, it only leaves follow mode on this screen.
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
  else if (follow.mode === "explore") message.textContent = d.texts.exploring;
  else message.textContent = d.texts.following;
  button.textContent = d.texts.again;
  button.hidden = follow.mode !== "explore";
}

export default function (component) {
  const { data, parentElement } = component;
  if (!data) return;
  const d = JSON.parse(new TextDecoder().decode(data));
  if (!follow.latest || follow.latest.step !== d.step) follow.arrivedAt = Date.now();  // for the tests
  follow.latest = d;
  let root = parentElement.querySelector(":scope > .sp-follow");
  if (!root) {
    root = document.createElement("div");
    root.className = "sp-follow";
    root.innerHTML =
      '<span class="sp-follow-message" role="status"></span> <button type="button" class="sp-follow-again"></button>';
    root.querySelector(".sp-follow-again").addEventListener("click", () => {
      follow.mode = "follow";
      moveTo(follow.latest.step);
      draw();
    });
    parentElement.appendChild(root);
  }
  follow.root = root;
  if (!follow.listening) {
    follow.listening = true;
    document.addEventListener("story:step", (event) => {
      const { detail } = /** @type {CustomEvent} */ (event);
      if (follow.moving || !detail.byViewer || follow.mode !== "follow") return;
      if (detail.step === follow.latest.step) return;
      follow.mode = "explore";
      draw();
    });
  }
  if (follow.mode === "follow" && !d.down) moveTo(d.step);
  draw();
}
