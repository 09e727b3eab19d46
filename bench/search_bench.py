"""What search costs a reader: bytes fetched and time until the first result, for our search
(Pagefind behind the header's box) and for Material's own (one index file and a lunr worker), at
1x, 4x and 16x the guide's content.

usage: python -m bench.search_bench [--scales 1 4 16] [--queries vllm "rag evaluation" ...] [--keep DIR]

Each scale is the build benchmark's synthetic project (every question, case study and kata copied
N times). Ours is that project's `mkdocs build --strict`; Material's is the same Markdown built by
MkDocs + Material alone (bench.build_bench.plain_project) with Material's own search box. Both are
served by a local server that gzips text responses, as a host would.

A reader's first search, in a fresh browser context (nothing cached): load the home page, press
"/", type the query at 100 ms a key (a fast typist), wait for the first result row. Our box
searches after a pause in typing and at once when a word is finished (a space), so the first row
may come mid-query: bytes are counted up to the moment the first row appears. Pagefind fetches an index
chunk per query word, so ours is measured for a one-, two- and three-word query; Material fetches
the same files whatever the query, so it is measured with the first. Reported per engine and scale:
- bytes: every response that belongs to search (Material: search_index.json and its search
  worker; ours: assets/js/search.js, dom.js if the page had not loaded it, and pagefind/ files),
  each counted gzipped (level 6) or as served if that is smaller (Pagefind's index is compressed);
- time from the last key until a result row shows (0 when one already shows), unthrottled and on Lighthouse's slow 4G profile
  (150 ms RTT, 1.6 Mbit/s down; no CPU slowdown). Material starts fetching its index at page load,
  before the reader types: its time is what is left of that work.
"""
from __future__ import annotations

import argparse
import gzip
import os
import pathlib
import re
import shutil
import sys
import time
from dataclasses import dataclass

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.build_bench import build, plain_project, synthesize, workspace  # noqa: E402
from bench.gzip_server import serve  # noqa: E402
from browser import chromium  # noqa: E402

BUDGET = 150 * 1024  # issue #18: at most this, gzipped, before the first result at today's content
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
SEARCH_FILES = {
    "material": re.compile(r"/search/search_index\.json$|/assets/javascripts/workers/search\.[^/]+\.js$"),
    "pagefind": re.compile(r"/pagefind/|/assets/js/(search|dom)\.js$"),
}
TIMEOUT_MS = 600_000
TYPING_MS = 100
QUERIES = ["vllm", "rag evaluation", "kv cache memory"]


def counted(body: bytes) -> int:
    """A response's size as a host sends it: gzipped, or as is when that is smaller (Pagefind's index is compressed)."""
    return min(len(body), len(gzip.compress(body, 6)))


@dataclass
class FirstSearch:
    bytes: int
    files: int
    seconds: float


def first_search(browser, site: pathlib.Path, engine: str, query: str, throttle: dict | None) -> FirstSearch:
    with serve(site) as origin:
        context = browser.new_context(service_workers="block")  # the offline worker would precache alongside
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        # the responses seen when the first result appears, whether mid-query or after the last key
        # (events reach us in order, so every earlier response is already in the list then)
        seen_at_first_result: list[int] = []
        page.expose_binding("lgFirstResult", lambda source: seen_at_first_result.append(len(responses)))
        if throttle:
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", throttle)
        page.goto(origin + "/", wait_until="load", timeout=TIMEOUT_MS)
        page.evaluate("""() => new MutationObserver((_, observer) => {
          if (document.querySelector(".md-search-result__item")) { observer.disconnect(); lgFirstResult(); }
        }).observe(document.body, { childList: true, subtree: true })""")
        page.keyboard.press("/")
        page.keyboard.type(query, delay=TYPING_MS)
        started = time.perf_counter()
        page.locator(".md-search-result__item").first.wait_for(timeout=TIMEOUT_MS)
        seconds = time.perf_counter() - started
        while not seen_at_first_result:
            page.wait_for_timeout(20)
        ours = [r for r in responses[:seen_at_first_result[0]] if SEARCH_FILES[engine].search(r.url.split("?")[0]) and r.ok]
        total = sum(counted(r.body()) for r in ours)
        context.close()
    return FirstSearch(total, len(ours), seconds)


