// The calculator widget's entry point. The page already shows the worked defaults as a table; the
// live form (calc-live.js, its engine and styles) loads at once on /calculators/ and case studies,
// and on a question page (data-lg-lazy) only when the reader asks for it, which keeps question
// pages inside the page-weight budget.
export function mount(widget, { root }) {
  const live = () => import("./calc-live.js").then((m) => m.mount(widget, { root }));
  if (!("lgLazy" in widget.dataset)) return live();
  const open = document.createElement("button");
  open.type = "button";
  open.className = "md-button";
  open.textContent = "Change the numbers";
  open.addEventListener("click", () => {
    open.disabled = true;
    live().then(() => { open.remove(); widget.querySelector("input")?.focus(); });
  }, { once: true });
  widget.append(open);
  return null;
}
