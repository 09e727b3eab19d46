// The study plan's material as the page sends it (loopguide/plan_pool.py `wire_pool`), unpacked
// into the shape the plan engine and loopguide/diagnostic.py share.
const KINDS = { q: "question", c: "case", k: "kata" };
const LEVELS = { j: "junior", m: "mid", s: "senior", S: "staff" };

export function expandPool(wire) {
  const items = {};
  const phaseItems = Object.fromEntries(wire.phases.map((p) => [p, []]));
  for (const [id, kind, phase, title, url, minutes, difficulty, levels] of wire.rows) {
    items[id] = { kind: KINDS[kind], title, url, phase, minutes, difficulty, seniority: [...levels].map((l) => LEVELS[l]) };
    if (phase in phaseItems) phaseItems[phase].push(id);
  }
  return { items, trains: wire.trains, phase_items: phaseItems, mocks: wire.mocks, checklist_minutes: wire.checklist_minutes };
}
