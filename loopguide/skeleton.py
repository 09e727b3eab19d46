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
KATA = """\
# yaml-language-server: $schema=../../schemas/kata.schema.json
id: {id}
title: "TODO: a short, distinctive title"
summary: "TODO: one sentence for lists and the page's meta description."
difficulty: medium
seniority: [mid]
topics: [python]
entrypoint: solve
signature: "solve(x: int) -> int"
packages: []
time_budget_minutes: 20
prompt: |
  TODO: the task as the interviewer states it. State every rule the tests rely on (ties, empty
  input, errors, return type) and give a small worked example.
starter: |
  def solve(x):
      \"\"\"TODO: the docstring the reader starts from.\"\"\"
      raise NotImplementedError
solution: |
  def solve(x):
      \"\"\"TODO: the docstring the reader starts from.\"\"\"
      return x
explanation:
  - lines: "1-2"
    note: "TODO: why the signature looks like this."
  - lines: "3"
    note: "TODO: why this line is there."
tests:
  - name: "TODO: an example shown before the first run"
    example: true
    call: solve(1)
    expected: "1"
  - name: "TODO: an edge case"
    call: solve(0)
    expected: "0"
  - name: "TODO: a larger input"
    call: solve(10 ** 6)
    expected: "10 ** 6"
  - name: "TODO: an error case"
    call: solve(-1)
    expected: "-1"
hints:
  - "TODO: a first nudge."
  - "TODO: a second, more specific hint."
follow_ups:
  - question: "TODO: a follow-up the interviewer asks once it works"
    answer: "TODO: its answer, with numbers where they exist."
  - question: "TODO: a second follow-up"
    answer: "TODO: its answer."
"""
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _check_id(root: pathlib.Path, item_id: str) -> None:
    if not _ID.match(item_id):
        raise ValueError(f"'{item_id}' is not a kebab-case id (lowercase letters and digits joined by single hyphens)")
    taken = [p for p in (root / "data").rglob(f"{item_id}.yaml")]
    if taken:
        raise ValueError(f"the id '{item_id}' is taken by {taken[0].relative_to(root)}")


def new_kata(root: pathlib.Path, item_id: str) -> pathlib.Path:
    """A kata whose starter fails and solution passes its tests, so `katas` works from the start."""
    _check_id(root, item_id)
    path = root / "data" / "katas" / f"{item_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(KATA.format(id=item_id), encoding="utf-8")
    return path


def new_question(root: pathlib.Path, category: str, item_id: str) -> pathlib.Path:
    defs = schemas.schema_of(root / "schemas", "defs")["$defs"]
    categories = defs["category"]["enum"]
    if category not in categories:
        raise ValueError(f"unknown category '{category}'; choose one of: {', '.join(categories)}")
    _check_id(root, item_id)
    path = root / "data" / "questions" / category / f"{item_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    topic = {"coding": "python", "behavioral": "communication", "system-design": "system-design",
             "llm-rag": "rag", "applied-ml": "training", "ml-fundamentals": "deep-learning"}[category]
    path.write_text(QUESTION.format(id=item_id, category=category, topic=topic), encoding="utf-8")
    return path
