// Run katas under real Pyodide in Node (the npm package the site ships), with the same harness.
// usage: node kata_pyodide.mjs HARNESS.py KATAS.json  ->  JSON {version, python, packages, katas: [{id, solution, starter}]}
// Katas that need packages (NumPy) get them from the CDN folder of this Pyodide version; each
// wheel is checked against the sha256 that pyodide-lock.json pins before Python sees it.
import { createHash } from "node:crypto";
import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const { loadPyodide } = require("pyodide");
// LOOPGUIDE_PACKAGE_BASE replaces the CDN folder (tests use it to serve tampered bytes)
const PACKAGE_BASE = process.env.LOOPGUIDE_PACKAGE_BASE;
const CORE = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

const [harnessPath, katasPath] = process.argv.slice(2);
const katas = JSON.parse(await readFile(katasPath, "utf8"));
const shipped = path.dirname(require.resolve("pyodide/package.json"));
const { version } = JSON.parse(await readFile(path.join(shipped, "package.json"), "utf8"));
const lock = JSON.parse(await readFile(path.join(shipped, "pyodide-lock.json"), "utf8"));

// every package the katas name, with the packages they depend on
function closure(names) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    if (!lock.packages[name]) throw new Error(`${name} is not in pyodide-lock.json`);
    seen.add(name);
    lock.packages[name].depends.forEach(visit);
  };
  names.forEach(visit);
  return [...seen];
}

// A folder holding Pyodide's core plus the verified wheels, so loadPackage finds them locally.
async function indexWithPackages(names) {
  if (!names.length) return shipped + "/";
  const folder = await mkdtemp(path.join(os.tmpdir(), "pyodide-"));
  await Promise.all(CORE.map((file) => copyFile(path.join(shipped, file), path.join(folder, file))));
  for (const name of names) {
    const { file_name: file, sha256 } = lock.packages[name];
    const url = `${PACKAGE_BASE || `https://cdn.jsdelivr.net/pyodide/v${version}/full/`}${file}`;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = createHash("sha256").update(bytes).digest("hex");
    if (digest !== sha256) throw new Error(`${file}: sha256 ${digest}, but pyodide-lock.json pins ${sha256}`);
    await writeFile(path.join(folder, file), bytes);
  }
  return folder + "/";
}

const packages = closure([...new Set(katas.flatMap((kata) => kata.packages || []))]);
const pyodide = await loadPyodide({ indexURL: await indexWithPackages(packages) });
if (packages.length) await pyodide.loadPackage(packages, { messageCallback: () => {} });
pyodide.FS.mkdirTree("/loopguide");
pyodide.FS.writeFile("/loopguide/kata_harness.py", await readFile(harnessPath, "utf8"));
pyodide.runPython("import sys\nsys.path.insert(0, '/loopguide')");
const harness = pyodide.pyimport("kata_harness");

const plain = (proxy) => { const v = proxy.toJs({ dict_converter: Object.fromEntries }); proxy.destroy(); return v; };
const out = [];
for (const kata of katas) {
  const spec = pyodide.toPy(kata);
  const summary = (code) => plain(harness.run_tests(spec, code)).map((r) => ({ name: r.name, passed: r.passed, got: r.got, detail: r.detail }));
  out.push({ id: kata.id, solution: summary(kata.solution), starter: summary(kata.starter) });
  spec.destroy();
}
const loaded = Object.fromEntries(packages.map((name) => [name, lock.packages[name].version]));
process.stdout.write(JSON.stringify({ version: pyodide.version, python: pyodide.runPython("import sys; sys.version.split()[0]"), packages: loaded, katas: out }));
