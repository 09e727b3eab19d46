// Reads {diag, round_phases, cases: [{answers, weeks, hours, level, weights}]} on stdin; prints, per case,
// the archetype's phase factors, the plan it weights and the plan's hours by round, as JSON.
import { readFileSync } from "node:fs";
import { route, plan, loopPhaseFactors, withLoop, hoursByRound } from "../../docs/assets/js/diagnostic-engine.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const out = input.cases.map((c) => {
  const factors = loopPhaseFactors(input.round_phases, c.weights);
  const diag = Object.keys(c.weights).length ? withLoop(input.diag, factors) : input.diag;
  const studyPlan = plan(diag, route(input.diag, c.answers), c.weeks, c.hours, c.level);
  return { factors, plan: studyPlan, rounds: hoursByRound(studyPlan.phases, input.round_phases, c.weights) };
});
process.stdout.write(JSON.stringify(out));
