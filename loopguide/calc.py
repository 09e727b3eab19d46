"""The calculators' expression language: parse, evaluate and format, the same way as the browser.

Formulas arrive in content (by pull request), so they are never handed to `eval`: this is a
hand-written parser for a deliberately tiny language, and docs/assets/js/calc-engine.js is its
line-by-line twin in the browser. It accepts only numbers, the names of inputs and earlier
formulas, + - * / ^ (power, right-associative), unary minus, parentheses and the functions
min, max, ceil, floor and round; anything else is an ExpressionError with its offset.
Every operation's result must be a finite number (no division by zero, no overflow), so both
evaluators either agree on a number or both refuse. A parity test runs both over random inputs.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

MAX_LENGTH = 500
MAX_DEPTH = 40
FUNCTIONS: dict[str, tuple[int, int | None]] = {  # name -> (fewest, most arguments)
    "min": (2, None), "max": (2, None), "ceil": (1, 1), "floor": (1, 1), "round": (1, 1),
}
_TOKEN = re.compile(r"\s*(?:(?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[-+*/^(),]))")

Node = tuple  # ("num", value) | ("var", name) | ("neg", node) | ("bin", op, left, right) | ("call", name, args)


@dataclass
class ExpressionError(Exception):
    message: str
    offset: int = 0  # 0-based position in the expression text

    def __str__(self) -> str:
        return self.message


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, offset) for every token, ending with ("end", "", len)."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the expression is longer than {MAX_LENGTH} characters", 0)
    out, at = [], 0
    while True:
        while at < len(text) and text[at] in " \t":
            at += 1
        if at >= len(text):
            out.append(("end", "", at))
            return out
        m = _TOKEN.match(text, at)
        if not m:
            raise ExpressionError(f"'{text[at]}' is not allowed here; use numbers, names, + - * / ^, "
                                  "parentheses and min, max, ceil, floor, round", at)
        kind = m.lastgroup or "op"
        out.append((kind, m.group(kind), m.start(kind)))
        at = m.end()


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, op: str) -> None:
        kind, value, at = self.take()
        if value != op or kind != "op":
            raise ExpressionError(f"expected '{op}' but found {_describe(kind, value)}", at)

    def parse(self) -> Node:
        node = self.additive()
        kind, value, at = self.peek()
        if kind != "end":
            raise ExpressionError(f"unexpected {_describe(kind, value)}", at)
        return node

    def additive(self) -> Node:
        node = self.multiplicative()
        while self.peek()[1] in ("+", "-") and self.peek()[0] == "op":
            op = self.take()[1]
            node = ("bin", op, node, self.multiplicative())
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while self.peek()[1] in ("*", "/") and self.peek()[0] == "op":
            op = self.take()[1]
            node = ("bin", op, node, self.unary())
        return node

    def unary(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"the expression nests deeper than {MAX_DEPTH} levels", self.peek()[2])
        try:
            if self.peek()[:2] == ("op", "-"):
                self.take()
                return ("neg", self.unary())
            return self.power()
        finally:
            self.depth -= 1

    def power(self) -> Node:
        base = self.primary()
        if self.peek()[:2] == ("op", "^"):
            self.take()
            return ("bin", "^", base, self.unary())  # right-associative; -2^2 is -(2^2)
        return base

    def primary(self) -> Node:
        kind, value, at = self.take()
        if kind == "num":
            return ("num", float(value))
        if kind == "name":
            if self.peek()[:2] != ("op", "("):
                return ("var", value, at)
            if value not in FUNCTIONS:
                raise ExpressionError(f"unknown function '{value}'; use min, max, ceil, floor or round", at)
            self.take()
            args = [self.additive()]
            while self.peek()[:2] == ("op", ","):
                self.take()
                args.append(self.additive())
            self.expect(")")
            fewest, most = FUNCTIONS[value]
            if len(args) < fewest or (most is not None and len(args) > most):
                wanted = f"{fewest}" if fewest == most else f"at least {fewest}"
                raise ExpressionError(f"{value}() takes {wanted} argument(s), not {len(args)}", at)
            return ("call", value, args)
        if (kind, value) == ("op", "("):
            node = self.additive()
            self.expect(")")
            return node
        raise ExpressionError(f"expected a number, a name or '(' but found {_describe(kind, value)}", at)


def _describe(kind: str, value: str) -> str:
    return "the end of the expression" if kind == "end" else f"'{value}'"


def parse(text: str) -> Node:
    """The expression's syntax tree, or ExpressionError at the first problem."""
    return _Parser(text).parse()


