// The Practice page: what is due today, filters, and a session that goes question to question
// (prompt → timer → Show model answer → grade → next) without leaving the page. Due reviews come
// first, then new questions up to the daily limit, in the order of the reader's plan.
import { el, stylesheet } from "./dom.js";
import { load } from "./progress.js";
import { status, dayOf, newToday } from "./reviews.js";

// The card module loads when a session starts: the page itself only counts and filters.
let cardModule = null;
const loadCard = (root) => (cardModule ??= import(new URL("assets/js/practice-card.js", root).href));

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function bank(data) {
  return data.questions.map(([id, category, topics, levels]) => ({
    id, category: data.categories[category].id, topics: topics.map((t) => data.topics[t]), seniority: levels.map((l) => data.levels[l]),
  }));
}

// New questions in study order: the plan's question items first (when a plan exists), then the
// diagnostic's starting phase and the phases after it, the reader's level first; else category order.
function studyOrder(state, data, questions) {
  const rank = new Map();
  const planned = (state.plan?.days ?? []).flatMap((d) => d.items ?? []).filter((i) => i.kind === "question" && !i.done);
  planned.forEach((item, n) => { if (!rank.has(item.id)) rank.set(item.id, n); });
  const d = state.diagnostic;
  const phaseOf = Object.fromEntries(data.categories.map((c) => [c.id, c.phase]));
  const start = d ? Math.max(0, data.phases.indexOf(d.start)) : 0;
  const phaseRank = (q) => (data.phases.indexOf(phaseOf[q.category]) - start + data.phases.length) % data.phases.length;
  const key = (q, n) => [rank.get(q.id) ?? Infinity, d ? phaseRank(q) : 0, d && !q.seniority.includes(d.level) ? 1 : 0, n];
  return questions.map((q, n) => [key(q, n), q]).sort(([a], [b]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  }).map(([, q]) => q);
}

function matches(q, filters, state) {
  return (!filters.category || q.category === filters.category) &&
    (!filters.topic || q.topics.includes(filters.topic)) &&
    (!filters.flagged || state.flags[q.id] === true) &&
    (!filters.noted || Boolean(state.notes[q.id]?.trim()));
}

// {due, fresh, newLeft}: due questions (earliest first) and the new ones a session may take today.
function queueParts(state, data, questions, filters) {
  const today = dayOf();
  const chosen = questions.filter((q) => matches(q, filters, state));
  const due = chosen.filter((q) => status(state, q.id, today) === "due")
    .sort((a, b) => state.reviews[a.id].card.due_day.localeCompare(state.reviews[b.id].card.due_day));
  const newLeft = Math.max(0, Number(state.settings.newPerDay ?? 10) - newToday(state, today));
  const unseen = studyOrder(state, data, chosen.filter((q) => status(state, q.id, today) === "new"));
  // Flagged or noted only: every such question, also those not due, after the due ones.
  const rest = filters.flagged || filters.noted
    ? chosen.filter((q) => status(state, q.id, today) === "learned") : [];
  return { due, fresh: unseen.slice(0, newLeft), newLeft, unseen: unseen.length, rest };
}

