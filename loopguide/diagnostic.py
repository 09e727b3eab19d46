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
CONTENT = ("question", "case", "kata")


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
    return {"mode": mode, "start": start, "order": order, "worst": worst, "total": total, "reasons": reasons,
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
        # No other phase may outweigh the focus: a capped surplus goes back to the focus phases.
        if focus and rest:
            cap = max(share[p] for p in focus)
            surplus = 0.0
            for p in rest:
                if share[p] > cap:
                    surplus = surplus + share[p] - cap
                    share[p] = cap
            for p in focus:
                share[p] = share[p] + surplus * weight[p] / focus_total
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


def ties(routed: dict[str, Any]) -> list[list[str]]:
    """Neighbours in the order that were equally weak, so the tie-break put one first: [[first, second]]."""
    if routed["mode"] != "gap":
        return []
    order, worst, total = routed["order"], routed["worst"], routed["total"]
    return [[a, b] for a, b in zip(order, order[1:])
            if worst[a] == worst[b] and total[a] == total[b] and worst[a] > 0]


def queue(diag: dict[str, Any], pool: dict[str, Any], answers: dict[str, str], phase: str, level: str) -> list[str]:
    """A phase's material in the order to study it: what trains the weakest answers first, then the rest."""
    severity = {a["id"]: a["severity"] for a in diag["answers"]}
    weak = [item for item in diag["items"] if phase in item["phases"] and severity[answers[item["id"]]] > 0]
    weak.sort(key=lambda item: -severity[answers[item["id"]]])  # stable: equal answers keep item order
    ids: list[str] = []
    for item in weak:
        ids += _mixed(pool, _by_level(diag, pool, pool["trains"][item["id"]], level))
    ids += _mixed(pool, _by_level(diag, pool, pool["phase_items"][phase], level))
    return list(dict.fromkeys(ids))


def _by_level(diag: dict[str, Any], pool: dict[str, Any], ids: list[str], level: str) -> list[str]:
    rank = diag["plan"]["difficulty_order"][level]
    items = pool["items"]
    return sorted(ids, key=lambda i: (0 if level in items[i]["seniority"] else 1, rank.index(items[i]["difficulty"])))


def _mixed(pool: dict[str, Any], ids: list[str]) -> list[str]:
    """Case studies and katas spread among the questions: one of them, then up to three questions."""
    heavy = [i for i in ids if pool["items"][i]["kind"] != "question"]
    light = [i for i in ids if pool["items"][i]["kind"] == "question"]
    out: list[str] = []
    while heavy or light:
        if heavy:
            out.append(heavy.pop(0))
        out += light[:3]
        light = light[3:]
    return out


def day_layout(diag: dict[str, Any], hours: float) -> tuple[int, float]:
    """(study days a week, minutes a day): fewer days when a day would be shorter than the minimum."""
    rule = diag["plan"]["days"]
    per_week = max(1, min(rule["per_week"], math.floor(hours * 60 / rule["min_minutes"])))
    return per_week, hours * 60 / per_week


def days(diag: dict[str, Any], pool: dict[str, Any], routed: dict[str, Any], planned: dict[str, Any],
         answers: dict[str, str], hours: float, level: str, done: list[str]) -> dict[str, Any]:
    """The plan day by day: {per_week, day_minutes, days: [{n, week, minutes, items: [{kind, id, phase, minutes}]}]}.

    `done` holds "kind:id" keys already ticked, which are not planned again. Each phase's material
    fills its share of each week in queue order; a phase's last week ends with a checklist review
    (and a mock in long plans); the plan always ends with a mock interview."""
    per_week, capacity = day_layout(diag, hours)
    used = set(done)
    queues = {p["phase"]: queue(diag, pool, answers, p["phase"], level) for p in planned["phases"]}
    weeks = planned["weeks"]
    last_week = {}
    for w, slots in enumerate(weeks):
        for slot in slots:
            last_week[slot["phase"]] = w
    mock_each = any(s["mock"] for slots in weeks for s in slots)
    final_phase = routed["start"]
    out: list[dict[str, Any]] = []
    for w, slots in enumerate(weeks):
        week_days: list[list[dict[str, Any]]] = [[] for _ in range(per_week)]
        cursor = {"day": 0, "used": 0}

        def place(entry: dict[str, Any], must: bool) -> bool:
            m = entry["minutes"]
            if cursor["used"] + m > capacity and cursor["used"] > 0:
                if cursor["day"] + 1 < per_week:
                    cursor["day"], cursor["used"] = cursor["day"] + 1, 0
                elif not must:
                    return False
                else:  # the week is full: a review or mock pushes the day's last questions to a later week
                    day = week_days[cursor["day"]]
                    while cursor["used"] + m > capacity and day and day[-1]["kind"] in CONTENT:
                        gone = day.pop()
                        cursor["used"] -= gone["minutes"]
                        used.discard(f"{gone['kind']}:{gone['id']}")
            week_days[cursor["day"]].append(entry)
            cursor["used"] += m
            return True

        for s, slot in enumerate(slots):
            phase = slot["phase"]
            ending = last_week[phase] == w and not any(x["phase"] == phase for x in slots[s + 1:])
            closing: list[dict[str, Any]] = []
            if ending:
                closing.append({"kind": "checklist", "id": phase, "phase": phase, "minutes": pool["checklist_minutes"]})
                if mock_each:
                    closing.append({"kind": "mock", "id": phase, "phase": phase, "minutes": pool["mocks"][phase]["minutes"]})
            budget = slot["hours"] * 60 - sum(c["minutes"] for c in closing)
            if w == len(weeks) - 1 and s == len(slots) - 1 and not mock_each:
                budget -= pool["mocks"][final_phase]["minutes"]
            while True:
                room = capacity - cursor["used"]
                more_days = cursor["day"] + 1 < per_week
                pick = next((i for i in queues[phase] if f"{pool['items'][i]['kind']}:{i}" not in used
                             and pool["items"][i]["minutes"] <= budget
                             and (pool["items"][i]["minutes"] <= room or more_days or cursor["used"] == 0)), None)
                if pick is None:
                    break
                entry = {"kind": pool["items"][pick]["kind"], "id": pick, "phase": phase, "minutes": pool["items"][pick]["minutes"]}
                if not place(entry, False):
                    break
                used.add(f"{entry['kind']}:{pick}")
                budget -= entry["minutes"]
            for entry in closing:
                place(entry, True)
        if w == len(weeks) - 1 and not mock_each:
            place({"kind": "mock", "id": final_phase, "phase": final_phase,
                   "minutes": pool["mocks"][final_phase]["minutes"]}, True)
        for d, items in enumerate(week_days):
            if items:
                out.append({"n": w * per_week + d + 1, "week": w + 1, "minutes": sum(i["minutes"] for i in items),
                            "items": items})
    return {"per_week": per_week, "day_minutes": capacity, "days": out}

