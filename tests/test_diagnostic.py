"""The diagnostic routes like the sources' key, and the browser engine agrees with Python on all 729 patterns."""
from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import pytest

from conftest import ROOT
from loopguide.diagnostic import plan, route
import yaml

DIAG = yaml.safe_load((ROOT / "data" / "diagnostic.yaml").read_text(encoding="utf-8"))
ITEMS = [item["id"] for item in DIAG["items"]]
ALL = [dict(zip(ITEMS, combo)) for combo in itertools.product(("yes", "partly", "no"), repeat=len(ITEMS))]


def stuck_on(*numbers: int) -> dict[str, str]:
    return {item: ("no" if i + 1 in numbers else "yes") for i, item in enumerate(ITEMS)}


@pytest.mark.parametrize("numbers,phase", [
    ((1,), "phase-1"), ((5,), "phase-1"), ((1, 5), "phase-1"),
    ((2,), "phase-2"), ((6,), "phase-2"), ((2, 6), "phase-2"),
    ((3,), "phase-3"), ((4,), "phase-4"),
])
def test_the_documented_key(numbers, phase):
    routed = route(DIAG, stuck_on(*numbers))
    assert routed["mode"] == "gap" and routed["start"] == phase
    assert routed["reasons"] == [ITEMS[n - 1] for n in numbers]


def test_stuck_across_all_starts_at_phase_1_compresses_1_and_3_and_prioritises_2():
    routed = route(DIAG, stuck_on(1, 2, 3, 4, 5, 6))
    assert routed["mode"] == "all_stuck" and routed["start"] == "phase-1"
    assert routed["compress"] == ["phase-1", "phase-3"] and routed["prioritise"] == ["phase-2"]
    weights = {p["phase"]: p["hours"] for p in plan(DIAG, routed, 4, 10, "mid")["phases"]}
    assert weights["phase-2"] == max(weights.values())


def test_a_no_outranks_a_partly():
    answers = dict(stuck_on(), **{ITEMS[2]: "partly", ITEMS[3]: "no"})
    assert route(DIAG, answers)["start"] == "phase-4"


def test_under_two_weeks_focuses_on_design_and_behavioral_and_skips_coding():
    routed = route(DIAG, stuck_on(1))
    short = plan(DIAG, routed, 1, 20, "mid")
    shares = {p["phase"]: p["hours"] for p in short["phases"]}
    assert short["kind"] == "short" and "phase-3" not in shares
    assert shares["phase-2"] + shares["phase-4"] >= 0.6 * 20 - 0.5
    weak_coder = plan(DIAG, route(DIAG, stuck_on(3)), 1, 20, "mid")
    assert "phase-3" in {p["phase"] for p in weak_coder["phases"]}


def test_six_weeks_or_more_ends_every_phase_with_a_mock():
    long = plan(DIAG, route(DIAG, stuck_on(2)), 8, 10, "mid")
    assert long["kind"] == "long"
    mocked = [s["phase"] for week in long["weeks"] for s in week if s["mock"]]
    assert sorted(mocked) == ["phase-1", "phase-2", "phase-3", "phase-4"]
    assert not any(s["mock"] for week in plan(DIAG, route(DIAG, stuck_on(2)), 4, 10, "mid")["weeks"] for s in week)


def test_seniority_shifts_time_toward_design_and_behavioral():
    routed = route(DIAG, {item: "partly" for item in ITEMS})
    hours = {level: {p["phase"]: p["hours"] for p in plan(DIAG, routed, 4, 10, level)["phases"]}
             for level in ("junior", "mid", "senior", "staff")}
    assert hours["staff"]["phase-2"] > hours["senior"]["phase-2"] > hours["mid"]["phase-2"] > hours["junior"]["phase-2"]
    assert hours["senior"]["phase-4"] > hours["mid"]["phase-4"]
    assert hours["junior"]["phase-3"] > hours["mid"]["phase-3"] > hours["senior"]["phase-3"]


@pytest.mark.parametrize("weeks,hours", [(1, 7), (3, 8), (5, 12.5), (9, 6)])
def test_every_plan_spends_the_budget_week_by_week(weeks, hours):
    for answers in ALL[::13]:
        result = plan(DIAG, route(DIAG, answers), weeks, hours, "mid")
        assert len(result["weeks"]) == weeks
        for week in result["weeks"]:
            assert sum(s["hours"] for s in week) <= hours + 1
        assert abs(sum(p["hours"] for p in result["phases"]) - weeks * hours) <= 1


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required for the parity check")
def test_browser_engine_matches_python_on_every_combination():
    cases = [{"answers": a} for a in ALL]
    for i, answers in enumerate(ALL):  # plans on a grid of inputs, every combination at least once
        weeks = (1, 2, 3, 5, 6, 9, 12)[i % 7]
        level = ("junior", "mid", "senior", "staff")[i % 4]
        cases.append({"answers": answers, "weeks": weeks, "hours": (4, 7.5, 10, 15)[i % 4], "level": level})
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "diagnostic_parity.mjs")],
                            input=json.dumps({"diag": DIAG, "cases": cases}), capture_output=True, text=True,
                            timeout=120, check=True)
    browser = json.loads(result.stdout)
    assert len(browser) == len(cases) == 729 * 2
    for case, js in zip(cases, browser):
        expected_route = route(DIAG, case["answers"])
        assert js["route"] == expected_route, case
        if "weeks" in case:
            assert js["plan"] == plan(DIAG, expected_route, case["weeks"], case["hours"], case["level"]), case


