// One question to practise: an answer timer, "Show model answer" (try first, then look), the rubric's
// signals as checkboxes, a suggested rating and the four rating buttons (keys 1–4), a flag and a note.
// Used by question pages and by the Practice page's session. Works on a page's own
// <details class="lg-reveal">, which holds the model answer, the weak/strong panel and follow-ups.
import { el } from "./dom.js";
import { load, update } from "./progress.js";
import { RATING_NAMES, recordReview, suggestRating, dayOf, daysBetween } from "./reviews.js";

const clock = (s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

function timer(suggested) {
  let started = null;
  let total = 0;
  let tick = null;
  const shown = el("span", { class: "lg-timer__time", role: "timer", text: `0:00 of ${clock(suggested)} suggested` });
  const button = el("button", { type: "button", class: "md-button lg-timer__button", text: "Start timer" });
  const seconds = () => total + (started ? Math.round((Date.now() - started) / 1000) : 0);
  const show = () => {
    const s = seconds();
    shown.textContent = `${clock(s)} of ${clock(suggested)} suggested`;
    shown.classList.toggle("lg-timer__time--over", s > suggested);
  };
  const stop = () => {
    if (!started) return;
    total = seconds();
    started = null;
    clearInterval(tick);
    button.textContent = "Start timer";
    show();
  };
  button.addEventListener("click", () => {
    if (started) return stop();
    started = Date.now();
    tick = setInterval(show, 1000);
    button.textContent = "Stop timer";
  });
  return { node: el("div", { class: "lg-timer" }, button, " ", shown), seconds, stop, used: () => total > 0 || started !== null };
}

function flagButton(id) {
  const button = el("button", { type: "button", class: "md-button lg-flag", "aria-pressed": String(load().flags[id] === true), text: "Flag for review" });
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-pressed") !== "true";
    update((s) => { if (on) s.flags[id] = true; else delete s.flags[id]; });
    button.setAttribute("aria-pressed", String(on));
  });
  return button;
}

function noteBox(id) {
  const boxId = `lg-note-${id}`;
  const status = el("span", { class: "lg-note__status", role: "status" });
  const box = el("textarea", { id: boxId, rows: "3", class: "lg-note__box" });
  box.value = load().notes[id] ?? "";
  let pending = null;
  box.addEventListener("input", () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      update((s) => { if (box.value.trim()) s.notes[id] = box.value; else delete s.notes[id]; });
      status.textContent = "Note saved in this browser.";
    }, 300);
  });
  return el("div", { class: "lg-note" }, el("label", { for: boxId, text: "Your notes" }), " ", status, box);
}

function signalBoxes(items, legend, prefix) {
  const boxes = items.map((text, i) => {
    const id = `${prefix}-${i}`;
    const box = el("input", { type: "checkbox", id });
    return { box, row: el("div", { class: "lg-signal" }, box, el("label", { for: id, text })) };
  });
  return { boxes: boxes.map((b) => b.box), node: el("fieldset", { class: "lg-signals" }, el("legend", { text: legend }), ...boxes.map((b) => b.row)) };
}

function whenDue(card) {
  const days = daysBetween(dayOf(), card.due_day);
  if (days <= 0) return "It comes back later today.";
  if (days === 1) return "Next review tomorrow.";
  return `Next review in ${days} days, on ${new Date(`${card.due_day}T12:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" })}.`;
}

