"""Practice (#14) in Debian's Chromium: try first then look, grade against the rubric and schedule
with FSRS (Playwright's clock moves the days), the Practice page's session by keyboard alone, flags
and notes, the store's move to version 2, the home page's Today card, and axe on each of them."""
from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from browser import serious_violations, serve
from conftest import EXEMPLAR, ROOT
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser
KEY = "loopguide.progress.v1"
QID = EXEMPLAR.stem
QUESTION = f"/questions/llm-rag/{QID}/"
GUIDE = load_guide(ROOT)
START = dt.datetime(2026, 3, 2, 9, 0)  # local time of the test browser
V1 = {"version": 1, "checklist": {"p1-bias-variance-scenario": True}, "diagnostic": None,
      "katas": {"softmax": {"solved": True, "code": "x = 1\n"}}, "stories": {"story-1": {"title": "Draft"}}}


@pytest.fixture(scope="module")
def mini(mini_site: pathlib.Path):
    with serve(mini_site) as url:
        yield url


def stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))


def plant(page, site: str, state: dict) -> None:
    page.goto(site + "/loop/")  # a page without widgets: nothing reads the store before the test does
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(state)])


def day(offset: int = 0) -> str:
    return (START + dt.timedelta(days=offset)).date().isoformat()


def due_counts(page) -> str:
    return page.get_by_role("region", name="Due today").inner_text()


def test_the_answer_is_hidden_until_show_model_answer(mini, page):
    page.goto(mini + QUESTION)
    answer = page.get_by_role("heading", name="Model answer")
    show = page.get_by_role("button", name="Show model answer")
    show.wait_for()
    assert not answer.is_visible() and not page.get_by_text("A strong answer", exact=True).is_visible()
    assert not page.get_by_role("button", name="Good").is_visible()
    show.click()
    assert answer.is_visible() and page.get_by_role("heading", name="Follow-ups").is_visible()
    assert not show.is_visible()
    assert page.get_by_role("button", name="Good").is_visible()
    assert page.get_by_role("textbox", name="Your notes").is_visible()
    assert page.errors == []


def test_without_javascript_the_answer_is_folded_and_readable(browser, mini_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    with serve(mini_site) as url:
        page.goto(url + QUESTION)
        answer = page.get_by_role("heading", name="Model answer")
        assert not answer.is_visible()
        page.get_by_text("Model answer, weak and strong answers, follow-ups").click()
        assert answer.is_visible() and page.get_by_role("heading", name="Weak and strong answers").is_visible()
    context.close()


def test_grading_good_schedules_the_question_after_its_interval(mini, page):
    page.clock.install(time=START)
    page.goto(mini + QUESTION)
    page.get_by_role("button", name="Show model answer").click()
    strong = page.get_by_role("group", name="A strong answer: I said this").get_by_role("checkbox")
    for i in range(strong.count()):
        strong.nth(i).check()
    assert "Suggested from what you ticked: Easy." in page.locator(".lg-grade__suggestion").inner_text()
    page.get_by_role("button", name="Good").click()
    page.get_by_role("status").filter(has_text="Rated Good.").wait_for()
    review = stored(page)["reviews"][QID]
    assert [(e["rating"], e["day"], e["signals"]["strong"]) for e in review["log"]] == [(3, day(), list(range(strong.count())))]
    due_day = review["card"]["due_day"]
    interval = (dt.date.fromisoformat(due_day) - START.date()).days
    assert interval >= 2, "FSRS-6's first Good interval is more than a day"

    page.clock.set_system_time(START + dt.timedelta(days=1))
    page.goto(mini + "/practice/")
    assert due_counts(page).startswith("Due today\n") and "0 reviews due" in due_counts(page)
    page.goto(mini + "/questions/llm-rag/")
    assert page.locator(".lg-mark").first.inner_text() == "learned"

    page.clock.set_system_time(START + dt.timedelta(days=interval))
    page.goto(mini + "/practice/")
    assert "1 review due" in due_counts(page)
    page.goto(mini + "/questions/llm-rag/")
    assert page.locator(".lg-mark").first.inner_text() == "due"
    assert page.errors == []


def test_again_brings_the_question_back_in_the_same_session(mini, page):
    page.goto(mini + "/practice/")
    page.get_by_role("button", name="Start session").click()
    title = page.locator(".lg-card h2").first
    first = title.inner_text()
    page.get_by_role("button", name="Show model answer").click()
    page.get_by_role("button", name="Again").click()
    assert page.locator(".lg-session__left").inner_text() == "1 question left in this session."
    page.get_by_role("button", name="Next question").click()
    page.get_by_role("button", name="Show model answer").wait_for()
    assert title.inner_text() == first
    page.get_by_role("button", name="Show model answer").click()
    page.get_by_role("button", name="Good").click()
    page.get_by_role("button", name="Next question").click()
    assert "Session done: 2 reviews." in page.locator(".lg-session__done").inner_text()
    assert [e["rating"] for e in stored(page)["reviews"][QID]["log"]] == [1, 3]


def test_a_full_session_by_keyboard_alone(site, page):
    page.goto(site + "/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(
        {"version": 2, "checklist": {}, "diagnostic": None, "katas": {}, "stories": {}, "reviews": {}, "flags": {},
         "notes": {}, "settings": {"tryFirst": True, "newPerDay": 3}})])
    page.goto(site + "/practice/")
    assert "3 new questions left for today (daily limit 3)" in due_counts(page)
    page.get_by_label("Category").focus()
    page.keyboard.press("Tab")  # Topic
    page.keyboard.press("Tab")  # Flagged only
    page.keyboard.press("Tab")  # With a note only
    page.keyboard.press("Tab")  # Start session
    assert page.evaluate("document.activeElement.textContent") == "Start session"
    page.keyboard.press("Enter")
    for n in range(3):
        page.get_by_role("button", name="Show model answer").wait_for()
        assert page.locator(".lg-session__left").inner_text() == f"{3 - n} question{'s' if 3 - n != 1 else ''} left in this session."
        assert page.evaluate("document.activeElement.textContent") == "Show model answer"
        page.keyboard.press("Space")
        page.get_by_role("heading", name="Grade your answer").wait_for()
        page.keyboard.press("Space")  # nothing focused to act on: it must not break anything
        page.keyboard.press(str(n + 2))  # Hard, Good, Easy
        page.get_by_role("status").filter(has_text="Rated").wait_for()
        assert page.evaluate("document.activeElement.textContent") == "Next question"
        page.keyboard.press("Space")
    page.locator(".lg-session__done").wait_for()
    assert "Session done: 3 reviews." in page.locator(".lg-session__done").inner_text()
    reviews = stored(page)["reviews"]
    assert sorted(e["rating"] for r in reviews.values() for e in r["log"]) == [2, 3, 4]
    assert "0 new questions left for today" in due_counts(page)
    assert page.errors == []