# ---- The day-by-day plan (#15): drawn from the answers and the level, and the same in the browser.

import random

from loopguide.diagnostic import days, queue, ties
from loopguide.plan_pool import plan_pool, wire_pool
from loopguide.render import item_urls
from loopguide.validate import load_guide

GUIDE = load_guide(ROOT)
POOL = plan_pool(GUIDE, item_urls(GUIDE))
LEVELS = ("junior", "mid", "senior", "staff")
MUST = ("checklist", "mock")


def day_plan(answers: dict[str, str], weeks: int, hours: float, level: str, done: list[str] | None = None):
    routed = route(DIAG, answers)
    planned = plan(DIAG, routed, weeks, hours, level)
    return routed, planned, days(DIAG, POOL, routed, planned, answers, hours, level, done or [])


def planned_ids(result) -> list[str]:
    return [f"{i['kind']}:{i['id']}" for d in result["days"] for i in d["items"]]


def test_a_no_on_agents_plans_agent_questions_the_agent_case_studies_and_the_agent_kata():
    answers = dict(stuck_on(6), **{ITEMS[1]: "partly", ITEMS[3]: "no"})  # the reviewer's own answers
    _, _, result = day_plan(answers, 2, 10, "senior")
    ids = planned_ids(result)
    assert {"case:deep-research-agent", "case:multi-agent-support-system", "kata:agent-tool-loop"} <= set(ids)
    agent_questions = [i for i in ids if i.startswith("question:") and "agents" in GUIDE.item(i.split(":")[1])[1]["topics"]]
    assert len(agent_questions) >= 5
    # the "no" on agents comes before the "partly" on RAG
    assert ids.index("case:deep-research-agent") < ids.index("case:chat-with-your-docs")


def test_a_senior_gets_senior_questions_hard_first_and_a_junior_the_reverse():
    answers = stuck_on(1)
    trained = set(POOL["trains"][ITEMS[0]])
    for level, first in (("senior", "hard"), ("junior", "easy")):
        ids = [i for i in queue(DIAG, POOL, answers, "phase-1", level) if i in trained]
        qs = [POOL["items"][i] for i in ids if POOL["items"][i]["kind"] == "question"]
        assert qs[0]["difficulty"] == first and level in qs[0]["seniority"]
        rank = DIAG["plan"]["difficulty_order"][level]
        keys = [(level not in q["seniority"], rank.index(q["difficulty"])) for q in qs]
        assert keys == sorted(keys), f"{level}: own level first, then {rank}"


def test_different_answers_give_different_plans_unless_they_weigh_the_same():
    # A plan long enough to reach every answer's material: a short one fills up with the most severe
    # items first, and two answer sets that differ only below that line can then share a plan.
    plans: dict[str, tuple] = {}
    for answers in ALL[::7]:
        _, _, result = day_plan(answers, 8, 10, "mid")
        key = tuple(planned_ids(result))
        plans.setdefault(key, [])
        plans[key].append(tuple(answers[i] for i in ITEMS))
    for groups in plans.values():
        if len(groups) > 1:  # the same plan: only if each answer set has the same severity per item
            assert all(g == groups[0] for g in groups), groups


