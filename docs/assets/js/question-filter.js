// Filters a category's question list by level, round and difficulty; the choice lives in the URL
// (?level=senior&round=system-design&difficulty=hard) so a filtered list can be linked.
import { el } from "./dom.js";

const FILTERS = [
  { param: "level", attr: "seniority", label: "Level", order: ["junior", "mid", "senior", "staff"] },
  { param: "round", attr: "rounds", label: "Round", order: null },
  { param: "difficulty", attr: "difficulty", label: "Difficulty", order: ["easy", "medium", "hard"] },
];

export function mount(list) {
  const entries = [...list.querySelectorAll(".lg-q")];
  const roundNames = JSON.parse(list.dataset.roundNames || "{}");
  const roundOrder = Object.keys(roundNames);
  const params = new URLSearchParams(location.search);
  const form = el("form", { class: "lg-filter", role: "search", "aria-label": "Filter questions" });
  const status = el("p", { class: "lg-filter__status", role: "status" });
  const selects = {};

  for (const f of FILTERS) {
    const present = new Set(entries.flatMap((e) => e.dataset[f.attr].split(" ")));
    const order = f.order ?? roundOrder;
    const values = order.filter((v) => present.has(v));
    const id = `lg-filter-${f.param}`;
    const select = el("select", { id, name: f.param },
      el("option", { value: "", text: "Any" }),
      ...values.map((v) => el("option", { value: v, text: f.param === "round" ? roundNames[v] ?? v : v })));
    const wanted = params.get(f.param);
    if (values.includes(wanted)) select.value = wanted;
    selects[f.param] = select;
    form.append(el("div", { class: "lg-filter__field" }, el("label", { for: id, text: f.label }), select));
  }

  const apply = () => {
    let shown = 0;
    for (const entry of entries) {
      const match = FILTERS.every((f) => !selects[f.param].value ||
        entry.dataset[f.attr].split(" ").includes(selects[f.param].value));
      entry.hidden = !match;
      if (match) shown += 1;
    }
    status.textContent = `Showing ${shown} of ${entries.length} questions`;
    const url = new URL(location.href);
    for (const f of FILTERS) {
      if (selects[f.param].value) url.searchParams.set(f.param, selects[f.param].value);
      else url.searchParams.delete(f.param);
    }
    history.replaceState(history.state, "", url);
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  list.before(form, status);
  apply();
}
