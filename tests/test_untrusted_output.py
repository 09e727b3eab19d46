"""Content is untrusted: the built site holds only what the allow-list allows (the output gate),
and the security probe's payloads (findings F1–F8, F18) end up as text or not at all.

Regression tests for the probe's findings are named test_f<N>_…; the validator's and the kata
box's are in test_untrusted_input.py.
"""
from __future__ import annotations

import contextlib
import pathlib
import re
import sys
from html.parser import HTMLParser

import markdown
import pytest
import yaml

import htmlgate
from conftest import ROOT, mkdocs
from hostile import ACCEPTED, FIELDS, MARKUP, build_without_input_checks, hostile_project
from loopguide import markup, sanitize

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
# attributes that may carry a payload as escaped text: they are read, never run
TEXT_ATTRIBUTES = {"content", "title", "aria-label", "alt", "value", "data-lg-data", "data-fields", "data-round-names"}


@pytest.fixture(scope="session")
def chrome(tmp_path_factory) -> htmlgate.Chrome:
    """What Material's own one-page site contains, built with our theme, Markdown and extra settings."""
    from test_budget import floor_config

    root = tmp_path_factory.mktemp("chrome")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Empty\n\nA page.\n", encoding="utf-8")
    config = floor_config() | {"extra": CONFIG.get("extra", {}), "copyright": CONFIG.get("copyright")}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "--site-dir", "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return htmlgate.read_chrome(root / "site")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> pathlib.Path:
    root = hostile_project(tmp_path_factory.mktemp("hostile"))
    site = root / "site"
    build_without_input_checks(root, site)
    return site


def test_the_built_site_passes_the_output_gate(built_site: pathlib.Path, chrome: htmlgate.Chrome):
    """Every page, hand-written ones included: elements, attributes, URLs and scripts."""
    assert len(list(built_site.rglob("*.html"))) > 300
    assert htmlgate.site_violations(built_site, chrome) == {}


def test_the_gate_catches_what_the_probe_found(chrome: htmlgate.Chrome):
    """The gate itself can fail: each of these is one of the probe's outputs from the old main."""
    data = {"data-item"}
    bad = [
        '<h1>Phase <svg/onload=alert(1)></h1>',
        '<p onmouseover="alert(1)">x</p>',
        '<a href="jav&#x61;script:alert(1)">x</a>',
        '<a href="java&#9;script:alert(1)">x</a>',
        '<meta name="description" content="0;url=https://evil.example" http-equiv="refresh">',
        '<p style="position:fixed">x</p>',
        '<div data-lg-widget="progress-page">x</div>',
        '<script>alert(1)</script>',
        '<script src="https://evil.example/x.js"></script>',
        '<img src="x" onerror="alert(1)">',
        '<iframe srcdoc="x"></iframe>',
    ]
    for html in bad:
        assert htmlgate.page_violations(html, chrome, data), html


def test_the_hostile_site_passes_the_output_gate(hostile_site: pathlib.Path, chrome: htmlgate.Chrome):
    assert len(ACCEPTED) >= 60 and len(MARKUP) + len(FIELDS) >= 70
    assert {p.finding for p in MARKUP + FIELDS} >= {"F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F18"}
    assert htmlgate.site_violations(hostile_site, chrome) == {}


class _Where(HTMLParser):
    """Where a marker appears: in text, or in which attributes."""

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.in_text = False
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and self.marker in value:
                self.attributes.add(f"{tag}.{name}")

    def handle_data(self, data):
        self.in_text = self.in_text or self.marker in data


def test_every_payload_is_text_or_absent(hostile_site: pathlib.Path):
    pages = {f: f.read_text(encoding="utf-8") for f in hostile_site.rglob("*.html")}
    shown = 0
    for p in ACCEPTED:
        for file, html in pages.items():
            if p.marker not in html:
                continue
            where = _Where(p.marker)
            where.feed(html)
            stray = {a for a in where.attributes if a.split(".", 1)[1] not in TEXT_ATTRIBUTES}
            assert not stray, f"payload {p.n} ({p.finding}) in attributes {stray} of {file.relative_to(hostile_site)}"
            shown += where.in_text
    assert shown >= 40  # most payloads are visible as the text their author wrote


def test_f7_meta_descriptions_stay_one_attribute(hostile_site: pathlib.Path):
    page = (hostile_site / "questions/llm-rag/hostile-fields/index.html").read_text(encoding="utf-8")
    meta = re.search(r"<meta name=\"description\"[^>]*>", page).group()
    assert "http-equiv" not in meta.split('content="', 1)[1].split('"', 1)[1]
    assert "LGX-50" in meta and ("&#34;" in meta or "&quot;" in meta)


