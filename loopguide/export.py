"""The whole validated guide as one JSON document (schemas/guide.schema.json)."""
from __future__ import annotations

from typing import Any

from .model import Guide

FORMAT_VERSION = 1


def to_json(guide: Guide) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "counts": guide.counts(),
        "topics": guide.topics,
        "rounds": guide.rounds,
        "categories": guide.categories,
        "levels": guide.levels,
        "phases": guide.phases,
        "questions": guide.questions,
        "cases": guide.cases,
        "katas": guide.katas,
        "calculators": guide.calculators,
        "loops": guide.loops,
        "diagnostic": guide.diagnostic,
    }
