// A running mock: each round on its clock (the deadline is kept in the progress store, so time
// keeps running across instant navigation and a reload), grading against each rubric, and the
// report card. Loaded by mock.js when a mock starts or resumes, with the draw's pool.
import { el } from "./dom.js";
import * as progress from "./progress.js";
import { recordReview } from "./reviews.js";
import { draw, planRounds } from "./mock-draw.js";
import { loadItem } from "./mock-content.js";
import { clockText, report, shareQuery, readScorecard, suggestedRating, usedSeconds } from "./mock-report.js";

const TICK_MS = 1000;
const SAVE_DELAY_MS = 300;
const DAY_MS = 86400000;

// Every graded question goes into the same review schedule as Practice (FSRS, loaded on first use).
function feedReviewSchedule(root, id, rating, signals, seconds) {
  recordReview(root, id, { rating, signals, seconds }).catch((error) => console.error(error));
}

// Questions the reader rated Easy recently weigh less in the draw (the `reviews` key, once it exists).
export function recentlyEasy(data, now) {
  const reviews = progress.load().reviews;
  if (!reviews || typeof reviews !== "object") return [];
  const since = now - data.draw.easy_review_days * DAY_MS;
  const known = new Set(data.pool.questions.map((q) => q[0]));
  return Object.entries(reviews).filter(([id, r]) => {
    const last = Array.isArray(r?.log) ? r.log[r.log.length - 1] : null;
    const easy = last && (last.rating === 4 || String(last.rating).toLowerCase() === "easy");
    return known.has(id) && easy && Date.parse(last.at) >= since;
  }).map(([id]) => id).sort();
}

export function label(data, choices) {
  const preset = data.presets.find((p) => p.id === choices.preset);
  const level = Object.fromEntries(data.levels)[choices.level] ?? choices.level;
  const rounds = preset ? preset.name : planRounds(data, choices).map((r) => r.name).join(", ");
  return `${rounds}, ${level}`;
}

export function createMock(data, seed, choices, role) {
  const items = draw(data, seed, choices);
  if (!items.length) return null;
  const now = Date.now();
  const mock = { id: `m${now.toString(36)}${role === "interviewer" ? "i" : ""}`, seed, choices, role, label: label(data, choices),
                 status: "running", startedAt: new Date(now).toISOString(), current: 0, items };
  progress.update((state) => {
    state.mocks = state.mocks ?? {};
    for (const m of Object.values(state.mocks)) if (m.status === "running" && m.role === role) m.status = "abandoned";
    state.mocks[mock.id] = mock;
  });
  return mock;
}

// A clock for one step: counts down to its deadline, then shows how far over it is.
function makeClock(step, name, announce) {
  const face = el("p", { class: "lg-mock__clock", role: "timer", "aria-label": name });
  const allowed = step.allowed;
  const marks = [];
  if (allowed >= 240) marks.push([allowed / 2, `Halfway: ${clockText(allowed / 2)} left.`]);
  if (allowed > 90) marks.push([60, "One minute left."]);
  marks.push([0, "Time. Finish your thought; the clock keeps counting."]);
  const left = () => allowed - (Date.now() - step.started) / 1000;
  let pending = marks.filter(([at]) => left() > at);  // thresholds already passed are not announced again
  const render = () => {
    const remaining = left();
    const over = remaining < 0;
    face.classList.toggle("lg-mock__clock--over", over);
    face.textContent = over ? `Time is up: ${clockText(-remaining)} over` : `${clockText(Math.ceil(remaining))} left of ${clockText(allowed)}`;
    const due = pending.filter(([at]) => remaining <= at);
    if (due.length) {
      pending = pending.filter((m) => !due.includes(m));
      announce(due[due.length - 1][1]);
    }
  };
  render();
  return { face, render };
}

function stepsFor(item, round, content) {
  if (item.kind === "design") return round.stages.map((s) => ({ allowed: s.seconds, name: s.name }));
  if (item.kind === "kata") return [{ allowed: (item.minutes ?? 20) * 60, name: "Coding" }];
  const asks = Math.min(round.follow_ups, content.followUps.length);
  return [{ allowed: round.item_seconds, name: "Answer" },
          ...Array.from({ length: asks }, (_, i) => ({ allowed: round.follow_up_seconds, name: `Follow-up ${i + 1}`, followUp: i }))];
}

