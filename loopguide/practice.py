"""What the practice widgets need in the browser: the question bank in queue order, question URLs
for the list marks, and the home page's Today card. Reader state stays in the browser."""
from __future__ import annotations

from typing import Any

from .model import Guide, Item

DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
DOWNLOADS = {"anki": "downloads/loopguide.apkg", "csv": "downloads/loopguide.csv"}


def question_url(q: Item) -> str:
    """The question page's URL relative to the site root."""
    return f"questions/{q['category']}/{q['id']}/"


def queue_order(guide: Guide) -> list[Item]:
    """New questions in category order, easy before hard (the page reorders by the reader's plan)."""
    order = []
    for category in guide.categories:
        order += sorted(guide.questions_in(category["id"]), key=lambda q: (DIFFICULTY_ORDER[q["difficulty"]], q["title"].lower()))
    return order


def practice_data(guide: Guide) -> dict[str, Any]:
    """The Practice page's queue material: one compact row per question, in study order
    (id, category index, topic indexes, level indexes): the page's weight budget counts every byte."""
    categories = [c["id"] for c in guide.categories]
    topics = sorted({t for q in guide.questions for t in q.get("topics", [])})
    levels = sorted({lv for q in guide.questions for lv in q["seniority"]})
    return {
        "questions": [[q["id"], categories.index(q["category"]), [topics.index(t) for t in q.get("topics", [])],
                       [levels.index(lv) for lv in q["seniority"]]] for q in queue_order(guide)],
        "categories": [{"id": c["id"], "name": c["name"], "phase": c["phase"]} for c in guide.categories],
        "phases": [p["id"] for p in guide.phases],
        "topics": topics,
        "levels": levels,
    }


def study_data(guide: Guide) -> list[dict[str, Any]]:
    """Per category, its question ids: the Progress page counts seen, due and retention from them."""
    return [{"id": c["id"], "name": c["name"], "questions": [q["id"] for q in guide.questions_in(c["id"])]}
            for c in guide.categories]


def marks_data(questions: list[Item]) -> dict[str, str]:
    """URL (relative to the site root) -> question id, for marking a list's links new, due or learned."""
    return {question_url(q): q["id"] for q in questions}


def today_data(guide: Guide) -> dict[str, Any]:
    return {
        "questions": {q["id"]: q["category"] for q in guide.questions},
        "phases": {p["id"]: {"name": p["name"], "url": f"phases/{p['id']}/"} for p in guide.phases},
    }
