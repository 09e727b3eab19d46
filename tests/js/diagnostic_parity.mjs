// Reads {diag, cases: [{answers, weeks, hours, level}]} on stdin; prints the engine's results as JSON.
import { readFileSync } from "node:fs";
import { route, plan } from "../../docs/assets/js/diagnostic-engine.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const out = input.cases.map((c) => {
  const routed = route(input.diag, c.answers);
  return { route: routed, plan: c.weeks ? plan(input.diag, routed, c.weeks, c.hours, c.level) : null };
});
process.stdout.write(JSON.stringify(out));
