"""The diagnostic, checklists and progress in a real browser, driven by keyboard where a reader would."""
from __future__ import annotations

import json
import pathlib

import pytest
import yaml

from browser import at, serious_violations, serve
from conftest import EXEMPLAR, ROOT
from loopguide.diagnostic import plan, route

pytestmark = pytest.mark.browser
DIAG = yaml.safe_load((ROOT / "data" / "diagnostic.yaml").read_text(encoding="utf-8"))
ITEMS = [i["id"] for i in DIAG["items"]]
PHASE_NAMES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (ROOT / "data" / "phases").glob("*.yaml")}
KEY = "loopguide.progress.v1"


@pytest.fixture(scope="module")
def site(mini_site: pathlib.Path):
    with serve(mini_site) as url:
        yield url


def take_quiz_by_keyboard(page, answers: list[str], weeks: int, hours: int, level: str):
    page.locator(".lg-quiz").wait_for()
    page.get_by_role("group", name="1.").get_by_role("radio").first.focus()
    for answer in answers:
        page.keyboard.press("Space")  # selects the first choice, "yes"
        for _ in range(("yes", "partly", "no").index(answer)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "lg-weeks"
    page.keyboard.press("Control+A")
    page.keyboard.type(str(weeks))
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type(str(hours))
    page.keyboard.press("Tab")
    page.keyboard.press("Home")
    for _ in range(("junior", "mid", "senior", "staff").index(level)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.id") == "lg-loop":  # the optional kind of employer: left as it is
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show where to start"
    page.keyboard.press("Enter")
    page.locator("#lg-result-heading").wait_for()


def check_result(page, answers: list[str], weeks: int, hours: int, level: str):
    chosen = dict(zip(ITEMS, answers))
    routed = route(DIAG, chosen)
    expected = plan(DIAG, routed, weeks, hours, level)
    assert page.locator("#lg-result-heading").inner_text() == f"Start with {PHASE_NAMES[routed['start']]}"
    order = page.locator(".lg-result__order li").all_inner_texts()
    assert [t.split(" (")[0] for t in order] == [PHASE_NAMES[p] for p in routed["order"]]
    rows = page.locator(".lg-plan tbody tr")
    assert rows.count() == weeks
    for w, slots in enumerate(expected["weeks"]):
        text = rows.nth(w).locator("td").first.inner_text()
        for slot in slots:
            assert f"{PHASE_NAMES[slot['phase']]} · {slot['hours']:g} h" in text
        assert ("live mock interview" in text) == any(s["mock"] for s in slots)


PATTERNS = [
    (["no", "yes", "yes", "yes", "yes", "yes"], 3, 8, "mid"),
    (["yes", "partly", "yes", "yes", "yes", "no"], 1, 20, "senior"),
    (["yes", "yes", "no", "partly", "yes", "yes"], 8, 6, "junior"),
    (["no"] * 6, 4, 10, "staff"),
    (["yes"] * 6, 2, 5, "mid"),
]


@pytest.mark.parametrize("answers,weeks,hours,level", PATTERNS)
def test_quiz_by_keyboard_routes_and_plans(site, page, answers, weeks, hours, level):
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, answers, weeks, hours, level)
    assert page.evaluate("document.activeElement.id") == "lg-result-heading"
    check_result(page, answers, weeks, hours, level)
    code = "".join(a[0] for a in answers).replace("y", "y")
    assert f"a={code}" in page.url and f"w={weeks}" in page.url and f"l={level}" in page.url
    assert page.errors == []


def test_unanswered_item_is_named_and_focused(site, page):
    page.goto(site + "/diagnostic/")
    page.locator(".lg-quiz").wait_for()
    page.get_by_role("button", name="Show where to start").click()
    assert page.get_by_role("alert").inner_text() == "Please answer question 1 first."
    assert page.evaluate("document.activeElement.name") == ITEMS[0]


def test_result_survives_reload_and_opens_from_a_shared_link(site, browser, page):
    answers, weeks, hours, level = PATTERNS[1]
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, answers, weeks, hours, level)
    shared = page.url
    page.reload()
    page.locator("#lg-result-heading").wait_for()
    check_result(page, answers, weeks, hours, level)
    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(shared)
    other.locator("#lg-result-heading").wait_for()
    check_result(other, answers, weeks, hours, level)
    assert other.get_by_role("radio", name="Partly").nth(1).is_checked()
    fresh.close()


def test_checklist_persists_across_reload_and_instant_navigation(site, page):
    page.goto(site + "/phases/phase-2/")
    box = page.get_by_role("checkbox", name="Sketch a RAG pipeline end to end")
    box.check()
    page.get_by_role("checkbox", name="Lay out how you would evaluate").check()
    assert page.get_by_role("status").filter(has_text="of 5 done").inner_text() == "2 of 5 done"
    page.reload()
    assert page.get_by_role("checkbox", name="Sketch a RAG pipeline end to end").is_checked()
    page.get_by_role("link", name="Phase 1: ML fundamentals").first.click()  # instant navigation
    page.wait_for_url(at("/phases/phase-1/"))
    page.get_by_role("checkbox").first.wait_for()
    page.go_back()
    page.wait_for_url(at("/phases/phase-2/"))
    assert page.get_by_role("checkbox", name="Sketch a RAG pipeline end to end").is_checked()
    page.get_by_role("link", name="Progress").first.click()
    page.wait_for_url(at("/progress/"))
    assert "2 of 5" in page.locator(".lg-progress__view").inner_text()


