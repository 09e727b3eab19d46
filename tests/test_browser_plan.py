"""The personal study plan in a real browser (#15): drawn from the answers, day by day, with ticks
that survive a reload and a retake; the result explains every answer; the diagnostic and the story
worksheet show each item once; keyboard focus is visible on every control."""
from __future__ import annotations

import json
import pathlib

import pytest
from playwright.sync_api import expect

from browser import serve
from conftest import ROOT
from loopguide.diagnostic import days, plan, route
from loopguide.plan_pool import plan_pool
from loopguide.render import item_urls
from loopguide.validate import load_guide
from test_browser_diagnostic import DIAG, ITEMS, KEY, take_quiz_by_keyboard

pytestmark = pytest.mark.browser
GUIDE = load_guide(ROOT)
POOL = plan_pool(GUIDE, item_urls(GUIDE))
REVIEWER = ["yes", "partly", "yes", "no", "yes", "no"]  # the tour's answers: no on agents and the failure story


@pytest.fixture(scope="module")
def site(built_site: pathlib.Path):
    with serve(built_site) as url:
        yield url


def python_plan(answers: list[str], weeks: int, hours: float, level: str, done=()):
    chosen = dict(zip(ITEMS, answers))
    routed = route(DIAG, chosen)
    planned = plan(DIAG, routed, weeks, hours, level)
    return days(DIAG, POOL, routed, planned, chosen, hours, level, list(done))


def shown_items(page) -> list[str]:
    return page.locator(".lg-day__item a").all_inner_texts()


def label(item) -> str:
    if item["kind"] in ("question", "case", "kata"):
        return POOL["items"][item["id"]]["title"]
    return None


def test_a_no_on_agents_plans_the_agent_case_studies_kata_and_questions(site, page):
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, REVIEWER, 2, 10, "senior")
    days_list = page.get_by_role("heading", name="Your day-by-day plan")
    expect(days_list).to_be_visible()
    for title in ("A deep-research agent that writes cited briefings",
                  "Customer support with specialist agents and human handoff",
                  "Tool-calling agent loop with a step cap and recoverable tool errors"):
        expect(page.get_by_role("checkbox", name=f"Done: {title}")).to_be_visible()
    expected = python_plan(REVIEWER, 2, 10, "senior")
    titles = [label(i) for d in expected["days"] for i in d["items"] if label(i)]
    assert [t for t in shown_items(page) if t in set(titles)] == titles, "the browser shows Python's plan, in order"
    headings = page.locator(".lg-day h4").all_inner_texts()
    assert headings == [f"Day {d['n']} · week {d['week']} · {d['minutes']} min" for d in expected["days"]]
    assert "Mock" in page.locator(".lg-day").last.inner_text()
    assert page.errors == []


def test_the_result_explains_every_answer_and_the_tie_break(site, page):
    answers = ["yes", "no", "yes", "no", "yes", "yes"]  # phases 2 and 4 equally weak
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, answers, 3, 8, "mid")
    why = page.locator(".lg-result__why")
    expect(why).to_contain_text("Question 2 (no).")
    expect(why).to_contain_text("Question 4 (no).")
    expect(why).to_contain_text("Phase 2: AI system design comes before Phase 4: Behavioral because your answers weigh the same")
    expect(why).to_contain_text(DIAG["routing"]["tie_note"].split(",")[0])


def test_ticks_survive_a_reload_and_a_retake(site, page):
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, REVIEWER, 2, 10, "senior")
    case = page.get_by_role("checkbox", name="Done: A deep-research agent that writes cited briefings")
    kata = page.get_by_role("checkbox", name="Done: Tool-calling agent loop with a step cap and recoverable tool errors")
    case.check()
    kata.check()
    page.reload()
    expect(page.get_by_role("checkbox", name="Done: A deep-research agent that writes cited briefings")).to_be_checked()
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).plan")
    ticked = {f"{i['kind']}:{i['id']}" for d in stored["days"] for i in d["items"] if i["done"]}
    assert ticked == {"case:deep-research-agent", "kata:agent-tool-loop"}
    assert stored["inputs"] == {"answers": "ypynyn", "weeks": 2, "hours": 10, "level": "senior"}

    # Retake with other answers: the plan is re-made around what was done, and the ticks are kept.
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, ["no", "no", "yes", "yes", "yes", "no"], 3, 6, "senior")
    expect(page.get_by_text("Done in an earlier plan and left out of this one: 2 items.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Done: A deep-research agent that writes cited briefings")).to_have_count(0)
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).plan")
    assert {f"{i['kind']}:{i['id']}" for i in stored["earlier"]} == ticked
    expected = python_plan(["no", "no", "yes", "yes", "yes", "no"], 3, 6, "senior", sorted(ticked))
    assert [[(i["kind"], i["id"], i["minutes"]) for i in d["items"]] for d in stored["days"]] == \
        [[(i["kind"], i["id"], i["minutes"]) for i in d["items"]] for d in expected["days"]]