def test_f1_names_are_text_on_every_page(hostile_site: pathlib.Path):
    home = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "LGX-40" in home  # the phase name is in every page's navigation
    assert "<svg/onload" not in home and "&lt;svg/onload" in home


def test_f5_kata_tests_are_escaped_html(hostile_site: pathlib.Path):
    page = (hostile_site / "katas/reciprocal-rank-fusion/index.html").read_text(encoding="utf-8")
    assert "LGX-52" in page and "LGX-53" in page and "LGX-55" in page
    assert "<img src=x" not in page and "onerror=" not in page.replace("onerror=console", "")


@pytest.mark.parametrize("payload", MARKUP, ids=[f"{p.n}-{p.finding}" for p in MARKUP])
def test_markup_payloads_through_markdown_and_the_sanitiser(payload, chrome: htmlgate.Chrome):
    """The output boundary alone, for every prose payload (those the validator refuses too)."""
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in CONFIG["markdown_extensions"]]
    extensions = [e for e in extensions if e != "pymdownx.snippets"]  # F8 has its own test below
    html = sanitize.clean(markdown.markdown(markup.inert(payload.text), extensions=extensions))
    assert htmlgate.page_violations(html, chrome, set()) == []
    assert "console.log" not in html or "LGX" in html  # a payload that survives does so as text


def test_f8_snippets_can_include_nothing_but_contributing():
    snippets = next(e for e in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
                    if isinstance(e, dict) and "pymdownx.snippets" in e)["pymdownx.snippets"]
    assert snippets["base_path"] == ["CONTRIBUTING.md"]
    from pymdownx.snippets import SnippetMissingError

    md = markdown.Markdown(extensions=["pymdownx.snippets", "pymdownx.superfences"],
                           extension_configs={"pymdownx.snippets": {"base_path": [str(ROOT / "CONTRIBUTING.md")],
                                                                     "check_paths": True}})
    for path in (".git/config", "mkdocs.yml", ".venv/pyvenv.cfg", "../../etc/passwd"):
        with pytest.raises(SnippetMissingError):
            md.convert(f'```text\n--8<-- "{path}"\n```')


def test_no_workflow_keeps_checkout_credentials():
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, workflow.name


@contextlib.contextmanager
def watched_page(site: pathlib.Path, browser, ran: list[str]):
    """(origin, page) on the served site, off-origin requests aborted; whatever a payload's
    script logs or alerts is appended to `ran`."""
    from browser import serve

    with serve(site) as origin:
        context = browser.new_context()
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        page = context.new_page()
        page.on("console", lambda m: ran.append(m.text) if "LGX-" in m.text else None)
        page.on("dialog", lambda d: (ran.append(d.message), d.dismiss()))
        try:
            yield origin, page
        finally:
            context.close()


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(hostile_site: pathlib.Path, browser):
    ran: list[str] = []
    files = [f for f in hostile_site.rglob("*.html") if "LGX-" in f.read_text(encoding="utf-8")]
    with watched_page(hostile_site, browser, ran) as (origin, page):
        for file in files:
            url = origin + "/" + file.relative_to(hostile_site).as_posix().removesuffix("index.html")
            page.goto(url)
            page.mouse.move(200, 300)
            page.mouse.move(600, 500)
    assert len(files) >= 8
    assert ran == []


@pytest.mark.browser
def test_search_results_show_payloads_as_text(hostile_site: pathlib.Path, browser):
    """The search box builds its results from Pagefind's index with textContent; the one element
    an excerpt may carry is Pagefind's own <mark>. Searching for the payloads' markers shows them,
    runs none and builds no other element."""
    ran: list[str] = []
    with watched_page(hostile_site, browser, ran) as (origin, page):
        page.goto(origin + "/")
        page.keyboard.press("/")
        page.keyboard.type("LGX")
        results = page.locator(".md-search-result__list > li")
        results.first.wait_for()
        page.wait_for_timeout(500)
        shown = results.count()
        tags = set(page.locator(".md-search-result__list *").evaluate_all("nodes => nodes.map((n) => n.localName)"))
        text = page.locator(".md-search-result__list").inner_text()
    assert shown >= 3 and "LGX-" in text
    assert tags <= {"li", "a", "article", "p", "h1", "mark", "button"}, tags  # button: "Show more results"
    assert ran == []
