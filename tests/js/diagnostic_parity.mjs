// Reads {diag, pool?, wire?, cases: [{answers, weeks, hours, level, done?}]} on stdin; prints the engine's results as JSON.
import { readFileSync } from "node:fs";
import { route, plan, days, ties } from "../../docs/assets/js/diagnostic-engine.js";
import { expandPool } from "../../docs/assets/js/plan-pool.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const pool = input.wire ? expandPool(input.wire) : null;
const out = input.cases.map((c) => {
  const routed = route(input.diag, c.answers);
  const planned = c.weeks ? plan(input.diag, routed, c.weeks, c.hours, c.level) : null;
  const result = { route: routed, ties: ties(routed), plan: planned };
  if (pool && planned) result.days = days(input.diag, pool, routed, planned, c.answers, c.hours, c.level, c.done ?? []);
  return result;
});
process.stdout.write(JSON.stringify(input.wire ? { pool, out } : out));