function rubricFor(data, item, content) {
  if (item.kind === "design" || item.kind === "kata") return data.rubrics[item.kind];
  return { strong: content.strong, weak: content.weak };
}

function checklist(legend, texts, ticks, prefix) {
  const box = el("fieldset", { class: "lg-mock__rubric" }, el("legend", { text: legend }));
  const inputs = texts.map((text, i) => {
    const input = el("input", { type: "checkbox", id: `${prefix}-${i}` });
    input.checked = Boolean(ticks?.[i]);
    box.append(el("div", { class: "lg-mock__choice" }, input, el("label", { for: input.id, text })));
    return input;
  });
  return { box, read: () => inputs.map((i) => i.checked) };
}

export { checklist, rubricFor, stepsFor };

function storiesNote(data, root) {
  const stories = progress.load().stories ?? {};
  const notes = el("details", { class: "lg-mock__stories" }, el("summary", { text: "Your stories from the worksheet (notes)" }));
  const filled = Object.entries(stories).filter(([, s]) => s && Object.values(s).some((v) => String(v).trim()));
  if (!filled.length) {
    notes.append(el("p", {}, "No stories drafted yet. ",
      data.worksheet ? el("a", { href: new URL(data.worksheet.url, root).href, text: "Draft them on the story worksheet" }) : null, "."));
    return notes;
  }
  for (const [key, story] of filled) {
    const list = el("dl");
    for (const [id, name] of data.worksheet?.fields ?? []) {
      if (story[id]) list.append(el("dt", { text: name }), el("dd", { text: story[id] }));
    }
    notes.append(el("h4", { text: `Story ${key.replace("story-", "")}` }), list);
  }
  return notes;
}