def test_flag_and_note_survive_a_reload_and_are_exported(mini, page, tmp_path):
    page.goto(mini + QUESTION)
    flag = page.get_by_role("button", name="Flag for review")
    flag.click()
    assert flag.get_attribute("aria-pressed") == "true"
    page.get_by_role("textbox", name="Your notes").fill("Say the 7 ms floor out loud.")
    page.get_by_role("status").filter(has_text="Note saved").wait_for()
    page.reload()
    assert page.get_by_role("button", name="Flag for review").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("textbox", name="Your notes").input_value() == "Say the 7 ms floor out loud."

    page.goto(mini + "/practice/")
    assert "1 flagged question" in due_counts(page)
    page.get_by_label("Flagged only").check()
    page.get_by_role("button", name="Start session").click()
    assert page.locator(".lg-card h2").first.inner_text().startswith("Why the first token is slow")

    page.goto(mini + "/progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = json.loads(pathlib.Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["version"] == 2
    assert exported["progress"]["flags"] == {QID: True}
    assert exported["progress"]["notes"] == {QID: "Say the 7 ms floor out loud."}


def test_a_v1_store_migrates_on_first_load_with_nothing_lost(mini, page):
    plan = {"inputs": {"answers": "nnnnnn", "weeks": 3, "hours": 8, "level": "mid"}, "days": [], "earlier": []}
    plant(page, mini, V1 | {"plan": plan})  # a key v1 did not know is kept too
    page.goto(mini + QUESTION)
    page.get_by_role("button", name="Show model answer").wait_for()
    state = stored(page)
    assert state["version"] == 2
    assert {k: state[k] for k in V1 if k != "version"} == {k: v for k, v in V1.items() if k != "version"}
    assert state["plan"] == plan
    assert state["reviews"] == {} and state["flags"] == {} and state["notes"] == {}
    assert state["settings"] == {"tryFirst": True, "newPerDay": 10}


def test_a_v1_export_imports_and_a_v2_export_round_trips_exactly(mini, page, tmp_path):
    v1_file = tmp_path / "v1.json"
    v1_file.write_text(json.dumps({"kind": "loopguide-progress", "version": 1, "progress": V1}), encoding="utf-8")
    page.goto(mini + "/progress/")
    page.get_by_label("Import progress").set_input_files(str(v1_file))
    page.get_by_role("dialog", name="Replace your progress?").get_by_role("button", name="Import and replace").click()
    page.get_by_role("status").filter(has_text="Progress imported.").wait_for()
    assert stored(page)["version"] == 2 and stored(page)["checklist"] == V1["checklist"]

    page.goto(mini + QUESTION)  # add v2 data: a review, a flag and a note
    page.get_by_role("button", name="Flag for review").click()
    page.get_by_role("button", name="Show model answer").click()
    page.keyboard.press("2")
    page.get_by_role("status").filter(has_text="Rated Hard.").wait_for()
    page.get_by_role("textbox", name="Your notes").fill("note")
    page.get_by_role("status").filter(has_text="Note saved").wait_for()
    before = stored(page)

    page.goto(mini + "/progress/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    v2_file = tmp_path / "v2.json"
    download.value.save_as(v2_file)
    page.get_by_role("button", name="Clear progress").click()
    page.get_by_role("dialog", name="Clear your progress?").get_by_role("button", name="Clear").click()
    assert stored(page)["reviews"] == {}
    page.get_by_label("Import progress").set_input_files(str(v2_file))
    page.get_by_role("dialog", name="Replace your progress?").get_by_role("button", name="Import and replace").click()
    page.get_by_role("status").filter(has_text="Progress imported.").wait_for()
    assert stored(page) == before
    assert json.loads(v2_file.read_text(encoding="utf-8"))["progress"] == before


def planted_today_state(today: str) -> tuple[dict, dict]:
    """Reviews in several states and the counts the Today card must show for them."""
    ids = [q["id"] for q in GUIDE.questions]
    start = dt.date.fromisoformat(today)

    def review(first: str, due: str, days: list[str]) -> dict:
        return {"card": {"due_day": due, "due": f"{due}T12:00:00.000Z"},
                "log": [{"at": f"{d}T10:00:00.000Z", "day": d, "rating": 3, "signals": {"strong": [], "weak": []}, "seconds": 60}
                        for d in [first, *days]]}

    def ago(n: int) -> str:
        return (start - dt.timedelta(days=n)).isoformat()

    reviews = {
        ids[0]: review(ago(10), ago(1), [ago(2)]),      # overdue
        ids[1]: review(ago(5), today, [ago(1)]),         # due today
        ids[2]: review(ago(6), ago(-4), []),             # learned, due in 4 days
        ids[3]: review(today, ago(-2), []),              # new today, counts against the limit
    }
    state = {"version": 2, "checklist": {}, "katas": {}, "stories": {}, "flags": {}, "notes": {},
             "diagnostic": {"answers": "nypyyn", "start": "phase-2", "weeks": 3, "hours": 8, "level": "mid"},
             "reviews": reviews, "settings": {"tryFirst": True, "newPerDay": 10}}
    phase = next(p for p in GUIDE.phases if p["id"] == "phase-2")
    # reviews on days 0, 1 and 2 ago (not 3): a streak of 3
    return state, {"due": "2 reviews due", "new": "9 new questions left for today",
                   "next": f"Next in your plan: start with {phase['name']}", "streak": "Streak: 3 days in a row with a review"}


def test_the_home_page_shows_the_diagnostic_first_and_then_the_today_card(site, page):
    page.clock.install(time=START)
    page.goto(site + "/")
    action = page.get_by_role("link", name="Take the diagnostic")
    assert action.is_visible() and "md-button--primary" in action.get_attribute("class")
    assert not page.get_by_role("region", name="Today").count()

    state, expected = planted_today_state(day())
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(state)])
    page.reload()
    card = page.get_by_role("region", name="Today")
    card.wait_for()
    for name, text in expected.items():
        assert card.locator(f"[data-lg-count={name}]").inner_text() == text
    assert card.get_by_role("link", name="Practise now").is_visible()
    assert serious_violations(page) == []
    assert page.errors == []


