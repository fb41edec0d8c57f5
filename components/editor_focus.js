// Focus the field a problem names: the page finds the widget by the key Streamlit puts on its
// container (st-key-<key>), scrolls it to the middle of the screen and puts the caret in it.
export default function (component) {
  const { data } = component;
  const key = data ? new TextDecoder().decode(data) : "";
  if (!key) return;
  const selector = `.st-key-${CSS.escape(key)}`;
  let tries = 0;
  const find = () => {
    const box = document.querySelector(selector);
    const control = box && box.querySelector("input, textarea, [role='combobox'], button");
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