def test_a_shared_link_does_not_replace_your_plan_until_you_adopt_it(site, page):
    page.goto(site + "/diagnostic/")
    take_quiz_by_keyboard(page, REVIEWER, 2, 10, "senior")
    page.goto(site + "/diagnostic/?a=nnnnnn&w=4&h=8&l=junior")
    page.locator("#lg-result-heading").wait_for()
    expect(page.get_by_role("checkbox")).to_have_count(0)
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).plan.inputs.answers") == "ypynyn"
    page.get_by_role("button", name="Make this my plan").click()
    expect(page.get_by_role("checkbox").first).to_be_visible()
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).plan.inputs.answers") == "nnnnnn"


def test_a_store_without_a_plan_still_loads(site, page):
    page.goto(site + "/progress/")
    page.evaluate(f"""localStorage.setItem('{KEY}', JSON.stringify({{version: 1, checklist: {{}}, diagnostic: null,
        katas: {{}}, stories: {{}}}}))""")
    page.goto(site + "/diagnostic/?a=ypynyn&w=2&h=10&l=senior")
    expect(page.get_by_role("heading", name="Your day-by-day plan")).to_be_visible()
    expect(page.get_by_role("checkbox").first).to_be_visible()
    assert page.evaluate(f"Object.keys(localStorage).filter(k => k.includes('unreadable'))") == []


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("path,texts,copies", [
    ("/diagnostic/", [i["text"] for i in DIAG["items"]], 1),
    # the worksheet's form repeats each hint once per story; the paper version must not add another
    ("/phases/phase-4/", [f["hint"] for f in GUIDE.phase("phase-4")["worksheet"]["fields"]], GUIDE.phase("phase-4")["worksheet"]["stories"]),
])
def test_each_item_is_visible_exactly_once(site, browser, javascript, path, texts, copies):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + path)
    if javascript:
        page.locator("[data-lg-mounted].lg-js").first.wait_for()
    for text in texts:
        assert page.get_by_text(text, exact=False).filter(visible=True).count() == (copies if javascript else 1), text
    context.close()


FOCUS_STYLE = """el => { const s = getComputedStyle(el);
  return {tag: el.closest('.md-content') ? el.tagName : 'outside', type: el.type || '', outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none'}; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_keyboard_focus_is_visible_on_every_control_and_inputs_have_borders(site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site + "/diagnostic/?a=ypynyn&w=2&h=10&l=senior")
    page.locator("#lg-result-heading").wait_for()
    for box in (page.get_by_label("Weeks until the interview"), page.get_by_label("Hours per week")):
        assert box.evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth) >= 1 && getComputedStyle(el).borderTopColor !== getComputedStyle(el).backgroundColor")
    h1 = page.get_by_role("heading", level=1)
    assert int(h1.evaluate("el => getComputedStyle(el).fontWeight")) >= 700
    seen = set()
    page.locator(".lg-quiz").get_by_role("radio").first.focus()
    for _ in range(60):
        style = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
        if style["tag"] in ("INPUT", "SELECT", "BUTTON", "A", "TEXTAREA", "SUMMARY"):
            assert style["outline"] or style["shadow"], f"no visible focus on {style}"
            seen.add((style["tag"], style["type"]))
        page.keyboard.press("Tab")
    assert {("INPUT", "radio"), ("INPUT", "number"), ("SELECT", "select-one"), ("BUTTON", "submit"), ("INPUT", "checkbox"), ("A", "")} <= seen
    context.close()
