// Reads {specs: {id: spec}, runs: [{calc, inputs}], formats: [[x, fmt, digits, unit]], refusals: [text]}
// on stdin; prints what the browser's evaluator computes for each, as JSON.
import { readFileSync } from "node:fs";
import { compute, formatFormula, formatValue, parse } from "../../docs/assets/js/calc-engine.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const runs = input.runs.map(({ calc, inputs }) => {
  const spec = input.specs[calc];
  try {
    const values = compute(spec, inputs);
    return {
      values: Object.fromEntries(spec.formulas.map((f) => [f.id, values.get(f.id)])),
      texts: Object.fromEntries(spec.formulas.map((f) => [f.id, formatFormula(f, values.get(f.id))])),
    };
  } catch (error) {
    return { error: error.constructor.name };
  }
});
const formats = input.formats.map(([x, fmt, digits, unit]) => formatValue(x, fmt, digits, unit));
const refusals = input.refusals.map((text) => {
  try { parse(text); return null; } catch (error) { return { name: error.constructor.name, offset: error.offset }; }
});
process.stdout.write(JSON.stringify({ runs, formats, refusals }));
