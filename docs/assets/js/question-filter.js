// Filters a category's question list by level, round, difficulty and topic, and sorts it; the
// choice lives in the URL (?level=senior&topic=agents&sort=hard-first) so a list can be linked.
// The form goes into a slot the page reserves at its final height, so nothing below it moves.
import { el } from "./dom.js";

const FILTERS = [
  { param: "level", attr: "seniority", label: "Level", order: ["junior", "mid", "senior", "staff"] },
  { param: "round", attr: "rounds", label: "Round", order: null },
  { param: "difficulty", attr: "difficulty", label: "Difficulty", order: ["easy", "medium", "hard"] },
  { param: "topic", attr: "topics", label: "Topic", order: null },
];
const RANK = { easy: 0, medium: 1, hard: 2 };
const SORTS = [
  { value: "", text: "Title", key: () => 0 },
  { value: "easy-first", text: "Easiest first", key: (e) => RANK[e.dataset.difficulty] },
  { value: "hard-first", text: "Hardest first", key: (e) => -RANK[e.dataset.difficulty] },
];

export function mount(list) {
  const entries = [...list.querySelectorAll(".lg-q")];
  const names = { round: JSON.parse(list.dataset.roundNames || "{}"), topic: JSON.parse(list.dataset.topicNames || "{}") };
  const params = new URLSearchParams(location.search);
  const form = el("form", { class: "lg-filter", role: "search", "aria-label": "Filter questions" });
  const status = el("p", { class: "lg-filter__status", role: "status" });
  const selects = {};
  const field = (id, label, select) => el("div", { class: "lg-filter__field" }, el("label", { for: id, text: label }), select);

  for (const f of FILTERS) {
    const present = new Set(entries.flatMap((e) => e.dataset[f.attr].split(" ").filter(Boolean)));
    const order = f.order ?? (f.param === "round" ? Object.keys(names.round) : [...present].sort());
    const values = order.filter((v) => present.has(v));
    const id = `lg-filter-${f.param}`;
    const select = el("select", { id, name: f.param },
      el("option", { value: "", text: "Any" }),
      ...values.map((v) => el("option", { value: v, text: names[f.param]?.[v] ?? v })));
    const wanted = params.get(f.param);
    if (values.includes(wanted)) select.value = wanted;
    selects[f.param] = select;
    form.append(field(id, f.label, select));
  }
  const sort = el("select", { id: "lg-filter-sort", name: "sort" }, ...SORTS.map((s) => el("option", { value: s.value, text: s.text })));
  if (SORTS.some((s) => s.value && s.value === params.get("sort"))) sort.value = params.get("sort");
  form.append(field("lg-filter-sort", "Sort by", sort));

  const apply = () => {
    let shown = 0;
    for (const entry of entries) {
      const match = FILTERS.every((f) => !selects[f.param].value ||
        entry.dataset[f.attr].split(" ").includes(selects[f.param].value));
      entry.hidden = !match;
      if (match) shown += 1;
    }
    const key = SORTS.find((s) => s.value === sort.value).key;
    const ordered = entries.map((e, i) => [key(e), i, e]).sort((a, b) => (a[0] - b[0]) || (a[1] - b[1]));
    list.append(...ordered.map(([, , e]) => e));
    status.textContent = `Showing ${shown} of ${entries.length} questions`;
    const url = new URL(location.href);
    for (const [param, select] of [...FILTERS.map((f) => [f.param, selects[f.param]]), ["sort", sort]]) {
      if (select.value) url.searchParams.set(param, select.value);
      else url.searchParams.delete(param);
    }
    history.replaceState(history.state, "", url);
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  const slot = list.previousElementSibling?.classList.contains("lg-filter-slot") ? list.previousElementSibling : null;
  if (slot) slot.append(form, status); else list.before(form, status);
  apply();
}