def material_site(project: pathlib.Path) -> pathlib.Path:
    """The project's Markdown built by MkDocs + Material alone, with Material's own search box."""
    plain = plain_project(project)
    overrides = plain / "overrides-material"
    shutil.copytree(project / "overrides", overrides)
    (overrides / "partials" / "search.html").unlink(missing_ok=True)
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(overrides)
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    build(plain, plain / "site")
    return plain / "site"


@dataclass
class Row:
    scale: int
    questions: int
    engine: str
    on_disk: int
    query: str
    local: FirstSearch
    slow: FirstSearch | None


def measure(scale: int, workdir: pathlib.Path, queries: list[str], browser) -> list[Row]:
    project = workdir / f"x{scale}"
    questions = synthesize(project, scale)
    build(project, project / "site")
    sites = {"pagefind": project / "site", "material": material_site(project)}
    disk = {"pagefind": sum(f.stat().st_size for f in (sites["pagefind"] / "pagefind").rglob("*") if f.is_file()),
            "material": (sites["material"] / "search" / "search_index.json").stat().st_size}
    rows = []
    for engine, site in sites.items():
        for n, query in enumerate(queries if engine == "pagefind" else queries[:1]):
            slow = first_search(browser, site, engine, query, SLOW_4G) if n == 0 else None
            rows.append(Row(scale, questions, engine, disk[engine], query,
                            first_search(browser, site, engine, query, None), slow))
    return rows


def report(rows: list[Row], load: tuple[float, float]) -> None:
    print(f"search benchmark: {os.cpu_count()} cores, load average {load[0]:.1f} before and {load[1]:.1f} after; "
          f"a reader's first search in a fresh browser (home page loaded, then \"/\" and the query)")
    print(f"{'scale':>5} {'questions':>9} {'search':>9} {'index on disk':>14} {'query':>16} "
          f"{'bytes to 1st result (gz)':>25} {'files':>6} {'time, local':>12} {'time, slow 4G':>14}")
    for r in rows:
        slow = f"{r.slow.seconds:>13.2f}s" if r.slow else f"{'':>14}"
        print(f"{r.scale:>4}x {r.questions:>9} {r.engine:>9} {r.on_disk:>14,} {r.query:>16} {r.local.bytes:>25,} "
              f"{r.local.files:>6} {r.local.seconds:>11.2f}s {slow}")
    checks = []
    scales = sorted({r.scale for r in rows})
    for query in dict.fromkeys(r.query for r in rows if r.engine == "pagefind"):
        ours = {r.scale: r.local.bytes for r in rows if r.engine == "pagefind" and r.query == query}
        first, last = scales[0], scales[-1]
        checks.append((f"Pagefind, {query!r}: bytes to first result at {first}x <= {BUDGET // 1024} KB gzipped",
                       f"{ours[first] / 1024:.1f} KB", ours[first] <= BUDGET))
        if last > first:
            growth = ours[last] / ours[first]
            checks.append((f"Pagefind, {query!r}: bytes grow sub-linearly {first}x -> {last}x (< {last / first:g}x)",
                           f"{growth:.2f}x", growth < last / first))
    for name, value, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    parser.add_argument("--keep", type=pathlib.Path, help="write the projects here and keep them")
    args = parser.parse_args()
    with workspace(args.keep) as workdir, chromium() as browser:
        load_before = os.getloadavg()[0]
        rows = []
        for scale in args.scales:
            rows += measure(scale, workdir, args.queries, browser)
            print(f"  measured {scale}x", file=sys.stderr, flush=True)
        report(rows, (load_before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
