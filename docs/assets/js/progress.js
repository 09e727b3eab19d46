// The reader's progress, kept in this browser only (localStorage, versioned, exportable).
// Nothing is ever lost: an import or a clear keeps the previous state under a backup key,
// unreadable data is set aside (or, when there is no room, left where it is), and a write the
// browser refuses (quota) is said in a sentence while the widgets go on working in memory.
const KEY = "loopguide.progress.v1";       // the key's name is fixed; the version lives in the value
const BACKUP_KEY = `${KEY}.backup`;        // the state before the last import or clear
const SET_ASIDE_KEY = `${KEY}.set-aside`;  // which key holds unreadable data, for the Progress page
const VERSION = 2;
const EXPORT_KIND = "loopguide-progress";
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;  // about what a browser lets one site store
export const DEFAULT_SETTINGS = Object.freeze({ tryFirst: true, newPerDay: 10 });

let memory = null;      // the state when it cannot be (or must not be) written to localStorage
let keepStored = false; // true when unreadable data could not be copied aside: never overwrite it
let newer = false;      // the store was saved by a newer version: never overwrite it either
let recovered = null;   // key where unreadable data was set aside during this page's life
let problem = null;     // the sentence for the reader about the last storage problem, if any

const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
const V2_PARTS = () => ({ reviews: {}, flags: {}, notes: {}, settings: { ...DEFAULT_SETTINGS } });
const empty = () => ({ version: VERSION, checklist: {}, diagnostic: null, katas: {}, stories: {}, ...V2_PARTS() });
const valuesAre = (x, test) => isObject(x) && Object.values(x).every(test);

