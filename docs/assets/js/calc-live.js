// A calculator: the static table of worked defaults becomes a live form. "Estimate it" drills
// live in calc-drill.js, loaded on first use.
// The data (inputs, formulas, outputs) comes from the page's data-lg-data; formulas are
// evaluated by calc-engine.js, never by eval. All text goes in through textContent.
import { el, stylesheet } from "./dom.js";
import { compute, formatFormula, formatValue, tokens } from "./calc-engine.js";

let mounted = 0;

export const plain = (x, unit = "") => formatValue(x, "plain", 0, unit);
export const button = (text, attrs = {}) => el("button", { type: "button", class: "md-button", ...attrs, text });

// The formula with each name replaced by its value: "users × interactions" -> "100,000 × 10".
function substituted(expr, values) {
  const shown = { "*": "×", "/": "÷", "-": "−" };
  return tokens(expr).filter((t) => t[0] !== "end").map(([kind, value]) => {
    if (kind === "name" && values.has(value)) return plain(values.get(value));
    if (kind === "num") return plain(Number(value));
    return shown[value] ?? value;
  }).join(" ").replace(/\( /g, "(").replace(/ \)/g, ")").replace(/ ,/g, ",").replace(/([a-z]) \(/g, "$1(");
}

export function workingList(spec, values) {
  return el("ol", { class: "lg-calc__steps" }, ...spec.formulas.map((f) =>
    el("li", {}, el("span", { class: "lg-calc__step-label", text: `${f.label}: ` }),
      el("span", { text: `${substituted(f.expr, values)} = ${formatFormula(f, values.get(f.id))}` }))));
}

function build(root) {
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
      value: String(spec.start[input.id]), "aria-describedby": `${input.unit ? `${id}-unit ` : ""}${id}-err`,
    });
    const error = el("span", { id: `${id}-err`, class: "lg-calc__err" });
    fields.set(input.id, field);
    errors.set(input.id, error);
    field.addEventListener("input", () => refresh());
    inputs.append(el("div", { class: "lg-calc__field" },
      el("label", { for: id, text: input.label }), field,
      input.unit ? el("span", { id: `${id}-unit`, class: "lg-calc__unit", text: input.unit }) : null, error));
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
  const parts = { spec, prefix, formulas, live, drillButton, drill };
  const startDrill = (seed) => import("./calc-drill.js")
    .then((m) => m.openDrill(parts, seed ?? m.newSeed()))
    .catch((error) => {
      console.error(error);
      drillButton.after(el("p", { class: "lg-error", text: "The drill could not load. Reload the page to try again." }));
    });
  drillButton.addEventListener("click", () => startDrill());

  root.replaceChildren(live, drillButton, drill);
  root.classList.add("lg-calc--live");
  refresh();

  const params = new URLSearchParams(location.search);
  const seed = params.get("seed");
  if (params.get("drill") === spec.id && /^[0-9]{1,10}$/.test(seed ?? "")) startDrill(Number(seed));
}

// The loader's entry point: the calculator's styles first (they load only where a calculator is).
export async function mount(widget, { root }) {
  await stylesheet(root, "assets/css/calculator.css");
  build(widget);
}
