// A question page: try first (timer, "Show model answer"), grade against the rubric, flag and note.
import { stylesheet } from "./dom.js";
import { load } from "./progress.js";
import { buildCard } from "./practice-card.js";

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/practice-card.css");

  const data = JSON.parse(widget.dataset.lgData);
  const reveal = widget.closest("article")?.querySelector("details.lg-reveal");
  if (!reveal) return;
  const card = buildCard({ host: widget, reveal, id: data.id, seconds: data.seconds, root, tryFirst: load().settings.tryFirst });
  (reveal.parentElement.querySelector(".lg-grade") ?? reveal).after(card.notes);
  // A link to a heading inside the folded answer (the table of contents) shows the answer.
  const openFor = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && reveal.contains(target)) card.showAnswer(false);
  };
  openFor();
  addEventListener("hashchange", openFor);
  widget.classList.add("lg-js");
  // Material's instant navigation replaces the page: stop listening for keys when this one goes.
  if (typeof document$ !== "undefined") {
    // document$ may call back at once, before `sub` is assigned: stop once, whenever that is
    let sub = null;
    let stopped = false;
    const stop = () => { stopped = true; card.destroy(); removeEventListener("hashchange", openFor); sub?.unsubscribe(); };
    sub = document$.subscribe(() => { if (!widget.isConnected && !stopped) stop(); });
    if (stopped) sub.unsubscribe();
  }
}
