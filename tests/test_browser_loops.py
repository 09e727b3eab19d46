"""Choosing a loop archetype in the diagnostic re-weights the plan and its hours by round, in a real browser."""
from __future__ import annotations

import pytest

from loopguide.diagnostic import hours_by_round, loop_phase_factors, plan, round_phase_shares, route, with_loop
from test_loops import DIAG, GUIDE, weights

pytestmark = pytest.mark.browser
ROUND_PHASES = round_phase_shares(GUIDE.rounds, GUIDE.categories)
ROUND_NAMES = {r["id"]: r["name"] for r in GUIDE.rounds}
ANSWERS = ["partly", "no", "partly", "yes", "partly", "yes"]


def expected_rows(loop_id: str | None, weeks: int, hours: float, level: str) -> list[tuple[str, str]]:
    routed = route(DIAG, dict(zip([i["id"] for i in DIAG["items"]], ANSWERS)))
    loop = next((lp for lp in GUIDE.loops if lp["id"] == loop_id), None)
    w = weights(loop) if loop else {}
    diag = with_loop(DIAG, loop_phase_factors(ROUND_PHASES, w)) if loop else DIAG
    split = hours_by_round(plan(diag, routed, weeks, hours, level)["phases"], ROUND_PHASES, w)
    return [(ROUND_NAMES[x["round"]], f"{x['hours']:g}") for x in split]


def submit(page, employer: str):
    for i, answer in enumerate(ANSWERS):
        page.get_by_role("group", name=f"{i + 1}.").get_by_role("radio", name={"yes": "Yes, without notes", "partly": "Partly", "no": "No"}[answer], exact=True).check()
    page.get_by_label("Weeks until the interview").fill("4")
    page.get_by_label("Hours per week").fill("10")
    page.get_by_label("Level you are interviewing for").select_option("senior")
    page.get_by_label("Kind of employer (optional)").select_option(label=employer)
    page.get_by_role("button", name="Show where to start").click()
    page.locator("#lg-result-heading").wait_for()


def round_rows(page, caption: str) -> list[tuple[str, str]]:
    table = page.get_by_role("table", name=caption)
    table.wait_for()
    return [(row.locator("th").inner_text(), row.locator("td").inner_text()) for row in table.locator("tbody tr").all()]


def test_choosing_an_archetype_changes_the_hours_by_round(site, page):
    page.goto(site + "/diagnostic/")
    page.locator(".lg-quiz").wait_for()
    submit(page, "Frontier lab")
    frontier = round_rows(page, "Hours by round, weighted for: Frontier lab")
    assert frontier == expected_rows("frontier-lab", 4, 10, "senior")
    assert "t=frontier-lab" in page.url
    page.reload()  # the choice travels in the link
    assert page.get_by_label("Kind of employer (optional)").input_value() == "frontier-lab"
    assert round_rows(page, "Hours by round, weighted for: Frontier lab") == frontier

    submit(page, "Any: no archetype")
    even = round_rows(page, "Hours by round, every round weighted alike")
    assert even == expected_rows(None, 4, 10, "senior")
    assert "t=" not in page.url
    assert float(dict(frontier)["Technical and coding round"]) > float(dict(even)["Technical and coding round"])

    submit(page, "Forward-deployed or solutions engineer")
    deployed = round_rows(page, "Hours by round, weighted for: Forward-deployed or solutions engineer")
    assert deployed == expected_rows("forward-deployed-engineer", 4, 10, "senior")
    assert deployed != even and deployed != frontier
    page.get_by_role("link", name="Progress").first.click()  # the stored result reopens with its archetype
    page.get_by_role("link", name="Open your result and plan").click()
    assert round_rows(page, "Hours by round, weighted for: Forward-deployed or solutions engineer") == deployed
    page.get_by_role("link", name="Forward-deployed or solutions engineer").click()
    page.get_by_role("heading", name="Forward-deployed or solutions engineer", level=1).wait_for()
    assert page.errors == []
