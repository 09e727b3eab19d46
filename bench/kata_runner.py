"""What the kata runner costs a reader: bytes fetched and time to first test result.

usage: python bench/kata_runner.py [SITE_DIR] [--runs N]   (default: builds into a temporary folder)

Serves the built site locally and drives headless Debian Chromium. For each of N fresh browser
contexts (an empty HTTP cache, so every Pyodide file is fetched): a bare Pyodide boot (a page that
only loads Pyodide and runs `1+1`, the floor any kata page starts from), bytes fetched by a
non-kata page, by a kata page before any interaction and after its first run, the time from the
reader's first click on "Run tests" to the first test result (cold: Python starts then), and the
same for a second run (warm). A last row repeats the cold start with the files already in the HTTP
cache (a second visit). The cold/bare ratio is printed from the medians.
Bytes are as transferred by the local server, which does not compress; the gzip column estimates
what a compressing host sends.
"""
from __future__ import annotations

import argparse
import gzip
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
from urllib.parse import urlparse

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browser import chromium, serve  # noqa: E402
from loopguide.validate import load_guide  # noqa: E402

NON_KATA = "/questions/coding/"
BARE_BOOT = "bench-bare-boot.html"
# The same Pyodide files the kata worker loads, from the same server, on a page with nothing else.
BARE_BOOT_PAGE = """<!doctype html><meta charset="utf-8"><title>bare Pyodide boot</title>
<script type="module">
  const started = performance.now();
  const { loadPyodide } = await import("./assets/pyodide/pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: new URL("./assets/pyodide/", location).href });
  window.lgResult = pyodide.runPython("1+1");
  window.lgSeconds = (performance.now() - started) / 1000;
</script>"""
SEARCH_INDEX = "search_index.json"  # Material fetches it on every first visit, kata or not


def built_site(argument: str | None) -> pathlib.Path:
    if argument:
        return pathlib.Path(argument)
    site = pathlib.Path(tempfile.mkdtemp()) / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], check=True, cwd=ROOT)
    return site


class Meter:
    """Bytes of every finished response a page (and its workers) fetched."""

    def __init__(self, page, site: pathlib.Path):
        self.site = site
        self.urls: list[str] = []
        self.bytes = 0
        page.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        sizes = request.sizes()
        if sizes["responseBodySize"] == 0:
            return  # served from the cache
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.urls.append(request.url)

    def gzipped(self, skip: str = "\0") -> int:
        """What these files weigh gzipped (files of this site only, but those whose URL contains skip)."""
        total = 0
        for url in self.urls:
            path = urlparse(url).path
            if skip in path:
                continue
            file = self.site / path.lstrip("/")
            if file.is_dir() or path.endswith("/"):
                file = file / "index.html"
            if file.is_file():
                total += len(gzip.compress(file.read_bytes(), compresslevel=6))
        return total


def bare_boot(browser, base: str) -> float:
    """Seconds for a page that only loads Pyodide (fresh context: nothing cached) and runs 1+1."""
    context = browser.new_context(service_workers="block")  # the offline worker would precache alongside
    page = context.new_page()
    page.goto(f"{base}/{BARE_BOOT}")
    page.wait_for_function("window.lgResult === 2", timeout=120_000)
    seconds = page.evaluate("window.lgSeconds")
    context.close()
    return seconds


# Timed inside the page, from the click event to the DOM change that shows the first result, so
# the figure is what the reader waits for, not Playwright's polling interval.
FIRST_RESULT = """() => { window.lgFirstResult = new Promise((resolve) => {
  const list = document.querySelector(".lg-kata__tests");
  let clicked = null;
  document.addEventListener("click", () => {
    clicked = performance.now();
    const seen = new MutationObserver(() => {
      if (list.querySelector(".lg-test--passed, .lg-test--failed")) {
        seen.disconnect();
        resolve((performance.now() - clicked) / 1000);
      }
    });
    seen.observe(list, { childList: true, subtree: true });
  }, { capture: true, once: true });
}); }"""


def run_tests(page) -> float:
    """Seconds from the click on "Run tests" to the first test result on the page."""
    page.evaluate(FIRST_RESULT)
    page.get_by_role("button", name="Run tests").click()  # clears earlier results at once
    seconds = page.evaluate("window.lgFirstResult")
    page.locator(".lg-kata[aria-busy=false]").wait_for(timeout=120_000)
    return seconds


def set_code(page, code: str) -> None:
    page.get_by_role("textbox", name="Code editor").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site = built_site(args.site)
    (site / BARE_BOOT).write_text(BARE_BOOT_PAGE, encoding="utf-8")
    guide = load_guide(ROOT)
    kata = next(k for k in guide.katas if k["id"] == "reciprocal-rank-fusion")
    rows: dict[str, list[float]] = {}

    def record(name: str, value: float) -> None:
        rows.setdefault(name, []).append(value)

    with serve(site) as base, chromium() as browser:
        for _ in range(args.runs):
            record("bare Pyodide boot, 1+1 (s)", bare_boot(browser, base))
            context = browser.new_context(service_workers="block")  # the offline worker would precache alongside
            page = context.new_page()
            meter = Meter(page, site)
            page.goto(base + NON_KATA)
            page.wait_for_load_state("networkidle")
            record("non-kata page: bytes", meter.bytes)
            record("non-kata page: gzipped, without the search index", meter.gzipped(skip=SEARCH_INDEX))
            assert not any("/assets/pyodide/" in u or "/assets/vendor/" in u for u in meter.urls)
            context.close()

            context = browser.new_context(service_workers="block")  # the offline worker would precache alongside
            page = context.new_page()
            meter = Meter(page, site)
            page.goto(f"{base}/katas/{kata['id']}/")
            page.get_by_role("textbox", name="Code editor").wait_for()
            page.wait_for_load_state("networkidle")
            record("kata page before first run: bytes", meter.bytes)
            record("kata page before first run: gzipped, without the search index", meter.gzipped(skip=SEARCH_INDEX))
            # the reader's first interaction is the click: nothing has started Python before it
            record("cold: first click to first test result (s)", run_tests(page))
            page.wait_for_load_state("networkidle")
            record("kata page after first run: bytes", meter.bytes)
            record("kata page after first run: gzipped, without the search index", meter.gzipped(skip=SEARCH_INDEX))
            set_code(page, kata["solution"])
            record("warm: click to first test result (s)", run_tests(page))
            # a second visit in the same context: Pyodide's files come from the HTTP cache
            page.reload()
            page.get_by_role("textbox", name="Code editor").wait_for()
            record("second visit, files cached: click to first result (s)", run_tests(page))
            context.close()

    print(f"kata runner benchmark: {args.runs} runs, kata '{kata['id']}', {os.cpu_count()} cores, headless Chromium")
    for name, values in rows.items():
        if name.endswith("(s)"):
            print(f"  {name:58} median {statistics.median(values):6.3f}   min {min(values):6.3f}   max {max(values):6.3f}")
        else:
            print(f"  {name:58} median {int(statistics.median(values)):>10,} B")
    bare = statistics.median(rows["bare Pyodide boot, 1+1 (s)"])
    cold = statistics.median(rows["cold: first click to first test result (s)"])
    warm = statistics.median(rows["warm: click to first test result (s)"])
    print(f"  cold / bare boot: {cold / bare:.2f}x (goal <= 1.25x); warm: {warm * 1000:.0f} ms (goal < 100 ms)")


if __name__ == "__main__":
    main()
