// Reads review histories [[{at, rating}, …], …] on stdin; prints the committed bundle's card for each as JSON.
import { readFileSync } from "node:fs";
import { replay } from "../../docs/assets/vendor/fsrs.js";

const histories = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(histories.map((history) => replay(history))));
