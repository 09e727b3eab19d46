"""The CLI: new, export, generate, and validate's summary."""
from __future__ import annotations

import json
import pathlib

import yaml

from conftest import ROOT, loopguide, make_project
from loopguide import schemas


def test_validate_summarises_counts_on_clean_content():
    result = loopguide(ROOT, "validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: ") and " questions" in result.stdout


def test_new_question_writes_a_schema_valid_skeleton(tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    result = loopguide(root, "new", "question", "--category", "coding", "--id", "gil-basics")
    assert result.returncode == 0, result.stderr
    path = root / "data" / "questions" / "coding" / "gil-basics.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/question.schema.json")
    errors = list(schemas.validators(root / "schemas")["question"].iter_errors(yaml.safe_load(text)))
    assert errors == []
    # the skeleton is valid but unfinished: validate names what is left to write
    check = loopguide(root, "validate")
    assert check.returncode == 1
    assert "data/questions/coding/gil-basics.yaml:" in check.stdout and "words; write 150–400" in check.stdout


def test_new_kata_writes_a_skeleton_whose_tests_already_run(tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    result = loopguide(root, "new", "kata", "--id", "two-sum")
    assert result.returncode == 0, result.stderr
    assert "python -m loopguide katas two-sum" in result.stdout
    text = (root / "data" / "katas" / "two-sum.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/kata.schema.json")
    assert loopguide(root, "validate").returncode == 0
    check = loopguide(root, "katas", "two-sum")
    assert check.returncode == 0 and "1 katas checked, 0 problems" in check.stderr
    again = loopguide(root, "new", "kata", "--id", "two-sum")
    assert again.returncode == 2 and "is taken by data/katas/two-sum.yaml" in again.stderr


def test_new_question_refuses_bad_input(tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    taken = loopguide(root, "new", "question", "--category", "coding", "--id", "prefill-vs-decode")
    assert taken.returncode == 2 and "taken by data/questions/llm-rag/prefill-vs-decode.yaml" in taken.stderr
    bad_cat = loopguide(root, "new", "question", "--category", "llm", "--id", "x-y")
    assert bad_cat.returncode == 2 and "unknown category 'llm'" in bad_cat.stderr
    bad_id = loopguide(root, "new", "question", "--category", "coding", "--id", "Bad_Id")
    assert bad_id.returncode == 2 and "not a kebab-case id" in bad_id.stderr


def test_export_is_one_document_that_matches_its_schema(tmp_path: pathlib.Path):
    out = tmp_path / "guide.json"
    result = loopguide(ROOT, "export", "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert list(schemas.validators(ROOT / "schemas")["guide"].iter_errors(document)) == []
    on_disk = len(list((ROOT / "data" / "questions").glob("*/*.yaml")))
    assert len(document["questions"]) == document["counts"]["questions"] == on_disk
    assert {p["id"] for p in document["phases"]} == {"phase-1", "phase-2", "phase-3", "phase-4"}


def test_export_refuses_invalid_content(tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    (root / "data" / "rounds.yaml").write_text("rounds: []\n", encoding="utf-8")
    result = loopguide(root, "export", "-o", str(tmp_path / "g.json"))
    assert result.returncode == 1 and "needs at least 1 item" in result.stdout
    assert not (tmp_path / "g.json").exists()


def test_generate_rewrites_only_changed_pages(tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    out = tmp_path / "pages"
    first = loopguide(root, "generate", "-o", str(out))
    assert first.returncode == 0, first.stdout
    page = out / "questions" / "llm-rag" / "prefill-vs-decode.md"
    assert page.exists() and "# Why the first token is slow" in page.read_text(encoding="utf-8")
    total = int(first.stdout.split(": ")[1].split(" written")[0])
    assert total >= 10
    again = loopguide(root, "generate", "-o", str(out))
    assert f"0 written, {total} unchanged" in again.stdout
    mtime = (out / "phases" / "phase-1.md").stat().st_mtime_ns
    q = root / "data" / "questions" / "llm-rag" / "prefill-vs-decode.yaml"
    q.write_text(q.read_text(encoding="utf-8").replace("Generation has two phases", "Generation runs in two phases"),
                 encoding="utf-8")
    changed = loopguide(root, "generate", "-o", str(out))
    assert "1 written" in changed.stdout
    assert "Generation runs in two phases" in page.read_text(encoding="utf-8")
    assert (out / "phases" / "phase-1.md").stat().st_mtime_ns == mtime
    topics = set(yaml.safe_load(q.read_text(encoding="utf-8"))["topics"])
    q.unlink()
    still_used = {t for f in (root / "data").rglob("*.yaml") for t in (yaml.safe_load(f.read_text(encoding="utf-8")) or {}).get("topics", [])}
    removed = loopguide(root, "generate", "-o", str(out))
    gone = 1 + len(topics - still_used)  # the question's page and any topic page left empty
    assert f", {gone} removed" in removed.stdout and not page.exists()
    assert all((out / "tags" / t / "index.md").exists() == (t in still_used) for t in topics)
