"""The Guide: every validated content item, held as plain dicts, with lookups."""
from __future__ import annotations

import pathlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

Item = dict[str, Any]
SENIORITY = ("junior", "mid", "senior", "staff")
DIFFICULTY = ("easy", "medium", "hard")


@dataclass
class Guide:
    root: pathlib.Path
    rounds: list[Item] = field(default_factory=list)
    categories: list[Item] = field(default_factory=list)
    levels: list[Item] = field(default_factory=list)
    phases: list[Item] = field(default_factory=list)
    questions: list[Item] = field(default_factory=list)
    cases: list[Item] = field(default_factory=list)
    katas: list[Item] = field(default_factory=list)
    calculators: list[Item] = field(default_factory=list)
    loops: list[Item] = field(default_factory=list)  # loop archetypes
    diagnostic: Item | None = None
    mock: Item | None = None
    topics: list[str] = field(default_factory=list)
    # id -> source file relative to the project root, for "edit this page" links and messages
    sources: dict[str, str] = field(default_factory=dict)
    # linkable id -> ('question' | 'case' | 'kata', item); a page looks up each related item here
    _linkable: dict[str, tuple[str, Item]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.phases.sort(key=lambda p: p["id"])
        self.questions.sort(key=lambda q: (q["category"], q["title"].lower()))
        self.cases.sort(key=lambda c: c["title"].lower())
        self.katas.sort(key=lambda k: k["title"].lower())
        self.calculators.sort(key=lambda c: c["title"].lower())
        self.loops.sort(key=lambda lp: lp["name"].lower())
        self._linkable = {}
        # ids are unique once validated; filled backwards so a duplicate resolves as a front-to-back scan would
        for kind, items in (("kata", self.katas), ("case", self.cases), ("question", self.questions)):
            for it in reversed(items):
                self._linkable[it["id"]] = (kind, it)

    def calculator(self, calculator_id: str) -> Item:
        return next(c for c in self.calculators if c["id"] == calculator_id)

    def category_by_id(self, category_id: str) -> Item:
        return next(c for c in self.categories if c["id"] == category_id)

    def phase(self, phase_id: str) -> Item:
        return next(p for p in self.phases if p["id"] == phase_id)

    def questions_in(self, category_id: str) -> list[Item]:
        return [q for q in self.questions if q["category"] == category_id]

    def topic_counts(self) -> list[tuple[str, int]]:
        """(topic, how many questions, cases and katas carry it) for every topic in use, by name."""
        counts = Counter(t for item in (*self.questions, *self.cases, *self.katas) for t in item.get("topics", []))
        return sorted(counts.items())

    def categories_of_phase(self, phase_id: str) -> list[Item]:
        return [c for c in self.categories if c["phase"] == phase_id]

    def item(self, item_id: str) -> tuple[str, Item] | None:
        """('question' | 'case' | 'kata', item) for a linkable id."""
        return self._linkable.get(item_id)

    def counts(self) -> dict[str, int]:
        return {
            "rounds": len(self.rounds), "categories": len(self.categories), "phases": len(self.phases),
            "questions": len(self.questions), "cases": len(self.cases), "katas": len(self.katas),
            "loops": len(self.loops),
            "checklist items": sum(len(p["checklist"]) for p in self.phases),
        }