async function questionContent(root, q) {
  const url = new URL(`questions/${q.category}/${q.id}/`, root);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const article = page.querySelector("article");
  const prompt = article?.querySelector(".admonition.quote");
  const reveal = article?.querySelector("details.lg-reveal");
  if (!prompt || !reveal) throw new Error("not a question page");
  const heading = article.querySelector("h1");
  heading?.querySelector(".headerlink")?.remove();
  const parts = [prompt, prompt.nextElementSibling?.matches("p") ? prompt.nextElementSibling : null, reveal].filter(Boolean);
  for (const part of parts) {
    for (const a of part.querySelectorAll("a[href]")) a.setAttribute("href", new URL(a.getAttribute("href"), url).href);
    // Permalinks and code line anchors point into the question's own page: not useful here.
    for (const link of part.querySelectorAll(".headerlink, a[name^='__codelineno']")) link.remove();
    for (const node of part.querySelectorAll("[id]")) node.removeAttribute("id");
    for (const h2 of part.querySelectorAll("h2")) {  // the question's title is this card's h2
      const h3 = document.createElement("h3");
      h3.append(...h2.childNodes);
      h2.replaceWith(h3);
    }
  }
  let seconds = 120;
  try { seconds = JSON.parse(article.querySelector("[data-lg-widget=question]").dataset.lgData).seconds ?? seconds; } catch { /* the default */ }
  return { url, seconds, title: heading?.textContent.trim() ?? q.id, nodes: parts.map((p) => document.importNode(p, true)) };
}

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/practice.css");
  await stylesheet(root, "assets/css/practice-card.css");

  const data = JSON.parse(widget.dataset.lgData);
  const questions = bank(data);
  const byId = new Map(questions.map((q) => [q.id, q]));

  const summary = el("p", { class: "lg-due__counts" });
  const due = el("section", { class: "lg-due", "aria-labelledby": "lg-due-title" },
    el("h2", { id: "lg-due-title", text: "Due today" }), summary);

  const category = el("select", { id: "lg-practice-category" }, el("option", { value: "", text: "All categories" }),
    ...data.categories.map((c) => el("option", { value: c.id, text: c.name })));
  const topic = el("select", { id: "lg-practice-topic" }, el("option", { value: "", text: "All topics" }),
    ...data.topics.map((t) => el("option", { value: t, text: t })));
  const flaggedOnly = el("input", { type: "checkbox", id: "lg-practice-flagged" });
  const notedOnly = el("input", { type: "checkbox", id: "lg-practice-noted" });
  const start = el("button", { type: "submit", class: "md-button md-button--primary", text: "Start session" });
  const form = el("form", { class: "lg-practice__filters", "aria-label": "Choose what to practise" },
    el("div", {}, el("label", { for: category.id, text: "Category" }), category),
    el("div", {}, el("label", { for: topic.id, text: "Topic" }), topic),
    el("div", { class: "lg-practice__check" }, flaggedOnly, el("label", { for: flaggedOnly.id, text: "Flagged only" })),
    el("div", { class: "lg-practice__check" }, notedOnly, el("label", { for: notedOnly.id, text: "With a note only" })),
    start);
  const left = el("p", { class: "lg-session__left", role: "status" });
  const stage = el("div", { class: "lg-session__stage" });
  const session = el("div", { class: "lg-session" }, left, stage);

  const filters = () => ({ category: category.value, topic: topic.value, flagged: flaggedOnly.checked, noted: notedOnly.checked });
  const refresh = () => {
    const state = load();
    const parts = queueParts(state, data, questions, filters());
    const flags = questions.filter((q) => state.flags[q.id] === true).length;
    summary.textContent = `${plural(parts.due.length, "review")} due, ${plural(parts.fresh.length, "new question")} ` +
      `left for today (daily limit ${state.settings.newPerDay}), ${plural(flags, "flagged question")}.`;
    start.disabled = false;
    return parts;
  };
  for (const control of [category, topic, flaggedOnly, notedOnly]) control.addEventListener("change", refresh);

  let queue = [];
  let reviewed = 0;
  let card = null;
  const sayLeft = (extra = 0) => { left.textContent = `${plural(queue.length + extra, "question")} left in this session.`; };

  const finish = () => {
    card?.destroy();
    card = null;
    const done = el("p", { class: "lg-session__done", tabindex: "-1",
      text: reviewed ? `Session done: ${plural(reviewed, "review")}. What is due next is counted above.` : "Nothing to practise with these filters right now." });
    stage.replaceChildren(done);
    left.textContent = "";
    refresh();
    done.focus();
  };

  const next = async () => {
    card?.destroy();
    card = null;
    const id = queue.shift();
    if (!id) return finish();
    sayLeft(1);
    const q = byId.get(id);
    let content;
    let buildCard;
    try {
      [content, { buildCard }] = await Promise.all([questionContent(root, q), loadCard(root)]);
    } catch (error) {
      console.error(error);
      stage.replaceChildren(el("p", { text: "This question could not be loaded. Check your connection, then go on to the next one." }), nextButton(false));
      return;
    }
    const titleId = `lg-card-title`;
    const host = el("div", { class: "lg-try" });
    const [reveal] = content.nodes.slice(-1);
    const title = el("h2", { id: titleId, tabindex: "-1" }, el("a", { href: content.url.href, text: content.title }));
    const article = el("article", { class: "lg-card", "aria-labelledby": titleId }, title, ...content.nodes.slice(0, -1), host, reveal);
    stage.replaceChildren(article);
    const after = nextButton(true);
    card = buildCard({
      host, reveal, id, seconds: content.seconds, root, tryFirst: load().settings.tryFirst,
      onRated: (rating) => {
        reviewed += 1;
        if (rating === 1) queue.push(id);  // Again: it comes back in this session
        sayLeft();
        refresh();
        after.hidden = false;
        after.focus();
      },
    });
    article.append(card.notes, after);
    (card.showButton.hidden ? title : card.showButton).focus();
  };

  function nextButton(hidden) {
    const button = el("button", { type: "button", class: "md-button md-button--primary lg-session__next", text: "Next question", hidden });
    button.addEventListener("click", next);
    return button;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const parts = refresh();
    queue = [...parts.due, ...parts.fresh, ...parts.rest].map((q) => q.id);
    reviewed = 0;
    next();
  });
  // Space shows the answer when focus is not on a control.
  widget.addEventListener("keydown", (event) => {
    if (event.key === " " && card && !event.target.closest("button, a, input, select, textarea, summary")) {
      event.preventDefault();
      card.showAnswer();
    }
  });

  refresh();
  widget.append(due, form, session);
  widget.classList.add("lg-js");
}
