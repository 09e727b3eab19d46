// The mock interview's seeded draw, the same as loopguide/mock.py (a test compares them over
// hundreds of seeds). mulberry32 is written out on both sides because the draw must be
// reproducible across languages: Math.random cannot be seeded, and no maintained library gives
// one bit-identical stream in both JavaScript and Python. Weights are whole numbers, so the
// weighted pick is exact arithmetic on both sides.
export const LEVELS = ["junior", "mid", "senior", "staff"];
const DIFFICULTIES = ["easy", "medium", "hard"];
const ROUND_OVERRIDES = ["items", "item_seconds", "follow_ups", "follow_up_seconds"];
const DESIGN_CATEGORY = "system-design";
const KATA_CATEGORY = "coding";

export function mulberry32(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  // a whole number in [0, total): floor(u32 * total / 2**32), exact while total < 2**21
  const below = (total) => Math.floor((next() * total) / 4294967296);
  return { next, below };
}

export function planRounds(data, choices) {
  const byRound = new Map(data.rounds.map((r) => [r.round, r]));
  const preset = data.presets.find((p) => p.id === choices.preset) ?? null;
  let wanted = preset ? [...preset.rounds] : [...(choices.rounds ?? [])];
  if (preset && preset.focus_round && choices.focus) {
    const covering = data.rounds.find((r) => r.phases.includes(choices.focus));
    if (covering) wanted = [covering.round];
  }
  const out = [];
  for (const id of wanted) {
    if (!byRound.has(id)) continue;
    const merged = { ...byRound.get(id) };
    for (const key of ROUND_OVERRIDES) {
      if (preset && key in preset && (key !== "items" || ["questions", "behavioral"].includes(merged.kind))) merged[key] = preset[key];
    }
    out.push(merged);
  }
  return out;
}

function candidates(data, round) {
  const phases = Object.fromEntries(data.categories);
  const categories = data.categories.map(([c]) => c);
  const { pool } = data;
  if (round.kind === "design") {
    return pool.cases.map(([id, levels]) => ({ id, phase: phases[DESIGN_CATEGORY], difficulty: "medium", levels }));
  }
  if (round.kind === "kata") {
    return pool.katas.map(([id, d, levels, minutes]) => ({ id, phase: phases[KATA_CATEGORY], difficulty: DIFFICULTIES[d], levels, minutes }));
  }
  // a question tagged with the round and filed under one of the round's categories
  const bit = 1 << data.loop_rounds.indexOf(round.round);
  const own = new Set(round.categories);
  return pool.questions.filter((q) => (q[4] & bit) && (!own.size || own.has(categories[q[1]]))).map(([id, c, d, levels]) =>
    ({ id, phase: phases[categories[c]], difficulty: DIFFICULTIES[d], levels, category: categories[c] }));
}

// The mock's items in order: {round, kind, id, ...}. Never the same item twice in one mock.
export function draw(data, seed, choices) {
  const rng = mulberry32(seed);
  const level = LEVELS.includes(choices.level) ? choices.level : "mid";
  const levelBit = 1 << LEVELS.indexOf(level);
  const byDifficulty = data.draw.difficulty_weights[level];
  const focus = choices.focus || null;
  const avoid = new Set(choices.avoid ?? []);
  const used = new Set();
  const items = [];
  for (const round of planRounds(data, choices)) {
    const all = candidates(data, round);
    for (let n = 0; n < round.items; n++) {
      const free = all.filter((c) => !used.has(c.id));
      const matched = free.filter((c) => c.levels & levelBit);
      const choosing = matched.length ? matched : free;
      if (!choosing.length) break;
      const weights = choosing.map((c) => byDifficulty[c.difficulty]
        * (focus && c.phase === focus ? data.draw.focus_weight : 1)
        * (avoid.has(c.id) ? 1 : data.draw.fresh_weight));
      let target = rng.below(weights.reduce((a, b) => a + b, 0));
      let i = 0;
      while (target >= weights[i]) { target -= weights[i]; i++; }
      const c = choosing[i];
      used.add(c.id);
      const item = { round: round.round, kind: round.kind, id: c.id };
      if (c.category) item.category = c.category;
      if (c.minutes) item.minutes = c.minutes;
      items.push(item);
    }
  }
  return items;
}
