"""Question filters with URL state, the seniority page's links, and the story worksheet."""
from __future__ import annotations

import json

import pytest

from browser import at, serious_violations
from conftest import ROOT
from engine_ui import content_status
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser
GUIDE = load_guide(ROOT)


def expected(category: str, level: str = "", round_id: str = "", difficulty: str = "") -> set[str]:
    return {q["id"] for q in GUIDE.questions_in(category)
            if (not level or level in q["seniority"]) and (not round_id or round_id in q["rounds"])
            and (not difficulty or q["difficulty"] == difficulty)}


def visible_ids(page) -> set[str]:
    return set(page.locator(".lg-q:visible").evaluate_all("els => els.map(e => e.id)"))


def test_filters_narrow_the_list_and_live_in_the_url(site, page):
    page.goto(site + "/questions/system-design/")
    page.get_by_label("Level").select_option("staff")
    page.get_by_label("Difficulty").select_option("hard")
    want = expected("system-design", level="staff", difficulty="hard")
    assert 0 < len(want) < len(GUIDE.questions_in("system-design"))
    assert visible_ids(page) == want
    total = len(GUIDE.questions_in("system-design"))
    assert content_status(page).inner_text() == f"Showing {len(want)} of {total} questions"
    assert "level=staff" in page.url and "difficulty=hard" in page.url
    page.reload()
    content_status(page).wait_for()
    assert visible_ids(page) == want
    assert page.get_by_label("Level").input_value() == "staff"
    page.get_by_label("Level").select_option("")
    page.get_by_label("Difficulty").select_option("")
    assert len(visible_ids(page)) == total and "level=" not in page.url


def test_round_filter_by_keyboard(site, page):
    page.goto(site + "/questions/coding/")
    page.get_by_label("Round").focus()
    page.keyboard.press("ArrowDown")  # the first real round after "Any"
    chosen = page.get_by_label("Round").input_value()
    assert chosen and visible_ids(page) == expected("coding", round_id=chosen)


def test_seniority_page_links_open_filtered_lists(site, page):
    page.goto(site + "/seniority/")
    for level in GUIDE.levels:
        assert page.locator(f"h2#{level['id']}").count() == 1
    senior = page.locator("h2#senior ~ ul").first
    senior.get_by_role("link").first.click()
    page.wait_for_url(at("/questions/system-design/?level=senior"))
    content_status(page).wait_for()
    assert visible_ids(page) == expected("system-design", level="senior")


def test_story_worksheet_drafts_persist_and_export(site, page, tmp_path):
    page.goto(site + "/phases/phase-4/")
    fields = page.get_by_role("group", name="Story 2")
    fields.get_by_label("What failed, and how you noticed").fill("Retrieval served a retired policy page.")
    page.get_by_role("status").filter(has_text="Draft saved").wait_for()
    page.reload()
    box = page.get_by_role("group", name="Story 2").get_by_label("What failed, and how you noticed")
    assert box.input_value() == "Retrieval served a retired policy page."
    page.goto(site + "/progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    saved = tmp_path / "p.json"
    download.value.save_as(saved)
    stories = json.loads(saved.read_text(encoding="utf-8"))["progress"]["stories"]
    assert stories["story-2"]["failure-mode"] == "Retrieval served a retired policy page."
    assert page.errors == []


@pytest.mark.parametrize("path", ["/questions/system-design/?level=senior", "/phases/phase-4/", "/seniority/"])
def test_no_serious_accessibility_violations(site, page, path):
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    if page.locator("[data-lg-widget]").count():
        page.locator("[data-lg-mounted]").first.wait_for()
    page.wait_for_timeout(300)
    assert serious_violations(page) == []
