"""Calculators in the browser: live results, drills (tolerance, seeded URL, progress), keyboard
use, axe, the no-JavaScript table, and the script loading only where a calculator is."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from playwright.sync_api import expect

from browser import serious_violations, serve
from conftest import ROOT, make_project, mkdocs
from loopguide import calc
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser
TOKEN_COST = next(c for c in load_guide(ROOT).calculators if c["id"] == "token-cost")
NAMES = ("Users", "Interactions per user per day", "Input tokens per interaction", "Output tokens per interaction")


@pytest.fixture(scope="module")
def calc_site(tmp_path_factory):
    """The calculators with every case study and the exemplar question (which shows one)."""
    root = make_project(tmp_path_factory.mktemp("calc"))
    (root / "data" / "cases").mkdir()
    for case in (ROOT / "data" / "cases").glob("*.yaml"):  # without links to questions the copy lacks
        text = re.sub(r"^related: \[.*\]\n", "", case.read_text(encoding="utf-8"), flags=re.M)
        (root / "data" / "cases" / case.name).write_text(text, encoding="utf-8")
    out = root / "site"
    result = mkdocs(root, "build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    with serve(out) as url:
        yield url


def token_cost(page):
    return page.locator(".lg-calc").filter(has=page.get_by_label("Users", exact=True))


def test_changing_an_input_changes_the_outputs(calc_site, page):
    page.goto(calc_site + "/calculators/")
    widget = token_cost(page)
    for name in NAMES:
        expect(widget.get_by_label(name, exact=True)).to_have_count(1)
    tokens = widget.get_by_label("Tokens per day", exact=True)
    assert tokens.evaluate("e => e.tagName") == "OUTPUT"
    expect(tokens).to_have_text("2 billion")
    cost = widget.get_by_label("Cost per day", exact=True)
    before = cost.inner_text()
    widget.get_by_label("Users", exact=True).fill("250000")
    expect(tokens).to_have_text("5 billion")
    assert cost.inner_text() != before
    widget.get_by_label("Output tokens per interaction", exact=True).fill("4")
    expect(tokens).to_have_text(re.compile(r"^\d{1,3}(,\d{3})* million$|^[\d.]+ billion$"))
    widget.get_by_label("Users", exact=True).fill("")
    expect(widget.locator(".lg-calc__problem")).to_have_text('Check "Users": the results wait for a valid number.')
    expect(tokens).to_have_text("—")
    widget.get_by_role("button", name="Reset the inputs").click()
    expect(tokens).to_have_text("2 billion")
    assert page.errors == []


def test_a_case_study_shows_its_own_numbers(calc_site, page):
    page.goto(calc_site + "/cases/ai-email-assistant/")
    widget = token_cost(page)
    expect(widget.get_by_label("Cost per day", exact=True)).to_have_text("$128,688")
    widget.get_by_label("Share of interactions sent to a cheaper model", exact=True).fill("60")
    expect(widget.get_by_label("Cost per day", exact=True)).to_have_text("$60,144")  # 51,456 + 8,688: the routing lever
    expect(page.get_by_label("Used on")).to_have_count(0)


def test_without_javascript_the_worked_defaults_are_a_table(calc_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(calc_site + "/calculators/")
    table = page.get_by_role("table", name="Token cost: results")
    expect(table.get_by_role("row", name="Tokens per day 2 billion")).to_have_count(1)
    expect(page.get_by_role("table", name="Token cost: inputs").get_by_role("row", name="Users 100,000 users")).to_have_count(1)
    context.close()


def givens(page) -> dict[str, float]:
    """The drill's drawn inputs, read from the page: {input id: value}."""
    by_label = {i["label"]: i for i in TOKEN_COST["inputs"]}
    found = {}
    for line in page.locator(".lg-calc__givens li").all_inner_texts():
        label, _, value = line.partition(": ")
        number = re.sub(r"[^0-9.]", "", value.split(" ")[0])
        found[by_label[label]["id"]] = float(number)
    return found


