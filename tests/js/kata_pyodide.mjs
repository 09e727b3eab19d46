// Run katas under real Pyodide in Node (the npm package the site ships), with the same harness.
// usage: node kata_pyodide.mjs HARNESS.py KATAS.json  ->  JSON [{id, solution: [...], starter: [...]}]
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");

const [harnessPath, katasPath] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: path.dirname(require.resolve("pyodide/package.json")) + "/" });
pyodide.FS.mkdirTree("/loopguide");
pyodide.FS.writeFile("/loopguide/kata_harness.py", await readFile(harnessPath, "utf8"));
pyodide.runPython("import sys\nsys.path.insert(0, '/loopguide')");
const harness = pyodide.pyimport("kata_harness");

const plain = (proxy) => { const v = proxy.toJs({ dict_converter: Object.fromEntries }); proxy.destroy(); return v; };
const out = [];
for (const kata of JSON.parse(await readFile(katasPath, "utf8"))) {
  const spec = pyodide.toPy(kata);
  const summary = (code) => plain(harness.run_tests(spec, code)).map((r) => ({ name: r.name, passed: r.passed, got: r.got, detail: r.detail }));
  out.push({ id: kata.id, solution: summary(kata.solution), starter: summary(kata.starter) });
  spec.destroy();
}
process.stdout.write(JSON.stringify({ version: pyodide.version, python: pyodide.runPython("import sys; sys.version.split()[0]"), katas: out }));
