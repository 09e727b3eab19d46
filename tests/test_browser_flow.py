"""Reading flow (#15, points 6 and 7): a question page knows its place in its category, and a
category page filters by topic, sorts, keeps its state in the URL and shows its first question on a phone."""
from __future__ import annotations

import pathlib

import pytest
from playwright.sync_api import expect

from browser import at, serve
from conftest import ROOT
from loopguide.render import topic_name
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser
GUIDE = load_guide(ROOT)
LLM = GUIDE.questions_in("llm-rag")


@pytest.fixture(scope="module")
def site(built_site: pathlib.Path):
    with serve(built_site) as url:
        yield url


def test_a_question_page_has_a_breadcrumb_and_previous_next(site, page):
    q, before, after = LLM[5], LLM[4], LLM[6]
    page.goto(f"{site}/questions/llm-rag/{q['id']}/")
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(crumbs).to_contain_text(f"question 6 of {len(LLM)}")
    expect(crumbs.get_by_role("link", name="LLM engineering and RAG")).to_be_visible()
    pager = page.get_by_role("navigation", name="Previous and next question")
    expect(pager.get_by_role("link", name=f"← {before['title']}")).to_be_visible()
    pager.get_by_role("link", name=f"{after['title']} →").click()  # instant navigation
    page.wait_for_url(at(f"/questions/llm-rag/{after['id']}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(after["title"])
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(f"question 7 of {len(LLM)}")
    crumbs = page.get_by_role("navigation", name="Breadcrumb")
    crumbs.get_by_role("link", name="LLM engineering and RAG").click()
    page.wait_for_url(at("/questions/llm-rag/"))
    assert page.errors == []


def test_a_question_page_lists_its_category_in_the_sidebar_and_folded_on_a_phone(site, browser):
    q, other = LLM[5], LLM[40]
    name = "Questions in LLM engineering and RAG"
    # wide screen: the list is a column in the left sidebar, the current question marked
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site}/questions/llm-rag/{q['id']}/")
    listing = page.locator(".md-sidebar--primary").get_by_role("navigation", name=name)
    expect(listing.get_by_role("link")).to_have_count(len(LLM))
    current = listing.locator("[aria-current=page]")
    expect(current).to_have_text(q["title"])
    expect(current).to_be_visible()
    listing.get_by_role("link", name=other["title"], exact=True).click()  # instant navigation
    page.wait_for_url(at(f"/questions/llm-rag/{other['id']}/"))
    listing = page.locator(".md-sidebar--primary").get_by_role("navigation", name=name)
    expect(listing.locator("[aria-current=page]")).to_have_text(other["title"])
    expect(listing.locator("[aria-current=page]")).to_be_in_viewport()
    assert errors == []
    context.close()
    # phone: folded at the end of the page, opened with its summary; without JavaScript the same
    for javascript in (True, False):
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{site}/questions/llm-rag/{q['id']}/")
        listing = page.locator("article").get_by_role("navigation", name=name)
        link = listing.get_by_role("link", name=other["title"], exact=True)
        expect(link).to_be_hidden()
        listing.get_by_text(f"All {len(LLM)} questions in LLM engineering and RAG").click()
        expect(link).to_be_visible()
        link.click()
        page.wait_for_url(at(f"/questions/llm-rag/{other['id']}/"))
        context.close()


def test_a_question_links_to_the_kata_that_names_it_and_back(site, page):
    page.goto(f"{site}/questions/llm-rag/temperature-top-k-top-p/")
    kata = next(k for k in GUIDE.katas if k["id"] == "top-p-sampling")
    link = page.locator("article").get_by_role("link", name=kata["title"])
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(at("/katas/top-p-sampling/"))
    q = GUIDE.item("temperature-top-k-top-p")[1]
    expect(page.locator("article").get_by_role("link", name=q["title"])).to_be_visible()


def test_a_category_filters_by_topic_and_sorts_with_the_state_in_the_url(site, page):
    page.goto(f"{site}/questions/llm-rag/")
    page.get_by_label("Topic").select_option(label=topic_name("agents"))
    agents = [q for q in LLM if "agents" in q["topics"]]
    expect(page.get_by_role("status").filter(has_text="Showing")).to_have_text(f"Showing {len(agents)} of {len(LLM)} questions")
    page.get_by_label("Sort by").select_option(label="Hardest first")
    assert "topic=agents" in page.url and "sort=hard-first" in page.url
    shown = page.locator(".lg-q:not([hidden]) > p > a:first-child").all_inner_texts()
    rank = {"hard": 0, "medium": 1, "easy": 2}
    by_title = {q["title"]: q for q in agents}
    assert sorted(shown) == sorted(by_title)
    assert [rank[by_title[t]["difficulty"]] for t in shown] == sorted(rank[by_title[t]["difficulty"]] for t in shown)
    page.reload()
    expect(page.get_by_label("Topic")).to_have_value("agents")
    expect(page.get_by_label("Sort by")).to_have_value("hard-first")
    assert page.locator(".lg-q:not([hidden]) > p > a:first-child").all_inner_texts() == shown


def test_on_a_phone_the_first_question_shows_without_scrolling_and_nothing_shifts(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script("""window.lgShifts = 0; new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.lgShifts += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(f"{site}/questions/llm-rag/")
    page.get_by_label("Topic").wait_for()
    page.wait_for_timeout(500)
    first = page.locator("article").get_by_role("link", name=LLM[0]["title"], exact=True)
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 844, box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.evaluate("window.lgShifts") <= 0.02
    context.close()
