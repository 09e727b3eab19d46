"""The mock interview in Debian's Chromium, on Playwright's clock: a full loop at senior level with
hidden titles and difficulty, follow-ups one at a time, a clock that runs over without stopping
anything, a reload that keeps the remaining time, a report card whose numbers are the planted
grades, the mock on the Progress page; interviewer mode's scorecard code; axe; keyboard only."""
from __future__ import annotations

import datetime
import json
import re

import pytest

from browser import at, serious_violations
from conftest import ROOT
from loopguide.mock import draw, mock_data, plan_rounds
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser
GUIDE = load_guide(ROOT)
DATA = mock_data(GUIDE)
KEY = "loopguide.progress.v1"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)
ITEMS = {x["id"]: x for x in (*GUIDE.questions, *GUIDE.cases, *GUIDE.katas)}
ROUND_NAMES = {r["id"]: r["name"] for r in GUIDE.rounds}


def stored_mocks(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or "{}").get("mocks", {})


def article_text(page) -> str:
    return page.locator("article").inner_text()


def plain(text: str) -> str:
    """Letters and digits only: Markdown in the YAML and rendering on the page compare equal."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def planted(n: int, strong: int, weak: int) -> tuple[list[bool], list[bool]]:
    """The grades this test gives item n: every other strong signal, the first weak one on every third item."""
    return [(i + n) % 2 == 0 for i in range(strong)], [i == 0 and n % 3 == 0 for i in range(weak)]


def grade(page, n: int) -> tuple[list[bool], list[bool]]:
    strong = page.get_by_role("group", name=re.compile("^Strong signals")).get_by_role("checkbox")
    weak = page.get_by_role("group", name=re.compile("^Weak signals")).get_by_role("checkbox")
    ticks = planted(n, strong.count(), weak.count())
    for boxes, wanted in zip((strong, weak), ticks):
        for i, on in enumerate(wanted):
            if on:
                boxes.nth(i).check()
    return ticks


def timer_seconds(page) -> int:
    m, s = re.match(r"(\d+):(\d\d) left", page.get_by_role("timer").inner_text()).groups()
    return int(m) * 60 + int(s)


def test_a_full_loop_at_senior_level_runs_round_by_round_to_a_report_card_and_the_progress_page(site, page):
    page.clock.install(time=START)
    page.goto(site + "/mock/")
    page.get_by_role("radio", name="Full loop").check()
    page.get_by_label("Level").select_option("senior")
    assert not [u for u in page.requests if "mock-run.js" in u or "pool.json" in u], "the mock's run code loads on Start"
    page.get_by_role("button", name="Start mock").click()
    page.get_by_role("timer").wait_for()
    mock = next(iter(stored_mocks(page).values()))
    assert mock["choices"]["level"] == "senior" and mock["choices"]["preset"] == "full-loop"
    items = mock["items"]
    # the browser drew what Python draws from the same seed and choices
    assert [(i["round"], i["id"]) for i in items] == [(i["round"], i["id"]) for i in draw(DATA, mock["seed"], mock["choices"])]
    rounds = {r["round"]: r for r in plan_rounds(DATA, mock["choices"])}
    assert [i["round"] for i in items] == [r for r in ("coding", "ai-ml-deep-dive", "system-design", "behavioral")
                                           for _ in range(rounds[r]["items"])]
    assert not [u for u in page.requests if "/assets/pyodide/" in u]

    expected: dict[str, list] = {}
    ran_over = reloaded = False
    for n, item in enumerate(items):
        content = ITEMS[item["id"]]
        text = article_text(page)
        assert content["title"] not in text and "Difficulty" not in text, f"item {n} revealed before the answer"
        if item["kind"] in ("questions", "behavioral"):
            assert plain(content["question"])[:40] in plain(text)
            asked = content["follow_ups"][: rounds[item["round"]]["follow_ups"]]
            if not ran_over:  # let the first answer's clock run out: shown, not enforced
                allowed = rounds[item["round"]]["item_seconds"]
                status = page.locator(".lg-mock > [role=status]")
                assert status.inner_text() == ""           # no announcement at the start or on every tick
                page.clock.run_for((allowed // 2 + 1) * 1000)
                assert status.inner_text().startswith("Halfway")
                page.clock.run_for((allowed - allowed // 2 - 61) * 1000)
                assert status.inner_text() == "One minute left."
                page.clock.run_for(65_000)
                assert page.get_by_role("timer").inner_text() == "Time is up: 0:05 over"
                assert "Time." in page.locator(".lg-mock > [role=status]").inner_text()
                ran_over = True
            for k, fu in enumerate(asked):
                page.get_by_role("button", name="I'm done").click()
                page.get_by_text("The interviewer pushes back:").wait_for()
                shown = page.locator(".lg-mock__followup")
                assert shown.count() == 1 and plain(shown.inner_text()) == plain(fu["question"])
                assert all(plain(later["question"])[:40] not in plain(article_text(page)) for later in content["follow_ups"][k + 1:])
                assert content["title"] not in article_text(page)
        elif item["kind"] == "design":
            page.get_by_label(re.compile("^Scratch notes")).fill("users: 30k employees; p95 2 s")
            page.clock.run_for(1000)   # the autosave has run before the stage ends
            page.get_by_role("button", name="I'm done").click()   # clarify -> design
            page.clock.run_for(100_000)
            page.wait_for_timeout(1100)
            page.reload()
            page.get_by_role("timer").wait_for()
            # 100 s of fake time plus the few real seconds a reload takes: 23:20 or a little less, never 25:00
            assert 1390 <= timer_seconds(page) <= 1400, page.get_by_role("timer").inner_text()
            assert page.get_by_label(re.compile("^Scratch notes")).input_value() == "users: 30k employees; p95 2 s"
            reloaded = True
            for _ in rounds["system-design"]["stages"][2:]:
                page.get_by_role("button", name="I'm done").click()
                page.get_by_role("timer").wait_for()
        page.get_by_role("button", name="I'm done").click()
        page.get_by_role("heading", name=content["title"]).wait_for()
        if item["kind"] != "design":
            assert f"Difficulty {content['difficulty']}" in article_text(page)
        expected.setdefault(item["round"], []).append(grade(page, n))
        last = n == len(items) - 1
        page.get_by_role("button", name="See the report card" if last else "Next", exact=True).click()
        if not last:
            page.get_by_role("timer").wait_for()
    assert ran_over and reloaded

    card = page.get_by_role("region", name="Report card")
    card.wait_for()
    all_hit = all_total = 0
    for round_id, grades in expected.items():
        hit = sum(sum(s) for s, _ in grades)
        total = sum(len(s) for s, _ in grades)
        weak = sum(sum(w) for _, w in grades)
        all_hit, all_total = all_hit + hit, all_total + total
        row = card.get_by_role("row", name=ROUND_NAMES[round_id])
        cells = row.get_by_role("cell").all_inner_texts()
        assert cells[:2] == [f"{hit} of {total} ({int(100 * hit / total + 0.5)}%)", str(weak)], (round_id, cells)
    design_row = card.get_by_role("row", name=ROUND_NAMES["system-design"]).get_by_role("cell").all_inner_texts()
    used, allowed = design_row[2].split(" of ")
    assert allowed == "45:00"
    used_m, used_s = map(int, used.split(":"))
    assert 100 <= used_m * 60 + used_s <= 110
    assert f"Overall: {all_hit} of {all_total} strong signals" in card.inner_text()
    assert card.get_by_role("heading", name="What to review next").is_visible()
    share = card.get_by_label(re.compile("^Share link")).input_value()
    assert f"seed={mock['seed']}" in share and "preset=full-loop" in share and "level=senior" in share
    assert "30k" not in share
    assert not serious_violations(page)

    card.get_by_role("link", name="All your mocks are on the Progress page").click()
    page.wait_for_url(at("/progress/"))
    listed = page.get_by_role("link", name=re.compile(r"^Full loop, Senior"))
    listed.wait_for()
    item_text = page.locator(".lg-progress__mocks li").first.inner_text()
    assert f"{all_hit} of {all_total} strong signals ({int(100 * all_hit / all_total + 0.5)}%)" in item_text
    listed.click()
    page.get_by_role("region", name="Report card").wait_for()
    assert page.errors == []


def drill_link(seed: int) -> str:
    return f"/mock/?seed={seed}&preset=drill&level=mid"


def run_drill_without_grading(page) -> None:
    for n in range(2):
        page.get_by_role("button", name="I'm done").click()   # answer -> follow-up
        page.get_by_role("button", name="I'm done").click()   # follow-up -> reveal
        page.get_by_role("button", name="See the report card" if n else "Next", exact=True).click()
    page.get_by_role("region", name="Report card").wait_for()


def test_interviewer_mode_fills_a_scorecard_on_a_phone_whose_code_imports_into_the_candidates_report_card(site, browser):
    seed = 4242
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    friend = phone.new_page()
    friend.goto(site + drill_link(seed))
    friend.get_by_role("button", name="Interview a friend").click()
    friend.get_by_role("heading", name="Interviewer's sheet").wait_for()
    items = draw(DATA, seed, {"preset": "drill", "level": "mid"})
    cards = friend.locator(".lg-mock__card")
    cards.first.wait_for()
    assert cards.count() == len(items) == 2
    ticks = []
    for n, item in enumerate(items):
        q = ITEMS[item["id"]]
        card = cards.nth(n)
        assert q["title"] in card.inner_text()            # the interviewer sees what the candidate must not
        assert q["follow_ups"][0]["question"].split()[0] in card.inner_text()
        strong = card.get_by_role("group", name=re.compile("strong signals")).get_by_role("checkbox")
        assert strong.count() == len(q["strong"])
        wanted = [i == n for i in range(strong.count())]   # item 0: first signal, item 1: second
        for i, on in enumerate(wanted):
            if on:
                strong.nth(i).tap()
        ticks.append(wanted)
    friend.get_by_role("button", name="Make the scorecard code").click()
    code = friend.get_by_label("Scorecard code").input_value()
    assert code.startswith("LGM1.")
    assert not serious_violations(friend)
    phone.close()

    context = browser.new_context()
    page = context.new_page()
    page.goto(site + drill_link(seed))
    page.get_by_role("button", name="Start mock").click()
    page.get_by_role("timer").wait_for()
    run_drill_without_grading(page)
    card = page.get_by_role("region", name="Report card")
    total = sum(len(ITEMS[i["id"]]["strong"]) for i in items)
    assert f"Overall: 0 of {total} strong signals" in card.inner_text()
    card.get_by_label("Scorecard code").fill("LGM1.bm90IGEgY29kZQ")
    card.get_by_role("button", name="Import scorecard").click()
    assert "Nothing was changed" in card.inner_text()
    card.get_by_label("Scorecard code").fill(code)
    card.get_by_role("button", name="Import scorecard").click()
    card = page.get_by_role("region", name="Report card")
    assert f"Overall: 2 of {total} strong signals" in card.inner_text()
    assert "Graded by your interviewer." in card.inner_text()
    mock = next(m for m in stored_mocks(page).values() if m["role"] == "candidate")
    assert [m["grade"]["strong"] for m in mock["items"]] == ticks
    context.close()


def settled_violations(page) -> list:
    """axe once Material's header has finished fading its tabs out (a scroll starts a CSS transition)."""
    page.wait_for_timeout(600)
    return serious_violations(page)


