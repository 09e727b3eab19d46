// The behavioral story worksheet: drafts autosave into the progress store (and its export).
import { load, update } from "./progress.js";
import { el } from "./dom.js";

export function mount(root) {
  const fields = JSON.parse(root.dataset.fields);
  const count = Number(root.dataset.stories);
  const saved = load().stories;
  const status = el("p", { class: "lg-worksheet__status", role: "status" });
  let timer = null;

  for (let n = 1; n <= count; n++) {
    const key = `story-${n}`;
    const fieldset = el("fieldset", { class: "lg-worksheet__story" }, el("legend", { text: `Story ${n}` }));
    for (const field of fields) {
      const id = `${key}-${field.id}`;
      const hintId = `${id}-hint`;
      const box = el("textarea", { id, rows: field.id === "title" ? 1 : 3, "aria-describedby": hintId });
      box.value = saved[key]?.[field.id] ?? "";
      box.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          update((s) => { s.stories[key] = { ...(s.stories[key] ?? {}), [field.id]: box.value }; });
          status.textContent = "Draft saved in this browser.";
        }, 250);
      });
      fieldset.append(el("label", { for: id, text: field.label }), el("p", { id: hintId, class: "lg-worksheet__hint", text: field.hint }), box);
    }
    root.append(fieldset);
  }
  root.append(status);
  root.classList.add("lg-js");
}
