// The diagnostic quiz: six items -> starting phase, order, and a day-by-day plan with ticks.
// The result lives in the URL (?a=ypnyyn&w=3&h=8&l=mid) so it can be bookmarked and shared.
import { route, plan, days, ties, dayLayout, encodeAnswers, decodeAnswers, loopPhaseFactors, withLoop, hoursByRound } from "./diagnostic-engine.js";
import { update, planOf, planDone, planKey, setPlan, tickPlanItem } from "./progress.js";
import { expandPool } from "./plan-pool.js";
import { el, stylesheet } from "./dom.js";

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

const KIND_LABEL = { question: "Question", case: "Case study", kata: "Kata", checklist: "Checklist review", mock: "Mock interview" };
const CONTENT = ["question", "case", "kata"];
const sameInputs = (a, b) => a && b && a.answers === b.answers && a.weeks === b.weeks && a.hours === b.hours && a.level === b.level &&
  (a.loop ?? "") === (b.loop ?? "");

// The plan to show: the stored one when it was made from these inputs, otherwise a new one that
// leaves out what was already ticked (a retake keeps what you did and re-plans the rest).
function planFor(data, inputs, answers, routed, studyPlan, stored) {
  if (stored && sameInputs(stored.inputs, inputs)) return stored;
  const done = planDone(stored);
  const doneKeys = done.filter((i) => CONTENT.includes(i.kind)).map(planKey);
  const laid = days(data.diag, data.pool, routed, studyPlan, answers, inputs.hours, inputs.level, doneKeys);
  const earlier = [...new Map(done.map((i) => [planKey(i), { ...i, done: true }])).values()];
  return {
    inputs, earlier, per_week: laid.per_week, day_minutes: laid.day_minutes,
    days: laid.days.map((d) => ({ n: d.n, week: d.week, items: d.items.map((i) => ({ kind: i.kind, id: i.id, phase: i.phase, minutes: i.minutes, done: false })) })),
  };
}

function itemLabel(data, item) {
  if (item.kind === "checklist") return `Review the ${data.phases[item.id]?.name ?? item.id} exit checklist`;
  if (item.kind === "mock") {
    const mock = data.pool.mocks[item.id];
    return `Mock ${mock ? mock.round.toLowerCase() : ""} interview, timed`.replace("  ", " ");
  }
  return data.pool.items[item.id]?.title ?? item.id;
}

function itemLink(data, root, item) {
  if (item.kind === "checklist" || item.kind === "mock") return data.phases[item.id] ? new URL(data.phases[item.id].url, root).href : null;
  const found = data.pool.items[item.id];
  return found ? new URL(found.url, root).href : null;
}

function dayList(data, root, shown, live) {
  const list = el("ol", { class: "lg-days" });
  for (const day of shown.days) {
    const minutes = day.items.reduce((a, i) => a + i.minutes, 0);
    const items = el("ul", { class: "lg-day__items" });
    for (const item of day.items) {
      const label = itemLabel(data, item);
      const href = itemLink(data, root, item);
      const id = `lg-tick-${day.n}-${item.kind}-${item.id}`;
      const row = el("li", { class: "lg-day__item" });
      if (live) {
        const box = el("input", { type: "checkbox", id, "aria-label": `Done: ${label}` });
        box.checked = item.done;
        box.addEventListener("change", () => tickPlanItem(day.n, planKey(item), box.checked));
        row.append(box);
      }
      const difficulty = data.pool.items[item.id]?.difficulty;
      if (!live) row.append(el("span"));  // keeps the grid's first column
      row.append(el("div", { class: "lg-day__text" },
        el("span", { class: `lg-kind lg-kind--${item.kind}`, text: KIND_LABEL[item.kind] }), " ",
        href ? el("a", { href, text: label }) : el("span", { text: label }),
        el("span", { class: "lg-day__meta", text: ` · ${item.minutes} min${CONTENT.includes(item.kind) && difficulty ? ` · ${difficulty}` : ""}` })));
      items.append(row);
    }
    list.append(el("li", { class: "lg-day" },
      el("h4", { text: `Day ${day.n} · week ${day.week} · ${minutes} min` }), items));
  }
  return list;
}

