// Lighthouse over several pages of one site, in one Chromium.
// Usage: node lighthouse_audit.mjs <chromium> <base-url> <path>...
// Prints {path: {scores: {category: score}, failing: {category: [{id, title, score, where}]}, cls, runtimeError,
//         metrics: {audit id: numeric value}, costs: [{id, display, where}]}} as JSON
// (metrics and costs: what the performance score is made of and what lowers it, for bench/lighthouse_bench.py).
// Lighthouse's default (mobile) settings: the guide is read on phones between meetings.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const [chromePath, base, ...paths] = process.argv.slice(2);

// Where an audit failed: the first few nodes or URLs it names, so a test failure is readable.
function where(audit) {
  const items = audit.details?.items ?? [];
  return items.slice(0, 3).map((item) => (item.node ? `${item.node.selector} ${item.node.snippet}`
    : item.url ?? item.source?.url ?? JSON.stringify(item).slice(0, 200)));
}

const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index",
                 "cumulative-layout-shift"];
// Opportunities and diagnostics that explain a performance score (an audit absent from this
// Lighthouse is left out).
const COSTS = ["largest-contentful-paint-element", "render-blocking-resources", "unused-javascript", "unused-css-rules",
               "layout-shifts", "bootup-time", "mainthread-work-breakdown", "long-tasks", "total-byte-weight",
               "critical-request-chains", "font-display", "uses-text-compression", "server-response-time"];

function costs(lhr) {
  return COSTS.map((id) => lhr.audits[id])
    .filter((audit) => audit && audit.score !== null && audit.score < 1 || audit?.id === "largest-contentful-paint-element")
    .map((audit) => ({ id: audit.id, display: audit.displayValue ?? "", where: whereCost(audit) }));
}

// For a cost: its first items with what each costs (ms or bytes), the LCP element's nested table flattened.
function whereCost(audit) {
  const tables = audit.details?.type === "list" ? audit.details.items : [audit.details ?? {}];
  const items = tables.flatMap((table) => table.items ?? []);
  return items.slice(0, 4).map((item) => {
    const cost = item.wastedMs ? ` ${Math.round(item.wastedMs)} ms` : item.wastedBytes ? ` ${Math.round(item.wastedBytes / 1024)} KiB`
      : item.total ? ` ${Math.round(item.total)} ms` : item.duration ? ` ${Math.round(item.duration)} ms`
      : item.score ? ` shift ${item.score.toFixed(3)}` : item.timing ? ` ${Math.round(item.timing)} ms` : "";
    const name = item.node ? `${item.node.selector}` : item.url ?? item.groupLabel ?? item.phase ?? JSON.stringify(item).slice(0, 120);
    return name + cost;
  });
}

function report(lhr) {
  const scores = {};
  const failing = {};
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category.score;
    failing[id] = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({ id: audit.id, title: audit.title, score: audit.score, where: where(audit) }));
  }
  const cls = lhr.audits["cumulative-layout-shift"]?.numericValue ?? null;
  const metrics = Object.fromEntries(METRICS.map((id) => [id, lhr.audits[id]?.numericValue ?? null]));
  return { scores, failing, cls, runtimeError: lhr.runtimeError?.message ?? null, metrics, costs: costs(lhr) };
}

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // Only the local site resolves: the audit sees the network CI has, whatever the machine.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
});
const results = {};
try {
  for (const path of paths) {
    const run = await lighthouse(new URL(path, base).href, {
      port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES,
    });
    results[path] = report(run.lhr);
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results));
