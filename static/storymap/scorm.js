// @ts-check
// The SCORM 1.2 host of the offline player, inside a learning platform's package
// (python -m story export --scorm): it tells the platform that the lesson was opened
// (incomplete), when the reader reached the last step (completed), and the share of the
// self-checks whose first answer was right (cmi.core.score.raw, 0-100). Outside a platform
// there is no API to find, and the page plays as the plain offline copy.
(() => {
  "use strict";

  /**
   * SCORM 1.2 (RTE 3.3.6.1): look for `API` in the window's parents, then in its opener's.
   * @param {Window | null} win
   * @returns {ScormApi | null}
   */
  const findIn = (win) => {
    for (let hops = 0; win && hops < 8; hops++) {
      try {
        if (/** @type {any} */ (win).API) return /** @type {any} */ (win).API;
      } catch (error) {
        return null; // a parent of another origin: not the platform's frame
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  };

  let api = findIn(window);
  if (!api && window.opener) api = findIn(window.opener);
  if (!api) return;
  window.__storyScorm = api;

  let finished = false;
  api.LMSInitialize("");
  let status = String(api.LMSGetValue("cmi.core.lesson_status") || "");
  if (status === "" || status === "not attempted") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  }
  api.LMSCommit("");

  document.addEventListener("story:step", (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    if (detail.total && detail.index === detail.total - 1 && status !== "completed" && status !== "passed") {
      status = "completed";
      api.LMSSetValue("cmi.core.lesson_status", "completed");
      api.LMSCommit("");
    }
  });

  document.addEventListener("story:check", (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    if (!detail.total) return;
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", String(Math.round((100 * detail.correct) / detail.total)));
    api.LMSCommit("");
  });

  const finish = () => {
    if (finished) return;
    finished = true;
    api.LMSCommit("");
    api.LMSFinish("");
  };
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
