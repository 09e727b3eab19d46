"""Skeleton files for contributors: schema-valid, with TODOs to fill in."""
from __future__ import annotations

import pathlib
import re

from . import schemas

QUESTION = """\
# yaml-language-server: $schema=../../../schemas/question.schema.json
id: {id}
category: {category}
title: "TODO: a short, distinctive title"
question: >-
  TODO: the question as the interviewer says it, ideally with a concrete scenario.
measures: >-
  TODO: what the interviewer is measuring.
answer: |
  TODO: the model answer, 150-400 words. Name the trade-off and a failure mode, and give
  numbers where they exist.
weak:
  - "TODO: what a weak answer sounds like"
strong:
  - "TODO: what a strong answer contains"
follow_ups:
  - question: "TODO: a follow-up that drills deeper"
    answer: >-
      TODO: its answer.
  - question: "TODO: a second follow-up"
    answer: >-
      TODO: its answer.
seniority: [mid]
difficulty: medium
rounds: [ai-ml-deep-dive]
topics: [{topic}]
"""
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def new_question(root: pathlib.Path, category: str, item_id: str) -> pathlib.Path:
    defs = schemas.schema_of(root / "schemas", "defs")["$defs"]
    categories = defs["category"]["enum"]
    if category not in categories:
        raise ValueError(f"unknown category '{category}'; choose one of: {', '.join(categories)}")
    if not _ID.match(item_id):
        raise ValueError(f"'{item_id}' is not a kebab-case id (lowercase letters and digits joined by single hyphens)")
    taken = [p for p in (root / "data").rglob(f"{item_id}.yaml")]
    if taken:
        raise ValueError(f"the id '{item_id}' is taken by {taken[0].relative_to(root)}")
    path = root / "data" / "questions" / category / f"{item_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    topic = {"coding": "python", "behavioral": "communication", "system-design": "system-design",
             "llm-rag": "rag", "applied-ml": "training", "ml-fundamentals": "deep-learning"}[category]
    path.write_text(QUESTION.format(id=item_id, category=category, topic=topic), encoding="utf-8")
    return path
