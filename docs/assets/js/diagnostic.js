// The diagnostic quiz: six items -> starting phase, order, and a week-by-week plan.
// The result lives in the URL (?a=ypnyyn&w=3&h=8&l=mid) so it can be bookmarked and shared.
import { route, plan, encodeAnswers, decodeAnswers, loopPhaseFactors, withLoop, hoursByRound } from "./diagnostic-engine.js";
import { update } from "./progress.js";
import { el } from "./dom.js";

const LEVELS = ["junior", "mid", "senior", "staff"];

const clampInt = (value, lo, hi, fallback) => {
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n * 2) / 2)) : fallback;
};

function buildForm(data) {
  const { diag } = data;
  const form = el("form", { class: "lg-quiz", novalidate: true });
  diag.items.forEach((item, i) => {
    const fieldset = el("fieldset", { class: "lg-quiz__item", "data-item": item.id },
      el("legend", { text: `${i + 1}. ${item.text}` }));
    for (const answer of diag.answers) {
      const id = `q-${item.id}-${answer.id}`;
      fieldset.append(el("div", { class: "lg-quiz__choice" },
        el("input", { type: "radio", name: item.id, id, value: answer.id }),
        el("label", { for: id, text: answer.label })));
    }
    form.append(fieldset);
  });
  const settings = el("fieldset", { class: "lg-quiz__settings" }, el("legend", { text: "Your time and level" }),
    el("label", { for: "lg-weeks", text: "Weeks until the interview" }),
    el("input", { id: "lg-weeks", name: "weeks", type: "number", min: 1, max: 26, step: 1, value: 3, inputmode: "numeric" }),
    el("label", { for: "lg-hours", text: "Hours per week" }),
    el("input", { id: "lg-hours", name: "hours", type: "number", min: 1, max: 60, step: 0.5, value: 8, inputmode: "decimal" }),
    el("label", { for: "lg-level", text: "Level you are interviewing for" }),
    el("select", { id: "lg-level", name: "level" }, ...LEVELS.map((l) => el("option", { value: l, selected: l === "mid", text: l }))),
    ...loopControl(data));
  form.append(settings,
    el("p", { class: "lg-quiz__error", role: "alert" }),
    el("button", { type: "submit", class: "md-button md-button--primary", text: "Show where to start" }));
  return form;
}

// Loop archetypes: an optional select, and the plan's hours split by round (see diagnostic-engine.js).
function loopControl(data) {
  if (!data.loops?.length) return [];
  return [el("label", { for: "lg-loop", text: "Kind of employer (optional)" }),
    el("select", { id: "lg-loop", name: "loop" }, el("option", { value: "", text: "Any: no archetype" }),
      ...data.loops.map((lp) => el("option", { value: lp.id, text: lp.name })))];
}

const loopOf = (data, loopId) => (data.loops ?? []).find((lp) => lp.id === loopId) ?? null;

function planFor(data, routed, weeks, hours, level, loop) {
  const diag = loop ? withLoop(data.diag, loopPhaseFactors(data.round_phases, loop.weights)) : data.diag;
  return plan(diag, routed, weeks, hours, level);
}

function roundHoursSection(data, root, studyPlan, loop) {
  if (!data.round_phases) return [];
  const rows = hoursByRound(studyPlan.phases, data.round_phases, loop ? loop.weights : {});
  const caption = loop ? `Hours by round, weighted for: ${loop.name}` : "Hours by round, every round weighted alike";
  const table = el("table", { class: "lg-round-hours" }, el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Round" }), el("th", { scope: "col", text: "Hours" }))),
    el("tbody", {}, ...rows.map((row) => el("tr", {}, el("th", { scope: "row", text: data.round_names[row.round] }),
      el("td", { text: String(row.hours) })))));
  const note = loop ? el("p", {}, "Read what sets this loop apart: ", el("a", { href: new URL(loop.url, root).href, text: loop.name }), ".")
    : el("p", { text: "Choose a kind of employer above to weight the plan by its rounds." });
  return [el("h3", { text: "Your hours by round" }), note,
    el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table))];
}

function practiceLinks(data, root, phase, offset, count) {
  const list = data.practice[phase] ?? [];
  if (!list.length) return null;
  const picks = Array.from({ length: Math.min(count, list.length) }, (_, k) => list[(offset + k) % list.length]);
  return el("ul", {}, ...picks.map((q) => el("li", {}, el("a", { href: new URL(q.url, root).href, text: q.title }))));
}