def names(node: Node) -> list[tuple[str, int]]:
    """(name, offset) of every variable the expression reads, in order."""
    if node[0] == "var":
        return [(node[1], node[2])]
    if node[0] == "neg":
        return names(node[1])
    if node[0] == "bin":
        return names(node[2]) + names(node[3])
    if node[0] == "call":
        return [n for arg in node[2] for n in names(arg)]
    return []


class EvaluationError(ValueError):
    """A result that is not a finite number: division by zero, overflow, a negative base's root."""


def _finite(x: float) -> float:
    if not math.isfinite(x):
        raise EvaluationError("the result is not a finite number")
    return x


def _pow(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except (OverflowError, ValueError):
        raise EvaluationError("a power has no finite real value") from None


_BINARY: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b if b != 0 else _finite(math.inf), "^": _pow,
}
_CALLS: dict[str, Callable[[list[float]], float]] = {
    "min": min, "max": max,
    "ceil": lambda a: float(math.ceil(a[0])), "floor": lambda a: float(math.floor(a[0])),
    "round": lambda a: float(math.floor(a[0] + 0.5)),  # half up, as Math.round; Python's round() is half-even
}


def evaluate(node: Node, values: Mapping[str, float]) -> float:
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "var":
        if node[1] not in values:
            raise EvaluationError(f"unknown name '{node[1]}'")
        return float(values[node[1]])
    if kind == "neg":
        return -evaluate(node[1], values)
    if kind == "bin":
        return _finite(_BINARY[node[1]](evaluate(node[2], values), evaluate(node[3], values)))
    return _finite(_CALLS[node[1]]([evaluate(arg, values) for arg in node[2]]))


def compute(spec: Mapping[str, Any], overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Every input and formula value of a calculator, from its defaults changed by `overrides`."""
    values: dict[str, float] = {i["id"]: float(i["default"]) for i in spec["inputs"]}
    values.update({k: float(v) for k, v in (overrides or {}).items()})
    for f in spec["formulas"]:
        values[f["id"]] = evaluate(parse(f["expr"]), values)
    return values


# Formatting: the browser's twin formats the same numbers into the same text.

def _fixed(x: float, digits: int) -> str:
    """x with `digits` decimals, halves rounded away from zero, thousands separated by commas."""
    scaled = math.floor(abs(x) * 10 ** digits + 0.5)
    whole, frac = divmod(int(scaled), 10 ** digits)
    text = f"{whole:,}" + (f".{frac:0{digits}d}" if digits else "")
    return ("-" if x < 0 and scaled else "") + text


def _significant(x: float) -> str:
    """Three significant digits for 1 <= |x| < 1000, trailing zeros dropped."""
    digits = 3 - len(str(int(math.floor(abs(x)))))
    text = _fixed(x, max(digits, 0))
    return text.rstrip("0").rstrip(".") if "." in text else text


_LARGE = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_BYTES = ((1e12, "TB"), (1e9, "GB"), (1e6, "MB"))


def _scaled(x: float, units: tuple[tuple[float, str], ...], sep: str) -> str | None:
    for size, word in units:
        if abs(x) >= size * 0.9995:  # 999.6 million reads "1 billion", not "1,000 million"
            return f"{_significant(x / size)}{sep}{word}"
    return None


def format_value(x: float, fmt: str = "number", digits: int = 0, unit: str = "") -> str:
    """The text a reader sees for a value: count, money, bytes, ms or a plain number."""
    if fmt == "count":
        text = _scaled(x, _LARGE, " ") or _fixed(x, 0)
    elif fmt == "money":
        body = _fixed(abs(x), 0 if abs(x) >= 1000 or x == 0 else 2 if abs(x) >= 1 else 4)
        text = ("-$" if x < 0 and body.strip("0.,") else "$") + body
    elif fmt == "bytes":
        text = _scaled(x, _BYTES, " ") or f"{_fixed(x, 0)} bytes"
    elif fmt == "plain":  # an input as typed: whole numbers grouped, at most four decimals
        text = _fixed(x, 0) if float(x).is_integer() else _fixed(x, 4).rstrip("0").rstrip(".")
    elif fmt == "ms":
        text = f"{_fixed(x, digits)} ms"
    else:
        text = _fixed(x, digits)
    if unit == "$":
        return ("-$" + text[1:]) if text.startswith("-") else "$" + text
    return f"{text}{'' if unit == '%' else ' '}{unit}" if unit else text
