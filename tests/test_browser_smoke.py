"""The built site in a real browser: instant navigation, search, and no console errors."""
from __future__ import annotations

import pathlib

import pytest
from playwright.sync_api import expect

from browser import at, serve
from conftest import ROOT
from engine_ui import search
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(built_site: pathlib.Path):
    with serve(built_site) as url:
        yield url


def test_reader_navigates_from_home_to_a_question(site_url: str, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "/")
    page.get_by_role("link", name="Question bank").first.click()
    page.wait_for_url(at("/questions/"))
    q = load_guide(ROOT).questions_in("llm-rag")[0]
    page.get_by_role("link", name="LLM engineering and RAG").first.click()
    page.wait_for_url(at("/questions/llm-rag/"))
    page.locator("article").get_by_role("link", name=q["title"], exact=True).click()  # the sidebar lists it too
    page.wait_for_url(at(f"/questions/llm-rag/{q['id']}/"))
    # instant navigation changes the URL before it swaps the content: wait for the new heading
    expect(page.get_by_role("heading", level=1)).to_contain_text(q["title"])
    follow_up = page.locator("details.question").first
    assert not follow_up.is_visible()  # try first: the answer and its follow-ups wait for the reader
    page.get_by_role("button", name="Show model answer").click()  # mounted after instant navigation
    assert follow_up.get_attribute("open") is None
    follow_up.locator("summary").click()
    assert follow_up.get_attribute("open") is not None
    assert errors == []
    page.close()


def test_search_finds_a_question_by_its_title(site_url: str, browser, engine: str):
    page = browser.new_page()
    page.goto(site_url + "/")
    titles = search(page, engine, "prefill versus decode")  # the title's distinctive words
    titles.filter(has_text="Why the first token is slow").first.wait_for(timeout=15000)
    top = titles.all_inner_texts()[:3]
    assert any(t.startswith("Why the first token is slow") for t in top), top
    page.close()
