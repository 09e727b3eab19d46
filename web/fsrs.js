// Source of docs/assets/vendor/fsrs.js (built by `make fsrs`; the built file is committed).
// The guide's only scheduler: ts-fsrs with its FSRS-6 default weights, no fuzz, and one 10-minute
// (re)learning step, so a review history always gives the same due date. tests/test_fsrs_parity.py
// checks it against PyPI `fsrs` with the same settings.
//
// Reviews count by the reader's calendar day: each is replayed at noon UTC of its day. The two
// libraries count elapsed days differently within a day (calendar dates vs whole 24 h), and a
// reader thinks in days ("due tomorrow"), so a day is the unit; a card rated Again or Hard is due
// again the same day.
import { fsrs, createEmptyCard, generatorParameters } from "ts-fsrs";

const scheduler = fsrs(generatorParameters({ enable_fuzz: false, learning_steps: ["10m"], relearning_steps: ["10m"] }));
export const RATINGS = ["Again", "Hard", "Good", "Easy"];  // rating n (1–4) is RATINGS[n - 1], as in both libraries

const noon = (day) => new Date(`${day}T12:00:00Z`);

// The card after replaying a history of {day: "YYYY-MM-DD", rating: 1..4}, as plain JSON, with
// `due_day`: the first calendar day on which it is due.
export function replay(history) {
  let card = createEmptyCard(noon(history.length ? history[0].day : "2000-01-01"));
  for (const review of history) card = scheduler.next(card, noon(review.day), review.rating).card;
  const due = card.due.toISOString();
  return { ...card, due, due_day: due.slice(0, 10), last_review: card.last_review?.toISOString() ?? null };
}
