// @ts-check
// The share panel's step-dependent part: the link to the step on screen (with a copy
// button) and the <iframe> snippet for a chosen starting step, which follows the step
// on screen until the viewer picks another. The links and snippets are made by the
// server for every step (components/share.py); which one shows is decided here, from
// the step the player shows (<html data-story-step>, the "story:step" event).
export default function (component) {
  const { parentElement } = component;
  // The data comes as JSON bytes (components/player.py: payload).
  const data = JSON.parse(new TextDecoder().decode(component.data));
  let panel = parentElement.querySelector(".share");
  if (!panel) {
    panel = document.createElement("div");
    panel.className = "share";
    panel.innerHTML =
      '<div class="row"><button type="button" class="copy"></button><span class="status" role="status"></span></div>' +
      '<label class="field"><span class="link-label"></span><input class="link" type="text" readonly></label>' +
      '<label class="field light-field"><span class="light-label"></span><input class="light" type="text" readonly></label>' +
      '<p class="embed"></p>' +
      '<label class="field"><span class="start-label"></span><select class="start"></select></label>' +
      '<label class="field"><span class="snippet-label"></span><textarea class="snippet" readonly rows="4"></textarea></label>';
    parentElement.appendChild(panel);
    panel.querySelector(".copy").addEventListener("click", async () => {
      const status = panel.querySelector(".status");
      try {
        await navigator.clipboard.writeText(panel.querySelector(".link").value);
        status.textContent = panel.dataset.copied;
      } catch (error) {
        // Some embedding pages forbid the clipboard: the link is shown below to copy by hand.
        status.textContent = panel.dataset.failed;
      }
    });
    panel.querySelector(".start").addEventListener("change", () => {
      panel.dataset.startChosen = "true";
      showSnippet(panel);
    });
    for (const name of ["link", "light", "snippet"]) {
      panel.querySelector("." + name).addEventListener("focus", (event) => event.target.select());
    }
    document.addEventListener("story:step", () => follow(panel));
  }
  panel.steps = data.steps;
  const texts = data.texts;
  panel.dataset.copied = texts.copied;
  panel.dataset.failed = texts.failed;
  panel.querySelector(".copy").textContent = texts.copy;
  panel.querySelector(".link-label").textContent = texts.link;
  panel.querySelector(".light-label").textContent = texts.light;
  // Only a story the server plays has a light page (components/share.py).
  panel.querySelector(".light-field").hidden = !data.steps.every((step) => step.light);
  panel.querySelector(".embed").textContent = texts.embed;
  panel.querySelector(".start-label").textContent = texts.start;
  panel.querySelector(".snippet-label").textContent = texts.snippet;
  const start = panel.querySelector(".start");
  const chosen = start.value;
  start.replaceChildren(
    ...data.steps.map((step) => {
      const option = document.createElement("option");
      option.value = step.id;
      option.textContent = step.label;
      return option;
    })
  );
  if (chosen && panel.dataset.startChosen) start.value = chosen;
  follow(panel);
}

function current(panel) {
  const id = document.documentElement.getAttribute("data-story-step");
  return panel.steps.find((step) => step.id === id) || panel.steps[0];
}

function follow(panel) {
  const step = current(panel);
  panel.querySelector(".link").value = step.link;
  panel.querySelector(".light").value = step.light || "";
  if (!panel.dataset.startChosen) panel.querySelector(".start").value = step.id;
  showSnippet(panel);
}

function showSnippet(panel) {
  const id = panel.querySelector(".start").value;
  const step = panel.steps.find((item) => item.id === id) || current(panel);
  panel.querySelector(".snippet").value = step.snippet;
}
