// Routing and study plan for the diagnostic: the browser twin of loopguide/diagnostic.py.
// Keep the two operation-for-operation alike; a test compares them on every answer combination.
export const PHASES = ["phase-1", "phase-2", "phase-3", "phase-4"];
const EPS = 1e-9;

const halfHours = (x) => Math.floor(x * 2 + 0.5) / 2;
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

export function route(diag, answers) {
  const severity = Object.fromEntries(diag.answers.map((a) => [a.id, a.severity]));
  const sev = Object.fromEntries(diag.items.map((item) => [item.id, severity[answers[item.id]]]));
  const worst = Object.fromEntries(PHASES.map((p) => [p, 0]));
  const total = Object.fromEntries(PHASES.map((p) => [p, 0]));
  for (const item of diag.items) {
    for (const p of item.phases) {
      worst[p] = Math.max(worst[p], sev[item.id]);
      total[p] += sev[item.id];
    }
  }
  const tie = diag.routing.tie_break;
  const values = Object.values(sev);
  let mode, order, compress = [], prioritise = [];
  if (values.every((s) => s === 2)) {
    mode = "all_stuck";
    const rule = diag.routing.all_stuck;
    order = [...rule.order];
    compress = [...rule.compress];
    prioritise = [...rule.prioritise];
  } else if (values.every((s) => s === 0)) {
    mode = "all_clear";
    order = [...tie];
  } else {
    mode = "gap";
    order = [...PHASES].sort((a, b) =>
      (worst[b] - worst[a]) || (total[b] - total[a]) || (tie.indexOf(a) - tie.indexOf(b)));
  }
  const start = order[0];
  const reasons = diag.items
    .filter((item) => item.phases.includes(start) && sev[item.id] > 0 && sev[item.id] === worst[start])
    .map((item) => item.id);
  return { mode, start, order, worst, reasons, compress, prioritise };
}

export function plan(diag, routed, weeks, hours, level) {
  const rules = diag.plan;
  const levelWeights = rules.seniority_weights[level];
  const weight = {};
  for (const p of routed.order) {
    let w = rules.severity_weight[routed.worst[p]] * levelWeights[p];
    if (p === routed.start) w = w + rules.start_bonus;
    if (routed.compress.includes(p)) w = w * 0.5;
    if (routed.prioritise.includes(p)) w = w * 1.5;
    weight[p] = w;
  }

  let kind = "standard";
  let active = [...routed.order];
  const share = {};
  if (weeks < rules.short.below_weeks) {
    kind = "short";
    const short = rules.short;
    active = active.filter((p) => !short.skip_unless_weak.includes(p) || p === routed.start);
    const focus = active.filter((p) => short.focus.includes(p));
    const rest = active.filter((p) => !short.focus.includes(p));
    const focusShare = rest.length ? short.focus_share : 1.0;
    const restShare = focus.length ? 1.0 - focusShare : 1.0;
    const focusTotal = sum(focus.map((p) => weight[p]));
    const restTotal = sum(rest.map((p) => weight[p]));
    for (const p of focus) share[p] = focusShare * weight[p] / focusTotal;
    for (const p of rest) share[p] = restShare * weight[p] / restTotal;
  } else {
    if (weeks >= rules.long.from_weeks) kind = "long";
    const totalWeight = sum(active.map((p) => weight[p]));
    for (const p of active) share[p] = weight[p] / totalWeight;
  }

  const budget = weeks * hours;
  const allocation = active.map((p) => ({ phase: p, hours: share[p] * budget }));
  const schedule = Array.from({ length: weeks }, () => []);
  let week = 0, room = hours;
  for (const entry of allocation) {
    let left = entry.hours;
    while (left > EPS && week < weeks) {
      const take = Math.min(left, room);
      schedule[week].push({ phase: entry.phase, hours: take, mock: false });
      left = left - take;
      room = room - take;
      if (room <= EPS) { week = week + 1; room = hours; }
    }
  }
  for (let w = 0; w < weeks; w++) {
    for (const slot of schedule[w]) slot.hours = halfHours(slot.hours);
    schedule[w] = schedule[w].filter((s) => s.hours > 0);
  }
  const mocks = kind === "long" && rules.long.mock_per_phase;
  for (let w = 0; w < weeks; w++) {
    for (const slot of schedule[w]) {
      const later = schedule.slice(w + 1).some((slots) => slots.some((s) => s.phase === slot.phase));
      slot.mock = mocks && !later;
    }
  }
  const phases = allocation.map((e) => ({ phase: e.phase, hours: halfHours(e.hours) }));
  return { kind, phases, weeks: schedule };
}