function explanation(data, root, answers, routed, studyPlan, phaseLink) {
  const { diag } = data;
  const hours = Object.fromEntries(studyPlan.phases.map((p) => [p.phase, p.hours]));
  const why = el("div", { class: "lg-result__why" });
  if (routed.mode !== "gap") why.append(el("p", { text: diag.routing[routed.mode].note }));
  const weak = diag.items.map((item, i) => ({ ...item, n: i + 1 })).filter((item) => answers[item.id] !== "yes");
  if (weak.length) {
    why.append(el("p", { text: "Where each answer led:" }), el("ul", {}, ...weak.map((item) => {
      const first = (data.pool.trains[item.id] ?? []).slice(0, 2).map((id) => data.pool.items[id]?.title).filter(Boolean);
      return el("li", {}, el("strong", { text: `Question ${item.n} (${answers[item.id]}).` }), ` ${item.why} `,
        ...item.phases.flatMap((p) => [phaseLink(p), hours[p] !== undefined ? ` gets ${hours[p]} h` : " is left out of a plan this short", ". "]),
        first.length ? `Its material comes first there, starting with “${first.join("” and “")}”.` : "");
    })));
  }
  const tied = ties(routed);
  if (tied.length) {
    why.append(el("p", {}, ...tied.flatMap(([a, b], i) => [i ? " " : "", phaseLink(a), " comes before ", phaseLink(b),
      " because your answers weigh the same for both."]), ` ${diag.routing.tie_note}`));
  }
  return why;
}

// Loop archetypes: an optional select; the plan's phase weights scaled by the loop's rounds, and its
// hours split by round (see diagnostic-engine.js and loopguide/diagnostic.py).
function loopControl(data) {
  if (!data.loops?.length) return [];
  return [el("label", { for: "lg-loop", text: "Kind of employer (optional)" }),
    el("select", { id: "lg-loop", name: "loop" }, el("option", { value: "", text: "Any: no archetype" }),
      ...data.loops.map((lp) => el("option", { value: lp.id, text: lp.name })))];
}

const loopOf = (data, loopId) => (data.loops ?? []).find((lp) => lp.id === loopId) ?? null;

