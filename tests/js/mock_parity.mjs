// Reads {data, cases: [{seed, choices}]} on stdin; prints each case's draw as JSON.
import { readFileSync } from "node:fs";
import { draw } from "../../docs/assets/js/mock-draw.js";

const input = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.cases.map((c) => draw(input.data, c.seed, c.choices))));
