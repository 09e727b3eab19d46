"""What a schema cannot say about calculators and the pages that show them.

A calculator's formulas must parse in the expression language (loopguide.calc), read only
inputs and earlier formulas, and give finite numbers for the defaults and every preset. A
`calculator:` reference must name a calculator and its inputs, keep values in range, and the
figures it `expect`s must be what the calculator computes: that is how a case study's stated
cost is kept equal to the numbers its calculator shows.
"""
from __future__ import annotations

import math
from typing import Any, Callable

from . import calc
from .loader import LoadedFile
from .problems import JsonPath, Problem, format_path

Add = Callable[[str, JsonPath], None]


def _adder(f: LoadedFile, problems: list[Problem]) -> Add:
    def add(message: str, path: JsonPath) -> None:
        problems.append(Problem(f.rel, *f.where(path), format_path(path), message))
    return add


def _expr_position(f: LoadedFile, path: JsonPath, offset: int) -> tuple[int, int]:
    """The line and column of a character inside an expression (its start when it cannot tell)."""
    line, col = f.where(path)
    span = f.positions.spans.get(path)
    if span is None:
        return line, col
    source = f.source()
    start = span[0] + (1 if source[span[0]] in "'\"" else 0)
    text = f.data
    for part in path:
        text = text[part]
    # exact only when the source spells the expression as it is (no escapes, one line)
    if source[start:start + len(text)] == text:
        return f.line_col_at(start + offset)
    return line, col


def calculator_problems(f: LoadedFile) -> list[Problem]:
    spec = f.data
    problems: list[Problem] = []
    add = _adder(f, problems)
    known: set[str] = set()
    for i, item in enumerate(spec["inputs"]):
        if item["id"] in known:
            add(f"the name '{item['id']}' is used twice", ("inputs", i, "id"))
        known.add(item["id"])
        if not item["min"] <= item["default"] <= item["max"]:
            add(f"the default {item['default']} is outside min {item['min']} and max {item['max']}", ("inputs", i, "default"))
        for j, value in enumerate(item.get("drill", [])):
            if not item["min"] <= value <= item["max"]:
                add(f"the drill value {value} is outside min {item['min']} and max {item['max']}", ("inputs", i, "drill", j))
    inputs = set(known)
    for i, formula in enumerate(spec["formulas"]):
        path = ("formulas", i, "expr")
        if formula["id"] in known:
            add(f"the name '{formula['id']}' is used twice", ("formulas", i, "id"))
        try:
            tree = calc.parse(formula["expr"])
        except calc.ExpressionError as exc:
            problems.append(Problem(f.rel, *_expr_position(f, path, exc.offset), format_path(path), str(exc)))
        else:
            for name, offset in calc.names(tree):
                if name not in known:
                    later = any(x["id"] == name for x in spec["formulas"][i + 1:])
                    why = "it is defined by a later formula" if later else "it is not an input or an earlier formula"
                    problems.append(Problem(f.rel, *_expr_position(f, path, offset), format_path(path),
                                            f"unknown name '{name}': {why}"))
        known.add(formula["id"])
    formulas = known - inputs
    for i, name in enumerate(spec["outputs"]):
        if name not in formulas:
            add(f"'{name}' is not a formula of this calculator", ("outputs", i))
    if spec["drill"]["output"] not in formulas:
        add(f"'{spec['drill']['output']}' is not a formula of this calculator", ("drill", "output"))
    if len(spec["drill"]["tolerance"]) != 1:
        add("give one tolerance: relative or factor", ("drill", "tolerance"))
    waterfall = spec.get("waterfall")
    if waterfall:
        for i, name in enumerate(waterfall["stages"]):
            if name not in known:
                add(f"'{name}' is not an input or formula of this calculator", ("waterfall", "stages", i))
        if waterfall["target"] not in known:
            add(f"'{waterfall['target']}' is not an input or formula of this calculator", ("waterfall", "target"))
    for i, preset in enumerate(spec.get("presets", [])):
        problems += _values_problems(f, spec, preset["values"], ("presets", i, "values"))
    if not problems:
        for label, values, path in [("the defaults", {}, ("inputs",))] + [
                (f"the preset '{p['name']}'", p["values"], ("presets", i)) for i, p in enumerate(spec.get("presets", []))]:
            try:
                calc.compute(spec, values)
            except calc.EvaluationError as exc:
                add(f"with {label}, a formula has no value: {exc}", path)
    return problems


