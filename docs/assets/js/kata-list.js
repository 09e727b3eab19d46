// The kata list: mark the katas this browser has solved.
import { el } from "./dom.js";
import { load } from "./progress.js";

export function mount(list) {
  const katas = load().katas;
  for (const link of list.querySelectorAll("a[data-kata]")) {
    if (katas[link.dataset.kata]?.solved === true) link.after(el("span", { class: "lg-solved", text: "✓ solved" }));
  }
}