function renderResult(data, root, answers, weeks, hours, level, loopId) {
  const { diag } = data;
  const routed = route(diag, answers);
  const loop = loopOf(data, loopId);
  const studyPlan = planFor(data, routed, weeks, hours, level, loop);
  const phaseLink = (p) => el("a", { href: new URL(data.phases[p].url, root).href, text: data.phases[p].name });
  const itemsById = Object.fromEntries(diag.items.map((item, i) => [item.id, { ...item, n: i + 1 }]));

  const heading = el("h2", { id: "lg-result-heading", tabindex: -1 }, "Start with ", phaseLink(routed.start));
  const why = el("div", { class: "lg-result__why" });
  if (routed.mode === "gap") {
    why.append(el("p", { text: "Because of these answers:" }), el("ul", {}, ...routed.reasons.map((id) => {
      const item = itemsById[id];
      return el("li", {}, el("strong", { text: `Question ${item.n} (${answers[id] === "no" ? "no" : "partly"}).` }), ` ${item.why}`);
    })));
  } else {
    why.append(el("p", { text: diag.routing[routed.mode].note }));
  }
  const order = el("ol", { class: "lg-result__order" }, ...routed.order.map((p) => el("li", {}, phaseLink(p),
    routed.compress.includes(p) ? " (keep it short)" : "", routed.prioritise.includes(p) ? " (most of your time)" : "")));
  const kindNote = studyPlan.kind === "short" ? diag.plan.short.note : studyPlan.kind === "long" ? diag.plan.long.note : diag.plan.standard.note;

  const table = el("table", { class: "lg-plan" },
    el("caption", { text: `${weeks} week${weeks === 1 ? "" : "s"} at ${hours} hours a week, ${level} level` }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Week" }), el("th", { scope: "col", text: "Focus" }), el("th", { scope: "col", text: "Practise" }))));
  const body = el("tbody");
  const seen = {};
  studyPlan.weeks.forEach((slots, w) => {
    const focus = el("td");
    const practise = el("td");
    for (const slot of slots) {
      focus.append(el("p", {}, phaseLink(slot.phase), ` · ${slot.hours} h`, slot.mock ? el("strong", { text: " · end with a live mock interview" }) : null));
      const offset = seen[slot.phase] ?? 0;
      seen[slot.phase] = offset + 3;
      const links = practiceLinks(data, root, slot.phase, offset, 3);
      if (links) practise.append(links);
    }
    body.append(el("tr", {}, el("th", { scope: "row", text: String(w + 1) }), focus, practise));
  });
  table.append(body);

  return el("section", { class: "lg-result", "aria-labelledby": "lg-result-heading" },
    heading, why, el("h3", { text: "The order to work in" }), order,
    el("h3", { text: "Your week-by-week plan" }), el("p", { text: kindNote }), el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)),
    ...roundHoursSection(data, root, studyPlan, loop),
    el("p", {}, el("a", { href: location.href, class: "lg-result__link", text: "Link to this result" }), " (bookmark it or send it to a friend)"));
}

export function mount(widget, { root }) {
  const data = JSON.parse(widget.dataset.lgData);
  const form = buildForm(data);
  const output = el("div", { class: "lg-result-area", "aria-live": "polite" });
  widget.append(form, output);
  widget.classList.add("lg-js");
  const error = form.querySelector(".lg-quiz__error");

  const show = (answers, weeks, hours, level, focus, loopId = "") => {
    const url = new URL(location.href);
    const params = { a: encodeAnswers(data.diag, answers), w: weeks, h: hours, l: level };
    if (loopId) params.t = loopId;
    url.search = new URLSearchParams(params).toString();
    history.replaceState(history.state, "", url);
    output.replaceChildren(renderResult(data, root, answers, weeks, hours, level, loopId));
    const start = route(data.diag, answers).start;
    update((s) => { s.diagnostic = { answers: encodeAnswers(data.diag, answers), start, weeks, hours, level, ...(loopId ? { loop: loopId } : {}), at: new Date().toISOString() }; });
    if (focus) output.querySelector("#lg-result-heading").focus();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const answers = {};
    for (const item of data.diag.items) {
      const checked = form.querySelector(`input[name="${item.id}"]:checked`);
      if (checked) answers[item.id] = checked.value;
    }
    const missing = data.diag.items.findIndex((item) => !answers[item.id]);
    if (missing >= 0) {
      error.textContent = `Please answer question ${missing + 1} first.`;
      form.querySelector(`input[name="${data.diag.items[missing].id}"]`).focus();
      return;
    }
    error.textContent = "";
    const weeks = clampInt(form.weeks.value, 1, 26, 3);
    const hours = clampInt(form.hours.value, 1, 60, 8);
    form.weeks.value = Math.round(weeks);
    form.hours.value = hours;
    show(answers, Math.round(weeks), hours, form.level.value, true, form.loop?.value ?? "");
  });

  // A shared or bookmarked result reopens as it was.
  const params = new URLSearchParams(location.search);
  const answers = decodeAnswers(data.diag, params.get("a"));
  if (answers) {
    const weeks = Math.round(clampInt(params.get("w"), 1, 26, 3));
    const hours = clampInt(params.get("h"), 1, 60, 8);
    const level = LEVELS.includes(params.get("l")) ? params.get("l") : "mid";
    for (const [id, value] of Object.entries(answers)) form.querySelector(`#q-${id}-${value}`).checked = true;
    form.weeks.value = weeks;
    form.hours.value = hours;
    form.level.value = level;
    const loopId = loopOf(data, params.get("t"))?.id ?? "";
    if (form.loop) form.loop.value = loopId;
    show(answers, weeks, hours, level, false, loopId);
  }
}
