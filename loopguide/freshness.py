"""Facts that move: which questions, cases and references are due for another look.

A question or case carries `reviewed: "YYYY-MM-DD"` once an editor has checked its claims; a
reference carries `checked: "YYYY-MM"` once someone has opened it and found it still says what
it is cited for. Both are validated by the schema before they reach this module.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from .model import Guide, Item

MONTH_NAMES = tuple(calendar.month_name)[1:]  # English whatever the locale, unlike strftime("%B")


@dataclass(frozen=True)
class Due:
    source: str  # file relative to the project root
    reason: str


def review_month(value: object) -> str:
    """'2026-12-06' -> 'December 2026'; anything that is not such a date is returned as text."""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier, clamped to the end of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last))


def due_for_review(guide: Guide, months: int, today: datetime.date) -> list[Due]:
    """Every item never reviewed or reviewed before the cut-off, and every reference checked before it."""
    cutoff = months_before(today, months)
    found: list[Due] = []
    for kind, items in (("question", guide.questions), ("case", guide.cases)):
        for item in sorted(items, key=lambda it: guide.sources.get(it["id"], it["id"])):
            found.extend(_item_due(guide.sources.get(item["id"], item["id"]), kind, item, cutoff))
    return found


def _item_due(source: str, kind: str, item: Item, cutoff: datetime.date) -> list[Due]:
    due = []
    reviewed = item.get("reviewed")
    if reviewed is None:
        due.append(Due(source, f"{kind} never reviewed"))
    elif datetime.date.fromisoformat(reviewed) < cutoff:
        due.append(Due(source, f"{kind} last reviewed {reviewed}, before {cutoff.isoformat()}"))
    month_cutoff = cutoff.strftime("%Y-%m")
    for i, ref in enumerate(item.get("references", []), start=1):
        checked = ref.get("checked")
        if checked is not None and checked < month_cutoff:  # "YYYY-MM" strings sort as dates
            due.append(Due(source, f"reference {i} ({ref['title']}) last checked {checked}, before {month_cutoff}"))
    return due
