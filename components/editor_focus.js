// @ts-check
// Focus the field a problem names: the page finds the widget by the key Streamlit puts on its
// container (st-key-<key>), scrolls it to the middle of the screen and puts the caret in it.
export default function (component) {
  const { data } = component;
  // The page sends the key as JSON (components/player.py's payload): a quoted string.
  let key = "";
  try {
    key = data ? JSON.parse(new TextDecoder().decode(data)) : "";
  } catch (error) {
    return;
  }
  if (typeof key !== "string" || !key) return;
  const selector = `.st-key-${CSS.escape(key)}`;
  let tries = 0;
  const find = () => {
    const box = document.querySelector(selector);
    // The field itself before any button beside it (a help mark is drawn before a text area).
    const control = box && ["input", "textarea", "[role='combobox']", "button"]
      .map((kind) => /** @type {HTMLElement | null} */ (box.querySelector(kind)))
      .find(Boolean);
    if (control) {
      control.scrollIntoView({ block: "center" });
      control.focus({ preventScroll: true });
    } else if (tries++ < 20) {
      // The field may be drawn a frame after this component (the same run's later elements).
      window.requestAnimationFrame(find);
    }
  };
  find();
}
