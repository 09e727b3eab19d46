// The calculators' expression language in the browser: the twin of loopguide/calc.py.
// Formulas come from content, so they are never given to eval() or Function(): this tiny
// hand-written parser accepts only numbers, names, + - * / ^, unary minus, parentheses and
// min, max, ceil, floor, round. Every operation must give a finite number, so this file and
// the Python one agree or refuse together (tests/test_calculators.py runs both).

const MAX_LENGTH = 500;
const MAX_DEPTH = 40;
const FUNCTIONS = { min: [2, Infinity], max: [2, Infinity], ceil: [1, 1], floor: [1, 1], round: [1, 1] };
const TOKEN = /\s*(?:((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/^(),]))/y;

export class ExpressionError extends Error {
  constructor(message, offset = 0) { super(message); this.offset = offset; }
}

export function tokens(text) {
  if (text.length > MAX_LENGTH) throw new ExpressionError(`the expression is longer than ${MAX_LENGTH} characters`, 0);
  const out = [];
  let at = 0;
  for (;;) {
    while (at < text.length && (text[at] === " " || text[at] === "\t")) at += 1;
    if (at >= text.length) { out.push(["end", "", at]); return out; }
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new ExpressionError(`'${text[at]}' is not allowed here`, at);
    const kind = m[1] !== undefined ? "num" : m[2] !== undefined ? "name" : "op";
    const value = m[1] ?? m[2] ?? m[3];
    out.push([kind, value, TOKEN.lastIndex - value.length]);
    at = TOKEN.lastIndex;
  }
}

const describe = ([kind, value]) => (kind === "end" ? "the end of the expression" : `'${value}'`);
const isOp = (token, op) => token[0] === "op" && token[1] === op;

export function parse(text) {
  const toks = tokens(text);
  let i = 0;
  let depth = 0;
  const peek = () => toks[i];
  const take = () => toks[i++];
  const expect = (op) => {
    const t = take();
    if (!isOp(t, op)) throw new ExpressionError(`expected '${op}' but found ${describe(t)}`, t[2]);
  };
  const additive = () => {
    let node = multiplicative();
    while (isOp(peek(), "+") || isOp(peek(), "-")) node = ["bin", take()[1], node, multiplicative()];
    return node;
  };
  const multiplicative = () => {
    let node = unary();
    while (isOp(peek(), "*") || isOp(peek(), "/")) node = ["bin", take()[1], node, unary()];
    return node;
  };
  const unary = () => {
    depth += 1;
    if (depth > MAX_DEPTH) throw new ExpressionError(`the expression nests deeper than ${MAX_DEPTH} levels`, peek()[2]);
    try {
      if (isOp(peek(), "-")) { take(); return ["neg", unary()]; }
      return power();
    } finally { depth -= 1; }
  };
  const power = () => {
    const base = primary();
    if (isOp(peek(), "^")) { take(); return ["bin", "^", base, unary()]; }
    return base;
  };
  const primary = () => {
    const t = take();
    const [kind, value, at] = t;
    if (kind === "num") return ["num", Number(value)];
    if (kind === "name") {
      if (!isOp(peek(), "(")) return ["var", value, at];
      if (!Object.hasOwn(FUNCTIONS, value)) throw new ExpressionError(`unknown function '${value}'`, at);
      take();
      const args = [additive()];
      while (isOp(peek(), ",")) { take(); args.push(additive()); }
      expect(")");
      const [fewest, most] = FUNCTIONS[value];
      if (args.length < fewest || args.length > most) throw new ExpressionError(`${value}() takes a different number of arguments`, at);
      return ["call", value, args];
    }
    if (isOp(t, "(")) { const node = additive(); expect(")"); return node; }
    throw new ExpressionError(`expected a number, a name or '(' but found ${describe(t)}`, at);
  };
  const node = additive();
  if (peek()[0] !== "end") throw new ExpressionError(`unexpected ${describe(peek())}`, peek()[2]);
  return node;
}

export class EvaluationError extends Error {}

const finite = (x) => {
  if (!Number.isFinite(x)) throw new EvaluationError("the result is not a finite number");
  return x;
};
const BINARY = {
  "+": (a, b) => a + b, "-": (a, b) => a - b, "*": (a, b) => a * b,
  "/": (a, b) => a / b, "^": (a, b) => Math.pow(a, b),
};
const CALLS = {
  min: (a) => Math.min(...a), max: (a) => Math.max(...a),
  ceil: (a) => Math.ceil(a[0]), floor: (a) => Math.floor(a[0]), round: (a) => Math.floor(a[0] + 0.5),
};

export function evaluate(node, values) {
  switch (node[0]) {
    case "num": return node[1];
    case "var":
      if (!values.has(node[1])) throw new EvaluationError(`unknown name '${node[1]}'`);
      return values.get(node[1]);
    case "neg": return -evaluate(node[1], values);
    case "bin": return finite(BINARY[node[1]](evaluate(node[2], values), evaluate(node[3], values)));
    default: return finite(CALLS[node[1]](node[2].map((arg) => evaluate(arg, values))));
  }
}

const parsed = new Map();
const tree = (text) => {
  if (!parsed.has(text)) parsed.set(text, parse(text));
  return parsed.get(text);
};

// Every input and formula value, from the defaults changed by `overrides` ({id: number}).
export function compute(spec, overrides = {}) {
  const values = new Map(spec.inputs.map((i) => [i.id, Number(i.default)]));
  for (const [k, v] of Object.entries(overrides)) values.set(k, Number(v));
  for (const f of spec.formulas) values.set(f.id, evaluate(tree(f.expr), values));
  return values;
}

// Formatting, identical to loopguide/calc.py's format_value.
function fixed(x, digits) {
  const scaled = Math.floor(Math.abs(x) * 10 ** digits + 0.5);
  const n = BigInt(scaled);
  const base = 10n ** BigInt(digits);
  const whole = (n / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = digits ? "." + (n % base).toString().padStart(digits, "0") : "";
  return (x < 0 && scaled ? "-" : "") + whole + frac;
}

function significant(x) {
  const digits = 3 - String(Math.floor(Math.abs(x))).length;
  const text = fixed(x, Math.max(digits, 0));
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

const LARGE = [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]];
const BYTES = [[1e12, "TB"], [1e9, "GB"], [1e6, "MB"]];

function scaledText(x, units) {
  for (const [size, word] of units) if (Math.abs(x) >= size * 0.9995) return `${significant(x / size)} ${word}`;
  return null;
}

export function formatValue(x, fmt = "number", digits = 0, unit = "") {
  let text;
  if (fmt === "count") text = scaledText(x, LARGE) ?? fixed(x, 0);
  else if (fmt === "money") {
    const a = Math.abs(x);
    const body = fixed(a, a >= 1000 || a === 0 ? 0 : a >= 1 ? 2 : 4);
    text = (x < 0 && body.replace(/[0.,]/g, "") ? "-$" : "$") + body;
  } else if (fmt === "bytes") text = scaledText(x, BYTES) ?? `${fixed(x, 0)} bytes`;
  else if (fmt === "plain") text = Number.isInteger(x) ? fixed(x, 0) : fixed(x, 4).replace(/0+$/, "").replace(/\.$/, "");
  else if (fmt === "ms") text = `${fixed(x, digits)} ms`;
  else text = fixed(x, digits);
  if (unit === "$") return text.startsWith("-") ? "-$" + text.slice(1) : "$" + text;
  return unit ? `${text}${unit === "%" ? "" : " "}${unit}` : text;
}

export const formatFormula = (f, x) => formatValue(x, f.format ?? "number", f.digits ?? 0, f.unit ?? "");
