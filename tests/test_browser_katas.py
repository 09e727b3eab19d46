"""Kata pages in Debian's Chromium: tests pass for a correct solution, an endless loop is stopped
while the page keeps responding, code survives a reload, failures read as sentences, and Pyodide
is fetched only where and when it is needed."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from browser import at, serious_violations, serve
from conftest import ROOT
from loopguide.validate import load_guide

pytestmark = pytest.mark.browser
GUIDE = load_guide(ROOT)
KATAS = {k["id"]: k for k in GUIDE.katas}
PURE = "reciprocal-rank-fusion"      # standard library only: runs fully offline
NUMPY = "cosine-similarity"          # needs NumPy from the CDN
COLD_START_S = 60                    # generous: two cores shared with the rest of the suite


def open_kata(page, site: str, kata_id: str) -> None:
    page.goto(f"{site}/katas/{kata_id}/")
    editor_ready(page)


def editor_ready(page) -> None:
    """The reader's first sign of use (here a pointer over the text area) brings in CodeMirror."""
    page.get_by_role("textbox", name="Code editor").hover()
    page.locator(".cm-editor").wait_for()


def set_code(page, code: str) -> None:
    editor_ready(page)
    page.get_by_role("textbox", name="Code editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)


def press(page, name: str, timeout_s: float = COLD_START_S) -> float:
    """Click a run button and wait until the run is over; the seconds it took."""
    started = time.monotonic()
    page.get_by_role("button", name=name, exact=True).click()
    page.locator(".lg-kata[aria-busy=false]").wait_for(timeout=timeout_s * 1000)
    return time.monotonic() - started


def status(page) -> str:
    return page.locator(".lg-kata__status").inner_text()


def pyodide_requests(page) -> list[str]:
    return [u for u in page.requests if "/assets/pyodide/" in u]


def test_a_correct_solution_passes_every_test_and_counts_as_solved(site, page):
    kata = KATAS[PURE]
    open_kata(page, site, PURE)
    set_code(page, kata["solution"])
    press(page, "Run tests")
    n = len(kata["tests"])
    assert status(page) == f"All {n} tests passed. Kata solved."
    results = page.get_by_role("region", name="Test results")
    assert results.locator(".lg-test--passed").count() == n
    for test in kata["tests"]:
        assert test["name"] in results.inner_text()
    # hidden tests show in full once passed: their call is on the page now
    hidden = next(t for t in kata["tests"] if not t.get("example"))
    assert hidden["call"] in results.inner_text()
    page.get_by_role("link", name="Katas", exact=True).first.click()
    page.wait_for_url(at("/katas/"))
    solved = page.locator(".lg-solved")
    solved.wait_for()
    assert solved.count() == 1
    assert solved.evaluate("s => s.previousElementSibling.dataset.kata") == PURE
    assert page.errors == []


def test_a_wrong_solution_shows_expected_and_got_and_hides_unpassed_hidden_tests(site, page):
    kata = KATAS[PURE]
    open_kata(page, site, PURE)
    results = page.get_by_role("region", name="Test results")
    examples = [t for t in kata["tests"] if t.get("example")]
    hidden = [t for t in kata["tests"] if not t.get("example")]
    assert results.locator(".lg-test").count() == len(examples)  # before the first run
    assert f"{len(hidden)} more are listed after your first run" in results.inner_text()
    set_code(page, "def reciprocal_rank_fusion(rankings, k=60, top_n=None):\n    return [('x', 1.0)]\n")
    press(page, "Run tests")
    assert results.locator(".lg-test").count() == len(kata["tests"])
    failed = results.locator(".lg-test--failed").first
    assert "Expected" in failed.inner_text() and "Got" in failed.inner_text()
    # a failed hidden test shows its call and what came back, but not its expected value
    hidden_failed = results.locator(".lg-test--failed", has_text=hidden[0]["name"])
    text = hidden_failed.inner_text()
    assert hidden[0]["call"] in text and "Got" in text and "Expected" not in text


def test_an_endless_loop_is_stopped_by_the_time_limit_and_the_page_keeps_responding(site, page):
    kata = KATAS[PURE]
    limit = kata.get("time_limit_seconds", 10)
    open_kata(page, site, PURE)
    set_code(page, "print('start')\n")
    press(page, "Run")  # Python is warm now, so the timing below is the run alone
    set_code(page, "while True:\n    pass\n")
    started = time.monotonic()
    page.get_by_role("button", name="Run", exact=True).click()
    page.wait_for_timeout(1000)
    # the page answers while Python spins: a click opens the first hint at once
    clicked = time.monotonic()
    page.get_by_role("button", name=f"Show hint 1 of {len(kata['hints'])}").click()
    assert page.locator(".lg-kata__hints details").first.is_visible()
    assert time.monotonic() - clicked < 2
    assert page.get_by_role("button", name="Stop").is_enabled()
    page.locator(".lg-kata[aria-busy=false]").wait_for(timeout=(limit + 10) * 1000)
    elapsed = time.monotonic() - started
    assert limit - 0.5 <= elapsed <= limit + 3, elapsed
    assert status(page) == f"Stopped after {limit} seconds, the time limit for one run. Look for a loop that never ends."
    set_code(page, kata["solution"])  # a fresh worker runs the next run
    press(page, "Run tests")
    assert status(page).startswith("All ")


def test_stop_ends_a_run_at_once(site, page):
    open_kata(page, site, PURE)
    set_code(page, "n = 0\nwhile True:\n    n += 1\n")
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_text("Running…").wait_for(timeout=COLD_START_S * 1000)
    page.wait_for_timeout(500)
    stopped = time.monotonic()
    page.get_by_role("button", name="Stop").click()
    page.locator(".lg-kata[aria-busy=false]").wait_for(timeout=5000)
    assert time.monotonic() - stopped < 2
    assert status(page) == "Stopped."
    assert page.get_by_role("button", name="Run tests").is_enabled()


def test_code_survives_a_reload_and_reset_restores_the_starter(site, page):
    kata = KATAS[PURE]
    open_kata(page, site, PURE)
    mine = "def reciprocal_rank_fusion(rankings, k=60, top_n=None):\n    return []  # mine\n"
    set_code(page, mine)
    page.wait_for_timeout(600)  # autosave is debounced
    page.reload()
    editor_ready(page)
    assert "return []  # mine" in page.locator(".cm-content").inner_text()
    page.get_by_role("button", name="Reset").click()
    assert page.locator(".cm-content").inner_text().strip() == kata["starter"].strip()
    assert "Starter code restored" in page.locator(".lg-kata__notice").inner_text()
    page.wait_for_timeout(600)
    page.reload()
    editor_ready(page)
    assert page.locator(".cm-content").inner_text().strip() == kata["starter"].strip()


def test_the_code_editor_loads_on_the_first_sign_of_use_and_keeps_what_was_typed_meanwhile(site, page):
    """Reading a kata costs no CodeMirror (about a second of a phone's main thread): the page
    shows a text area, and the editor bundle is fetched when the reader points, focuses or types."""
    held = []
    page.route("**/assets/vendor/editor.js", lambda route: held.append(route))  # answered once the reader has typed
    page.goto(f"{site}/katas/{PURE}/")
    area = page.get_by_role("textbox", name="Code editor")
    area.wait_for()
    page.wait_for_load_state("networkidle")
    assert not held and not [u for u in page.requests if u.endswith("/assets/vendor/editor.js")]
    area.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text("def reciprocal_rank_fusion(rankings, k=60, top_n=None):\n    return []  # typed early\n")
    assert len(held) == 1
    held[0].continue_()
    page.locator(".cm-editor.cm-focused").wait_for()
    assert "return []  # typed early" in page.locator(".cm-content").inner_text()
    assert page.get_by_role("textbox", name="Code editor").count() == 1


def test_a_changed_starter_is_announced_and_the_code_kept(site, page):
    page.goto(site + "/")
    page.evaluate("""id => localStorage.setItem('loopguide.progress.v1', JSON.stringify({
        version: 1, checklist: {}, diagnostic: null, stories: {},
        katas: {[id]: {code: 'def old():\\n    pass\\n', starter: 'an-old-hash'}}}))""", PURE)
    open_kata(page, site, PURE)
    assert "starter code has changed" in page.locator(".lg-kata__notice").inner_text()
    assert "def old():" in page.locator(".cm-content").inner_text()


def test_a_numpy_kata_without_the_cdn_says_so_plainly(site, page):
    open_kata(page, site, NUMPY)
    set_code(page, KATAS[NUMPY]["solution"])
    press(page, "Run tests")
    assert status(page) == "numpy could not be downloaded; check your connection."
    assert any(u.startswith("https://cdn.jsdelivr.net/pyodide/") for u in page.requests)
    assert page.get_by_role("button", name="Run tests").is_enabled()


def test_hints_unfold_one_at_a_time_and_the_solution_waits_for_an_attempt(site, page):
    kata = KATAS[PURE]
    open_kata(page, site, PURE)
    hints = page.locator(".lg-kata__hints details")
    assert hints.count() == len(kata["hints"]) and not hints.first.is_visible()
    page.get_by_role("button", name=f"Show hint 1 of {len(kata['hints'])}").click()
    assert hints.nth(0).is_visible() and not hints.nth(1).is_visible()
    page.get_by_role("button", name=f"Show hint 2 of {len(kata['hints'])}").click()
    assert hints.nth(1).is_visible()
    assert not page.locator(".lg-kata__solution").is_visible()
    assert page.get_by_text("opens here after your first test run").is_visible()
    press(page, "Run tests")
    page.get_by_role("button", name="Show the reference solution").click()
    solution = page.locator(".lg-kata__solution")
    assert solution.is_visible() and "Why" in solution.inner_text()


def test_a_crashed_worker_is_restarted_with_a_sentence(site, page):
    kata = KATAS[PURE]
    open_kata(page, site, PURE)
    set_code(page, "import os\nos._exit(3)\n")
    press(page, "Run")
    assert status(page) == "Python stopped unexpectedly and has been restarted. Run again."
    set_code(page, kata["solution"])
    press(page, "Run tests")
    assert status(page).startswith("All ")


def test_output_streams_and_is_capped(site, page):
    open_kata(page, site, PURE)
    set_code(page, "for i in range(100000):\n    print(i)\n")
    press(page, "Run")
    output = page.get_by_role("region", name="Output").inner_text()
    assert output.startswith("Output\n0\n1\n2\n")
    assert "[output stopped after 20,000 characters]" in output
    assert len(output) < 21000
    set_code(page, "def f():\n    return {}['missing']\nf()\n")
    press(page, "Run")
    output = page.get_by_role("region", name="Output").inner_text()
    assert "Line 3, in <module>" in output and "Line 2, in f" in output and "KeyError: 'missing'" in output
    assert "kata_harness" not in output and "pyodide" not in output.lower()


def test_pyodide_loads_only_on_kata_pages_after_first_use_and_stays_warm(site, page):
    page.goto(site + "/")
    page.goto(site + "/questions/coding/")
    page.wait_for_load_state("networkidle")
    assert pyodide_requests(page) == [] and not any("/assets/vendor/" in u for u in page.requests)
    page.goto(f"{site}/katas/{PURE}/")  # no pointer over the kata yet: no sign of use
    page.get_by_role("textbox", name="Code editor").wait_for()
    page.wait_for_load_state("networkidle")
    assert pyodide_requests(page) == [], "Pyodide must wait for the reader"
    set_code(page, KATAS[PURE]["solution"])
    press(page, "Run tests")
    wasm = [u for u in pyodide_requests(page) if u.endswith(".wasm")]
    assert len(wasm) == 1
    page.evaluate("window.lgSameDocument = true")  # gone if a link reloads the page
    # instant navigation to another kata keeps the same worker: no second runtime download
    page.get_by_role("link", name="Katas", exact=True).first.click()
    page.wait_for_url(at("/katas/"))
    other = next(k for k in GUIDE.katas if not k["packages"] and k["id"] != PURE)
    page.locator(f"a[data-kata='{other['id']}']").click()
    page.wait_for_url(at(f"/katas/{other['id']}/"))
    page.get_by_role("textbox", name="Code editor").wait_for()
    set_code(page, other["solution"])
    seconds = press(page, "Run tests")
    assert status(page) == f"All {len(other['tests'])} tests passed. Kata solved."
    assert len([u for u in pyodide_requests(page) if u.endswith(".wasm")]) == 1
    assert page.evaluate("window.lgSameDocument") is True, "the links should use instant navigation"
    assert seconds < COLD_START_S


def test_without_javascript_a_kata_reads_as_a_page(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    kata = KATAS[PURE]
    page.goto(f"{site}/katas/{PURE}/")
    body = page.locator("article").inner_text()
    assert kata["starter"].splitlines()[0] in body
    for test in kata["tests"]:
        if test.get("example"):
            assert test["name"] in body
    assert page.get_by_text("Hint 1 of").count() == 1
    assert page.get_by_text("The solution and why each line is there").count() == 1
    context.close()


def test_stop_interrupts_python_without_a_restart_when_the_page_is_isolated(built_site, page):
    """With COOP/COEP headers the page shares memory with the worker: Stop raises
    KeyboardInterrupt inside Python and the same warm worker takes the next run."""
    with serve(built_site, isolated=True) as isolated_site:
        open_kata(page, isolated_site, PURE)
        assert page.evaluate("crossOriginIsolated") is True
        set_code(page, "while True:\n    pass\n")
        page.get_by_role("button", name="Run", exact=True).click()
        page.get_by_text("Running…").wait_for(timeout=COLD_START_S * 1000)
        page.wait_for_timeout(300)
        page.get_by_role("button", name="Stop").click()
        page.locator(".lg-kata[aria-busy=false]").wait_for(timeout=5000)
        assert status(page) == "Stopped."
        set_code(page, KATAS[PURE]["solution"])
        assert press(page, "Run tests") < 5  # warm: no new runtime
        assert status(page).startswith("All ")
        assert len([u for u in pyodide_requests(page) if u.endswith(".wasm")]) == 1


def test_a_kata_page_with_results_has_no_serious_accessibility_violations(site, page):
    open_kata(page, site, PURE)
    set_code(page, "def reciprocal_rank_fusion(rankings, k=60, top_n=None):\n    return []\n")
    press(page, "Run tests")
    page.get_by_role("button", name="Show the reference solution").click()
    assert serious_violations(page) == []


def test_a_tampered_package_is_refused_by_its_lock_file_checksum(site, page):
    """The CDN answers, but with the wrong bytes: the sha256 in pyodide-lock.json rejects them
    (Pyodide fetches packages with the lock file's hash as the request's integrity)."""
    served = []

    def tampered(route):
        served.append(route.request.url)
        route.fulfill(status=200, body=b"PK\x03\x04 not the wheel the lock file names",
                      headers={"Access-Control-Allow-Origin": "*", "Content-Type": "application/octet-stream"})

    page.context.unroute("https://cdn.jsdelivr.net/**")
    page.context.route("https://cdn.jsdelivr.net/**", tampered)
    warnings = []
    page.on("console", lambda message: warnings.append(message.text))
    open_kata(page, site, NUMPY)
    set_code(page, KATAS[NUMPY]["solution"])
    press(page, "Run tests")
    assert served and served[0].endswith(".whl")
    assert status(page) == "numpy could not be downloaded; check your connection."
    # a 200 response that CORS allows fails inside fetch() only when its integrity (sha256) check fails
    assert "Failed to fetch" in warnings, warnings


NO_TIE_BREAK = """def reciprocal_rank_fusion(rankings, k=60, top_n=None):
    scores = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + 1 / (k + rank)
    fused = sorted(scores.items(), key=lambda item: -item[1])
    return fused if top_n is None else fused[:top_n]
"""


def test_a_failing_hidden_test_names_the_value_that_differs(site, page):
    open_kata(page, site, PURE)
    set_code(page, NO_TIE_BREAK)  # the tour's attempt: no tie-break by id, repeats counted twice
    press(page, "Run tests")
    results = page.get_by_role("region", name="Test results")
    tie = results.locator(".lg-test--failed", has_text="equal scores are ordered by doc id")
    why = tie.locator("dt", has_text="Why").locator("xpath=following-sibling::dd[1]").inner_text()
    assert "got '" in why and "expected '" in why, why


def test_a_syntax_error_is_reported_once(site, page):
    open_kata(page, site, PURE)
    set_code(page, "def reciprocal_rank_fusion(rankings, k=60, top_n=None)\n    return []\n")
    press(page, "Run tests")
    assert status(page) == "Your code has a syntax error, so no test ran. See the output."
    widget = page.locator(".lg-kata")
    assert widget.inner_text().count("SyntaxError") == 1
    assert page.get_by_role("region", name="Output").inner_text().count("SyntaxError") == 1


def test_the_kata_page_shows_it_is_solved_after_a_reload(site, page):
    open_kata(page, site, PURE)
    expect(page.get_by_text("✓ Solved")).to_have_count(0)
    set_code(page, KATAS[PURE]["solution"])
    press(page, "Run tests")
    expect(page.get_by_text("✓ Solved on")).to_be_visible()
    page.reload()
    page.get_by_role("textbox", name="Code editor").wait_for()
    expect(page.get_by_role("status").filter(has_text="✓ Solved on")).to_be_visible()


CONTRAST = """(el) => {
  // computed colours come as rgb(a) 0-255 or color(srgb r g b / a) 0-1; blend the alpha over the background
  const parse = (c) => { const n = c.match(/[\\d.]+/g).map(Number); const k = c.startsWith('color(') ? 255 : 1;
    return [n[0] * k, n[1] * k, n[2] * k, n.length > 3 ? n[3] : 1]; };
  const bgColor = parse(getComputedStyle(el).backgroundColor);
  const over = (c) => { const [r, g, b, a] = parse(c); return [r, g, b].map((v, i) => v * a + bgColor[i] * (1 - a)); };
  const lum = (rgb) => { const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (c) => { const [x, y] = [lum(over(c)), lum(bgColor)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
  const spans = [...el.querySelectorAll('.cm-line span, .cm-gutterElement')].filter((s) => s.textContent.trim());
  const worst = spans.map((s) => [ratio(getComputedStyle(s).color), s.textContent.slice(0, 12)]).sort((a, b) => a[0] - b[0])[0];
  return {bg: getComputedStyle(el).backgroundColor, gutter: getComputedStyle(el.querySelector('.cm-gutters')).backgroundColor,
          worst: worst[0], text: worst[1]};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_editor_takes_the_content_width_and_follows_the_scheme_with_aa_contrast(site, browser, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    open_kata(page, site, PURE)
    article = page.locator("article.md-content__inner").bounding_box()
    editor = page.locator(".lg-kata__editor").bounding_box()
    assert editor["width"] >= 0.95 * (article["width"] - 2 * 16) and editor["width"] >= 850, (editor, article)
    found = page.locator(".cm-editor").evaluate(CONTRAST)
    assert found["worst"] >= 4.5, found
    assert found["gutter"] == found["bg"], "the gutter is drawn on the editor's own background"
    dark = page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert dark == (scheme == "dark")
    if dark:
        assert page.locator(".cm-editor").evaluate("e => { const [r, g, b] = getComputedStyle(e).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 200; }")
    context.close()


def test_the_katas_index_fits_a_phone(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/katas/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for kata in GUIDE.katas:
        expect(page.get_by_role("link", name=kata["title"], exact=True)).to_be_visible()
    context.close()


@pytest.mark.parametrize("kata_id", ["lru-cache", "streaming-json-objects"])
def test_a_new_pure_kata_is_solved_end_to_end(site, page, kata_id):
    """Round-two katas run in the browser as in CPython: a class entry point, a generator."""
    kata = KATAS[kata_id]
    open_kata(page, site, kata_id)
    press(page, "Run tests")  # the starter as shipped
    assert "Kata solved" not in status(page)
    set_code(page, kata["solution"])
    press(page, "Run tests")
    assert status(page) == f"All {len(kata['tests'])} tests passed. Kata solved."
    assert page.errors == []
