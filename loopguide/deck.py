"""The question bank as an Anki deck (genanki) and as CSV: one note or row per question.

Anki recognises a note by its guid, so every guid comes from the question id alone: importing a
newer deck updates the reader's cards (and keeps their review history) instead of adding copies.
Content is untrusted: every field is escaped text in paragraphs, never Markdown rendered to HTML.
"""
from __future__ import annotations

import csv
import html
import io
import pathlib
import re
import tempfile

from .model import Guide, Item

# Fixed forever: a new id would make Anki see a different note type and deck.
MODEL_ID = 1_735_246_801
DECK_ID = 1_735_246_802
DECK_NAME = "loopguide: AI engineer interview questions"
FIELDS = ["Id", "Title", "Prompt", "Answer", "Strong", "Weak", "FollowUps"]
CSV_COLUMNS = ["id", "title", "category", "difficulty", "topics", "prompt", "answer", "strong", "weak", "follow_ups"]
_MARKUP = re.compile(r"\*\*|`")  # bold and inline-code marks; single * and _ are often maths or names
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)

FRONT = "<h2>{{Title}}</h2>{{Prompt}}"
BACK = ("{{FrontSide}}<hr id=answer><h3>Model answer</h3>{{Answer}}<h3>A strong answer</h3>{{Strong}}"
        "<h3>A weak answer</h3>{{Weak}}<h3>Follow-ups</h3>{{FollowUps}}")
CSS = ".card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; max-width: 42em; margin: auto; }"


def _blocks(text: str) -> list[tuple[str, str]]:
    """("p", paragraph) and ("code", fenced code) blocks in order; paragraphs lose bold and code marks."""
    blocks: list[tuple[str, str]] = []
    at = 0
    for fence in [*_FENCE.finditer(text), None]:
        prose = text[at:fence.start() if fence else len(text)]
        blocks += [("p", " ".join(_MARKUP.sub("", p).split())) for p in re.split(r"\n\s*\n", prose) if p.strip()]
        if fence:
            blocks.append(("code", fence.group(1).rstrip("\n")))
            at = fence.end()
    return blocks


def plain(text: str) -> str:
    """Prose as plain text, paragraphs and code blocks separated by blank lines."""
    return "\n\n".join(body for _, body in _blocks(text))


def _paragraphs(text: str) -> str:
    return "".join(f"<pre>{html.escape(body)}</pre>" if kind == "code" else f"<p>{html.escape(body)}</p>"
                   for kind, body in _blocks(text))


def _items(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(plain(x))}</li>" for x in lines) + "</ul>"


def _follow_ups(q: Item) -> str:
    return "".join(f"<p><b>{html.escape(plain(f['question']))}</b></p>{_paragraphs(f['answer'])}" for f in q["follow_ups"])


def note_fields(q: Item) -> list[str]:
    return [q["id"], html.escape(plain(q["title"])), _paragraphs(q["question"]), _paragraphs(q["answer"]),
            _items(q["strong"]), _items(q["weak"]), _follow_ups(q)]


def note_tags(q: Item) -> list[str]:
    return [q["category"], *q.get("topics", []), f"difficulty::{q['difficulty']}"]


def write_anki(guide: Guide, out: pathlib.Path) -> int:
    """Write the deck to out (.apkg); the number of notes."""
    import genanki  # only this command needs it

    model = genanki.Model(MODEL_ID, "loopguide question", fields=[{"name": f} for f in FIELDS],
                          templates=[{"name": "Recall", "qfmt": FRONT, "afmt": BACK}], css=CSS)
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for q in guide.questions:
        deck.add_note(genanki.Note(model=model, fields=note_fields(q), tags=note_tags(q),
                                   guid=genanki.guid_for("loopguide", q["id"])))
    genanki.Package(deck).write_to_file(str(out))
    return len(deck.notes)


def csv_text(guide: Guide) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for q in guide.questions:
        writer.writerow([q["id"], plain(q["title"]), q["category"], q["difficulty"], " ".join(q.get("topics", [])),
                         plain(q["question"]), plain(q["answer"]), "\n".join(plain(x) for x in q["strong"]),
                         "\n".join(plain(x) for x in q["weak"]),
                         "\n\n".join(f"{plain(f['question'])}\n{plain(f['answer'])}" for f in q["follow_ups"])])
    return buffer.getvalue()


def anki_bytes(guide: Guide) -> bytes:
    """The .apkg as bytes, for the site build."""
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "loopguide.apkg"
        write_anki(guide, path)
        return path.read_bytes()
