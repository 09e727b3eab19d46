"""The shortcuts that keep validation fast at scale must not change what it reports:
the quick schema test, parallel loading, positions rebuilt on demand, the unsafe-markup pre-checks."""
from __future__ import annotations

import datetime
import copy
import pathlib
import shutil
import sys
from typing import Any, Iterator

import jsonschema
import pytest
import yaml

from conftest import ROOT, loopguide, make_project
from loopguide import markup, parallel, quickcheck, schemas
from loopguide.loader import load_text
from loopguide.model import Guide

sys.path.insert(0, str(ROOT))
from bench.build_bench import synthesize  # noqa: E402

CHECKERS = schemas.checkers((ROOT / "schemas").resolve())
ODD_VALUES: list[Any] = [None, True, False, 0, 1, -1, 2.5, 3.0, "", "x", "Not-An-Id!", [], ["x", "x"], {}, {"x": 1}]


def _sample_files() -> list[tuple[str, pathlib.Path]]:
    """Every singleton file, every phase, case and kata, and the first question of each category."""
    data = ROOT / "data"
    picks = [(kind, data / name) for name, kind in (("rounds.yaml", "rounds"), ("categories.yaml", "categories"),
                                                   ("diagnostic.yaml", "diagnostic"), ("levels.yaml", "levels"))]
    picks += [("phase", p) for p in sorted((data / "phases").glob("*.yaml"))]
    picks += [("case", p) for p in sorted((data / "cases").glob("*.yaml"))]
    picks += [("kata", p) for p in sorted((data / "katas").glob("*.yaml"))]
    picks += [("question", sorted(folder.glob("*.yaml"))[0]) for folder in sorted((data / "questions").iterdir())]
    return picks


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _mutations(doc: Any) -> Iterator[Any]:
    """Documents one edit away from a valid one: every value swapped for odd ones, keys dropped and added."""
    for path in _paths(doc):
        parent_path, last = path[:-1], path[-1] if path else None
        for odd in ODD_VALUES:
            changed = copy.deepcopy(doc)
            if not path:
                yield odd
                continue
            parent = changed
            for part in parent_path:
                parent = parent[part]
            parent[last] = odd
            yield changed
        target = copy.deepcopy(doc)
        node = target
        for part in path:
            node = node[part]
        if isinstance(node, dict):
            for key in list(node)[:3]:
                dropped = copy.deepcopy(target)
                holder = dropped
                for part in path:
                    holder = holder[part]
                del holder[key]
                yield dropped
            node["not_a_field"] = "x"
            yield target
        elif isinstance(node, list) and node:
            node.append(copy.deepcopy(node[0]))
            yield target


@pytest.mark.parametrize("kind,path", _sample_files(), ids=lambda x: x.name if isinstance(x, pathlib.Path) else x)
def test_quick_schema_test_never_accepts_what_jsonschema_rejects(kind: str, path: pathlib.Path) -> None:
    checker = CHECKERS[kind]
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert checker.quick(doc), "the quick test turns down a real file, so validation takes the slow path"
    accepted_invalid, rejected = [], 0
    for changed in _mutations(doc):
        if not checker.quick(changed):
            rejected += 1
        elif next(checker.validator.iter_errors(changed), None) is not None:
            accepted_invalid.append(changed)
    assert not accepted_invalid, f"{len(accepted_invalid)} invalid documents passed the quick test"
    assert rejected > 0


def test_quick_schema_test_edge_cases() -> None:
    one_of = quickcheck.compile_test({"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}, ())
    assert one_of({"a": 1}) and not one_of({"a": 1, "b": 2}) and not one_of({})
    assert not one_of(5)  # `required` ignores a number, so both branches hold and oneOf fails
    number = quickcheck.compile_test({"type": "number", "minimum": 0}, ())
    assert number(0) and number(1.5) and not number(True) and not number(-1)
    integer = quickcheck.compile_test({"type": "integer"}, ())
    assert integer(2) and not integer(2.5) and not integer(False)
    for schema in ({"not": {}}, {"anyOf": [{}]}, {"enum": [1, 2]}, {"items": [{}]}, {"format": "email"}):
        assert quickcheck.compile_test(schema, jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers) is None
    formats = jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers
    date_schema = {"type": "string", "format": "date"}
    date = quickcheck.compile_test(date_schema, formats)
    real = jsonschema.Draft202012Validator(date_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for value in ("2026-12-06", "2024-02-29", "2026-02-30", "2026-13-01", "20261206", "2026-12-6", "２０２６-12-06"):
        assert date(value) == real.is_valid(value), value


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
