// "Estimate it": a calculator draws realistic inputs from a seed (kept in the URL, so the link
// reopens the same drill), asks for the headline result, judges it against the tolerance and
// shows the working. Loaded by calc-live.js on first use; results go to the progress store.
import { el } from "./dom.js";
import { compute, formatFormula } from "./calc-engine.js";
import { button, plain, workingList } from "./calc-live.js";
import { recordDrill } from "./progress.js";

// mulberry32: a small seeded generator, so a drill's seed redraws the same numbers.
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

export const newSeed = () => 1 + Math.floor(Math.random() * 2147483646);

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
  const m = /^\s*\$?\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return NaN;
  const n = Number(m[1].replace(/,/g, ""));
  const word = m[2].toLowerCase();
  if (!word) return n;
  if (word === "s" && format === "ms") return n * 1000;
  return Object.hasOwn(SUFFIX, word) ? n * SUFFIX[word] : NaN;
}

function tolerance(spec) {
  const t = spec.drill.tolerance;
  return t.relative !== undefined
    ? { text: `±${Math.round(t.relative * 100)}%`, accepts: (a, x) => Math.abs(a - x) <= t.relative * Math.abs(x) }
    : { text: `within a factor of ${t.factor}`, accepts: (a, x) => x > 0 && a >= x / t.factor && a <= x * t.factor };
}

function setUrl(spec, seed) {
  const url = new URL(location.href);
  if (seed === null) { url.searchParams.delete("drill"); url.searchParams.delete("seed"); }
  else { url.searchParams.set("drill", spec.id); url.searchParams.set("seed", String(seed)); }
  history.replaceState(history.state, "", url);
}

// parts: {spec, prefix, formulas, live, drillButton, drill} from the calculator's mount.
export function openDrill(parts, seed) {
  const { spec, prefix, formulas, live, drillButton, drill } = parts;
  const { text: tolText, accepts } = tolerance(spec);
  const headline = formulas.get(spec.drill.output);
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
    status.textContent = `${ok ? "Accepted" : "Not accepted"}: the answer is ${formatFormula(headline, exact)}; ` +
      `you were ${how}, ${ok ? "inside" : "outside"} ${tolText}.`;
    status.className = `lg-calc__verdict ${ok ? "lg-calc__verdict--ok" : "lg-calc__verdict--no"}`;
    steps.hidden = false;
    recordDrill(spec.id, { seed, answer: guess, accepted: ok });
  };
  const closeDrill = () => {
    drill.hidden = true;
    drill.replaceChildren();
    live.hidden = false;
    drillButton.hidden = false;
    setUrl(spec, null);
    drillButton.focus();
  };
  check.addEventListener("click", submit);
  answer.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); submit(); } });
  again.addEventListener("click", () => openDrill(parts, newSeed()));
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
  setUrl(spec, seed);
  answer.focus();
}
