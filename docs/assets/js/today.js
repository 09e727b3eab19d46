// The home page: a first-time reader keeps the one primary action, "Take the diagnostic"; a
// returning reader gets a Today card: reviews due, new questions left today, the next plan item
// and the streak of days with at least one review.
import { el, stylesheet } from "./dom.js";
import { load } from "./progress.js";
import { status, dayOf, newToday, streak } from "./reviews.js";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const PLAN_PATHS = { question: null, kata: "katas/", case: "cases/", phase: "phases/" };

function returning(state) {
  return state.diagnostic !== null || Object.keys(state.reviews).length > 0 || Object.keys(state.checklist).length > 0 ||
    Object.keys(state.katas).length > 0 || Boolean(state.plan);
}

// The next item of the plan (the `plan` key, when the diagnostic built one), else the diagnostic's
// starting phase, else the diagnostic itself: [text before the link, link text, URL].
function nextStep(state, data, root) {
  const item = (state.plan?.days ?? []).flatMap((d) => d.items ?? []).find((i) => !i.done);
  if (item) {
    const category = data.questions[item.id];
    const path = item.kind === "question" && category ? `questions/${category}/${item.id}/`
      : PLAN_PATHS[item.kind] ? `${PLAN_PATHS[item.kind]}${item.id}/` : null;
    const label = item.title ?? item.name ?? item.id;
    return ["Next in your plan: ", label, path ? new URL(path, root).href : null, item.minutes ? ` (${item.minutes} min)` : ""];
  }
  const phase = state.diagnostic && data.phases[state.diagnostic.start];
  if (phase) return ["Next in your plan: start with ", phase.name, new URL(phase.url, root).href, ""];
  return ["No plan yet: ", "Take the diagnostic", new URL("diagnostic/", root).href, " to get one."];
}

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/today.css");

  const data = JSON.parse(widget.dataset.lgData);
  const state = load();
  if (!returning(state)) return;  // the static "Take the diagnostic" button stays the one action
  const today = dayOf();
  const ids = Object.keys(data.questions);
  const due = ids.filter((id) => status(state, id, today) === "due").length;
  const unseen = ids.filter((id) => status(state, id, today) === "new").length;
  const newLeft = Math.min(unseen, Math.max(0, Number(state.settings.newPerDay) - newToday(state, today)));
  const days = streak(state, today);
  const [before, label, href, after] = nextStep(state, data, root);
  const item = (name, ...parts) => el("li", { "data-lg-count": name }, ...parts);
  const card = el("section", { class: "lg-today__card", "aria-labelledby": "lg-today-title" },
    el("h2", { id: "lg-today-title", text: "Today" }),
    el("ul", { class: "lg-today__list" },
      item("due", `${plural(due, "review")} due`),
      item("new", `${plural(newLeft, "new question")} left for today`),
      item("next", before, href ? el("a", { href, text: label }) : label, after),
      item("streak", `Streak: ${plural(days, "day")} in a row with a review`)),
    el("p", {}, el("a", { class: "md-button md-button--primary", href: new URL("practice/", root).href, text: due + newLeft ? "Practise now" : "Open Practice" })));
  widget.replaceChildren(card);
  widget.classList.add("lg-js");
}
