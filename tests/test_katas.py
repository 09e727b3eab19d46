"""Katas: the pinned set exists; every solution passes and every starter fails, under CPython and
under real Pyodide in Node; the harness compares, isolates and reports the way the page promises."""
from __future__ import annotations

import json
import pathlib
import re

import pytest

from conftest import ROOT, run
from loopguide import kata_box, kata_harness
from loopguide.validate import load_guide

GUIDE = load_guide(ROOT)
KATAS = {k["id"]: k for k in GUIDE.katas}
PINNED = {
    "cosine-similarity": "cosine_similarity",
    "softmax": "softmax",
    "scaled-dot-product-attention": "scaled_dot_product_attention",
    "bpe-tokenizer": "train_bpe",
    "retry-with-backoff": "retry",
    # round two (issue #17): contracts other tests rely on
    "layer-norm": "layer_norm", "cross-entropy-loss": "cross_entropy", "rope": "apply_rope",
    "adamw-step": "adamw_step", "mmr": "mmr", "bm25": "bm25_scores", "ndcg-at-k": "ndcg_at_k",
    "lru-cache": "LRUCache", "token-bucket": "TokenBucket", "top-k-frequent": "top_k_frequent",
}


def test_the_pinned_katas_and_at_least_thirty():
    assert len(KATAS) >= 30, sorted(KATAS)
    for kata_id, entrypoint in PINNED.items():
        assert KATAS[kata_id]["entrypoint"] == entrypoint
    bpe = KATAS["bpe-tokenizer"]["solution"]
    assert "def encode(" in bpe and "def decode(" in bpe
    assert re.search(r"mask\b[^,)]*= *None", KATAS["scaled-dot-product-attention"]["signature"])


@pytest.mark.parametrize("kata_id", sorted(KATAS))
def test_solution_passes_and_starter_fails_in_cpython(kata_id: str):
    assert kata_box.problems(KATAS[kata_id]) == []


@pytest.mark.parametrize("kata_id", sorted(KATAS))
def test_every_kata_is_complete(kata_id: str):
    k = KATAS[kata_id]
    assert "TODO" not in (ROOT / GUIDE.sources[kata_id]).read_text(encoding="utf-8")
    examples = [t for t in k["tests"] if t.get("example")]
    assert 1 <= len(examples) < len(k["tests"]) and len(k["tests"]) >= 8
    assert len(k["hints"]) >= 2 and len(k["follow_ups"]) >= 2
    covered = set()
    for note in k["explanation"]:
        first, _, last = note["lines"].partition("-")
        covered.update(range(int(first), int(last or first) + 1))
    code_lines = {i for i, line in enumerate(k["solution"].splitlines(), 1) if line.strip()}
    # every line that is not an import, a docstring or a blank is explained
    unexplained = {i for i in code_lines - covered
                   if not k["solution"].splitlines()[i - 1].lstrip().startswith(("import ", "from ", '"""', "#"))}
    assert len(unexplained) <= len(code_lines) // 4, f"lines without a note: {sorted(unexplained)}"


