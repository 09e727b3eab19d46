// A kata page: editor, Run / Run tests / Stop / Reset, output, test results, hints one at a time,
// the reference solution after a first attempt. Python runs in runner.js's worker.
import { el } from "./dom.js";
import { load, update } from "./progress.js";

// The runner and the CodeMirror bundle wait for the reader's first sign of use (a pointer over the
// kata, a focus, a key): reading the prompt on a phone needs neither, and evaluating the editor
// bundle while the page loads blocked the main thread for about a second (issue #18 point 4).
let runnerModule = null;
const runner = () => (runnerModule ??= import("./runner.js").catch((error) => { runnerModule = null; throw error; }));

const SAVE_DELAY_MS = 300;
const OUTCOME_TEXT = {
  stopped: "Stopped.",
  crashed: "Python stopped unexpectedly and has been restarted. Run again.",
};

function saved(id) {
  return load().katas[id] || {};
}

function remember(id, change) {
  update((state) => { state.katas[id] = { ...(state.katas[id] || {}), ...change }; });
}

// A plain text area at once, replaced by CodeMirror once upgrade() has loaded it (with the text,
// and the focus if the area had it); if the bundle cannot load, the area stays and still works.
function makeEditor(parent, doc, onChange, onRun, root) {
  const area = el("textarea", { "aria-label": "Code editor", class: "lg-kata__textarea", spellcheck: "false", rows: "16" });
  area.value = doc;
  area.addEventListener("input", () => onChange(area.value));
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); onRun(); }
  });
  parent.append(area);
  let current = { get: () => area.value, set: (text) => { area.value = text; onChange(text); }, focus: () => area.focus() };
  let upgrading = null;
  const upgrade = () => (upgrading ??= import(new URL("assets/vendor/editor.js", root).href).then(({ createEditor }) => {
    const focused = document.activeElement === area;
    parent.style.minHeight = `${parent.offsetHeight}px`;  // no jump while one editor replaces the other
    area.remove();
    // the selection too: a reader who pressed Ctrl+A in the area and pastes after the swap replaces all
    const selection = area.selectionDirection === "backward"
      ? { anchor: area.selectionEnd, head: area.selectionStart } : { anchor: area.selectionStart, head: area.selectionEnd };
    current = createEditor(parent, { doc: area.value, label: "Code editor", onChange, onRun, selection });
    if (focused) current.focus();
  }).catch((error) => console.error(error)));
  return { get: () => current.get(), set: (text) => current.set(text), focus: () => current.focus(), upgrade };
}

function testItem(test, result, reveal) {
  const state = result ? (result.passed ? "passed" : "failed") : "not run";
  const item = el("li", { class: `lg-test lg-test--${state.replace(" ", "-")}` },
    el("span", { class: "lg-test__state", text: result ? (result.passed ? "✓ passed" : "✗ failed") : "not run yet" }),
    " ", el("span", { class: "lg-test__name", text: test.name }));
  const rows = [];
  // a hidden test shows its call and what the code returned once it has failed; its expected
  // value stays hidden until it passes (the reason may still name the value that differs)
  const failed = result && !result.passed && !result.syntax_error;
  if (reveal || failed) rows.push(["Call", test.call]);
  if (reveal) rows.push(["Expected", result?.expected ?? (test.raises ? `raises ${test.raises}` : test.expected)]);
  if (result && (reveal || !result.passed)) {
    if ((reveal || failed) && result.got !== undefined && result.got !== null) rows.push(["Got", result.got]);
    if (result.detail) rows.push(["Why", result.detail]);
    if (result.output) rows.push(["Printed", result.output]);
  }
  if (rows.length) {
    const list = el("dl", { class: "lg-test__details" });
    for (const [term, value] of rows) list.append(el("dt", { text: term }), el("dd", {}, el("pre", { text: value })));
    item.append(list);
  }
  return item;
}

