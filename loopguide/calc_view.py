"""What a page needs to show a calculator: the widget's data and the worked defaults as rows.

The rows are the no-JavaScript view (a table of inputs and results, computed here with the
same evaluator and formatting as the browser); the widget replaces them with a live form.
"""
from __future__ import annotations

from typing import Any

from . import calc
from .model import Guide, Item

WIDGET_INPUT_FIELDS = ("id", "label", "unit", "min", "max", "step", "drill")
WIDGET_FORMULA_FIELDS = ("id", "label", "expr", "format", "digits", "unit")


def reference(ref: str | dict[str, Any]) -> dict[str, Any]:
    """A `calculator:` field in its long form: {'id': …, 'inputs': {…}, …}."""
    return {"id": ref} if isinstance(ref, str) else ref


def formula_text(formula: Item, value: float) -> str:
    return calc.format_value(value, formula.get("format", "number"), formula.get("digits", 0), formula.get("unit", ""))


def input_text(item: Item, value: float) -> str:
    return calc.format_value(value, "plain", 0, item.get("unit", ""))


def widget_data(spec: Item, start: dict[str, float]) -> dict[str, Any]:
    return {
        "id": spec["id"], "title": spec["title"],
        "inputs": [{k: i[k] for k in WIDGET_INPUT_FIELDS if k in i} for i in spec["inputs"]],
        "formulas": [{k: f[k] for k in WIDGET_FORMULA_FIELDS if k in f} for f in spec["formulas"]],
        "outputs": spec["outputs"], "waterfall": spec.get("waterfall"), "drill": spec["drill"],
        "presets": [{"name": p["name"], "values": p["values"]} for p in spec.get("presets", [])],
        "defaults": {i["id"]: i["default"] for i in spec["inputs"]},
        "start": start,
    }


def view(guide: Guide, ref: str | dict[str, Any]) -> dict[str, Any]:
    """{spec, note, data, inputs: [(label, text)], results: [(label, text)]} for one placement."""
    ref = reference(ref)
    spec = guide.calculator(ref["id"])
    start = {i["id"]: i["default"] for i in spec["inputs"]} | ref.get("inputs", {})
    values = calc.compute(spec, start)
    formulas = {f["id"]: f for f in spec["formulas"]}
    return {
        "spec": spec, "note": ref.get("note"), "data": widget_data(spec, start),
        "inputs": [(i["label"], input_text(i, values[i["id"]])) for i in spec["inputs"]],
        "results": [(formulas[o]["label"], formula_text(formulas[o], values[o])) for o in spec["outputs"]],
    }


def users_of(guide: Guide, calculator_id: str) -> list[tuple[str, Item]]:
    """('case' | 'question', item) for every page that shows the calculator."""
    found: list[tuple[str, Item]] = []
    for c in guide.cases:
        ref = c["cost"].get("calculator")
        if ref is not None and reference(ref)["id"] == calculator_id:
            found.append(("case", c))
    for q in guide.questions:
        ref = q.get("calculator")
        if ref is not None and reference(ref)["id"] == calculator_id:
            found.append(("question", q))
    return found