def _values_problems(f: LoadedFile, spec: dict[str, Any], values: dict[str, float], path: JsonPath) -> list[Problem]:
    problems: list[Problem] = []
    add = _adder(f, problems)
    inputs = {i["id"]: i for i in spec["inputs"]}
    for name, value in values.items():
        item = inputs.get(name)
        if item is None:
            add(f"'{name}' is not an input of the calculator '{spec['id']}'; inputs: {', '.join(inputs)}", path + (name,))
        elif not item["min"] <= value <= item["max"]:
            add(f"{value} is outside the input's range {item['min']}–{item['max']}", path + (name,))
    return problems


def rounding_allowance(stated: float) -> float:
    """Half a unit in the last digit the figure is written with: 128688 -> 0.5, 771.31 -> 0.005."""
    text = repr(float(stated))
    decimals = 0 if float(stated).is_integer() else len(text.split(".")[1]) if "e" not in text else 6
    return 0.5 * 10 ** -decimals


def stated_mismatch(spec: dict[str, Any], inputs: dict[str, float], expect: dict[str, float]) -> list[tuple[str, float, float]]:
    """(formula, stated, computed) for every expected figure the calculator does not reproduce."""
    values = calc.compute(spec, inputs)
    return [(name, stated, values[name]) for name, stated in expect.items()
            if name in values and not math.isclose(values[name], stated, rel_tol=0, abs_tol=rounding_allowance(stated) + 1e-9)]


def reference_problems(f: LoadedFile, path: JsonPath, calculators: dict[str, dict[str, Any]]) -> list[Problem]:
    """Problems of the `calculator:` reference at `path` in a question or case study."""
    ref: Any = f.data
    for part in path:
        ref = ref[part]
    ref = {"id": ref} if isinstance(ref, str) else ref
    problems: list[Problem] = []
    add = _adder(f, problems)
    spec = calculators.get(ref["id"])
    if spec is None:
        known = ", ".join(sorted(calculators)) or "none yet"
        add(f"calculator '{ref['id']}' does not exist; calculators: {known}", path)
        return problems
    problems += _values_problems(f, spec, ref.get("inputs", {}), path + ("inputs",))
    formulas = {x["id"] for x in spec["formulas"]}
    for name in ref.get("expect", {}):
        if name not in formulas:
            add(f"'{name}' is not a formula of the calculator '{spec['id']}'", path + ("expect", name))
    if problems:
        return problems
    try:
        mismatches = stated_mismatch(spec, ref.get("inputs", {}), ref.get("expect", {}))
    except (calc.EvaluationError, calc.ExpressionError) as exc:
        add(f"with these inputs a formula has no value: {exc}", path + ("inputs",))
        return problems
    for name, stated, computed in mismatches:
        add(f"the text states {stated:,} but the calculator computes {computed:,.4f} from these inputs; "
            "fix the inputs or the text", path + ("expect", name))
    return problems


def money_text(value: float) -> str:
    """A stated dollar figure as the cost text writes it: $128,688 or $771.31."""
    if float(value).is_integer():
        return f"${int(value):,}"
    decimals = len(repr(float(value)).split(".")[1])
    return f"${value:,.{decimals}f}"


def figures_missing(spec: dict[str, Any], expect: dict[str, float], text: str) -> list[str]:
    """Expected money figures that the page's own text does not state."""
    money = {x["id"] for x in spec["formulas"] if x.get("format") == "money"}
    return [name for name, value in expect.items() if name in money and money_text(value) not in text]
