// The editor's draft token: a random name this browser keeps (localStorage), under which the
// server keeps this teacher's draft (story/editor/store.py), so a reload finds it again.
const KEY = "qantar.editor.draft";

export default function (component) {
  const { data, setStateValue } = component;
  let token = null;
  try {
    token = window.localStorage.getItem(KEY);
    if (!token) {
      token = (window.crypto && window.crypto.randomUUID) ? window.crypto.randomUUID() : String(Math.random()).slice(2);
      window.localStorage.setItem(KEY, token);
    }
  } catch (error) {
    token = "none"; // no storage (a sandboxed frame): the draft lives as long as the page
  }
  const known = data ? new TextDecoder().decode(data) : "";
  if (known !== token) setStateValue("token", token);
}
