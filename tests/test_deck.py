"""The question bank as an Anki deck and as CSV (#14 point 9): a valid .apkg with one note per
question and its fields, note ids that stay the same from one export to the next, and both files
offered by the built site's Practice page."""
from __future__ import annotations

import csv
import pathlib
import sqlite3
import tempfile
import zipfile

import genanki
import pytest

from conftest import ROOT, loopguide
from loopguide.deck import FIELDS, plain
from loopguide.validate import load_guide

GUIDE = load_guide(ROOT)
QUESTIONS = {q["id"]: q for q in GUIDE.questions}


def notes_in(apkg) -> list[tuple[str, list[str], list[str], int]]:
    """(guid, fields, tags, note id) of every note in the package's SQLite collection."""
    with zipfile.ZipFile(apkg) as z, tempfile.TemporaryDirectory() as tmp:
        names = z.namelist()
        assert "collection.anki2" in names and "media" in names
        collection = pathlib.Path(tmp) / "collection.anki2"
        collection.write_bytes(z.read("collection.anki2"))
        db = sqlite3.connect(collection)
        rows = db.execute("select guid, flds, tags, id from notes").fetchall()
        models = db.execute("select models from col").fetchone()[0]
        db.close()
    assert '"loopguide question"' in models
    return [(guid, flds.split("\x1f"), tags.split(), note_id) for guid, flds, tags, note_id in rows]


@pytest.fixture(scope="module")
def two_exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("deck")
    paths = [out / "first.apkg", out / "second.apkg"]
    for path in paths:
        result = loopguide(ROOT, "export", "--format", "anki", "-o", str(path))
        assert result.returncode == 0, result.stderr
        assert f"{len(QUESTIONS)} questions" in result.stderr
    return paths


def test_the_deck_has_one_note_per_question_with_its_fields(two_exports):
    notes = notes_in(two_exports[0])
    assert len(notes) == len(QUESTIONS)
    by_id = {fields[0]: (guid, fields, tags) for guid, fields, tags, _ in notes}
    assert set(by_id) == set(QUESTIONS)
    for qid, (guid, fields, tags) in by_id.items():
        q = QUESTIONS[qid]
        assert len(fields) == len(FIELDS)
        named = dict(zip(FIELDS, fields))
        assert plain(q["question"]).split("\n\n")[0][:60] in named["Prompt"].replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
        assert named["Answer"].startswith("<p>") or named["Answer"].startswith("<pre>")
        assert named["Strong"].count("<li>") == len(q["strong"]) and named["Weak"].count("<li>") == len(q["weak"])
        assert named["FollowUps"].count("<p><b>") == len(q["follow_ups"])
        assert set(tags) == {q["category"], *q.get("topics", []), f"difficulty::{q['difficulty']}"}
        assert guid == genanki.guid_for("loopguide", qid)


def test_exporting_twice_gives_the_same_note_ids(two_exports):
    first, second = (sorted((fields[0], guid) for guid, fields, _, _ in notes_in(p)) for p in two_exports)
    assert first == second and len({guid for _, guid in first}) == len(QUESTIONS)


def test_csv_has_one_row_per_question_with_the_same_fields(tmp_path):
    out = tmp_path / "loopguide.csv"
    assert loopguide(ROOT, "export", "--format", "csv", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["id"] for r in rows] == [q["id"] for q in GUIDE.questions]
    for row in rows:
        q = QUESTIONS[row["id"]]
        assert row["answer"] == plain(q["answer"]) and row["strong"].split("\n") == [plain(x) for x in q["strong"]]
        assert row["topics"].split() == q.get("topics", []) and row["difficulty"] == q["difficulty"]


def test_an_anki_deck_needs_an_output_file():
    result = loopguide(ROOT, "export", "--format", "anki")
    assert result.returncode == 2 and "-o" in result.stderr


def test_the_built_site_offers_both_files_on_the_practice_page(built_site):
    html = (built_site / "practice" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/loopguide.apkg"' in html and 'href="../downloads/loopguide.csv"' in html
    assert len(notes_in(built_site / "downloads" / "loopguide.apkg")) == len(QUESTIONS)
    assert (built_site / "downloads" / "loopguide.csv").read_text(encoding="utf-8").count("\n") > len(QUESTIONS)