def test_the_today_card_takes_the_next_plan_item_when_a_plan_exists(site, page):
    page.clock.install(time=START)
    state, _ = planted_today_state(day())
    q = GUIDE.questions[7]
    state["plan"] = {"inputs": {"answers": "nnnnnn", "weeks": 3, "hours": 8, "level": "mid"}, "earlier": [],
                     "days": [{"n": 1, "week": 1, "items": [
                         {"kind": "question", "id": GUIDE.questions[6]["id"], "phase": "phase-1", "minutes": 10, "done": True},
                         {"kind": "question", "id": q["id"], "phase": "phase-1", "minutes": 15, "done": False}]}]}
    plant(page, site, state)
    page.goto(site + "/")
    item = page.get_by_role("region", name="Today").locator("[data-lg-count=next]")
    assert item.inner_text() == f"Next in your plan: {q['id']} (15 min)"
    assert item.get_by_role("link").get_attribute("href").endswith(f"/questions/{q['category']}/{q['id']}/")


def test_the_scheduler_loads_only_when_a_review_is_graded(mini, page):
    page.goto(mini + QUESTION)
    page.get_by_role("button", name="Show model answer").click()
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if u.endswith("/assets/vendor/fsrs.js")]
    page.get_by_role("button", name="Good").click()
    page.get_by_role("status").filter(has_text="Rated Good.").wait_for()
    assert [u for u in page.requests if u.endswith("/assets/vendor/fsrs.js")]


