// The reader's progress, kept in this browser only (localStorage, versioned, exportable).
const KEY = "loopguide.progress.v1";
const VERSION = 1;
const EXPORT_KIND = "loopguide-progress";
let memory = null;      // used when localStorage is unavailable (private mode, blocked storage)
let recovered = null;   // key where unreadable data was set aside during this page's life

const empty = () => ({ version: VERSION, checklist: {}, diagnostic: null, katas: {}, stories: {} });
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

export function isValid(state) {
  return isObject(state) && state.version === VERSION &&
    isObject(state.checklist) && Object.values(state.checklist).every((v) => typeof v === "boolean") &&
    (state.diagnostic === null || (isObject(state.diagnostic) && typeof state.diagnostic.answers === "string")) &&
    isObject(state.katas) && isObject(state.stories) &&
    (state.plan === undefined || state.plan === null || isPlan(state.plan));
}

// The study plan the diagnostic built (optional: a store without one is as valid as before):
// {inputs: {answers, weeks, hours, level}, days: [{n, week, items: [{kind, id, minutes, done}]}],
//  earlier: [items ticked in a plan that a retake replaced]}.
const isPlanItem = (i) => isObject(i) && typeof i.kind === "string" && typeof i.id === "string" &&
  typeof i.minutes === "number" && typeof i.done === "boolean";
function isPlan(plan) {
  return isObject(plan) && isObject(plan.inputs) && typeof plan.inputs.answers === "string" &&
    Array.isArray(plan.days) && plan.days.every((d) => isObject(d) && Array.isArray(d.items) && d.items.every(isPlanItem)) &&
    Array.isArray(plan.earlier) && plan.earlier.every(isPlanItem);
}

export const planOf = (state = load()) => state.plan ?? null;
export const planKey = (item) => `${item.kind}:${item.id}`;

// Every item ticked so far, in this plan and the ones it replaced.
export function planDone(plan) {
  if (!plan) return [];
  return [...plan.earlier, ...plan.days.flatMap((d) => d.items.filter((i) => i.done))];
}

export function setPlan(plan) {
  return update((s) => { s.plan = plan; });
}

export function tickPlanItem(dayN, key, done) {
  return update((s) => {
    const day = s.plan?.days.find((d) => d.n === dayN);
    const item = day?.items.find((i) => planKey(i) === key);
    if (item) item.done = done;
  });
}

function storage() {
  try {
    const probe = "loopguide.probe";
    localStorage.setItem(probe, "1");
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    return null;
  }
}

export function load() {
  const store = storage();
  if (!store) return memory ?? (memory = empty());
  const raw = store.getItem(KEY);
  if (raw === null) return empty();
  let state = null;
  try { state = JSON.parse(raw); } catch { state = null; }
  if (isValid(state)) return state;
  // Unreadable: keep it aside rather than delete it, then start fresh.
  recovered = `${KEY}.unreadable.${Date.now()}`;
  store.setItem(recovered, raw);
  store.removeItem(KEY);
  return empty();
}

export function save(state) {
  const store = storage();
  if (store) store.setItem(KEY, JSON.stringify(state));
  else memory = state;
  document.dispatchEvent(new CustomEvent("lg-progress", { detail: state }));
}

export function update(change) {
  const state = load();
  change(state);
  save(state);
  return state;
}

export const recoveredKey = () => recovered;
export const persistent = () => storage() !== null;

export function exportText() {
  return JSON.stringify({ kind: EXPORT_KIND, version: VERSION, exported: new Date().toISOString(), progress: load() }, null, 2);
}

// Returns the imported state, or throws an Error whose message is meant for the reader.
export function importText(text) {
  let parsed;
  try { parsed = JSON.parse(text); } catch {
    throw new Error("That file is not readable as a loopguide progress export. Nothing was changed.");
  }
  if (!isObject(parsed) || parsed.kind !== EXPORT_KIND) {
    throw new Error("That file is not a loopguide progress export. Nothing was changed.");
  }
  if (parsed.version !== VERSION || !isValid(parsed.progress)) {
    throw new Error("That progress file is from an unknown version or is damaged. Nothing was changed.");
  }
  save(parsed.progress);
  return parsed.progress;
}

export function clear() {
  save(empty());
}
