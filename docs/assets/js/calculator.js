// A calculator: the static table of worked defaults becomes a live form, plus "Estimate it" drills.
// The data (inputs, formulas, outputs) comes from the page's data-lg-data; formulas are
// evaluated by calc-engine.js, never by eval. All text goes in through textContent.
import { el } from "./dom.js";
import { compute, formatFormula, formatValue, tokens } from "./calc-engine.js";
import { recordDrill } from "./progress.js";

let mounted = 0;

const plain = (x, unit = "") => formatValue(x, "plain", 0, unit);
const button = (text, attrs = {}) => el("button", { type: "button", class: "md-button", ...attrs, text });

// mulberry32: a small seeded generator, so a drill's seed in the URL redraws the same numbers.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function drawInputs(spec, seed) {
  const next = random(seed);
  const values = { ...spec.defaults };
  for (const input of spec.inputs) {
    if (input.drill) values[input.id] = input.drill[Math.floor(next() * input.drill.length)];
  }
  return values;
}

// "12,000", "$1.2k", "3.5 million", "40 GB", "2.7 s": the reader's estimate as a number, or NaN.
const SUFFIX = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9,
  t: 1e12, trillion: 1e12, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, bytes: 1, ms: 1, tokens: 1, sequences: 1 };
export function parseEstimate(text, format) {
  const m = /^\s*\$?\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*([a-z]*)\s*$/i.exec(text.replace(/\s+(?=[a-z])/i, " "));
  if (!m) return NaN;
  const n = Number(m[1].replace(/,/g, ""));
  const word = m[2].toLowerCase();
  if (!word) return n;
  if (word === "s" && format === "ms") return n * 1000;
  return Object.hasOwn(SUFFIX, word) ? n * SUFFIX[word] : NaN;
}