export async function mount(widget, { root }) {
  const spec = JSON.parse(widget.dataset.lgData);
  const page = widget.closest("article") || document;
  const record = saved(spec.id);
  let attempted = Boolean(record.attempted);
  let results = new Map();
  let running = false;

  const notice = el("p", { class: "lg-kata__notice", role: "status" });
  const editorBox = el("div", { class: "lg-kata__editor" });
  const keys = el("p", { class: "lg-kata__keys", text: "Ctrl+Enter runs the tests. Tab indents inside the editor; press Esc, then Tab, to move on." });
  const runButton = el("button", { type: "button", class: "md-button md-button--primary", text: "Run" });
  const testButton = el("button", { type: "button", class: "md-button md-button--primary", text: "Run tests" });
  const stopButton = el("button", { type: "button", class: "md-button", text: "Stop", disabled: true });
  const resetButton = el("button", { type: "button", class: "md-button", text: "Reset" });
  const status = el("p", { class: "lg-kata__status", role: "status", text: "Python starts when you first use the editor or a button." });
  const output = el("pre", { class: "lg-kata__output" });
  const outputBox = el("section", { class: "lg-kata__output-box", "aria-label": "Output", hidden: true },
    el("h3", { text: "Output" }), output);
  const testList = el("ol", { class: "lg-kata__tests" });
  const summary = el("p", { class: "lg-kata__summary" });
  const resultsBox = el("section", { class: "lg-kata__results", "aria-label": "Test results" },
    el("h3", { text: "Test results" }), summary, testList);

  const solvedNote = el("p", { class: "lg-kata__solved", role: "status" });
  const showSolved = (at) => {
    const when = at ? new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) : "";
    solvedNote.textContent = `✓ Solved${when ? ` on ${when}` : ""}. Run the tests again any time.`;
  };
  if (record.solved) showSolved(record.solvedAt);

  widget.querySelector(".lg-nojs")?.remove();
  widget.append(solvedNote, notice, editorBox, keys,
    el("div", { class: "lg-kata__toolbar" }, runButton, testButton, stopButton, resetButton),
    status, outputBox, resultsBox);
  widget.classList.add("lg-js");

  const save = (() => {
    let timer = null;
    return (code) => {
      clearTimeout(timer);
      timer = setTimeout(() => remember(spec.id, { code, starter: spec.starter_hash }), SAVE_DELAY_MS);
    };
  })();
  const startCode = typeof record.code === "string" ? record.code : spec.starter;
  if (typeof record.code === "string" && record.starter && record.starter !== spec.starter_hash) {
    notice.textContent = "This kata's starter code has changed since you saved your work. Your code is kept; Reset loads the new starter.";
  }
  const editor = makeEditor(editorBox, startCode, save, () => runTests(), root);

  // hints one at a time
  const hints = [...page.querySelectorAll(".lg-kata__hints details")];
  if (hints.length) {
    let shown = 0;
    const hintButton = el("button", { type: "button", class: "md-button" });
    const label = () => { hintButton.textContent = `Show hint ${shown + 1} of ${hints.length}`; };
    hints.forEach((h) => { h.hidden = true; });
    label();
    hintButton.addEventListener("click", () => {
      const hint = hints[shown++];
      hint.hidden = false;
      hint.open = true;
      hint.querySelector("summary").focus();
      if (shown === hints.length) hintButton.remove(); else label();
    });
    hints[0].parentElement.append(hintButton);
  }

  // the reference solution, once the reader has tried
  const solution = page.querySelector(".lg-kata__solution");
  const solutionGate = el("p", { class: "lg-kata__gate" });
  const solutionButton = el("button", { type: "button", class: "md-button", text: "Show the reference solution" });
  const gate = () => {
    if (!solution) return;
    solution.hidden = !solution.open;
    solutionGate.replaceChildren(attempted ? solutionButton
      : document.createTextNode("The reference solution opens here after your first test run."));
    if (solution.open) solutionGate.remove();
  };
  solutionButton.addEventListener("click", () => {
    solution.hidden = false;
    solution.open = true;
    solutionGate.remove();
    solution.querySelector("summary").focus();
  });
  if (solution) { solution.before(solutionGate); gate(); }

  const renderTests = () => {
    testList.replaceChildren();
    const visible = spec.tests.filter((t) => t.example || attempted);
    for (const test of visible) {
      const result = results.get(test.name);
      testList.append(testItem(test, result, test.example || result?.passed));
    }
    const hidden = spec.tests.length - visible.length;
    const passed = [...results.values()].filter((r) => r.passed).length;
    summary.textContent = results.size
      ? `${passed} of ${spec.tests.length} tests passed.`
      : `${spec.tests.filter((t) => t.example).length} example tests shown` +
        (hidden ? `; ${hidden} more are listed after your first run.` : ".");
  };
  renderTests();

  const busy = (on) => {
    running = on;
    runButton.disabled = testButton.disabled = resetButton.disabled = on;
    stopButton.disabled = !on;
    widget.setAttribute("aria-busy", on ? "true" : "false");
  };

  const statusFor = (outcome) => {
    if (outcome.status === "timeout") return `Stopped after ${spec.time_limit} seconds, the time limit for one run. Look for a loop that never ends.`;
    if (outcome.status === "problem") return `${outcome.text}.`;  // a package name keeps its own case
    return OUTCOME_TEXT[outcome.status] ?? "";
  };

  async function execute(mode) {
    if (running) return null;
    busy(true);
    const started = performance.now();
    const handlers = {
      status: (m) => { status.textContent = m.text; },
      started: () => { status.textContent = "Running…"; },
      stdout: (m) => { outputBox.hidden = false; output.append(m.text); },
      stderr: (m) => { outputBox.hidden = false; output.append(el("span", { class: "lg-kata__stderr", text: m.text })); },
      test: (m) => { results.set(m.result.name, m.result); renderTests(); },
    };
    try {
      const python = await runner();
      status.textContent = python.workerStarts() === 0 || !python.isReady()
        ? "Starting Python (the first run takes a few seconds)…" : "Running…";
      const outcome = await python.run(root, { mode, code: editor.get(), spec, handlers });
      outcome.seconds = (performance.now() - started) / 1000;
      return outcome;
    } catch (error) {
      console.error(error);
      return { status: "crashed" };
    } finally {
      busy(false);
    }
  }

  async function runProgram() {
    output.replaceChildren();
    outputBox.hidden = true;
    const outcome = await execute("run");
    if (!outcome) return;
    if (outcome.status === "done") {
      if (outcome.error) {
        outputBox.hidden = false;
        output.append(el("span", { class: "lg-kata__stderr", text: outcome.error + "\n" }));
        status.textContent = "Your code raised an error; see the output.";
      } else {
        status.textContent = output.textContent ? "Finished." : "Finished with no output. Run tests to check your function.";
      }
    } else {
      status.textContent = statusFor(outcome);
    }
  }

  async function runTests() {
    results = new Map();
    renderTests();
    const outcome = await execute("test");
    if (!outcome) return;
    if (outcome.status !== "done") {
      status.textContent = statusFor(outcome);
      return;
    }
    attempted = true;
    const broken = [...results.values()].find((r) => r.syntax_error);
    if (broken) {  // said once here, not under every test
      outputBox.hidden = false;
      output.replaceChildren(el("span", { class: "lg-kata__stderr", text: broken.syntax_error + "\n" }));
      remember(spec.id, { attempted: true });
      renderTests();
      gate();
      status.textContent = "Your code has a syntax error, so no test ran. See the output.";
      return;
    }
    const passed = [...results.values()].filter((r) => r.passed).length;
    const solved = passed === spec.tests.length;
    const solvedAt = new Date().toISOString();
    remember(spec.id, { attempted: true, ...(solved ? { solved: true, solvedAt } : {}) });
    if (solved) showSolved(solvedAt);
    renderTests();
    gate();
    status.textContent = solved
      ? `All ${spec.tests.length} tests passed. Kata solved.`
      : `${passed} of ${spec.tests.length} tests passed.`;
  }

  runButton.addEventListener("click", runProgram);
  testButton.addEventListener("click", runTests);
  stopButton.addEventListener("click", () => runner().then((python) => python.stop(root), () => {}));
  resetButton.addEventListener("click", () => {
    editor.set(spec.starter);
    remember(spec.id, { code: spec.starter, starter: spec.starter_hash });
    notice.textContent = "Starter code restored. Ctrl+Z in the editor brings your code back.";
    editor.focus();
  });
  // start Python on the first sign of use, so the first run waits less: a pointer over the editor
  // or the buttons usually comes a few hundred milliseconds before the click
  const warm = () => { editor.upgrade(); runner().then((python) => python.warm(root), () => {}); };  // a run retries
  for (const event of ["focusin", "pointerdown", "pointerover", "keydown"]) widget.addEventListener(event, warm, { once: true });
}
