// Reviews of questions: what is new, due or learned, recording a graded review, and the counts
// the Practice, Progress and home pages show. The scheduler (ts-fsrs bundle) loads only when a
// review is recorded; everything else reads the due day stored with each card.
import { update } from "./progress.js";

export const RATING_NAMES = ["Again", "Hard", "Good", "Easy"];
const DAY_MS = 24 * 60 * 60 * 1000;

// The reader's calendar day (local time) as YYYY-MM-DD; reviews count by day.
export function dayOf(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export const addDays = (day, n) => dayOf(new Date(new Date(`${day}T12:00:00`).getTime() + n * DAY_MS));
export const daysBetween = (from, to) => Math.round((new Date(`${to}T12:00:00`) - new Date(`${from}T12:00:00`)) / DAY_MS);

// "new" (never graded), "due" (due today or earlier) or "learned".
export function status(state, id, today = dayOf()) {
  const review = state.reviews[id];
  if (!review?.log?.length || !review.card) return "new";
  return review.card.due_day <= today ? "due" : "learned";
}

// Loads the scheduler on first use, relative to the site root.
let scheduler = null;
const loadScheduler = (root) => (scheduler ??= import(new URL("assets/vendor/fsrs.js", root).href));

// Store one graded review and the card the scheduler computes from the whole history.
export async function recordReview(root, id, { rating, signals, seconds }) {
  const { replay } = await loadScheduler(root);
  const now = new Date();
  const entry = { at: now.toISOString(), day: dayOf(now), rating, signals, seconds };
  let card = null;
  update((state) => {
    const log = [...(state.reviews[id]?.log ?? []), entry];
    card = replay(log.map((r) => ({ day: r.day ?? r.at.slice(0, 10), rating: r.rating })));
    state.reviews[id] = { card, log };
  });
  return card;
}

// A rating suggested by the ticked rubric signals: all strong and no weak is Easy, most strong
// and at most one weak is Good, some strong is Hard, else Again.
export function suggestRating(strongTicked, strongTotal, weakTicked) {
  const share = strongTotal ? strongTicked / strongTotal : 0;
  if (share === 1 && weakTicked === 0) return 4;
  if (share >= 0.5 && weakTicked <= 1) return 3;
  if (share > 0 && weakTicked <= 2) return 2;
  return 1;
}

// New questions started today (first review today), for the daily new-question limit.
export function newToday(state, today = dayOf()) {
  return Object.values(state.reviews).filter((r) => r.log?.[0] && (r.log[0].day ?? r.log[0].at.slice(0, 10)) === today).length;
}

// Days in a row, ending today or yesterday, with some practice: a review graded or an estimation
// drill answered (the calculators' practice).
export function streak(state, today = dayOf()) {
  const reviewed = Object.values(state.reviews).flatMap((r) => (r.log ?? []).map((e) => e.day ?? e.at.slice(0, 10)));
  const drilled = Object.values(state.drills ?? {}).flatMap((d) => (d.log ?? []).map((e) => dayOf(new Date(e.at))));
  const days = new Set([...reviewed, ...drilled]);
  let day = days.has(today) ? today : addDays(today, -1);
  let n = 0;
  while (days.has(day)) { n += 1; day = addDays(day, -1); }
  return n;
}
