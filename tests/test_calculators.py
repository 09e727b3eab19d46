"""Calculators: the expression language refuses what it must, Python and the browser agree, and
every case study's stated cost is what its calculator computes."""
from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, loopguide, make_project
from loopguide import calc, calc_check
from loopguide.validate import load_guide

RUNS_PER_CALCULATOR = 500

REFUSED = [
    ('__import__("os").system("id")', 11),   # a quote is not in the language
    ("users.constructor", 5),                 # no attribute access
    ("x[0]", 1),                              # no indexing
    ("2 ** 3", 3),                            # Python's power is not ours
    ("eval(1)", 0),                           # unknown function
    ("Function(1)", 0),
    ("min(1)", 0),                            # too few arguments
    ("ceil(1, 2)", 0),                        # too many
    ("1 +", 3),                               # incomplete
    ("(1 + 2", 6),                            # unclosed
    ("1 2", 2),                               # two values
    ("a = 1", 2),                             # no assignment
    ("a; b", 1),
    ("`x`", 0),
    ("1 ? 2 : 3", 2),
    ("1 % 2", 2),
    ("'abc'", 0),
    ("a => a", 2),
    ("-" * 60 + "1", 40),                     # nesting limit
]


def guide():
    return load_guide(ROOT)


@pytest.mark.parametrize("text, offset", REFUSED)
def test_the_language_refuses_anything_but_numbers_names_operators_and_five_functions(text, offset):
    with pytest.raises(calc.ExpressionError) as caught:
        calc.parse(text)
    assert caught.value.offset == offset, str(caught.value)


def test_the_language_accepts_its_whole_grammar():
    tree = calc.parse("-2^2 + max(1, 3, 2) * ceil(1.2) / 4 - floor(x) + round(2.5) + min(1e3, .5)")
    assert calc.evaluate(tree, {"x": 3.7}) == -4 + 3 * 2 / 4 - 3 + 3 + 0.5
    assert calc.evaluate(calc.parse("2^3^2"), {}) == 512  # right-associative


@pytest.mark.parametrize("text", ["1 / 0", "10 ^ 400", "(-8) ^ 0.5", "0 ^ -1"])
def test_values_that_are_not_finite_numbers_are_refused(text):
    with pytest.raises(calc.EvaluationError):
        calc.evaluate(calc.parse(text), {})


def test_a_bad_formula_is_a_validation_error_at_its_file_line_and_column(tmp_path):
    root = make_project(tmp_path)
    folder = root / "data" / "calculators"
    text = (ROOT / "data" / "calculators" / "latency-budget.yaml").read_text(encoding="utf-8")
    good = "    expr: output_tokens * ms_per_token\n"
    assert good in text
    (folder / "latency-budget.yaml").write_text(
        text.replace(good, '    expr: output_tokens * open("x")\n'), encoding="utf-8")
    lines = text.splitlines()
    line = lines.index(good.rstrip("\n")) + 1
    result = loopguide(root, "validate")
    assert result.returncode != 0
    col = len("    expr: output_tokens * open(") + 1
    assert f"data/calculators/latency-budget.yaml:{line}:{col}: formulas[0].expr: '\"' is not allowed" in result.stdout + result.stderr


def test_an_unknown_name_and_a_later_formula_are_validation_errors(tmp_path):
    root = make_project(tmp_path)
    folder = root / "data" / "calculators"
    text = (ROOT / "data" / "calculators" / "latency-budget.yaml").read_text(encoding="utf-8")
    text = text.replace("    expr: output_tokens * ms_per_token\n", "    expr: output_tokns * total_ms\n")
    (folder / "latency-budget.yaml").write_text(text, encoding="utf-8")
    out = loopguide(root, "validate")
    report = out.stdout + out.stderr
    assert "unknown name 'output_tokns': it is not an input or an earlier formula" in report
    assert "unknown name 'total_ms': it is defined by a later formula" in report