// The formula with each name replaced by its value: "users × interactions" -> "100,000 × 10".
function substituted(expr, values) {
  const shown = { "*": "×", "/": "÷", "-": "−" };
  return tokens(expr).filter((t) => t[0] !== "end").map(([kind, value]) => {
    if (kind === "name" && values.has(value)) return plain(values.get(value));
    if (kind === "num") return plain(Number(value));
    return shown[value] ?? value;
  }).join(" ").replace(/\( /g, "(").replace(/ \)/g, ")").replace(/ ,/g, ",").replace(/([a-z]) \(/g, "$1(");
}

function workingList(spec, values) {
  return el("ol", { class: "lg-calc__steps" }, ...spec.formulas.map((f) =>
    el("li", {}, el("span", { class: "lg-calc__step-label", text: `${f.label}: ` }),
      el("span", { text: `${substituted(f.expr, values)} = ${formatFormula(f, values.get(f.id))}` }))));
}

function tolerance(spec) {
  const t = spec.drill.tolerance;
  return t.relative !== undefined
    ? { text: `±${Math.round(t.relative * 100)}%`, accepts: (a, x) => Math.abs(a - x) <= t.relative * Math.abs(x) }
    : { text: `within a factor of ${t.factor}`, accepts: (a, x) => x > 0 && a >= x / t.factor && a <= x * t.factor };
}

export function mount(root) {
  const spec = JSON.parse(root.dataset.lgData);
  const prefix = `lg-calc-${spec.id}-${(mounted += 1)}`;
  const formulas = new Map(spec.formulas.map((f) => [f.id, f]));
  const fields = new Map();
  const errors = new Map();

  const form = el("form", { class: "lg-calc__form", novalidate: true });
  form.addEventListener("submit", (event) => event.preventDefault());
  const inputs = el("fieldset", {}, el("legend", { text: "Inputs" }));
  const setAll = (values) => {
    for (const [id, field] of fields) if (values[id] !== undefined) field.value = String(values[id]);
    refresh();
  };
  const choices = el("div", { class: "lg-calc__choices" });
  for (const preset of spec.presets) {
    const b = button(`Use ${preset.name}`);
    b.addEventListener("click", () => setAll(preset.values));
    choices.append(b);
  }
  const reset = button("Reset the inputs");
  reset.addEventListener("click", () => setAll(spec.start));
  choices.append(reset);
  inputs.append(choices);
  for (const input of spec.inputs) {
    const id = `${prefix}-${input.id}`;
    const field = el("input", {
      id, type: "number", inputmode: "decimal", min: input.min, max: input.max, step: input.step ?? "any",
      value: String(spec.start[input.id]), "aria-describedby": `${id}-err`,
    });
    const error = el("span", { id: `${id}-err`, class: "lg-calc__err" });
    fields.set(input.id, field);
    errors.set(input.id, error);
    field.addEventListener("input", () => refresh());
    inputs.append(el("div", { class: "lg-calc__field" },
      el("label", { for: id, text: input.label }), field,
      input.unit ? el("span", { class: "lg-calc__unit", text: input.unit, "aria-hidden": "true" }) : null, error));
  }
  form.append(inputs);

  const outputs = new Map();
  const results = el("div", { class: "lg-calc__results" });
  for (const name of spec.outputs) {
    const id = `${prefix}-out-${name}`;
    // not live: five results re-announced on every keystroke would drown the reader
    const out = el("output", { id, for: [...fields.values()].map((f) => f.id).join(" "), "aria-live": "off" });
    outputs.set(name, out);
    results.append(el("div", { class: "lg-calc__result" }, el("label", { for: id, text: formulas.get(name).label }), out));
  }
  const problem = el("p", { class: "lg-calc__problem", role: "status" });
  const waterfall = spec.waterfall ? el("ol", { class: "lg-calc__waterfall", "aria-label": "Where the time goes" }) : null;
  const working = el("details", { class: "lg-calc__working" }, el("summary", { text: "Show the working" }));

  const labelOf = (id) => formulas.get(id)?.label ?? spec.inputs.find((i) => i.id === id).label;
  function drawWaterfall(values) {
    const total = spec.waterfall.stages.reduce((sum, id) => sum + values.get(id), 0);
    const target = values.get(spec.waterfall.target);
    const scale = Math.max(total, target) || 1;
    let start = 0;
    const rows = spec.waterfall.stages.map((id) => {
      const ms = values.get(id);
      const bar = el("span", { class: "lg-calc__bar" });
      bar.style.marginLeft = `${(start / scale) * 100}%`;
      bar.style.width = `${(ms / scale) * 100}%`;
      start += ms;
      return el("li", {}, el("span", { class: "lg-calc__bar-label", text: `${labelOf(id)}: ${formatValue(ms, "ms")}` }),
        el("span", { class: "lg-calc__track", "aria-hidden": "true" }, bar));
    });
    const line = el("span", { class: "lg-calc__target" });
    line.style.left = `${(target / scale) * 100}%`;
    const over = total > target;
    rows.push(el("li", { class: over ? "lg-calc__over" : "lg-calc__under" },
      el("span", { class: "lg-calc__bar-label", text: `Target p95: ${formatValue(target, "ms")}, ${over ? "over by" : "slack"} ${formatValue(Math.abs(target - total), "ms")}` }),
      el("span", { class: "lg-calc__track", "aria-hidden": "true" }, line)));
    waterfall.replaceChildren(...rows);
  }

  function read() {
    const values = {};
    let bad = null;
    for (const input of spec.inputs) {
      const field = fields.get(input.id);
      const value = field.value.trim() === "" ? NaN : Number(field.value);
      const ok = Number.isFinite(value) && value >= input.min && value <= input.max;
      field.setAttribute("aria-invalid", ok ? "false" : "true");
      const message = ok ? "" : `Enter a number from ${plain(input.min)} to ${plain(input.max)}.`;
      errors.get(input.id).textContent = message;
      if (!ok) bad ??= input.label;
      values[input.id] = value;
    }
    return { values, bad };
  }

  function refresh() {
    const { values, bad } = read();
    let computed = null;
    let message = bad ? `Check "${bad}": the results wait for a valid number.` : "";
    if (!bad) {
      try { computed = compute(spec, values); } catch { message = "These inputs have no result (a division by zero or a number too large)."; }
    }
    problem.textContent = message;
    for (const [name, out] of outputs) out.textContent = computed ? formatFormula(formulas.get(name), computed.get(name)) : "—";
    working.replaceChildren(working.firstChild, ...(computed ? [workingList(spec, computed)] : []));
    if (waterfall) {
      if (computed) drawWaterfall(computed);
      else waterfall.replaceChildren();
    }
  }

  const live = el("div", { class: "lg-calc__live" }, form, results, problem, ...(waterfall ? [waterfall] : []), working);
  const drillButton = button("Estimate it");
  const drill = el("section", { class: "lg-calc__drill", hidden: true, "aria-label": `${spec.title}: estimation drill` });
  const { text: tolText, accepts } = tolerance(spec);
  const headline = formulas.get(spec.drill.output);

  function openDrill(seed) {
    const drawn = drawInputs(spec, seed);
    const values = compute(spec, drawn);
    const answerId = `${prefix}-estimate`;
    const answer = el("input", { id: answerId, type: "text", inputmode: "decimal", autocomplete: "off", "aria-describedby": `${answerId}-hint` });
    const status = el("p", { class: "lg-calc__verdict", role: "status" });
    const steps = el("div", { class: "lg-calc__drill-working", hidden: true },
      el("p", { text: "The working, step by step:" }), workingList(spec, values));
    const check = button("Check my estimate");
    const again = button("New numbers");
    const close = button("Back to the calculator");
    const givens = el("ul", { class: "lg-calc__givens" }, ...spec.inputs.filter((i) => i.drill).map((i) =>
      el("li", { text: `${i.label}: ${plain(drawn[i.id], i.unit ?? "")}` })));
    const submit = () => {
      const guess = parseEstimate(answer.value, headline.format);
      if (!Number.isFinite(guess)) {
        status.textContent = "Write a number, for example 12,000 or 3.5 million.";
        answer.focus();
        return;
      }
      const exact = values.get(spec.drill.output);
      const ok = accepts(guess, exact);
      const off = exact ? Math.round(((guess - exact) / Math.abs(exact)) * 100) : 0;
      const how = off === 0 ? "spot on" : `${Math.abs(off)}% ${off > 0 ? "high" : "low"}`;
      status.textContent = ok
        ? `Accepted: the answer is ${formatFormula(headline, exact)}; you were ${how}, inside ${tolText}.`
        : `Not accepted: the answer is ${formatFormula(headline, exact)}; you were ${how}, outside ${tolText}.`;
      status.className = `lg-calc__verdict ${ok ? "lg-calc__verdict--ok" : "lg-calc__verdict--no"}`;
      steps.hidden = false;
      recordDrill(spec.id, { seed, answer: guess, accepted: ok });
    };
    check.addEventListener("click", submit);
    answer.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); submit(); } });
    again.addEventListener("click", () => openDrill(newSeed()));
    close.addEventListener("click", closeDrill);
    drill.replaceChildren(
      el("p", { class: "lg-calc__drill-title", text: `Estimate it: ${headline.label}` }),
      el("p", { text: "Work it out on paper or aloud, then type your estimate. Other inputs keep the calculator's defaults." }),
      givens,
      el("div", { class: "lg-calc__field" }, el("label", { for: answerId, text: `Your estimate of ${headline.label}` }), answer),
      el("p", { id: `${answerId}-hint`, class: "lg-calc__hint", text: `Accepted ${tolText} of the exact answer. Write 2.5 million, 40 GB or 12,000.` }),
      el("div", { class: "lg-calc__choices" }, check, again, close), status, steps);
    drill.hidden = false;
    live.hidden = true;
    drillButton.hidden = true;
    setUrl(seed);
    answer.focus();
  }

  function closeDrill() {
    drill.hidden = true;
    drill.replaceChildren();
    live.hidden = false;
    drillButton.hidden = false;
    setUrl(null);
    drillButton.focus();
  }

  function setUrl(seed) {
    const url = new URL(location.href);
    if (seed === null) { url.searchParams.delete("drill"); url.searchParams.delete("seed"); }
    else { url.searchParams.set("drill", spec.id); url.searchParams.set("seed", String(seed)); }
    history.replaceState(history.state, "", url);
  }

  const newSeed = () => 1 + Math.floor(Math.random() * 2147483646);
  drillButton.addEventListener("click", () => openDrill(newSeed()));

  root.replaceChildren(live, drillButton, drill);
  root.classList.add("lg-calc--live");
  refresh();

  const params = new URLSearchParams(location.search);
  const seed = params.get("seed");
  if (params.get("drill") === spec.id && /^[0-9]{1,10}$/.test(seed ?? "")) openDrill(Number(seed));
}
