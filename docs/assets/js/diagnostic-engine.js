// Routing and study plan for the diagnostic: the browser twin of loopguide/diagnostic.py.
// Keep the two operation-for-operation alike; a test compares them on every answer combination.
export const PHASES = ["phase-1", "phase-2", "phase-3", "phase-4"];
const EPS = 1e-9;
const CONTENT = ["question", "case", "kata"];

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
  return { mode, start, order, worst, total, reasons, compress, prioritise };
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
    // No other phase may outweigh the focus: a capped surplus goes back to the focus phases.
    if (focus.length && rest.length) {
      const cap = Math.max(...focus.map((p) => share[p]));
      let surplus = 0.0;
      for (const p of rest) {
        if (share[p] > cap) { surplus = surplus + share[p] - cap; share[p] = cap; }
      }
      for (const p of focus) share[p] = share[p] + surplus * weight[p] / focusTotal;
    }
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

export function ties(routed) {
  if (routed.mode !== "gap") return [];
  const { order, worst, total } = routed;
  return order.slice(0, -1).map((a, i) => [a, order[i + 1]])
    .filter(([a, b]) => worst[a] === worst[b] && total[a] === total[b] && worst[a] > 0);
}

export function queue(diag, pool, answers, phase, level) {
  const severity = Object.fromEntries(diag.answers.map((a) => [a.id, a.severity]));
  const weak = diag.items.filter((item) => item.phases.includes(phase) && severity[answers[item.id]] > 0);
  weak.sort((a, b) => severity[answers[b.id]] - severity[answers[a.id]]);  // stable, as in Python
  let ids = [];
  for (const item of weak) ids = ids.concat(mixed(pool, byLevel(diag, pool, pool.trains[item.id], level)));
  ids = ids.concat(mixed(pool, byLevel(diag, pool, pool.phase_items[phase], level)));
  return [...new Set(ids)];
}

function byLevel(diag, pool, ids, level) {
  const rank = diag.plan.difficulty_order[level];
  const key = (i) => [pool.items[i].seniority.includes(level) ? 0 : 1, rank.indexOf(pool.items[i].difficulty)];
  return [...ids].sort((a, b) => { const [x, y] = [key(a), key(b)]; return (x[0] - y[0]) || (x[1] - y[1]); });
}

function mixed(pool, ids) {
  const heavy = ids.filter((i) => pool.items[i].kind !== "question");
  let light = ids.filter((i) => pool.items[i].kind === "question");
  const out = [];
  while (heavy.length || light.length) {
    if (heavy.length) out.push(heavy.shift());
    out.push(...light.slice(0, 3));
    light = light.slice(3);
  }
  return out;
}

export function dayLayout(diag, hours) {
  const rule = diag.plan.days;
  const perWeek = Math.max(1, Math.min(rule.per_week, Math.floor(hours * 60 / rule.min_minutes)));
  return [perWeek, hours * 60 / perWeek];
}

export function days(diag, pool, routed, planned, answers, hours, level, done) {
  const [perWeek, capacity] = dayLayout(diag, hours);
  const used = new Set(done);
  const queues = Object.fromEntries(planned.phases.map((p) => [p.phase, queue(diag, pool, answers, p.phase, level)]));
  const weeks = planned.weeks;
  const lastWeek = {};
  weeks.forEach((slots, w) => { for (const slot of slots) lastWeek[slot.phase] = w; });
  const mockEach = weeks.some((slots) => slots.some((s) => s.mock));
  const finalPhase = routed.start;
  const out = [];
  weeks.forEach((slots, w) => {
    const weekDays = Array.from({ length: perWeek }, () => []);
    const cursor = { day: 0, used: 0 };
    const place = (entry, must) => {
      const m = entry.minutes;
      if (cursor.used + m > capacity && cursor.used > 0) {
        if (cursor.day + 1 < perWeek) { cursor.day += 1; cursor.used = 0; }
        else if (!must) return false;
        else {  // the week is full: a review or mock pushes the day's last questions to a later week
          const day = weekDays[cursor.day];
          while (cursor.used + m > capacity && day.length && CONTENT.includes(day[day.length - 1].kind)) {
            const gone = day.pop();
            cursor.used -= gone.minutes;
            used.delete(`${gone.kind}:${gone.id}`);
          }
        }
      }
      weekDays[cursor.day].push(entry);
      cursor.used += m;
      return true;
    };
    slots.forEach((slot, s) => {
      const phase = slot.phase;
      const ending = lastWeek[phase] === w && !slots.slice(s + 1).some((x) => x.phase === phase);
      const closing = [];
      if (ending) {
        closing.push({ kind: "checklist", id: phase, phase, minutes: pool.checklist_minutes });
        if (mockEach) closing.push({ kind: "mock", id: phase, phase, minutes: pool.mocks[phase].minutes });
      }
      let budget = slot.hours * 60 - closing.reduce((a, c) => a + c.minutes, 0);
      if (w === weeks.length - 1 && s === slots.length - 1 && !mockEach) budget -= pool.mocks[finalPhase].minutes;
      while (true) {
        const room = capacity - cursor.used;
        const moreDays = cursor.day + 1 < perWeek;
        const pick = queues[phase].find((i) => !used.has(`${pool.items[i].kind}:${i}`)
          && pool.items[i].minutes <= budget
          && (pool.items[i].minutes <= room || moreDays || cursor.used === 0));
        if (pick === undefined) break;
        const entry = { kind: pool.items[pick].kind, id: pick, phase, minutes: pool.items[pick].minutes };
        if (!place(entry, false)) break;
        used.add(`${entry.kind}:${pick}`);
        budget -= entry.minutes;
      }
      for (const entry of closing) place(entry, true);
    });
    if (w === weeks.length - 1 && !mockEach) {
      place({ kind: "mock", id: finalPhase, phase: finalPhase, minutes: pool.mocks[finalPhase].minutes }, true);
    }
    weekDays.forEach((items, d) => {
      if (items.length) out.push({ n: w * perWeek + d + 1, week: w + 1, minutes: items.reduce((a, i) => a + i.minutes, 0), items });
    });
  });
  return { per_week: perWeek, day_minutes: capacity, days: out };
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