export function createRun(widget, view, live, data, root, setup) {
  const roundNames = Object.fromEntries(data.rounds.map((r) => [r.round, r.name]));
  const roundOf = (mock, item) => planRounds(data, mock.choices).find((r) => r.round === item.round);
  let ticker = null;
  let kataBox = null;   // the kata round's runner, kept while its item is on screen
  const announce = (text) => { live.textContent = text; };
  const stopTicking = () => { clearInterval(ticker); ticker = null; };
  const heading = (text) => el("h2", { class: "lg-mock__heading", tabindex: "-1", text });
  const focusHeading = () => view.querySelector(".lg-mock__heading")?.focus();

  const save = (mock) => progress.updateMock(mock.id, (m) => Object.assign(m, mock));

  function start(seed, choices, error) {
    if (!choices.avoid) choices.avoid = recentlyEasy(data, Date.now());
    const mock = createMock(data, seed, choices, "candidate");
    if (!mock) { error.textContent = "No questions match these choices. Choose another level or more rounds."; return; }
    history.replaceState(history.state, "", location.pathname);
    show(mock);
  }

  async function interview(seed, choices, error) {
    if (!choices.avoid) choices.avoid = recentlyEasy(data, Date.now());
    const mock = createMock(data, seed, choices, "interviewer");
    if (!mock) { error.textContent = "No questions match these choices. Choose another level or more rounds."; return; }
    stopTicking();
    const { interviewerSheet } = await import("./mock-interviewer.js");
    interviewerSheet(view, data, mock, { root, heading, roundOf: (item) => roundOf(mock, item) });
    focusHeading();
  }

  async function show(mock, { focus = true } = {}) {
    stopTicking();
    if (mock.current >= mock.items.length) return reportCard(mock, focus);
    const item = mock.items[mock.current];
    const round = roundOf(mock, item);
    const roundIndex = [...new Set(mock.items.map((i) => i.round))].indexOf(item.round);
    const roundCount = new Set(mock.items.map((i) => i.round)).size;
    const inRound = mock.items.filter((i) => i.round === item.round);
    const title = `Round ${roundIndex + 1} of ${roundCount}: ${roundNames[item.round]}`;
    view.replaceChildren(heading(title), el("p", { role: "status", text: "Loading…" }));
    let content;
    try {
      content = await loadItem(root, item);
    } catch (error) {
      console.error(error);
      const retry = el("button", { type: "button", class: "md-button", text: "Try again" });
      retry.addEventListener("click", () => show(mock));
      view.replaceChildren(heading(title), el("p", { class: "lg-mock__error", text: "This part of the mock could not load. Check your connection and try again." }), retry);
      return;
    }
    if (!item.steps) {
      item.steps = stepsFor(item, round, content);
      item.at = 0;
      item.steps[0].started = Date.now();
      save(mock);
    }
    const position = item.kind === "design" || item.kind === "kata" ? "" : ` · Question ${inRound.indexOf(item) + 1} of ${inRound.length}`;
    const parts = [heading(title + position)];
    if (item.at < item.steps.length) parts.push(...stepView(mock, item, round, content));
    else parts.push(...gradeView(mock, item, content));
    view.replaceChildren(...parts);
    if (focus) focusHeading();
  }

  function stepView(mock, item, round, content) {
    const step = item.steps[item.at];
    const clockName = item.kind === "design" ? "Stage clock" : item.kind === "kata" ? "Coding clock" : step.followUp !== undefined ? "Follow-up clock" : "Answer clock";
    const clock = makeClock(step, clockName, announce);
    ticker = setInterval(() => { if (!widget.isConnected) stopTicking(); else clock.render(); }, TICK_MS);
    const parts = [el("p", { class: "lg-mock__step", text: step.name }), clock.face];
    const prompt = el("div", { class: "lg-mock__prompt" }, ...content.prompt);
    if (step.followUp !== undefined) {
      parts.push(el("details", { class: "lg-mock__asked" }, el("summary", { text: "The question you answered" }), prompt),
        el("p", { class: "lg-mock__lead", text: "The interviewer pushes back:" }),
        el("blockquote", { class: "lg-mock__followup", text: content.followUps[step.followUp].question }));
    } else {
      parts.push(el("p", { class: "lg-mock__lead", text: item.kind === "design" ? "The interviewer opens:" : "The interviewer asks:" }), prompt);
    }
    if (item.kind === "behavioral" && step.followUp === undefined) {
      const star = el("ol", { class: "lg-mock__star" });
      for (const s of data.star) star.append(el("li", {}, el("strong", { text: `${s.name}:` }), ` ${s.prompt}`));
      parts.push(el("p", { text: "Tell one story in two minutes, in this order:" }), star, storiesNote(data, root));
    }
    if (item.kind === "design") {
      const stages = el("ol", { class: "lg-mock__stages" });
      item.steps.forEach((s, i) => stages.append(el("li", { "aria-current": i === item.at ? "step" : false, text: `${s.name} (${clockText(s.allowed)})` })));
      const scratch = el("textarea", { id: "lg-mock-scratch", rows: "8", spellcheck: "false" });
      scratch.value = item.scratch ?? "";
      let timer = null;
      scratch.addEventListener("input", () => {
        item.scratch = scratch.value;   // the copy in memory too: "I'm done" saves the whole mock
        clearTimeout(timer);
        timer = setTimeout(() => progress.updateMock(mock.id, (m) => { m.items[mock.current].scratch = scratch.value; }), SAVE_DELAY_MS);
      });
      parts.push(stages, el("label", { for: scratch.id, class: "lg-mock__label", text: "Scratch notes (kept in this browser, never in a share link)" }), scratch);
    }
    if (item.kind === "kata") parts.push(kataRunner(item, content));
    const done = el("button", { type: "button", class: "md-button md-button--primary", text: "I'm done" });
    done.addEventListener("click", () => {
      const now = Date.now();
      step.ended = now;
      if (item.kind === "kata") item.kataResult = kataBox?.querySelector(".lg-kata__summary")?.textContent ?? "";
      item.at += 1;
      if (item.at < item.steps.length) item.steps[item.at].started = now;
      else { kataBox = null; announce(""); }
      save(mock);
      show(mock);
    });
    parts.push(el("div", { class: "lg-mock__actions" }, done));
    return parts;
  }

  function kataRunner(item, content) {
    if (kataBox?.dataset.kata === item.id) return kataBox;
    kataBox = el("div", { class: "lg-kata", "data-kata": item.id });
    if (!content.spec) {
      kataBox.append(el("p", { class: "lg-mock__error", text: "This kata's runner could not load; write your solution on paper and grade it against the rubric." }));
      return kataBox;
    }
    kataBox.dataset.lgData = JSON.stringify(content.spec);
    // Pyodide itself starts when the reader first uses the runner, never before this round
    import("./kata.js").then((kata) => kata.mount(kataBox, { root })).catch((error) => {
      console.error(error);
      kataBox.prepend(el("p", { class: "lg-mock__error", text: "The code runner could not load. Reload the page to try again." }));
    });
    return kataBox;
  }

  function gradeView(mock, item, content) {
    const rubric = rubricFor(data, item, content);
    const difficulty = item.kind === "design" ? "" : ` · Difficulty ${(item.kind === "kata"
      ? ["easy", "medium", "hard"][data.pool.katas.find((k) => k[0] === item.id)?.[1]]
      : ["easy", "medium", "hard"][data.pool.questions.find((q) => q[0] === item.id)?.[2]]) ?? "unknown"}`;
    const parts = [
      el("h3", { class: "lg-mock__reveal", text: content.title }),
      el("p", { class: "lg-mock__meta", text: `Time ${clockText(usedSeconds(item))} of ${clockText(item.steps.reduce((n, s) => n + s.allowed, 0))} allowed${difficulty}` }),
    ];
    if (item.kind === "design") {
      parts.push(el("details", { class: "lg-mock__answer" }, el("summary", { text: "The worked design" }), ...content.design));
    } else if (item.kind === "kata") {
      parts.push(el("p", { text: item.kataResult ? `Tests at the end: ${item.kataResult}` : "No test run during the round." }),
        el("p", {}, el("a", { href: new URL(content.url, root).href, text: "Open the kata with its reference solution" }), " (after the mock)."));
    } else {
      parts.push(el("h4", { text: "Model answer" }), el("div", { class: "lg-mock__answer" }, ...content.answer));
      for (const step of item.steps.filter((s) => s.followUp !== undefined)) {
        const fu = content.followUps[step.followUp];
        parts.push(el("details", { class: "lg-mock__answer" }, el("summary", { text: `Follow-up: ${fu.question}` }), ...fu.answer));
      }
    }
    const strong = checklist("Strong signals: tick what you said or did", rubric.strong, item.grade?.strong, `lg-g-${mock.current}-s`);
    const weak = checklist("Weak signals: tick what you said or did", rubric.weak, item.grade?.weak, `lg-g-${mock.current}-w`);
    const last = mock.current === mock.items.length - 1;
    const next = el("button", { type: "button", class: "md-button md-button--primary", text: last ? "See the report card" : "Next" });
    next.addEventListener("click", () => {
      item.grade = { strong: strong.read(), weak: weak.read() };
      item.signals = { strong: rubric.strong, weak: rubric.weak };
      item.title = content.title;
      item.url = content.url;
      mock.current += 1;
      if (mock.current >= mock.items.length) { mock.status = "done"; mock.finishedAt = new Date().toISOString(); }
      save(mock);
      if (item.kind === "questions" || item.kind === "behavioral") {
        const ticked = rubric.strong.filter((_, i) => item.grade.strong[i]);
        feedReviewSchedule(root, item.id, suggestedRating(item), ticked, Math.round(usedSeconds(item)));
      }
      show(mock);
    });
    parts.push(el("p", { text: "Grade yourself against the rubric, honestly: the report card adds these up." }), strong.box, weak.box,
      el("div", { class: "lg-mock__actions" }, next));
    return parts;
  }

  function reportCard(mock, focus, notice = "") {
    const r = report(mock, roundNames);
    const section = el("section", { class: "lg-mock__report", "aria-labelledby": "lg-mock-report" });
    const h = el("h2", { id: "lg-mock-report", class: "lg-mock__heading", tabindex: "-1", text: "Report card" });
    const o = r.overall;
    section.append(h, el("p", { text: `${mock.label}. ${mock.gradedBy === "interviewer" ? "Graded by your interviewer." : "Self-graded."}` }),
      el("p", { class: "lg-mock__overall", text: `Overall: ${o.hit} of ${o.total} strong signals (${o.percent}%), ${o.weak} weak signal${o.weak === 1 ? "" : "s"} shown, ${clockText(o.used)} used of ${clockText(o.allowed)} allowed.` }));
    const table = el("table", {}, el("caption", { text: "Per round" }),
      el("thead", {}, el("tr", {}, ...["Round", "Strong signals", "Weak signals", "Time used"].map((t) => el("th", { scope: "col", text: t })))));
    const body = el("tbody");
    for (const round of r.rounds) {
      body.append(el("tr", {}, el("th", { scope: "row", text: round.name }),
        el("td", { text: `${round.hit} of ${round.total} (${round.percent}%)` }), el("td", { text: String(round.weak) }),
        el("td", { text: `${clockText(round.used)} of ${clockText(round.allowed)}` })));
    }
    table.append(body);
    section.append(el("div", { class: "md-typeset__scrollwrap" }, el("div", { class: "md-typeset__table" }, table)));
    section.append(el("h3", { text: "Signals you missed most" }));
    section.append(r.missed.length ? el("ul", {}, ...r.missed.map((m) => el("li", {}, m.text, el("span", { class: "lg-mock__hint", text: ` (${m.item.title})` }))))
      : el("p", { text: "None: you ticked every strong signal." }));
    section.append(el("h3", { text: "What to review next" }));
    section.append(r.review.length ? el("ol", {}, ...r.review.map(({ item, hit, total }) =>
      el("li", {}, el("a", { href: new URL(item.url, root).href, text: item.title }), ` (${hit} of ${total} strong signals)`)))
      : el("p", { text: "Nothing missed. Try the next level up." }));

    const shareUrl = new URL(`mock/?${shareQuery(mock)}`, root).href;
    const share = el("input", { id: "lg-mock-share", type: "text", readonly: true, value: shareUrl });
    const copy = el("button", { type: "button", class: "md-button", text: "Copy share link" });
    const copied = el("p", { class: "lg-mock__hint", role: "status" });
    copy.addEventListener("click", async () => {
      share.select();
      try { await navigator.clipboard.writeText(shareUrl); copied.textContent = "Link copied."; } catch { copied.textContent = "Select the link and copy it."; }
    });
    section.append(el("h3", { text: "Share this mock" }),
      el("label", { for: share.id, class: "lg-mock__label", text: "Share link (the seed and your choices; never your notes)" }),
      el("div", { class: "lg-mock__actions" }, share, copy), copied);

    const code = el("textarea", { id: "lg-mock-import", rows: "3", spellcheck: "false" });
    const importButton = el("button", { type: "button", class: "md-button", text: "Import scorecard" });
    const importStatus = el("p", { role: "status", text: notice });
    importButton.addEventListener("click", () => {
      const grades = readScorecard(code.value, mock, data);
      if (grades instanceof Error) { importStatus.textContent = grades.message; return; }
      mock.items.forEach((item, i) => { item.grade = grades[i]; });
      mock.gradedBy = "interviewer";
      save(mock);
      reportCard(mock, false, "Scorecard imported. The report card now shows your interviewer's grades.");
    });
    section.append(el("h3", { text: "Your interviewer's scorecard" }),
      el("label", { for: code.id, class: "lg-mock__label", text: "Scorecard code" }), code,
      el("div", { class: "lg-mock__actions" }, importButton), importStatus);

    const again = el("button", { type: "button", class: "md-button md-button--primary", text: "Start another mock" });
    again.addEventListener("click", () => { history.replaceState(history.state, "", location.pathname); setup(); });
    section.append(el("p", {}, el("a", { href: new URL(data.progress_url, root).href, text: "All your mocks are on the Progress page" }), "."),
      el("div", { class: "lg-mock__actions" }, again));
    view.replaceChildren(section);
    if (focus) h.focus();
  }

  return { start, interview, show, stopTicking };
}