function phasePlan(data, routed, weeks, hours, level, loop) {
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

function renderResult(data, root, answers, inputs, stored) {
  const { diag } = data;
  const { weeks, hours, level } = inputs;
  const routed = route(diag, answers);
  const loop = loopOf(data, inputs.loop);
  const studyPlan = phasePlan(data, routed, weeks, hours, level, loop);
  const phaseLink = (p) => el("a", { href: new URL(data.phases[p].url, root).href, text: data.phases[p].name });
  const shown = planFor(data, inputs, answers, routed, studyPlan, stored);
  const live = stored === shown;

  const heading = el("h2", { id: "lg-result-heading", tabindex: -1 }, "Start with ", phaseLink(routed.start));
  const why = explanation(data, root, answers, routed, studyPlan, phaseLink);
  const order = el("ol", { class: "lg-result__order" }, ...routed.order.map((p) => el("li", {}, phaseLink(p),
    routed.compress.includes(p) ? " (keep it short)" : "", routed.prioritise.includes(p) ? " (most of your time)" : "")));
  const kindNote = studyPlan.kind === "short" ? diag.plan.short.note : studyPlan.kind === "long" ? diag.plan.long.note : diag.plan.standard.note;

  const table = el("table", { class: "lg-plan" },
    el("caption", { text: `${weeks} week${weeks === 1 ? "" : "s"} at ${hours} hours a week, ${level} level` }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Week" }), el("th", { scope: "col", text: "Focus" }))));
  const body = el("tbody");
  studyPlan.weeks.forEach((slots, w) => {
    const focus = el("td");
    for (const slot of slots) {
      focus.append(el("p", {}, phaseLink(slot.phase), ` · ${slot.hours} h`, slot.mock ? el("strong", { text: " · end with a live mock interview" }) : null));
    }
    body.append(el("tr", {}, el("th", { scope: "row", text: String(w + 1) }), focus));
  });
  table.append(body);

  const dayHeading = el("h3", { id: "lg-days-heading", text: "Your day-by-day plan" });
  const perDay = Math.round(shown.day_minutes ?? dayLayout(diag, hours)[1]);
  const dayIntro = el("p", { text: `${shown.per_week ?? dayLayout(diag, hours)[0]} study days a week, about ${perDay} minutes each. ` +
    (live ? "Tick each item when you have done it; ticks stay in this browser and survive a retake." : "") });
  const parts = [heading, why, el("h3", { text: "The order to work in" }), order,
    el("h3", { text: "Your week-by-week hours" }), el("p", { text: kindNote }),
    el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)),
    ...roundHoursSection(data, root, studyPlan, loop),
    dayHeading, dayIntro];
  if (!live) {
    const adopt = el("button", { type: "button", class: "md-button", text: "Make this my plan" });
    adopt.addEventListener("click", () => { setPlan(shown); document.dispatchEvent(new CustomEvent("lg-plan-adopted")); });
    parts.push(el("p", {}, "This is not the plan saved in this browser. ", adopt));
  }
  if (shown.earlier.length) parts.push(el("p", { class: "lg-days__earlier", text: `Done in an earlier plan and left out of this one: ${shown.earlier.length} item${shown.earlier.length === 1 ? "" : "s"}.` }));
  parts.push(dayList(data, root, shown, live),
    el("p", {}, el("a", { href: location.href, class: "lg-result__link", text: "Link to this result" }), " (bookmark it or send it to a friend)"));
  return el("section", { class: "lg-result", "aria-labelledby": "lg-result-heading" }, ...parts);
}

export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/diagnostic.css");

  const data = JSON.parse(widget.dataset.lgData);
  let poolLoad = null;  // the plan's material, fetched once the first result is shown
  const ensurePool = () => {
    poolLoad ??= fetch(new URL(data.pool_url, root)).then((r) => {
      if (!r.ok) throw new Error(`plan data: HTTP ${r.status}`);
      return r.json();
    }).then((wire) => { data.pool = expandPool(wire); });
    return poolLoad;
  };
  const form = buildForm(data);
  const output = el("div", { class: "lg-result-area", "aria-live": "polite" });
  widget.append(form, output);
  widget.classList.add("lg-js");
  const error = form.querySelector(".lg-quiz__error");

  // retake: a submitted form replaces the saved plan (keeping its ticks); a link only shows one
  const show = async (answers, weeks, hours, level, focus, retake, loopId = "") => {
    try {
      await ensurePool();
    } catch (error) {
      console.error(error);
      poolLoad = null;
      output.replaceChildren(el("p", { class: "lg-error", text: "The study plan could not load. Check your connection and try again." }));
      return;
    }
    const url = new URL(location.href);
    const code = encodeAnswers(data.diag, answers);
    url.search = new URLSearchParams({ a: code, w: weeks, h: hours, l: level, ...(loopId ? { t: loopId } : {}) }).toString();
    history.replaceState(history.state, "", url);
    const inputs = { answers: code, weeks, hours, level, ...(loopId ? { loop: loopId } : {}) };
    let stored = planOf();
    if (retake || !stored) {
      const routed = route(data.diag, answers);
      stored = planFor(data, inputs, answers, routed, phasePlan(data, routed, weeks, hours, level, loopOf(data, loopId)), stored);
      setPlan(stored);
    }
    output.replaceChildren(renderResult(data, root, answers, inputs, planOf()));
    const start = route(data.diag, answers).start;
    update((s) => { s.diagnostic = { answers: code, start, weeks, hours, level, ...(loopId ? { loop: loopId } : {}), at: new Date().toISOString() }; });
    if (focus) output.querySelector("#lg-result-heading").focus();
  };
  document.addEventListener("lg-plan-adopted", () => {
    const p = planOf();
    if (p && widget.isConnected) show(decodeAnswers(data.diag, p.inputs.answers), p.inputs.weeks, p.inputs.hours, p.inputs.level, false, false, p.inputs.loop ?? "");
  });

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
    show(answers, Math.round(weeks), hours, form.level.value, true, true, form.loop ? form.loop.value : "");
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
    const loopId = loopOf(data, params.get("t")) ? params.get("t") : "";
    if (form.loop) form.loop.value = loopId;
    show(answers, weeks, hours, level, false, false, loopId);
  }
}
