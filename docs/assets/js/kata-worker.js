// The kata runner's module worker: all Python runs here, never on the page's thread.
// Messages in:  {type: "init", interrupt?: SharedArrayBuffer}
//               {type: "run", id, mode: "run" | "test", code, spec}
// Messages out: {type: "ready"} {type: "status", id, text} {type: "started", id}
//               {type: "stdout" | "stderr", id, text} {type: "test", id, result}
//               {type: "done", id, error?: string, problem?: string} {type: "fatal", text}
import { loadPyodide } from "../pyodide/pyodide.mjs";
// the site's own folder when the build published the wheels, else the CDN's (loopguide/wheels.py)
import { PACKAGE_BASE } from "../kata/packages.mjs";

const OUTPUT_CAP = 20000;            // characters of stdout + stderr shown per run
const HARNESS_FILE = "/loopguide/kata_harness.py";  // the name tracebacks show
let pyodide = null;
let box = null;                      // kata_reset.py's functions: a clean interpreter for every run
let harnessSource = null;
let current = null;                  // {id, written} of the run in progress

function post(message) {
  self.postMessage(message);
}

function output(stream, text) {
  if (!current) return;
  if (current.written >= OUTPUT_CAP) return;
  const room = OUTPUT_CAP - current.written;
  const piece = text.length > room ? text.slice(0, room) : text;
  current.written += piece.length;
  post({ type: stream, id: current.id, text: piece });
  if (current.written >= OUTPUT_CAP) {
    post({ type: "stderr", id: current.id, text: `\n[output stopped after ${OUTPUT_CAP.toLocaleString("en")} characters]\n` });
  }
}

async function source(name) {
  const response = await fetch(new URL(`../kata/${name}`, import.meta.url));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.text();
}

async function start(interrupt) {
  const sources = Promise.all([source("kata_harness.py"), source("kata_reset.py")]);  // while Python boots
  sources.catch(() => {});  // awaited below
  pyodide = await loadPyodide({
    indexURL: new URL("../pyodide/", import.meta.url).href,
    packageBaseUrl: PACKAGE_BASE,
    stdout: (line) => output("stdout", line + "\n"),
    stderr: (line) => output("stderr", line + "\n"),
  });
  pyodide.setStdout({ batched: (line) => output("stdout", line + "\n") });
  pyodide.setStderr({ batched: (line) => output("stderr", line + "\n") });
  if (interrupt) pyodide.setInterruptBuffer(new Int32Array(interrupt));
  let boxSource;
  [harnessSource, boxSource] = await sources;
  // The box is not listed in sys.modules, and its functions are held here, out of kata code's reach.
  const namespace = pyodide.globals.get("dict")();
  namespace.set("__name__", "kata_reset");
  pyodide.runPython(boxSource, { globals: namespace, filename: "kata_reset.py" });
  box = Object.fromEntries(["prepare", "restore", "remember", "fresh_harness"].map((name) => [name, namespace.get(name)]));
  namespace.destroy();
  box.prepare(harnessSource, HARNESS_FILE);
}

// loadPackage can report a failure without throwing, so check what actually loaded.
async function ensurePackages(names, id) {
  const missing = names.filter((name) => !(name in pyodide.loadedPackages));
  if (!missing.length) return null;
  post({ type: "status", id, text: `Downloading ${missing.join(", ")}…` });
  try {
    // the reader gets one plain sentence; the details stay in the console for whoever debugs it
    await pyodide.loadPackage(missing, { messageCallback: () => {}, errorCallback: (m) => console.warn(m) });
  } catch {
    // reported below
  }
  const failed = missing.filter((name) => !(name in pyodide.loadedPackages));
  if (!failed.length) return null;
  return `${failed.join(", ")} could not be downloaded; check your connection`;
}

function toPlain(proxy) {
  const value = proxy.toJs({ dict_converter: Object.fromEntries });
  proxy.destroy();
  return value;
}

// Every run starts from the interpreter as it was before any kata code ran, with a new harness.
async function run({ id, mode, code, spec }) {
  current = { id, written: 0 };
  try {
    box.restore();
    const packages = spec.packages || [];
    const problem = await ensurePackages(packages, id);
    if (problem) return post({ type: "done", id, problem });
    const names = pyodide.toPy(packages);
    box.remember(names);
    names.destroy();
    const harness = box.fresh_harness(harnessSource, HARNESS_FILE);
    post({ type: "started", id });
    const pySpec = pyodide.toPy(spec);
    try {
      const entry = harness.get(mode === "test" ? "run_tests" : "run_program");
      try {
        if (mode === "test") {
          entry(pySpec, code, (result) => post({ type: "test", id, result: toPlain(result) }));
          post({ type: "done", id });
        } else {
          const error = entry(pySpec, code);
          post({ type: "done", id, error: error ?? undefined });
        }
      } finally {
        entry.destroy();
      }
    } finally {
      pySpec.destroy();
      harness.destroy();
    }
  } catch (error) {
    // KeyboardInterrupt from the Stop button arrives here as a PythonError
    const text = String(error && error.message || error);
    if (text.includes("KeyboardInterrupt")) post({ type: "done", id, stopped: true });
    else post({ type: "fatal", text });
  } finally {
    current = null;
  }
}

let ready = null;
self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    ready = start(data.interrupt).then(
      () => post({ type: "ready" }),
      (error) => post({ type: "fatal", text: `Python could not start: ${error.message || error}` }),
    );
    return;
  }
  if (data.type === "run") {
    await ready;
    if (!box) return post({ type: "fatal", text: "Python is not running." });
    await run(data);
  }
};