// Answers travel in the URL as one letter per item, in item order: y, p or n.
const LETTER = { yes: "y", partly: "p", no: "n" };
const FROM_LETTER = { y: "yes", p: "partly", n: "no" };

export function encodeAnswers(diag, answers) {
  return diag.items.map((item) => LETTER[answers[item.id]] ?? "").join("");
}

export function decodeAnswers(diag, code) {
  if (typeof code !== "string" || code.length !== diag.items.length) return null;
  const answers = {};
  for (const [i, item] of diag.items.entries()) {
    const answer = FROM_LETTER[code[i]];
    if (!answer) return null;
    answers[item.id] = answer;
  }
  return answers;
}

// --- Loop archetypes ------------------------------------------------------------------------------
// Kept apart from plan() on purpose: an archetype only rescales the per-level phase weights the plan
// already reads (withLoop) and splits the plan's phase hours over rounds (hoursByRound). Twins of
// loop_phase_factors, with_loop and hours_by_round in loopguide/diagnostic.py.
const LOOP_FACTOR_MIN = 0.5, LOOP_FACTOR_MAX = 2.0;

export function loopPhaseFactors(roundPhases, loopWeights) {
  const rounds = Object.keys(roundPhases);
  const even = 1.0 / rounds.length;
  const factors = {};
  for (const p of PHASES) {
    let base = 0.0, mine = 0.0;
    for (const r of rounds) {
      const share = roundPhases[r][p] ?? 0.0;
      base = base + even * share;
      mine = mine + (loopWeights[r] ?? 0.0) * share;
    }
    const factor = base > 0 ? mine / base : 1.0;
    factors[p] = Math.min(LOOP_FACTOR_MAX, Math.max(LOOP_FACTOR_MIN, factor));
  }
  return factors;
}

export function withLoop(diag, factors) {
  const rules = diag.plan;
  const levels = Object.fromEntries(Object.entries(rules.seniority_weights).map(([level, weights]) =>
    [level, Object.fromEntries(Object.entries(weights).map(([p, w]) => [p, w * factors[p]]))]));
  return { ...diag, plan: { ...rules, seniority_weights: levels } };
}

export function hoursByRound(phaseHours, roundPhases, loopWeights) {
  const rounds = Object.keys(roundPhases);
  const weights = Object.keys(loopWeights).length ? loopWeights : Object.fromEntries(rounds.map((r) => [r, 1.0]));
  const totals = Object.fromEntries(rounds.map((r) => [r, 0.0]));
  for (const entry of phaseHours) {
    const p = entry.phase;
    let pull = Object.fromEntries(rounds.map((r) => [r, (weights[r] ?? 0.0) * (roundPhases[r][p] ?? 0.0)]));
    let total = 0.0;
    for (const r of rounds) total = total + pull[r];
    if (total <= 0) {  // the loop has no round for this phase: count it toward every round that draws on it
      pull = Object.fromEntries(rounds.map((r) => [r, roundPhases[r][p] ?? 0.0]));
      for (const r of rounds) total = total + pull[r];
    }
    if (total <= 0) continue;
    for (const r of rounds) totals[r] = totals[r] + entry.hours * pull[r] / total;
  }
  return rounds.map((r) => ({ round: r, hours: halfHours(totals[r]) })).filter((x) => x.hours > 0);
}