def test_drill_accepts_inside_the_tolerance_refuses_outside_and_records_both(calc_site, page):
    page.goto(calc_site + "/calculators/?drill=token-cost&seed=424242")
    answer = page.get_by_label("Your estimate of Cost per day")
    expect(answer).to_be_focused()
    exact = calc.compute(TOKEN_COST, givens(page))["cost_per_day"]  # computed here, in Python
    relative = TOKEN_COST["drill"]["tolerance"]["relative"]
    answer.fill(f"{exact * (1 + relative * 0.8):.2f}")
    page.get_by_role("button", name="Check my estimate").click()
    verdict = page.locator(".lg-calc__verdict")
    expect(verdict).to_contain_text("Accepted")
    expect(page.get_by_text("The working, step by step:")).to_be_visible()
    answer.fill(f"{exact * (1 + relative * 1.5):.2f}")
    page.get_by_role("button", name="Check my estimate").click()
    expect(verdict).to_contain_text("Not accepted")
    answer.fill(f"{exact * (1 - relative * 1.5):.2f}")
    page.get_by_role("button", name="Check my estimate").click()
    expect(verdict).to_contain_text("Not accepted")
    stored = json.loads(page.evaluate("localStorage.getItem('loopguide.progress.v1')"))
    assert stored["version"] == 2  # drills need no version of their own
    drills = stored["drills"]["token-cost"]
    assert (drills["attempts"], drills["accepted"]) == (3, 1)
    assert [entry["seed"] for entry in drills["log"]] == [424242] * 3
    assert page.errors == []


def test_a_drill_url_reopens_the_same_inputs(calc_site, page, browser):
    page.goto(calc_site + "/calculators/")
    token_cost(page).get_by_role("button", name="Estimate it").click()
    expect(page).to_have_url(re.compile(r"[?&]drill=token-cost&seed=\d+"))
    first = givens(page)
    assert len(first) == sum(1 for i in TOKEN_COST["inputs"] if "drill" in i)
    other = browser.new_page()
    other.goto(page.url)
    expect(other.get_by_label("Your estimate of Cost per day")).to_be_visible()
    assert givens(other) == first
    other.get_by_role("button", name="New numbers").click()
    assert other.url != page.url
    other.get_by_role("button", name="Back to the calculator").click()
    assert "drill=" not in other.url
    expect(other.get_by_label("Users", exact=True)).to_be_visible()
    other.close()


def test_keyboard_only(calc_site, page):
    page.goto(calc_site + "/calculators/")
    page.locator(".lg-calc--live").nth(2).wait_for()  # Tab only once every widget is a form
    users = token_cost(page).get_by_label("Users", exact=True)
    for _ in range(120):
        page.keyboard.press("Tab")
        if users.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the Users field")
    page.keyboard.press("Control+a")
    page.keyboard.type("400000")
    expect(token_cost(page).get_by_label("Tokens per day", exact=True)).to_have_text("8 billion")
    estimate = token_cost(page).get_by_role("button", name="Estimate it")
    for _ in range(60):
        page.keyboard.press("Tab")
        if estimate.evaluate("e => e === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached Estimate it")
    page.keyboard.press("Enter")
    answer = page.get_by_label("Your estimate of Cost per day")
    expect(answer).to_be_focused()
    page.keyboard.type("1000")
    page.keyboard.press("Enter")
    expect(page.locator(".lg-calc__verdict")).to_contain_text(re.compile("accepted", re.I))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Back to the calculator")).to_be_focused()
    page.keyboard.press("Enter")
    expect(estimate).to_be_focused()


@pytest.mark.parametrize("path", ["/calculators/", "/calculators/?drill=kv-cache&seed=7",
                                  "/cases/llm-inference-platform/", "/questions/llm-rag/prefill-vs-decode/"])
def test_axe_finds_no_serious_or_critical_violations(calc_site, page, path):
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(calc_site + path)
        if path.startswith("/questions/"):  # behind the model answer; the worked table stays until asked
            page.get_by_role("button", name="Show model answer").click()
            page.get_by_role("button", name="Change the numbers").click()
        page.locator(".lg-calc--live").first.wait_for()
        if "drill" in path:
            page.get_by_label("Your estimate of KV cache for all sequences").fill("1 GB")
            page.get_by_role("button", name="Check my estimate").click()
        assert serious_violations(page) == [], (path, scheme)


def test_the_calculator_script_loads_only_on_pages_with_a_calculator(calc_site, page):
    page.goto(calc_site + "/calculators/")
    page.locator(".lg-calc--live").first.wait_for()
    assert any(u.endswith("/assets/js/calculator.js") for u in page.requests)
    page.requests.clear()
    page.goto(calc_site + "/cases/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "calc" in u.rsplit("/", 1)[-1]]