def _random_inputs(spec: dict, rng: random.Random) -> dict[str, float]:
    values = {}
    for item in spec["inputs"]:
        lo, hi = item["min"], item["max"]
        roll = rng.random()
        if roll < 0.3 and item.get("drill"):
            value = rng.choice(item["drill"])
        elif roll < 0.6:  # log-uniform: realistic magnitudes across wide ranges
            value = math.exp(rng.uniform(math.log(max(lo, 1e-3)), math.log(hi))) if hi > 0 else lo
        elif roll < 0.65:
            value = rng.choice([lo, hi])
        else:
            value = rng.uniform(lo, hi)
        if item.get("step") == 1 or rng.random() < 0.3:
            value = float(round(value))
        values[item["id"]] = min(max(value, lo), hi)
    return values


def _python_run(spec: dict, inputs: dict[str, float]) -> dict:
    try:
        values = calc.compute(spec, inputs)
    except calc.EvaluationError:
        return {"error": "EvaluationError"}
    return {
        "values": {f["id"]: values[f["id"]] for f in spec["formulas"]},
        "texts": {f["id"]: calc.format_value(values[f["id"]], f.get("format", "number"), f.get("digits", 0),
                                             f.get("unit", "")) for f in spec["formulas"]},
    }


FORMAT_PROBES = [
    [0.125, "number", 2, ""], [0.005, "money", 0, ""], [2.675, "number", 2, ""], [999.5e6, "count", 0, ""],
    [999.4e6, "count", 0, ""], [-1234.5, "money", 0, ""], [-0.004, "money", 0, ""], [131072, "bytes", 0, ""],
    [1073741824, "bytes", 0, ""], [2e9, "count", 0, "tokens"], [33.6e9, "count", 0, ""], [1.5, "plain", 0, "$"],
    [2.304, "plain", 0, "GB"], [0.0, "money", 0, ""], [-0.0, "money", 0, ""], [1e15, "count", 0, ""], [-300, "ms", 0, ""], [12.5, "number", 0, "%"],
]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required for the parity check")
def test_python_and_browser_evaluators_agree_on_random_inputs(record_figure):
    specs = {c["id"]: c for c in guide().calculators}
    assert len(specs) >= 3
    rng = random.Random(21)
    runs = [{"calc": cid, "inputs": _random_inputs(spec, rng)} for cid, spec in specs.items()
            for _ in range(RUNS_PER_CALCULATOR)]
    payload = {"specs": specs, "runs": runs, "formats": FORMAT_PROBES, "refusals": [t for t, _ in REFUSED]}
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "calc_parity.mjs")], input=json.dumps(payload),
                            capture_output=True, text=True, timeout=60, check=True)
    browser = json.loads(result.stdout)
    mismatches, computed = [], 0
    for run, theirs in zip(runs, browser["runs"]):
        ours = _python_run(specs[run["calc"]], run["inputs"])
        computed += "values" in ours
        same = ours.get("error") == theirs.get("error") and ours.get("texts") == theirs.get("texts") and all(
            math.isclose(ours["values"][k], theirs["values"][k], rel_tol=1e-12, abs_tol=1e-300)
            for k in ours.get("values", {}))
        if not same:
            mismatches.append((run, ours, theirs))
    assert not mismatches, mismatches[:3]
    assert computed >= 0.9 * len(runs)  # the runs exercise results, not mostly refusals
    assert browser["formats"] == [calc.format_value(*probe) for probe in FORMAT_PROBES]
    assert browser["refusals"] == [{"name": "ExpressionError", "offset": offset} for _, offset in REFUSED]
    record_figure(f"calculators: Python and browser agree on {len(runs)} random input sets ({computed} with results)")


def _stated_per_day(total: str) -> float | None:
    m = re.search(r"\$([\d,.]+)( million)? a day", total)
    return None if m is None else float(m.group(1).replace(",", "")) * (1e6 if m.group(2) else 1)


