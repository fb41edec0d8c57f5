// The story's helper in the app page (a Streamlit v2 component, not sandboxed):
// keyboard shortcuts, focus and announcement on step change, the reduced-motion
// preference, and step addresses without a history entry per step.
//
// Streamlit calls this function again on every data change without cleaning up
// the previous call, so listeners are installed once per page and always use
// the latest component handle.
export default function (component) {
  const helper = (window.__storyHelper = window.__storyHelper || {});
  helper.component = component;
  const data = component.data || {};

  if (!helper.installed) {
    helper.installed = true;

    // Streamlit pushes a history entry whenever the query string changes; a step
    // is not a page, so the Back button should leave the story, not step through it.
    const pushState = window.history.pushState.bind(window.history);
    window.history.pushState = function (state, title, url) {
      const target = new URL(url, window.location.href);
      if (target.pathname === window.location.pathname && target.origin === window.location.origin) {
        return window.history.replaceState(state, title, url);
      }
      return pushState(state, title, url);
    };

    const keys = {
      ArrowRight: "next", PageDown: "next", ArrowLeft: "previous", PageUp: "previous",
      Home: "first", End: "last",
    };
    document.addEventListener("keydown", (event) => {
      const action = keys[event.key];
      if (!action || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target;
      const typing = target && target.closest &&
        target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='combobox'], [role='listbox'], [role='slider']");
      if (typing) return;
      event.preventDefault();
      helper.component.setTriggerValue("key", action);
    });

    const live = document.createElement("div");
    live.id = "story-live";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    live.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;";
    document.body.appendChild(live);
    helper.live = live;

    const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
    if (motion) {
      helper.component.setStateValue("reduced_motion", motion.matches);
      motion.addEventListener("change", () => helper.component.setStateValue("reduced_motion", motion.matches));
    }
  }

  // Screen readers pick their voice from the page's language.
  if (data.lang) document.documentElement.lang = data.lang;

  // Other parts of the page (the timeline) follow the step from here.
  if (data.step && document.documentElement.dataset.storyStep !== data.step) {
    document.documentElement.dataset.storyStep = data.step;
    document.dispatchEvent(new CustomEvent("story:step", { detail: { step: data.step } }));
  }

  if (data.step && helper.step !== undefined && helper.step !== data.step) {
    // Only a change of step moves focus: landing on the page leaves focus alone.
    focusTitle(data.title_id, data.title || "", 0);
    helper.live.textContent = data.title || "";
  }
  helper.step = data.step;
}

function focusTitle(id, title, attempt) {
  // The helper renders after the title, but React may not have committed the new
  // title yet: wait (briefly) until the heading shows the new step's title.
  const heading = document.getElementById(id);
  const ready = heading && heading.textContent.replace(/\s+/g, " ").trim().startsWith(title.trim());
  if (!ready && attempt < 40) {
    window.setTimeout(() => focusTitle(id, title, attempt + 1), 25);
    return;
  }
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus();
}
