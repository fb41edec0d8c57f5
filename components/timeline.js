// A strip from the story's first year to its last, one button per step (steps that
// would overlap on this width share a button). Clicking jumps along the story.
//
// The strip's data is the same on every step, so Streamlit sends it once and then only
// a reference to it; which step is current comes from the page helper, which sets
// <html data-story-step> and fires "story:step" on every step change.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".tl");
  if (!root) {
    root = document.createElement("nav");
    root.className = "tl";
    parentElement.appendChild(root);
  }
  root.setAttribute("aria-label", data.label);
  const render = () => draw(root, data, setTriggerValue);
  render();
  if (!root.__observer) {
    root.__observer = new ResizeObserver(() => root.__render && root.__render());
    root.__observer.observe(root);
  }
  root.__render = render;
  if (!root.__listening) {
    root.__listening = true;
    document.addEventListener("story:step", () => root.__render && root.__render());
  }
}

function currentIndex(points) {
  const step = document.documentElement.dataset.storyStep;
  return points.findIndex((point) => point.step_id === step);
}

function draw(root, data, setTriggerValue) {
  const width = root.clientWidth || 600;
  const minGap = 18 / width;  // buttons closer than 18 px share one
  const groups = [];
  const order = data.points.map((point, index) => index).sort((a, b) => data.points[a].position - data.points[b].position);
  order.forEach((index) => {
    const point = data.points[index];
    const last = groups[groups.length - 1];
    if (last && point.position - last.position < minGap) {
      last.members.push(index);
    } else {
      groups.push({ position: point.position, members: [index] });
    }
  });
  root.replaceChildren();
  const line = document.createElement("div");
  line.className = "tl-line";
  root.appendChild(line);
  [data.first_year, data.last_year].forEach((year, i) => {
    const label = document.createElement("span");
    label.className = "tl-year " + (i ? "tl-year-end" : "tl-year-start");
    label.textContent = String(year);
    root.appendChild(label);
  });
  const currentStep = currentIndex(data.points);
  groups.forEach((group) => {
    const current = group.members.indexOf(currentStep);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "tl-point" + (current >= 0 ? " tl-current" : "");
    button.style.left = (group.position * 100).toFixed(2) + "%";
    const names = group.members.map((i) => data.points[i].date + ": " + data.points[i].title);
    // The accessible name starts with what the button shows (the group's size), as
    // speech-input users say what they see.
    const shown = group.members.length > 1 ? String(group.members.length) + ": " : "";
    button.setAttribute("aria-label", shown + names.join("; "));
    button.title = names.join("\n");
    if (current >= 0) button.setAttribute("aria-current", "step");
    if (group.members.length > 1) button.textContent = String(group.members.length);
    button.addEventListener("click", () => {
      // Within the current group, a click walks on through the group's steps.
      const target = current >= 0 ? group.members[(current + 1) % group.members.length] : group.members[0];
      setTriggerValue("jump", data.points[target].step_id);
    });
    root.appendChild(button);
  });
}
