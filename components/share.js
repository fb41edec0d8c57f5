// "Copy link to this step": copies the address bar, which always names the step
// (and the language), without the embedding options of an iframe. The data is the
// same on every step, so Streamlit sends it once and then a reference to it.
export default function (component) {
  const { data, parentElement } = component;
  let button = parentElement.querySelector("button");
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    const status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "status";
    parentElement.append(button, status);
    button.addEventListener("click", async () => {
      const address = new URL(window.location.href);
      ["embed", "embed_options"].forEach((name) => address.searchParams.delete(name));
      const link = address.toString();
      const status = parentElement.querySelector(".status");
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = button.dataset.copied;
      } catch (error) {
        // Some embedding pages forbid the clipboard: the link is shown below to copy by hand.
        status.textContent = button.dataset.failed;
      }
    });
  }
  button.textContent = data.label;
  button.dataset.copied = data.copied;
  button.dataset.failed = data.failed;
}
