"""What the study plan can draw from: every question, case study and kata with its estimate in
minutes, what each diagnostic item trains, each phase's own material and each phase's mock.

The same dict goes to the browser (the diagnostic page's data) and to loopguide.diagnostic.days,
so both engines plan from identical input.
"""
from __future__ import annotations

from typing import Any

from .model import Guide, Item

DEFAULT_MOCK_MINUTES = 60


def _mock_minutes(guide: Guide, phase: Item) -> tuple[str, int]:
    """The phase's first round timed in minutes: (round name, its longest length)."""
    rounds = {r["id"]: r for r in guide.rounds}
    for round_id in phase.get("rounds", []):
        r = rounds.get(round_id)
        if r and r["length"]["unit"] == "minutes":
            return r["name"], r["length"]["max"]
    return phase["name"], DEFAULT_MOCK_MINUTES


def plan_pool(guide: Guide, urls: dict[str, str]) -> dict[str, Any]:
    """urls maps every question, case and kata id to its site URL."""
    rules = (guide.diagnostic or {}).get("plan", {})
    minutes = rules.get("minutes", {"question": 10, "case": 45, "checklist": 15})
    phase_of_category = {c["id"]: c["phase"] for c in guide.categories}
    phase_of_kind = {"case": phase_of_category.get("system-design"), "kata": phase_of_category.get("coding")}

    items: dict[str, dict[str, Any]] = {}
    phase_items: dict[str, list[str]] = {p["id"]: [] for p in guide.phases}
    for kind, things in (("question", guide.questions), ("case", guide.cases), ("kata", guide.katas)):
        for it in things:
            phase = phase_of_category[it["category"]] if kind == "question" else phase_of_kind[kind]
            items[it["id"]] = {
                "kind": kind, "title": it["title"], "url": urls[it["id"]], "phase": phase,
                "minutes": it["time_budget_minutes"] if kind == "kata" else minutes[kind],
                "difficulty": it.get("difficulty", "hard"),  # case studies carry none: they are senior-grade
                "seniority": it.get("seniority", ["junior", "mid", "senior", "staff"]),
            }
            if phase in phase_items:
                phase_items[phase].append(it["id"])

    trains: dict[str, list[str]] = {}
    for d in (guide.diagnostic or {}).get("items", []):
        spec = d.get("trains", {})
        explicit = [i for field in ("cases", "katas", "questions") for i in spec.get(field, []) if i in items]
        topics = set(spec.get("topics", []))
        matched = [i for p in d["phases"] for i in phase_items.get(p, [])
                   if topics & set(_topics(guide, i))]
        trains[d["id"]] = list(dict.fromkeys(explicit + matched))

    mocks = {}
    for p in guide.phases:
        name, length = _mock_minutes(guide, p)
        mocks[p["id"]] = {"round": name, "minutes": length}
    return {"items": items, "trains": trains, "phase_items": phase_items, "mocks": mocks,
            "checklist_minutes": minutes["checklist"]}


def _topics(guide: Guide, item_id: str) -> list[str]:
    found = guide.item(item_id)
    return found[1].get("topics", []) if found else []


KIND_LETTERS = {"question": "q", "case": "c", "kata": "k"}
LEVEL_LETTERS = {"junior": "j", "mid": "m", "senior": "s", "staff": "S"}


def wire_pool(pool: dict[str, Any]) -> dict[str, Any]:
    """The pool packed for the page (about half the bytes); plan-pool.js `expandPool` restores it exactly.

    Items become rows [id, kind letter, phase, title, url, minutes, difficulty, level letters];
    each phase's own list is the rows' order, so it is not sent twice."""
    rows = [[i, KIND_LETTERS[it["kind"]], it["phase"], it["title"], it["url"], it["minutes"], it["difficulty"],
             "".join(LEVEL_LETTERS[s] for s in it["seniority"])] for i, it in pool["items"].items()]
    return {"rows": rows, "trains": pool["trains"], "phases": list(pool["phase_items"]), "mocks": pool["mocks"],
            "checklist_minutes": pool["checklist_minutes"]}


TRAIN_LINKS = 4


def checklist_training(guide: Guide, phase: Item) -> dict[str, list[tuple[str, Item]]]:
    """Each checklist item's id -> up to four (kind, item) that train it: named ids, then topic matches."""
    phase_of_category = {c["id"]: c["phase"] for c in guide.categories}
    in_phase = [(kind, it) for kind, items in (("question", guide.questions), ("case", guide.cases), ("kata", guide.katas))
                for it in items if kind != "question" or phase_of_category.get(it["category"]) == phase["id"]]
    out: dict[str, list[tuple[str, Item]]] = {}
    for check in phase["checklist"]:
        spec = check.get("trains", {})
        named = [guide.item(i) for field in ("cases", "katas", "questions") for i in spec.get(field, [])]
        topics = set(spec.get("topics", []))
        matched = [(k, it) for k, it in in_phase if topics & set(it.get("topics", []))]
        seen: dict[str, tuple[str, Item]] = {}
        for found in [*named, *matched]:
            if found is not None and found[1]["id"] not in seen:
                seen[found[1]["id"]] = found
        out[check["id"]] = list(seen.values())[:TRAIN_LINKS]
    return out
