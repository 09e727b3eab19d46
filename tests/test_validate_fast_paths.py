"""The shortcuts that keep validation fast at scale must not change what it reports:
parallel loading, positions rebuilt on demand, the unsafe-markup pre-checks. (The schema's fast
path, jsonschema-rs, is held to jsonschema's verdicts in test_bad_inputs.py.)"""
from __future__ import annotations

import datetime
import pathlib
import shutil
import sys

import pytest

from conftest import ROOT, loopguide, make_project
from loopguide import markup, parallel
from loopguide.loader import load_text
from loopguide.model import Guide

sys.path.insert(0, str(ROOT))
from bench.build_bench import synthesize  # noqa: E402


def test_positions_are_read_again_on_demand() -> None:
    origin = ROOT / "data" / "katas" / "softmax.yaml"
    text = origin.read_text(encoding="utf-8")
    full, problems = load_text(text, "data/katas/softmax.yaml")
    lean, lean_problems = load_text(text, "data/katas/softmax.yaml", positions=False)
    slim = full.without_positions(origin)
    assert problems == lean_problems == []
    assert slim.text is None, "a file sent between processes leaves its text on disk"
    assert lean.recorded is None and slim.recorded is None and lean.data == slim.data == full.data
    for path in [("id",), ("tests", 1, "call"), ("explanation", 0, "lines"), ("tests", 99)]:
        assert lean.where(path) == slim.where(path) == full.where(path)
    assert lean.where(("title",), key=True) == full.where(("title",), key=True)
    assert lean.positions == slim.positions == full.positions
    assert slim.text == text and slim.line_col_at(text.index("tests:")) == full.line_col_at(text.index("tests:"))


def test_an_unusual_file_is_read_with_positions_at_once() -> None:
    text = "a: &x 1\nb: 2\nb: 3\n"
    loaded, problems = load_text(text, "f.yaml", positions=False)
    assert loaded.recorded is not None and loaded.data == {"a": 1, "b": 2}
    assert [p.message for p in problems] == [
        "YAML anchors (&x) are not allowed; write the value out in full", "duplicate key 'b' (first seen on line 2)"]


def test_a_value_yaml_cannot_convert_is_a_problem_not_a_crash() -> None:
    loaded, problems = load_text("a: !!int x\nb: !!float y\n", "f.yaml")
    assert [(p.line, p.message) for p in problems] == [
        (1, "cannot read the value 'x' as tag:yaml.org,2002:int"), (2, "cannot read the value 'y' as tag:yaml.org,2002:float")]


def test_unsafe_markup_pre_check_lets_every_unsafe_pattern_through() -> None:
    for text in ("<script>", "x <a href=y onclick=z>", "JavaScript :alert(1)", "VBSCRIPT:x", "java\u017fcript:x",
                 "1 < 2 and < \n  IFRAME src=x>", "<\u017fcript>", "<\u212abd onload=x>"):
        assert markup.could_be_unsafe(text), text
        assert markup.unsafe_html(text), text
    for text in ("Plain prose: a description, a script-free `code` span.", "p50 < 200 ms, n <= 5, a<-b, x < 1e3"):
        assert not markup.could_be_unsafe(text), text


def test_inert_keeps_a_code_span_that_encloses_a_fence_whole() -> None:
    text = "see `a\n```\nx < y\n```\nb` and 1 < 2"
    assert markup.code_regions(text) == [(text.index("`a"), text.index("b`") + 2)]
    out = markup.inert(text)
    assert out.count("x < y") == 1 and out.endswith("b` and 1 &lt; 2")  # once, and still code


def test_escaped_markup_in_a_quoted_string_is_still_found(tmp_path: pathlib.Path) -> None:
    text = (ROOT / "data" / "questions" / "llm-rag" / "prefill-vs-decode.yaml").read_text(encoding="utf-8")
    marker = "  - Treats latency as one number"
    assert marker in text, "fixture drifted"
    text = text.replace(marker, '  - "Hides \\u003cscript> in an escape"\n' + marker, 1)
    root = make_project(tmp_path, {"llm-rag/prefill-vs-decode.yaml": text})
    result = loopguide(root, "validate")
    assert result.returncode == 1
    assert "raw <script> is not allowed in prose" in result.stdout


def test_related_items_are_found_by_id() -> None:
    q = {"id": "q", "category": "coding", "title": "Q title"}
    c, k = {"id": "c", "title": "C"}, {"id": "k", "title": "K"}
    guide = Guide(root=ROOT, questions=[q], cases=[c], katas=[k])
    assert [guide.item(i) for i in ("q", "c", "k", "nope")] == [("question", q), ("case", c), ("kata", k), None]


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> pathlib.Path:
    """The real guide three times over: enough files for parallel loading."""
    root = tmp_path_factory.mktemp("x3") / "project"
    synthesize(root, 3)
    assert sum(1 for _ in (root / "data").rglob("*.yaml")) >= parallel.MIN_ITEMS
    return root


def _run(root: pathlib.Path, workers: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, str(workers))
    result = loopguide(root, "validate")
    return result.returncode, result.stdout


def test_a_synthetic_guide_validates_in_one_process_and_in_several(big_project: pathlib.Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    real = sum(1 for _ in (ROOT / "data" / "questions").rglob("*.yaml"))
    for workers in (1, 2):
        code, out = _run(big_project, workers, monkeypatch)
        assert code == 0 and f" {3 * real} questions" in out, out


def test_parallel_loading_reports_exactly_what_one_process_does(big_project: pathlib.Path, tmp_path: pathlib.Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "broken"
    shutil.copytree(big_project, root, symlinks=True)
    questions = sorted((root / "data" / "questions" / "coding").glob("*.yaml"))
    first, second, third = questions[0], questions[5], questions[9]
    second.write_text(second.read_text(encoding="utf-8").replace(f"id: {second.stem}\n", f"id: {first.stem}\n", 1),
                      encoding="utf-8")
    text = third.read_text(encoding="utf-8")
    third.write_text(text.replace("difficulty: ", "difficulty: impossible\nold_difficulty: ", 1), encoding="utf-8")
    kata = sorted((root / "data" / "katas").glob("*.yaml"))[4]
    kata.write_text(kata.read_text(encoding="utf-8").replace("solution: |\n", "solution: |\n  def (:\n", 1),
                    encoding="utf-8")
    case = sorted((root / "data" / "cases").glob("*.yaml"))[2]
    case.write_text(case.read_text(encoding="utf-8").replace("related: [", "related: [no-such-item, ", 1), encoding="utf-8")
    (root / "data" / "questions" / "coding" / "zz-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")

    serial_code, serial = _run(root, 1, monkeypatch)
    parallel_code, in_parallel = _run(root, 2, monkeypatch)
    assert serial_code == parallel_code == 1
    assert in_parallel == serial
    for expected in (f"is already used by data/questions/coding/{first.name}:", "'impossible' is not allowed",
                     "Python syntax error", "related item 'no-such-item' does not exist", "YAML syntax error"):
        assert expected in serial, expected


def test_plain_scalars_keep_yaml_types_when_read_again() -> None:
    """Short plain scalars have their YAML type looked up once; quoting must still make text."""
    text = "a: yes\nb: '1'\nc: 1\nd: null\ne: 2024-01-01\nf: 1.5\ng: on\nh: 'on'\n"
    expected = {"a": True, "b": "1", "c": 1, "d": None, "e": datetime.date(2024, 1, 1), "f": 1.5, "g": True, "h": "on"}
    for _ in range(2):
        for positions in (False, True):
            assert load_text(text, "f.yaml", positions=positions)[0].data == expected
