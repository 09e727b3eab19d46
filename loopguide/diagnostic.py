"""The diagnostic's routing and study plan, evaluated from data/diagnostic.yaml.

This is the reference implementation; docs/assets/js/diagnostic-engine.js is its twin for the
browser, written operation for operation alike, and a test runs every answer combination
through both. Keep the arithmetic identical when changing either.
"""
from __future__ import annotations

import math
from typing import Any

PHASES = ("phase-1", "phase-2", "phase-3", "phase-4")
EPS = 1e-9


def _half_hours(x: float) -> float:
    """Round to the nearest half hour, halves up (not banker's rounding, to match JavaScript)."""
    return math.floor(x * 2 + 0.5) / 2


def route(diag: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    """Where to start: {mode, start, order, worst, reasons, compress, prioritise}."""
    severity = {a["id"]: a["severity"] for a in diag["answers"]}
    sev = {item["id"]: severity[answers[item["id"]]] for item in diag["items"]}
    worst = {p: 0 for p in PHASES}
    total = {p: 0 for p in PHASES}
    for item in diag["items"]:
        for p in item["phases"]:
            worst[p] = max(worst[p], sev[item["id"]])
            total[p] += sev[item["id"]]
    tie = diag["routing"]["tie_break"]
    compress: list[str] = []
    prioritise: list[str] = []
    if all(s == 2 for s in sev.values()):
        mode = "all_stuck"
        rule = diag["routing"]["all_stuck"]
        order = list(rule["order"])
        compress, prioritise = list(rule["compress"]), list(rule["prioritise"])
    elif all(s == 0 for s in sev.values()):
        mode = "all_clear"
        order = list(tie)
    else:
        mode = "gap"
        order = sorted(PHASES, key=lambda p: (-worst[p], -total[p], tie.index(p)))
    start = order[0]
    reasons = [item["id"] for item in diag["items"]
               if start in item["phases"] and sev[item["id"]] > 0 and sev[item["id"]] == worst[start]]
    return {"mode": mode, "start": start, "order": order, "worst": worst, "reasons": reasons,
            "compress": compress, "prioritise": prioritise}


def plan(diag: dict[str, Any], routed: dict[str, Any], weeks: int, hours: float, level: str) -> dict[str, Any]:
    """A week-by-week plan: {kind, phases: [{phase, hours}], weeks: [[{phase, hours, mock}]]}."""
    rules = diag["plan"]
    level_weights = rules["seniority_weights"][level]
    weight: dict[str, float] = {}
    for p in routed["order"]:
        w = rules["severity_weight"][routed["worst"][p]] * level_weights[p]
        if p == routed["start"]:
            w = w + rules["start_bonus"]
        if p in routed["compress"]:
            w = w * 0.5
        if p in routed["prioritise"]:
            w = w * 1.5
        weight[p] = w

    kind = "standard"
    active = list(routed["order"])
    share: dict[str, float] = {}
    if weeks < rules["short"]["below_weeks"]:
        kind = "short"
        short = rules["short"]
        active = [p for p in active if p not in short["skip_unless_weak"] or p == routed["start"]]
        focus = [p for p in active if p in short["focus"]]
        rest = [p for p in active if p not in short["focus"]]
        focus_share = short["focus_share"] if rest else 1.0
        rest_share = 1.0 - focus_share if focus else 1.0
        focus_total = sum(weight[p] for p in focus)
        rest_total = sum(weight[p] for p in rest)
        for p in focus:
            share[p] = focus_share * weight[p] / focus_total
        for p in rest:
            share[p] = rest_share * weight[p] / rest_total
    else:
        if weeks >= rules["long"]["from_weeks"]:
            kind = "long"
        total_weight = sum(weight[p] for p in active)
        for p in active:
            share[p] = weight[p] / total_weight

    budget = weeks * hours
    allocation = [{"phase": p, "hours": share[p] * budget} for p in active]
    schedule: list[list[dict[str, Any]]] = [[] for _ in range(weeks)]
    week, room = 0, hours
    for entry in allocation:
        left = entry["hours"]
        while left > EPS and week < weeks:
            take = min(left, room)
            schedule[week].append({"phase": entry["phase"], "hours": take, "mock": False})
            left = left - take
            room = room - take
            if room <= EPS:
                week, room = week + 1, hours
    for w, slots in enumerate(schedule):
        for slot in slots:
            slot["hours"] = _half_hours(slot["hours"])
        schedule[w] = [s for s in slots if s["hours"] > 0]
    mocks = kind == "long" and rules["long"]["mock_per_phase"]
    for w, slots in enumerate(schedule):
        for slot in slots:
            later = any(s["phase"] == slot["phase"] for later_slots in schedule[w + 1:] for s in later_slots)
            slot["mock"] = mocks and not later
    phases = [{"phase": e["phase"], "hours": _half_hours(e["hours"])} for e in allocation]
    return {"kind": kind, "phases": phases, "weeks": schedule}


# --- Loop archetypes --------------------------------------------------------------------------------
# Kept apart from `plan` on purpose: an archetype only rescales the per-level phase weights the plan
# already reads (`with_loop`), and splits the plan's phase hours over rounds (`hours_by_round`).
# docs/assets/js/diagnostic-engine.js has the same three functions, operation for operation.
LOOP_FACTOR_MIN, LOOP_FACTOR_MAX = 0.5, 2.0


def round_phase_shares(rounds: list[dict[str, Any]], categories: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """{round: {phase: share}}: how a round's categories divide between the phases (build time only)."""
    phase_of = {c["id"]: c["phase"] for c in categories}
    shares: dict[str, dict[str, float]] = {}
    for r in rounds:
        cats = r.get("categories", [])
        mine: dict[str, float] = {}
        for cat in cats:
            mine[phase_of[cat]] = mine.get(phase_of[cat], 0.0) + 1.0 / len(cats)
        shares[r["id"]] = mine
    return shares


def loop_phase_factors(round_phases: dict[str, dict[str, float]], loop_weights: dict[str, float]) -> dict[str, float]:
    """{phase: factor}: the phase's weight in this loop against a loop giving every round the same weight,
    kept between LOOP_FACTOR_MIN and LOOP_FACTOR_MAX so no phase disappears or swamps the plan."""
    even = 1.0 / len(round_phases)
    factors: dict[str, float] = {}
    for p in PHASES:
        base, mine = 0.0, 0.0
        for r, shares in round_phases.items():
            share = shares.get(p, 0.0)
            base = base + even * share
            mine = mine + loop_weights.get(r, 0.0) * share
        factor = mine / base if base > 0 else 1.0
        factors[p] = min(LOOP_FACTOR_MAX, max(LOOP_FACTOR_MIN, factor))
    return factors


def with_loop(diag: dict[str, Any], factors: dict[str, float]) -> dict[str, Any]:
    """The diagnostic's rules with every level's phase weights scaled by `factors`; `diag` is left as it was."""
    rules = diag["plan"]
    levels = {level: {p: w * factors[p] for p, w in weights.items()} for level, weights in rules["seniority_weights"].items()}
    return {**diag, "plan": {**rules, "seniority_weights": levels}}


def hours_by_round(phase_hours: list[dict[str, Any]], round_phases: dict[str, dict[str, float]],
                   loop_weights: dict[str, float]) -> list[dict[str, Any]]:
    """[{round, hours}]: each phase's planned hours split over the rounds that draw on it, in proportion to
    the loop's weights (every round alike when there is no loop), to the nearest half hour."""
    weights = loop_weights if loop_weights else {r: 1.0 for r in round_phases}
    totals = {r: 0.0 for r in round_phases}
    for entry in phase_hours:
        p = entry["phase"]
        pull = {r: weights.get(r, 0.0) * shares.get(p, 0.0) for r, shares in round_phases.items()}
        total = 0.0
        for r in round_phases:
            total = total + pull[r]
        if total <= 0:  # the loop has no round for this phase: count it toward every round that draws on it
            pull = {r: shares.get(p, 0.0) for r, shares in round_phases.items()}
            for r in round_phases:
                total = total + pull[r]
        if total <= 0:
            continue
        for r in round_phases:
            totals[r] = totals[r] + entry["hours"] * pull[r] / total
    return [{"round": r, "hours": _half_hours(h)} for r, h in totals.items() if _half_hours(h) > 0]
