"""Audits of the built site: Lighthouse (accessibility 100, best practices and SEO at least
0.95) and axe-core (no serious or critical violations) on one page of each kind.

Lighthouse runs with its default mobile settings: readers open the guide on phones, where the
layout differs most (drawer navigation, code that scrolls sideways); axe-core covers both a
desktop and a phone viewport. Lighthouse's performance score is printed, never asserted: timing
on a shared machine is noise. No audit is skipped: the SEO audits see the local URL, and the
canonical link names https://loopguide.dev/..., which Lighthouse accepts (a canonical may point
to another host; it only objects to one that points every page at the root)."""
from __future__ import annotations

import json

import pytest

from browser import serious_violations
from conftest import CHROMIUM, ROOT, run

pytestmark = pytest.mark.browser
LIGHTHOUSE = ROOT / "tests" / "js" / "lighthouse_audit.mjs"
PAGES = {
    "/": "home",
    "/questions/llm-rag/": "question category",
    "/phases/phase-1/": "phase",
    "/diagnostic/": "diagnostic",
    "/katas/": "kata index",
    "/katas/cosine-similarity/": "kata",
    "/calculators/": "calculators",
    "/mock/": "mock interview",
}
GATES = {"accessibility": 1.0, "best-practices": 0.95, "seo": 0.95}
MAX_CLS = 0.02  # cumulative layout shift: widgets that appear late must not push the page around
VIEWPORTS = {"desktop": {"width": 1280, "height": 720}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def lighthouse(site: str) -> dict[str, dict]:
    """One Lighthouse run (mobile settings, one Chromium) over every page: path -> report."""
    result = run(["node", str(LIGHTHOUSE), CHROMIUM, site, *PAGES], cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout)


def score(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.0f}"


def shortfalls(report: dict) -> list[str]:
    """Each gated category below its gate, with the audits that cost it points and where."""
    lines = []
    for category, gate in GATES.items():
        value = report["scores"][category]
        if value is None or value < gate:
            audits = "; ".join(f"{a['id']} ({a['title']}, score {a['score']}) at {a['where']}"
                               for a in report["failing"][category])
            lines.append(f"{category} {score(value)} < {score(gate)}: {audits or 'no scored audit failed'}")
    return lines


@pytest.mark.parametrize("path", PAGES)
def test_lighthouse_scores(lighthouse, path, record_figure):
    report = lighthouse[path]
    s = report["scores"]
    record_figure(f"Lighthouse (mobile) {PAGES[path]:<17} {path:<26} performance {score(s['performance']):>3}  "
                  f"accessibility {score(s['accessibility']):>3}  best practices {score(s['best-practices']):>3}  "
                  f"SEO {score(s['seo']):>3}  CLS {report['cls']:.3f}")
    assert report["runtimeError"] is None, report["runtimeError"]
    problems = shortfalls(report)
    if report["cls"] > MAX_CLS:
        problems.append(f"cumulative layout shift {report['cls']:.3f} > {MAX_CLS}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violations(site, browser, path, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.route(lambda url: not url.startswith(site), lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        if page.locator("[data-lg-widget]").count():
            page.locator("[data-lg-mounted]").first.wait_for()
        if page.locator("[data-lg-widget=kata]").count():
            page.get_by_role("textbox", name="Code editor").wait_for()
        violations = serious_violations(page)
        assert not violations, f"axe-core, {viewport}: {violations}"
    finally:
        context.close()
