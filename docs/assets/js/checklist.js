// Phase exit checklists: the static list becomes real checkboxes whose state persists.
import { load, update } from "./progress.js";

export function mount(list) {
  const items = [...list.querySelectorAll("li[data-item]")];
  const state = load();
  const status = document.createElement("p");
  status.className = "lg-checklist__status";
  status.setAttribute("role", "status");
  const refresh = () => {
    const done = items.filter((li) => li.querySelector("input").checked).length;
    status.textContent = `${done} of ${items.length} done`;
  };
  for (const li of items) {
    const id = li.dataset.item;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `check-${id}`;
    box.checked = state.checklist[id] === true;
    const label = document.createElement("label");
    label.htmlFor = box.id;
    const training = li.querySelector(".lg-train");  // links stay outside the label
    label.append(...[...li.childNodes].filter((node) => node !== training));
    li.append(box, label);
    if (training) li.append(training);
    box.addEventListener("change", () => {
      update((s) => { s.checklist[id] = box.checked; });
      refresh();
    });
  }
  list.classList.add("lg-checklist--live");
  list.after(status);
  refresh();
}