def tab_to(page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element's accessible text is `name` (a button, a link or a label)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            return (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent || e.value || "").trim(); }""")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_keyboard_only_from_setup_to_report_card_with_axe_mid_round(site, page):
    page.clock.install(time=START)
    page.goto(site + drill_link(77))
    page.locator("body").focus()
    tab_to(page, "Start mock")
    page.keyboard.press("Enter")
    page.get_by_role("timer").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('lg-mock__heading')")
    assert not settled_violations(page)
    for n in range(2):
        tab_to(page, "I'm done")
        page.keyboard.press("Enter")
        page.locator(".lg-mock__followup").wait_for()
        assert not settled_violations(page)
        tab_to(page, "I'm done")
        page.keyboard.press("Enter")
        page.get_by_role("group", name=re.compile("^Strong signals")).wait_for()
        strong = page.get_by_role("group", name=re.compile("^Strong signals")).get_by_role("checkbox")
        first = page.evaluate("() => document.querySelector('.lg-mock__rubric label').textContent")
        tab_to(page, first)
        page.keyboard.press("Space")
        assert strong.first.is_checked()
        assert not settled_violations(page)
        tab_to(page, "See the report card" if n else "Next")
        page.keyboard.press("Enter")
    card = page.get_by_role("region", name="Report card")
    card.wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Report card"
    assert "Overall: 2 of" in card.inner_text()
    assert not settled_violations(page)
    assert page.errors == []


def test_the_clock_keeps_time_across_instant_navigation(site, page):
    page.clock.install(time=START)
    page.goto(site + drill_link(9))
    page.get_by_role("button", name="Start mock").click()
    page.get_by_role("timer").wait_for()
    allowed = plan_rounds(DATA, {"preset": "drill"})[0]["item_seconds"]
    assert timer_seconds(page) == allowed
    page.clock.run_for(60_000)
    page.evaluate("window.lgSamePage = true")   # survives instant navigation, not a page load
    page.get_by_role("link", name="Progress", exact=True).first.click()
    page.wait_for_url(at("/progress/"))
    assert "in progress" in page.locator(".lg-progress__mocks").inner_text()
    page.clock.run_for(30_000)
    page.get_by_role("link", name="Mock interview", exact=True).first.click()
    page.wait_for_url(at("/mock/"))
    page.get_by_role("timer").wait_for()
    assert allowed - 95 <= timer_seconds(page) <= allowed - 90, page.get_by_role("timer").inner_text()
    assert page.evaluate("window.lgSamePage === true"), "that was a page load, not instant navigation"
    assert page.errors == []


def test_a_kata_round_runs_in_the_same_runner_with_the_solution_locked_and_pyodide_only_once_it_starts(site, page):
    page.goto(site + "/mock/?seed=5&preset=custom&rounds=coding&level=junior")
    page.get_by_role("button", name="Start mock").click()
    page.get_by_role("timer").wait_for()
    page.get_by_role("textbox", name="Code editor").wait_for()
    assert not [u for u in page.requests if "/assets/pyodide/" in u]
    page.get_by_role("button", name="Run tests", exact=True).click()
    page.locator(".lg-kata__summary", has_text="tests passed").wait_for(timeout=90_000)
    assert [u for u in page.requests if "/assets/pyodide/" in u]
    assert page.get_by_role("region", name="Test results").locator(".lg-test").count() > 0
    assert page.locator(".lg-kata__solution").count() == 0 and page.get_by_text("reference solution").count() == 0
    page.get_by_role("button", name="I'm done").click()
    assert re.search(r"Tests at the end: \d+ of \d+ tests passed", page.locator("article").inner_text())


def test_focus_comes_from_the_diagnostic_and_recent_easy_reviews_are_weighed_down(site, page):
    recent = (START - datetime.timedelta(days=3)).isoformat()
    old = (START - datetime.timedelta(days=40)).isoformat()
    easy, stale, hard = (q["id"] for q in GUIDE.questions[:3])
    state = {"version": 1, "checklist": {}, "katas": {}, "stories": {},
             "diagnostic": {"answers": "x", "start": "phase-4", "weeks": 4, "hours": 6, "level": "staff"},
             "reviews": {easy: {"log": [{"at": recent, "rating": 4}]}, stale: {"log": [{"at": old, "rating": 4}]},
                         hard: {"log": [{"at": recent, "rating": 2}]}}}
    page.clock.install(time=START)
    page.goto(site + "/mock/")
    page.evaluate("s => localStorage.setItem('loopguide.progress.v1', JSON.stringify(s))", state)
    page.reload()
    assert page.get_by_label("Level").input_value() == "staff"   # the diagnostic's level
    page.get_by_role("radio", name="One round").check()
    page.get_by_role("checkbox", name=re.compile("^Focus on my weakest phase: Phase 4")).check()
    page.get_by_role("button", name="Start mock").click()
    page.get_by_role("heading", name=re.compile("^Round 1 of 1: Behavioral")).wait_for()
    mock = next(iter(stored_mocks(page).values()))
    assert mock["choices"]["focus"] == "phase-4" and mock["choices"]["avoid"] == [easy]
    assert [i["round"] for i in mock["items"]] == ["behavioral"] * plan_rounds(DATA, mock["choices"])[0]["items"]


def test_only_the_mock_page_mounts_the_mock_widget(built_site):
    mounting = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                      if 'data-lg-widget="mock"' in p.read_text(encoding="utf-8"))
    assert mounting == ["mock/index.html"]