function isValidV1(state) {
  return isObject(state) &&
    valuesAre(state.checklist, (v) => typeof v === "boolean") &&
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

export function isValid(state) {
  return isValidV1(state) && state.version === VERSION &&
    valuesAre(state.reviews, (r) => isObject(r) && Array.isArray(r.log)) &&
    valuesAre(state.flags, (v) => typeof v === "boolean") &&
    valuesAre(state.notes, (v) => typeof v === "string") && isObject(state.settings) &&
    (state.drills === undefined || isObject(state.drills)) &&  // optional: estimation drills (calculators)
    (state.mocks === undefined || (isObject(state.mocks) && Object.values(state.mocks).every(isObject)));  // optional: mock interviews
}

// Any earlier version, up to this one. Keys this version does not know (a newer feature's) are kept.
export function migrate(state) {
  if (!isObject(state)) return state;
  if (state.version === 1 && isValidV1(state)) state = { ...V2_PARTS(), ...state, version: 2 };
  if (state.version === VERSION) {
    const parts = V2_PARTS();
    for (const key of Object.keys(parts)) if (state[key] === undefined) state[key] = parts[key];
    state.settings = { ...DEFAULT_SETTINGS, ...(isObject(state.settings) ? state.settings : {}) };
  }
  return state;
}

// Reading is the probe: a full quota must not make the store look unavailable.
function storage() {
  try {
    localStorage.getItem(KEY);
    return localStorage;
  } catch {
    return null;
  }
}

function write(store, key, value) {
  try {
    store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

// Tell the reader on this page: in an element marked data-lg-store-notice, else at the top of the article.
function tell(sentence) {
  problem = sentence;
  let notice = document.querySelector("[data-lg-store-notice]");
  if (!notice) {
    notice = document.createElement("p");
    notice.className = "lg-store-notice";
    notice.setAttribute("role", "status");
    notice.dataset.lgStoreNotice = "";
    (document.querySelector("article") ?? document.body).prepend(notice);
  }
  notice.textContent = sentence;
}

const FULL = "This browser's storage for the guide is full, so your latest changes could not be saved. " +
  "They last until you close the tab; export your progress to keep a copy.";

function setAside(store, raw) {
  const key = `${KEY}.unreadable.${Date.now()}`;
  if (write(store, key, raw)) {
    store.removeItem(KEY);
    recovered = key;
    write(store, SET_ASIDE_KEY, key);
    tell("Saved progress in this browser could not be read. It was set aside, not deleted, and you are starting fresh; the Progress page has the details.");
    return empty();
  }
  keepStored = true;
  tell("Saved progress in this browser could not be read, and there is no room to set it aside, so it was left as it is. " +
    "Changes you make now last until you close the tab; the Progress page can save the unreadable data to a file.");
  return (memory = empty());
}

// Saved by a newer version (this page may come from an offline cache): never rewritten or set aside.
function fromNewer(state) {
  newer = keepStored = true;
  tell("Your progress was saved by a newer version of the guide. Reload the page to use it; changes made here are not saved.");
  const view = migrate({ ...state, version: VERSION });
  return (memory = isValid(view) ? view : empty());
}

export function load() {
  if (memory) return memory;
  const store = storage();
  if (!store) return (memory = empty());
  const raw = store.getItem(KEY);
  if (raw === null) return empty();
  let state = null;
  try { state = JSON.parse(raw); } catch { state = null; }
  const version = state?.version;
  if (typeof version === "number" && version > VERSION) return fromNewer(state);
  state = migrate(state);
  if (isValid(state)) {
    if (version !== VERSION) write(store, KEY, JSON.stringify(state));  // migrated once; a refused write retries on the next save
    return state;
  }
  return setAside(store, raw);
}

export function save(state) {
  const store = storage();
  if (store && !keepStored && write(store, KEY, JSON.stringify(state))) {
    memory = null;
    if (problem === FULL) problem = null;
  } else {
    memory = state;
    if (store && !keepStored) tell(FULL);
  }
  document.dispatchEvent(new CustomEvent("lg-progress", { detail: state }));
  return memory === null;
}

export function update(change) {
  const state = load();
  change(state);
  save(state);
  return state;
}

// Mock interviews by id: {seed, choices, items (grades and times), status, ...}.
export function mocks() {
  return load().mocks ?? {};
}

export function updateMock(id, change) {
  return update((state) => {
    state.mocks = state.mocks ?? {};
    const mock = state.mocks[id];
    if (mock) change(mock);
  }).mocks?.[id] ?? null;
}

export function addMock(mock) {
  update((state) => { state.mocks = { ...(state.mocks ?? {}), [mock.id]: mock }; });
}

const DRILL_LOG = 20;

// One answered estimation drill: counts per calculator and its last few attempts.
export function recordDrill(calculatorId, { seed, answer, accepted }) {
  return update((s) => {
    if (!isObject(s.drills)) s.drills = {};
    const d = isObject(s.drills[calculatorId]) ? s.drills[calculatorId] : { attempts: 0, accepted: 0, log: [] };
    d.attempts += 1;
    if (accepted) d.accepted += 1;
    d.log = [...(Array.isArray(d.log) ? d.log : []), { seed, answer, accepted, at: new Date().toISOString() }].slice(-DRILL_LOG);
    s.drills[calculatorId] = d;
  });
}

export const recoveredKey = () => recovered;
export const persistent = () => storage() !== null;
export const storageProblem = () => problem;

// The unreadable data a widget could not set aside (too large), or null.
export function unreadableLeftInPlace() {
  return keepStored && !newer ? storage()?.getItem(KEY) ?? null : null;
}

// After the reader has saved it to a file: remove it, and from now on save normally.
export function discardUnreadable() {
  const state = memory ?? empty();
  storage()?.removeItem(KEY);
  keepStored = false;
  problem = null;
  return save(state);
}

// The key named by an earlier page that set data aside, once (the Progress page tells the reader).
export function takeSetAsideNotice() {
  const store = storage();
  const key = store?.getItem(SET_ASIDE_KEY) ?? null;
  if (key) store.removeItem(SET_ASIDE_KEY);
  return key;
}

export function exportText() {
  return JSON.stringify({ kind: EXPORT_KIND, version: VERSION, exported: new Date().toISOString(), progress: load() }, null, 2);
}

// The state in an export file, or throws an Error whose message is meant for the reader.
export function parseExport(text) {
  let parsed;
  try { parsed = JSON.parse(text); } catch {
    throw new Error("That file is not readable as a loopguide progress export. Nothing was changed.");
  }
  if (!isObject(parsed) || parsed.kind !== EXPORT_KIND) {
    throw new Error("That file is not a loopguide progress export. Nothing was changed.");
  }
  const state = isObject(parsed.progress) && parsed.version === parsed.progress.version ? migrate(parsed.progress) : null;
  if (!isValid(state)) {
    throw new Error("That progress file is from an unknown version or is damaged. Nothing was changed.");
  }
  return state;
}

// Replace the stored state, keeping the current one under the backup key first.
// Returns null on success, else the sentence saying why nothing was changed.
export function replace(state) {
  const store = storage();
  if (!store || keepStored) {
    memory = state;
    document.dispatchEvent(new CustomEvent("lg-progress", { detail: state }));
    return null;
  }
  const before = JSON.stringify(load());
  const olderBackup = store.getItem(BACKUP_KEY);
  if (!write(store, BACKUP_KEY, before)) {
    return "There is no room in this browser's storage to keep a backup of your current progress, so nothing was changed.";
  }
  if (!write(store, KEY, JSON.stringify(state))) {
    if (olderBackup === null) store.removeItem(BACKUP_KEY);
    else write(store, BACKUP_KEY, olderBackup);
    return "That progress does not fit in this browser's storage for the guide, so nothing was changed.";
  }
  memory = null;
  document.dispatchEvent(new CustomEvent("lg-progress", { detail: state }));
  return null;
}

// The state kept by the last import or clear, or null.
export function backup() {
  const raw = storage()?.getItem(BACKUP_KEY) ?? null;
  if (raw === null) return null;
  try {
    const state = migrate(JSON.parse(raw));
    return isValid(state) ? state : null;
  } catch {
    return null;
  }
}

// Swap the backup and the current state, so restoring can itself be undone.
export function restoreBackup() {
  const previous = backup();
  return previous ? replace(previous) : "There is no earlier progress to restore.";
}

export function importText(text) {
  const state = parseExport(text);
  const refused = replace(state);
  if (refused) throw new Error(refused);
  return state;
}

export function clear() {
  return replace(empty());
}

// What a state holds, in counts a reader recognises (kata counts only for the guide's own katas).
export function counts(state, kataIds) {
  const known = kataIds ? new Set(kataIds) : null;
  const katas = Object.entries(state.katas).filter(([id, k]) => isObject(k) && (!known || known.has(id)));
  return {
    checklist: Object.values(state.checklist).filter((v) => v === true).length,
    solved: katas.filter(([, k]) => k.solved === true).length,
    code: katas.filter(([, k]) => typeof k.code === "string").length,
    stories: Object.values(state.stories).filter((s) => isObject(s) && Object.values(s).some((v) => typeof v === "string" && v.trim())).length,
    diagnostic: state.diagnostic !== null,
    reviewed: Object.values(state.reviews).filter((r) => r.log.length).length,
    flags: Object.values(state.flags).filter((v) => v === true).length,
    notes: Object.values(state.notes).filter((v) => v.trim()).length,
  };
}
