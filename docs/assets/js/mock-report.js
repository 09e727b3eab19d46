// A finished mock's numbers (per round: strong signals hit, weak signals shown, time used against
// time allowed), its share link, and the interviewer's scorecard code.
import { draw } from "./mock-draw.js";

const CODE_PREFIX = "LGM1.";
const MAX_LISTED = 5;

export function clockText(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

export const usedSeconds = (item) => (item.steps ?? []).reduce((sum, s) =>
  sum + (s.started ? ((s.ended ?? s.started) - s.started) / 1000 : 0), 0);
export const allowedSeconds = (item) => (item.steps ?? []).reduce((sum, s) => sum + s.allowed, 0);

export function itemScore(item) {
  const strong = item.grade?.strong ?? [];
  const weak = item.grade?.weak ?? [];
  return { hit: strong.filter(Boolean).length, total: strong.length, weak: weak.filter(Boolean).length };
}

const percent = (hit, total) => (total ? Math.round((100 * hit) / total) : 0);

// A rating for the review schedule, suggested from the ticked signals (1 Again … 4 Easy).
export function suggestedRating(item) {
  const { hit, total, weak } = itemScore(item);
  const share = total ? hit / total : 0;
  if (share >= 0.9 && weak === 0) return 4;
  if (share >= 0.6) return 3;
  if (share >= 0.3) return 2;
  return 1;
}

export function report(mock, roundNames) {
  const rounds = [];
  for (const item of mock.items) {
    let round = rounds.find((r) => r.round === item.round);
    if (!round) rounds.push(round = { round: item.round, name: roundNames[item.round] ?? item.round, hit: 0, total: 0, weak: 0, used: 0, allowed: 0 });
    const score = itemScore(item);
    round.hit += score.hit;
    round.total += score.total;
    round.weak += score.weak;
    round.used += usedSeconds(item);
    round.allowed += allowedSeconds(item);
  }
  for (const r of rounds) r.percent = percent(r.hit, r.total);
  const sum = (key) => rounds.reduce((n, r) => n + r[key], 0);
  const overall = { hit: sum("hit"), total: sum("total"), weak: sum("weak"), used: sum("used"), allowed: sum("allowed") };
  overall.percent = percent(overall.hit, overall.total);
  const ranked = mock.items.map((item, order) => ({ item, order, ...itemScore(item) }))
    .sort((a, b) => percent(a.hit, a.total) - percent(b.hit, b.total) || b.weak - a.weak || a.order - b.order);
  const missed = [];
  for (const { item } of ranked) {
    (item.signals?.strong ?? []).forEach((text, i) => { if (!item.grade?.strong?.[i]) missed.push({ text, item }); });
  }
  const review = ranked.filter((r) => r.hit < r.total || r.weak > 0).slice(0, MAX_LISTED);
  return { rounds, overall, missed: missed.slice(0, MAX_LISTED), review };
}

export function shareQuery(mock) {
  const c = mock.choices;
  const q = new URLSearchParams({ seed: String(mock.seed), preset: c.preset, level: c.level });
  if (c.preset === "custom") q.set("rounds", c.rounds.join(","));
  if (c.focus) q.set("focus", c.focus);
  if (c.avoid?.length) q.set("x", c.avoid.join(","));
  return q;
}

const toBase64Url = (text) => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromBase64Url = (code) => new TextDecoder().decode(
  Uint8Array.from(atob(code.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));
const bits = (ticks) => (ticks ?? []).map((t) => (t ? "1" : "0")).join("");

export function scorecardCode(mock) {
  const grades = mock.items.map((item) => [bits(item.grade?.strong), bits(item.grade?.weak)]);
  return CODE_PREFIX + toBase64Url(JSON.stringify({ s: mock.seed, c: mock.choices, g: grades }));
}

// The interviewer's ticks for this mock's items, or an Error whose message is for the reader.
export function readScorecard(code, mock, data) {
  let parsed;
  try {
    const text = code.trim();
    if (!text.startsWith(CODE_PREFIX)) throw new Error("prefix");
    parsed = JSON.parse(fromBase64Url(text.slice(CODE_PREFIX.length)));
  } catch {
    return new Error("That is not a scorecard code from a loopguide interviewer. Nothing was changed.");
  }
  const ids = (items) => items.map((i) => i.id).join(" ");
  if (!parsed || parsed.s !== mock.seed || !Array.isArray(parsed.g) || ids(draw(data, parsed.s, parsed.c ?? {})) !== ids(mock.items)) {
    return new Error("That scorecard is for a different mock (another seed or other choices). Nothing was changed.");
  }
  const grades = [];
  for (const [i, item] of mock.items.entries()) {
    const [strong, weak] = parsed.g[i] ?? [];
    const fits = (b, n) => typeof b === "string" && /^[01]*$/.test(b) && b.length === n;
    if (!fits(strong, item.signals?.strong?.length ?? 0) || !fits(weak, item.signals?.weak?.length ?? 0)) {
      return new Error("That scorecard does not match this mock's rubrics. Nothing was changed.");
    }
    grades.push({ strong: [...strong].map((b) => b === "1"), weak: [...weak].map((b) => b === "1") });
  }
  return grades;
}