def test_progress_page_shows_the_diagnostic_result(site, page):
    answers, weeks, hours, level = PATTERNS[2]
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, answers, weeks, hours, level)
    page.get_by_role("link", name="Progress").first.click()
    page.wait_for_url(at("/progress/"))
    start = route(DIAG, dict(zip(ITEMS, answers)))["start"]
    assert f"start with {PHASE_NAMES[start]}" in page.locator(".lg-progress__view").inner_text()
    page.get_by_role("link", name="Open your result and plan").click()
    page.locator("#lg-result-heading").wait_for()
    check_result(page, answers, weeks, hours, level)


def test_export_clear_and_import(site, page, tmp_path):
    page.goto(site + "/phases/phase-1/")
    page.get_by_role("checkbox").first.check()
    page.goto(site + "/progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["kind"] == "loopguide-progress" and document["progress"]["checklist"]["p1-bias-variance-scenario"] is True

    page.get_by_role("button", name="Clear progress").click()
    page.get_by_role("dialog", name="Clear your progress?").get_by_role("button", name="Clear").click()
    assert "0 of 4" in page.locator(".lg-progress__view").inner_text()

    foreign = tmp_path / "foreign.json"
    foreign.write_text(json.dumps({"kind": "something-else", "version": 1}), encoding="utf-8")
    page.get_by_label("Import progress").set_input_files(str(foreign))
    page.get_by_role("status").filter(has_text="not a loopguide progress export").wait_for()
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    page.get_by_label("Import progress").set_input_files(str(broken))
    page.get_by_role("status").filter(has_text="not readable").wait_for()
    assert "0 of 4" in page.locator(".lg-progress__view").inner_text()

    page.get_by_label("Import progress").set_input_files(str(exported))
    page.get_by_role("dialog").get_by_role("button", name="Import and replace").click()
    page.get_by_role("status").filter(has_text="Progress imported.").wait_for()
    assert "1 of 4" in page.locator(".lg-progress__view").inner_text()
    page.goto(site + "/phases/phase-1/")
    assert page.get_by_role("checkbox").first.is_checked()


def test_corrupt_storage_is_set_aside_and_the_page_still_works(site, page):
    page.goto(site + "/progress/")
    page.locator(".lg-progress__view h2").first.wait_for()  # mounted, so the next load reads what we plant
    page.evaluate(f"localStorage.setItem('{KEY}', '{{\"version\": 1, \"checklist\": [broken')")
    page.reload()
    page.get_by_role("status").filter(has_text="could not be read").wait_for()
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('loopguide.progress.v1.unreadable.'))")
    assert len(kept) == 1
    assert page.evaluate(f"localStorage.getItem('{kept[0]}')").startswith('{"version": 1, "checklist": [broken')
    page.goto(site + "/phases/phase-1/")
    page.get_by_role("checkbox").first.check()
    page.reload()
    assert page.get_by_role("checkbox").first.is_checked()
    assert page.errors == []


def test_widget_scripts_load_only_where_used(site, page):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    # the mini site's one question: the try-first and grading widget, its calculator and its
    # category's list; the scheduler waits for a rating (test_browser_practice)
    assert "calculator:" in EXEMPLAR.read_text(encoding="utf-8")
    page.goto(site + "/questions/llm-rag/prefill-vs-decode/")
    page.wait_for_load_state("networkidle")
    assert {u.rsplit("/", 1)[1] for u in requested if "/assets/js/" in u or "/assets/vendor/" in u} == {
        "question.js", "practice-card.js", "reviews.js", "progress.js", "dom.js", "calculator.js",  # the live form waits
        "catnav.js"}
    requested.clear()
    page.goto(site + "/diagnostic/")
    page.locator(".lg-quiz").wait_for()
    names = {u.rsplit("/", 1)[1] for u in requested if "/assets/js/" in u}
    assert names == {"diagnostic.js", "diagnostic-engine.js", "plan-pool.js", "progress.js", "dom.js"}
    assert not [u for u in requested if not u.startswith(site)], "a request left the site's origin"


@pytest.mark.parametrize("path", ["/diagnostic/?a=nypyyn&w=3&h=8&l=mid", "/phases/phase-1/", "/progress/"])
def test_no_serious_accessibility_violations(site, page, path):
    page.goto(site + path)
    page.locator("[data-lg-mounted]").first.wait_for()
    page.wait_for_timeout(300)
    assert serious_violations(page) == []