@pytest.mark.parametrize("weeks,hours,level", [(1, 5, "mid"), (2, 10, "senior"), (4, 8, "junior"), (8, 12, "staff"), (3, 1, "mid")])
def test_days_hold_their_share_end_with_a_mock_and_estimate_every_item(weeks, hours, level):
    for answers in ALL[::11]:
        routed, planned, result = day_plan(answers, weeks, hours, level)
        cap = result["day_minutes"]
        assert result["per_week"] * cap == pytest.approx(hours * 60)
        last = result["days"][-1]
        assert last["items"][-1]["kind"] == "mock", "the plan ends with a mock interview"
        for day in result["days"]:
            assert day["minutes"] == sum(i["minutes"] for i in day["items"])
            within = day["minutes"] <= cap + 1e-9
            alone = len(day["items"]) == 1  # one item longer than a day (a case study in a 30-minute day)
            assert within or alone or day["items"][-1]["kind"] in MUST, (answers, day)
            for item in day["items"]:
                expected = {"question": 10, "case": 45, "checklist": 15}.get(item["kind"])
                if item["kind"] == "kata":
                    expected = GUIDE.item(item["id"])[1]["time_budget_minutes"]
                if item["kind"] == "mock":
                    expected = POOL["mocks"][item["id"]]["minutes"]
                assert item["minutes"] == expected
        total = sum(d["minutes"] for d in result["days"])
        assert total <= weeks * hours * 60 + sum(POOL["mocks"][p]["minutes"] for p in POOL["mocks"])
        assert len(set(planned_ids(result))) == len(planned_ids(result)) - sum(1 for i in planned_ids(result) if i.split(":")[0] in MUST) + len({i for i in planned_ids(result) if i.split(":")[0] in MUST})
        if planned["kind"] == "long":
            mocks = {i["id"] for d in result["days"] for i in d["items"] if i["kind"] == "mock"}
            assert mocks == {p["phase"] for p in planned["phases"]}


def test_ticked_items_are_not_planned_again():
    answers = stuck_on(6)
    _, _, first = day_plan(answers, 3, 8, "senior")
    done = [k for k in planned_ids(first)[:8] if k.split(":")[0] not in MUST]
    _, _, again = day_plan(answers, 2, 8, "senior", done)
    assert not set(done) & set(planned_ids(again))


# ---- The notes the plan prints agree with the hours it gives, for every case enumerated here.

WEEKS = (1, 2, 3, 5, 6, 9)
HOURS = (4, 10)


def test_the_notes_agree_with_the_hours():
    short, long_rule = DIAG["plan"]["short"], DIAG["plan"]["long"]
    assert "60%" in short["note"] and short["focus_share"] == 0.6
    checked = 0
    for answers in ALL:
        routed = route(DIAG, answers)
        for weeks, hours, level in itertools.product(WEEKS, HOURS, LEVELS):
            result = plan(DIAG, routed, weeks, hours, level)
            share = {p["phase"]: p["hours"] for p in result["phases"]}
            total = sum(share.values())
            if result["kind"] == "short":  # "system design and behavioral together get 60% of the hours"
                rest = [p for p in share if p not in short["focus"]]
                focus = sum(share.get(p, 0) for p in short["focus"])
                assert focus >= (0.6 if rest else 1.0) * total - 0.5 * len(share), (answers, weeks, hours, level)
                # "coding is left out unless it is your weakest round"
                assert ("phase-3" in share) == (routed["start"] == "phase-3")
            if result["kind"] == "long":  # "end each with a live mock interview"
                assert weeks >= long_rule["from_weeks"]
                mocked = {s["phase"] for week in result["weeks"] for s in week if s["mock"]}
                assert mocked == set(share)
            if routed["mode"] == "all_stuck":  # "give Phase 2 the largest share of your time"
                assert share["phase-2"] == max(share.values())
            for p in routed["prioritise"]:  # the order list says "(most of your time)"
                assert share[p] == max(share.values())
            checked += 1
    assert checked == 729 * len(WEEKS) * len(HOURS) * len(LEVELS)


def test_ties_name_the_phases_the_tie_break_ordered():
    answers = stuck_on(2, 4)  # phase-2 and phase-4 both have one "no"
    routed = route(DIAG, answers)
    assert ties(routed) == [["phase-2", "phase-4"]]
    assert ties(route(DIAG, stuck_on(2))) == []


def generated_inputs(n: int, seed: int = 15) -> list[dict]:
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        answers = dict(zip(ITEMS, rng.choice(ALL).values()))
        weeks = rng.randint(1, 14)
        hours = rng.randint(2, 60) / 2
        level = rng.choice(LEVELS)
        keys = [f"{it['kind']}:{i}" for i, it in POOL["items"].items()]
        done = rng.sample(keys, rng.choice((0, 0, 3, 20)))
        cases.append({"answers": answers, "weeks": weeks, "hours": hours, "level": level, "done": done})
    return cases


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required for the parity check")
def test_browser_and_python_agree_on_the_whole_day_by_day_plan():
    cases = generated_inputs(2000)
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "diagnostic_parity.mjs")],
                            input=json.dumps({"diag": DIAG, "wire": wire_pool(POOL), "cases": cases}),
                            capture_output=True, text=True, timeout=300, check=True)
    browser = json.loads(result.stdout)
    assert browser["pool"] == POOL, "the page's packed pool unpacks to exactly what Python plans from"
    assert len(browser["out"]) == len(cases) == 2000
    for case, js in zip(cases, browser["out"]):
        routed, planned, expected = day_plan(case["answers"], case["weeks"], case["hours"], case["level"], case["done"])
        assert js["route"] == routed and js["plan"] == planned and js["ties"] == ties(routed)
        assert js["days"] == expected, case
