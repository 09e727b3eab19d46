// Lighthouse over several pages of one site, in one Chromium.
// Usage: node lighthouse_audit.mjs <chromium> <base-url> <path>...
// Prints {path: {scores: {category: score}, failing: {category: [{id, title, score, where}]}, cls, runtimeError}} as JSON.
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
  return { scores, failing, cls, runtimeError: lhr.runtimeError?.message ?? null };
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