def test_every_case_study_states_the_cost_its_calculator_computes():
    g = guide()
    specs = {c["id"]: c for c in g.calculators}
    assert g.cases
    for case in g.cases:
        ref = case["cost"].get("calculator")
        assert isinstance(ref, dict) and ref["id"] in specs, f"{case['id']}: cost.calculator is missing"
        expect = ref.get("expect", {})
        assert {"cost_per_day", "cost_per_month"} & set(expect), f"{case['id']}: states no daily or monthly cost"
        values = calc.compute(specs[ref["id"]], ref.get("inputs", {}))
        text = case["cost"]["working"] + case["cost"]["total"]
        for name, stated in expect.items():
            assert abs(values[name] - stated) <= calc_check.rounding_allowance(stated), (case["id"], name, values[name])
            assert calc_check.money_text(stated) in text, (case["id"], calc_check.money_text(stated))
        about = _stated_per_day(case["cost"]["total"])
        assert about is not None, f"{case['id']}: the total does not say what it costs a day"
        assert math.isclose(about, values["cost_per_day"], rel_tol=0.02), (case["id"], about, values["cost_per_day"])


def test_a_case_whose_text_and_calculator_disagree_fails_validation(tmp_path):
    root = make_project(tmp_path)
    (root / "data" / "cases").mkdir()
    for case in (ROOT / "data" / "cases").glob("*.yaml"):
        shutil.copy2(case, root / "data" / "cases" / case.name)
    path = root / "data" / "cases" / "recommender-system.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("other_daily: 1100}", "other_daily: 1200}"), encoding="utf-8")
    result = loopguide(root, "validate")
    assert result.returncode != 0
    assert "cost.calculator.expect.cost_per_day: the text states 1,142 but the calculator computes 1,242" in result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required to run the drill module")
def test_drill_reads_estimates_as_readers_write_them_and_draws_the_same_inputs_from_a_seed():
    spec = {c["id"]: c for c in guide().calculators}["token-cost"]
    widget_spec = {"defaults": {i["id"]: i["default"] for i in spec["inputs"]}, "inputs": spec["inputs"]}
    script = """
      import { parseEstimate, drawInputs } from "./docs/assets/js/calc-drill.js";
      const spec = JSON.parse(process.argv[1]);
      const texts = ["12,000", "$1.2k", "3.5 million", "40 GB", "2.7 s", "  7 ", "2 bn", "abc", "1e9", "-5", "3 apples"];
      console.log(JSON.stringify({
        parsed: texts.map((t) => parseEstimate(t, "ms")),
        same: JSON.stringify(drawInputs(spec, 99)) === JSON.stringify(drawInputs(spec, 99)),
        differs: JSON.stringify(drawInputs(spec, 99)) !== JSON.stringify(drawInputs(spec, 100)),
        drawn: drawInputs(spec, 99),
      }));
    """
    out = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(widget_spec)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=True)
    result = json.loads(out.stdout)
    nan = None  # JSON writes NaN as null
    assert result["parsed"] == [12000, 1200, 3.5e6, 40e9, 2700, 7, 2e9, nan, nan, nan, nan]
    assert result["same"] and result["differs"]
    for item in spec["inputs"]:
        assert result["drawn"][item["id"]] in item.get("drill", [item["default"]])


def test_a_calculator_reference_must_name_a_calculator_and_its_inputs_in_range(tmp_path):
    from conftest import EXEMPLAR
    text = EXEMPLAR.read_text(encoding="utf-8")
    head, _, _ = text.partition("calculator:\n")
    broken = head + ("calculator:\n  id: latency-budget\n  inputs: {retrieval_ms: -5, speed: 3}\n"
                     "  expect: {nothing: 1}\n")
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    root = make_project(tmp_path / "one", {"llm-rag/prefill-vs-decode.yaml": broken})
    result = loopguide(root, "validate")
    report = result.stdout + result.stderr
    assert "calculator.inputs.retrieval_ms: -5 is outside the input's range 0–600000" in report
    assert "calculator.inputs.speed: 'speed' is not an input of the calculator 'latency-budget'" in report
    assert "calculator.expect.nothing: 'nothing' is not a formula of the calculator 'latency-budget'" in report
    root2 = make_project(tmp_path / "two", {"llm-rag/prefill-vs-decode.yaml": head + "calculator: no-such-thing\n"})
    out = loopguide(root2, "validate")
    assert re.search(r"prefill-vs-decode\.yaml:\d+:\d+: calculator: calculator 'no-such-thing' does not exist", out.stdout + out.stderr)