def test_solutions_and_starters_under_pyodide_in_node(tmp_path: pathlib.Path):
    pure = [k for k in GUIDE.katas if not k["packages"]]
    assert len(pure) >= 5
    specs = tmp_path / "katas.json"
    specs.write_text(json.dumps(pure), encoding="utf-8")
    result = run(["node", str(ROOT / "tests/js/kata_pyodide.mjs"), kata_harness.__file__, str(specs)], cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["version"] == json.loads((ROOT / "node_modules/pyodide/package.json").read_text())["version"]
    assert {k["id"] for k in report["katas"]} == {k["id"] for k in pure}
    for k in report["katas"]:
        failing = [r for r in k["solution"] if not r["passed"]]
        assert not failing, f"{k['id']}: the solution fails under Pyodide: {failing}"
        assert not all(r["passed"] for r in k["starter"]), f"{k['id']}: the starter passes every test under Pyodide"


# --- the harness itself -------------------------------------------------------------------------

SPEC = {
    "id": "demo", "entrypoint": "f", "setup": "import random\n", "helpers": "def _twice(x):\n    return [f(x), f(x)]\n",
    "tests": [
        {"name": "close enough", "call": "f(0.1) + f(0.2)", "expected": "0.3"},
        {"name": "tolerance per test", "call": "f(1.0)", "expected": "1.01", "tolerance": 0.05},
        {"name": "raises", "call": "f(-1)", "raises": "ValueError"},
        {"name": "fresh namespace", "call": "_twice(1)", "expected": "[1, 1]"},
        {"name": "seeded", "call": "random.random()", "expected": "0.8444218515250481"},
    ],
}
GOOD = """
calls = 0
def f(x):
    global calls
    calls += 1
    if x < 0:
        raise ValueError("negative")
    return x if calls < 2 or x != 1 else x
"""


def test_harness_passes_tolerance_raises_fresh_namespace_and_seeds():
    results = kata_harness.run_tests(SPEC, GOOD)
    assert [r["passed"] for r in results] == [True, True, True, True, True], results


def test_harness_reports_a_wrong_value_with_expected_and_got():
    result = kata_harness.run_test(SPEC, SPEC["tests"][0], "def f(x):\n    return x * 2\n")
    assert not result["passed"]
    assert result["expected"] == "0.3" and result["got"] == "0.6000000000000001"
    assert result["detail"].startswith("differs by")


def test_state_does_not_leak_between_tests():
    leaky = "seen = []\ndef f(x):\n    seen.append(x)\n    return len(seen)\n"
    spec = {**SPEC, "tests": [{"name": "a", "call": "f(5)", "expected": "1"}, {"name": "b", "call": "f(5)", "expected": "1"}]}
    assert all(r["passed"] for r in kata_harness.run_tests(spec, leaky))


def test_traceback_shows_only_the_readers_lines():
    code = "def f(x):\n    return helper(x)\n\ndef helper(x):\n    return 1 / 0\n"
    result = kata_harness.run_test(SPEC, SPEC["tests"][0], code)
    assert result["got"] == "raised ZeroDivisionError"
    assert result["detail"].splitlines() == [
        "Line 2, in f", "    return helper(x)", "Line 5, in helper", "    return 1 / 0", "ZeroDivisionError: division by zero"]
    assert "kata_harness" not in result["detail"] and "<helpers>" not in result["detail"]


def test_syntax_error_and_missing_function_are_plain():
    result = kata_harness.run_test(SPEC, SPEC["tests"][0], "def f(x)\n    return x\n")
    assert result["detail"].startswith("Line 1:") and "SyntaxError" in result["detail"]
    result = kata_harness.run_test(SPEC, SPEC["tests"][0], "def g(x):\n    return x\n")
    assert result["detail"] == "define a function named f"


def test_a_syntax_error_is_reported_once_for_the_whole_run():
    results = kata_harness.run_tests(SPEC, "def f(x)\n    return x\n")
    assert len(results) == len(SPEC["tests"]) and not any(r["passed"] for r in results)
    errors = {r["syntax_error"] for r in results}
    assert len(errors) == 1 and next(iter(errors)).startswith("Line 1:")
    assert all(r["detail"] == "" for r in results), "the error is said once, not once per test"


def test_a_differing_value_names_both_values_at_every_depth():
    assert kata_harness.same("b", "a") == (False, "got 'b', expected 'a'")
    assert kata_harness.same([("b", 1.0)], [("a", 1.0)]) == (False, "item 0: item 0: got 'b', expected 'a'")
    assert kata_harness.same({"k": None}, {"k": 0}) == (False, "key 'k': got None, expected 0")


def test_expected_never_sees_the_readers_code():
    spec = {**SPEC, "tests": [{"name": "shadow", "call": "f(1)", "expected": "f(1)"}]}
    result = kata_harness.run_tests(spec, "def f(x):\n    return 99\n")[0]
    assert not result["passed"] and "NameError" in result["detail"]


def test_numpy_comparison_by_shape_then_values():
    np = pytest.importorskip("numpy")
    assert kata_harness.same(np.ones((2, 3)), np.ones((2, 3)))[0]
    assert kata_harness.same(np.ones((2, 3)), np.ones((3, 2))) == (False, "shape (2, 3), expected (3, 2)")
    assert kata_harness.same(np.array([1.0, np.nan]), np.array([1.0, 2.0])) == (False, "nan where a number was expected")
    ok, why = kata_harness.same(np.array([1.0, 2.5]), np.array([1.0, 2.0]))
    assert not ok and why == "largest difference 0.5"
    assert kata_harness.same(np.float64(0.5), 0.5)[0] and not kata_harness.same(True, 1.0)[0]


def test_run_program_prints_and_returns_the_trimmed_error(capsys):
    assert kata_harness.run_program({}, "print('hello')\n") is None
    assert capsys.readouterr().out == "hello\n"
    error = kata_harness.run_program({}, "x = [1]\nx[3]\n")
    assert error.splitlines() == ["Line 2, in <module>", "    x[3]", "IndexError: list index out of range"]


def test_the_katas_command_names_a_broken_kata(tmp_path: pathlib.Path):
    from conftest import loopguide, make_project
    root = make_project(tmp_path)
    broken = (ROOT / "data/katas/cosine-similarity.yaml").read_text(encoding="utf-8")
    broken = broken.replace("return float(np.dot(a, b) / (norm_a * norm_b))", "return float(np.dot(a, b))")
    broken = re.sub(r"^related:.*$", "", broken, flags=re.M)  # the mini project has none of those questions
    (root / "data/katas").mkdir()
    (root / "data/katas/cosine-similarity.yaml").write_text(broken, encoding="utf-8")
    result = loopguide(root, "katas")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cosine-similarity: the solution fails 'a general pair'" in result.stdout


def test_the_committed_editor_bundle_matches_its_source(tmp_path: pathlib.Path):
    out = tmp_path / "editor.js"
    build = run(["npm", "run", "--silent", "build:editor", "--", f"--outfile={out}"], cwd=ROOT)
    assert build.returncode == 0, build.stderr
    assert out.read_bytes() == (ROOT / "docs/assets/vendor/editor.js").read_bytes(), "run `make editor` and commit the bundle"
