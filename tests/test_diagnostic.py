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
