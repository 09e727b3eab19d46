// One Python worker for the whole visit: started on first use, kept warm across instant
// navigation (this module is imported once), replaced when it is stopped or crashes.
//
// run() resolves with {status, ...}: "done" (error?: the reader's traceback), "problem" (a plain
// sentence, e.g. a package that could not be downloaded), "stopped", "timeout" or "crashed".
const STOP_GRACE_MS = 1000;  // how long an interrupt may take before the worker is replaced

let worker = null;
let ready = null;
let interrupt = null;        // Int32Array over a SharedArrayBuffer, when the page is cross-origin isolated
let active = null;           // {id, handlers, resolve, timer}
let nextId = 1;
let starts = 0;
let isWarm = false;          // the current worker has Python loaded

// The worker starts from a blob: URL that imports the real script. A worker loaded from the site's
// own URL would take its Content-Security-Policy from that response's headers (a static host sends
// none); a blob: worker takes the page's, so the policy's connect-src binds kata code too (F10).
function workerURL(root) {
  const script = new URL("assets/js/kata-worker.js", root).href;
  return URL.createObjectURL(new Blob([`import ${JSON.stringify(script)};\n`], { type: "text/javascript" }));
}

function finish(outcome) {
  if (!active) return;
  const { resolve, timer } = active;
  clearTimeout(timer);
  active = null;
  resolve(outcome);
}

function spawn(root) {
  starts += 1;
  isWarm = false;
  const url = workerURL(root);
  const w = new Worker(url, { type: "module" });
  setTimeout(() => URL.revokeObjectURL(url), 0);  // the worker has its own reference by now
  interrupt = self.crossOriginIsolated && typeof SharedArrayBuffer === "function"
    ? new Int32Array(new SharedArrayBuffer(4)) : null;
  let started = false;
  // A worker that dies before it is ready is not restarted at once (that could loop); the next
  // run starts a new one. One that dies later is replaced straight away, so it is warm again.
  const died = (text) => {
    if (worker !== w) return;
    if (started) replace(root);
    else { w.terminate(); worker = null; }
    finish({ status: "crashed", text });
  };
  ready = new Promise((resolve) => {
    w.onmessage = ({ data }) => {
      if (data.type === "ready") { started = isWarm = true; return resolve(true); }
      if (data.type === "fatal") { resolve(false); return died(data.text); }
      if (!active || data.id !== active.id) return;
      if (data.type === "done") {
        if (data.stopped) return finish({ status: active.stopping || "stopped" });
        if (data.problem) return finish({ status: "problem", text: data.problem });
        return finish({ status: "done", error: data.error });
      }
      if (data.type === "started") armTimer(root);
      active.handlers[data.type]?.(data);
    };
    w.onerror = (event) => {
      event.preventDefault();
      resolve(false);
      died(event.message || "the worker failed");
    };
  });
  w.postMessage({ type: "init", interrupt: interrupt?.buffer });
  worker = w;
}

function replace(root) {
  worker?.terminate();
  worker = null;
  spawn(root);
}

function armTimer(root) {
  const run = active;
  run.timer = setTimeout(() => stop(root, "timeout"), run.limit * 1000);
}

export function warm(root) {
  if (!worker) spawn(root);
  return ready;
}

export const workerStarts = () => starts;
export const isReady = () => isWarm;
export const busy = () => active !== null;

// mode "run" or "test"; handlers: {status(text), stdout(msg), stderr(msg), test(msg)}
export function run(root, { mode, code, spec, handlers }) {
  // a run left going by a page the reader navigated away from
  if (active) hardStop(root, "stopped");
  warm(root);
  const id = nextId++;
  const outcome = new Promise((resolve) => {
    active = { id, handlers, resolve, timer: null, limit: spec.time_limit || 10, stopping: null };
  });
  const w = worker;
  // never await this here: a Stop during start-up replaces the worker and settles `outcome` itself
  ready.then((ok) => {
    if (!ok || worker !== w || active?.id !== id) return;
    if (interrupt) interrupt[0] = 0;
    w.postMessage({ type: "run", id, mode, code, spec });
  });
  return outcome;
}

// Stop the run in progress: interrupt Python if we can, otherwise replace the worker.
export function stop(root, reason = "stopped") {
  if (!active) return;
  active.stopping = reason;
  if (interrupt) {
    interrupt[0] = 2;  // SIGINT: Python raises KeyboardInterrupt at the next bytecode
    const run = active;
    setTimeout(() => { if (active === run) hardStop(root, reason); }, STOP_GRACE_MS);
  } else {
    hardStop(root, reason);
  }
}

function hardStop(root, reason) {
  replace(root);
  finish({ status: reason, restarted: true });
}
