// Question lists (category and topic pages): mark each question new, due or learned from the reader's reviews.
import { el, stylesheet } from "./dom.js";
import { load } from "./progress.js";
import { status } from "./reviews.js";

const TEXT = { new: "new", due: "due", learned: "learned" };

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/practice-card.css");

  const byUrl = JSON.parse(widget.dataset.lgData);
  const state = load();
  const article = widget.closest("article") ?? document;
  for (const link of article.querySelectorAll("a[href]")) {
    if (link.closest(".md-tags") || link.nextElementSibling?.classList.contains("lg-mark")) continue;
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) continue;
    const id = byUrl[url.pathname.slice(root.pathname.length)];
    if (!id) continue;
    const kind = status(state, id);
    link.after(" ", el("span", { class: `lg-mark lg-mark--${kind}`, text: TEXT[kind] }));
  }
}