def test_no_serious_accessibility_violations_on_a_graded_question(mini, page):
    page.goto(mini + QUESTION)
    page.get_by_role("button", name="Show model answer").click()
    page.get_by_role("group", name="A strong answer: I said this").get_by_role("checkbox").first.check()
    page.get_by_role("button", name="Good").click()
    page.get_by_role("status").filter(has_text="Rated Good.").wait_for()
    assert serious_violations(page) == []


def test_no_serious_accessibility_violations_mid_session(site, page):
    page.goto(site + "/practice/")
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("button", name="Show model answer").click()
    page.get_by_role("heading", name="Grade your answer").wait_for()
    assert serious_violations(page) == []


def test_try_first_can_be_turned_off_on_the_progress_page(mini, page):
    page.goto(mini + "/progress/")
    setting = page.get_by_label("Try first: keep the model answer folded until I ask for it")
    assert setting.is_checked()
    setting.uncheck()
    page.get_by_label("New questions per day").fill("4")
    page.get_by_label("New questions per day").press("Tab")
    assert stored(page)["settings"] == {"tryFirst": False, "newPerDay": 4}
    page.goto(mini + QUESTION)
    page.get_by_role("heading", name="Grade your answer").wait_for()
    assert page.get_by_role("heading", name="Model answer").is_visible()
    assert not page.get_by_role("button", name="Show model answer").is_visible()
    page.goto(mini + "/practice/")
    assert "(daily limit 4)" in due_counts(page)


def test_the_progress_page_shows_seen_due_retention_and_reviews_per_day(mini, page):
    page.clock.install(time=START)
    log = [{"at": f"{day(d)}T10:00:00.000Z", "day": day(d), "rating": r, "signals": {"strong": [], "weak": []}, "seconds": 90}
           for d, r in ((-40, 1), (-6, 1), (-3, 3), (-1, 4))]
    plant(page, mini, {"version": 2, "checklist": {}, "diagnostic": None, "katas": {}, "stories": {}, "flags": {}, "notes": {},
                       "settings": {"tryFirst": True, "newPerDay": 10},
                       "reviews": {QID: {"card": {"due_day": day(), "due": f"{day()}T12:00:00.000Z"}, "log": log}}})
    page.goto(mini + "/progress/")
    row = page.get_by_role("row", name="LLM engineering and RAG")
    row.wait_for()
    assert row.get_by_role("cell").all_inner_texts() == ["1 of 1", "1", "67% of 3"]  # the review 40 days ago is out
    chart = page.get_by_role("img", name="Reviews per day over the last 30 days: 3 in all, at most 1 on one day.")
    assert chart.locator("rect").count() == 30
    assert serious_violations(page) == []


def test_the_answer_timer_counts_and_its_time_is_stored_with_the_rating(mini, page):
    page.clock.install(time=START)
    page.goto(mini + QUESTION)
    timer = page.get_by_role("timer")
    assert timer.inner_text() == "0:00 of 2:00 suggested"
    page.get_by_role("button", name="Start timer").click()
    page.clock.run_for(65_000)
    assert timer.inner_text() == "1:05 of 2:00 suggested"
    page.get_by_role("button", name="Stop timer").click()
    page.clock.run_for(30_000)  # stopped: no longer counting
    assert timer.inner_text() == "1:05 of 2:00 suggested"
    page.get_by_role("button", name="Show model answer").click()
    page.get_by_role("button", name="Hard").click()
    page.get_by_role("status").filter(has_text="Rated Hard.").wait_for()
    assert stored(page)["reviews"][QID]["log"][0]["seconds"] == 65