// buildCard({host, reveal, id, seconds, root, tryFirst, onRated}) -> {showAnswer(), rate(n), destroy()}
export function buildCard({ host, reveal, id, seconds, root, tryFirst, onRated }) {
  const clockPart = timer(seconds);
  const started = Date.now();
  let revealedAt = null;
  const showButton = el("button", { type: "button", class: "md-button md-button--primary lg-show", text: "Show model answer" });
  const strongItems = [...reveal.querySelectorAll(".admonition.success li")].map((li) => li.textContent.trim());
  const weakItems = [...reveal.querySelectorAll(".admonition.failure li")].map((li) => li.textContent.trim());
  const strong = signalBoxes(strongItems, "A strong answer: I said this", `lg-strong-${id}`);
  const weak = signalBoxes(weakItems, "A weak answer: I did this", `lg-weak-${id}`);
  const suggestion = el("p", { class: "lg-grade__suggestion", "aria-live": "polite" });
  const result = el("p", { class: "lg-grade__result", role: "status" });
  const headingId = `lg-grade-${id}`;
  const heading = el("h2", { id: headingId, tabindex: "-1", text: "Grade your answer" });
  const buttons = RATING_NAMES.map((name, i) => el("button", {
    type: "button", class: "md-button lg-rate", "aria-keyshortcuts": String(i + 1), "data-lg-rating": String(i + 1),
  }, name, el("span", { class: "lg-rate__key", "aria-hidden": "true", text: ` ${i + 1}` })));
  const grade = el("section", { class: "lg-grade", "aria-labelledby": headingId, hidden: true }, heading,
    el("p", { text: "Tick what your answer did, then rate how well you recalled it. The rating sets when the question comes back." }),
    strong.node, weak.node, suggestion,
    el("div", { class: "lg-grade__buttons", role: "group", "aria-label": "Rate your answer" }, ...buttons), result);
  let rated = false;

  const suggest = () => {
    const n = suggestRating(strong.boxes.filter((b) => b.checked).length, strong.boxes.length, weak.boxes.filter((b) => b.checked).length);
    suggestion.textContent = `Suggested from what you ticked: ${RATING_NAMES[n - 1]}.`;
    buttons.forEach((b, i) => b.classList.toggle("md-button--primary", i === n - 1));
  };
  for (const box of [...strong.boxes, ...weak.boxes]) box.addEventListener("change", suggest);
  suggest();

  const showAnswer = (focus = true) => {
    if (revealedAt) return;
    revealedAt = Date.now();
    reveal.open = true;
    showButton.hidden = true;
    grade.hidden = false;
    if (focus) heading.focus();
  };
  showButton.addEventListener("click", () => showAnswer());

  const rate = async (rating) => {
    if (!revealedAt || rated) return;
    rated = true;
    buttons.forEach((b) => { b.disabled = true; });
    clockPart.stop();
    const spent = clockPart.used() ? clockPart.seconds() : Math.round((revealedAt - started) / 1000);
    const signals = { strong: strong.boxes.flatMap((b, i) => (b.checked ? [i] : [])), weak: weak.boxes.flatMap((b, i) => (b.checked ? [i] : [])) };
    try {
      const card = await recordReview(root, id, { rating, signals, seconds: spent });
      result.textContent = `Rated ${RATING_NAMES[rating - 1]}. ${whenDue(card)}`;
      onRated?.(rating, card);
    } catch (error) {
      console.error(error);
      rated = false;
      buttons.forEach((b) => { b.disabled = false; });
      result.textContent = "The rating could not be saved because the scheduler did not load. Reload the page to try again.";
    }
  };
  buttons.forEach((b, i) => b.addEventListener("click", () => rate(i + 1)));

  // Keys 1–4 rate once the answer is shown, unless the reader is typing.
  const onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.target.closest?.("textarea, input[type=text], [contenteditable]")) return;
    if (/^[1-4]$/.test(event.key) && revealedAt && !rated) { event.preventDefault(); rate(Number(event.key)); }
  };
  document.addEventListener("keydown", onKey);

  reveal.classList.add("lg-reveal--live");
  host.append(el("div", { class: "lg-try__bar" }, clockPart.node, flagButton(id)), showButton);
  reveal.after(grade);
  if (!tryFirst) showAnswer(false);
  return { showAnswer, rate, showButton, grade, notes: noteBox(id), destroy: () => { document.removeEventListener("keydown", onKey); clockPart.stop(); } };
}
