"""Page weight budget, in Debian's Chromium: a content page's HTML + CSS + JS, gzipped, stays within
25 KB of what Material itself ships for an empty page; no request leaves the site's origin; Pyodide
and the editor load on kata pages only, and only once the reader uses the kata.

The floor is measured here, not remembered: a one-page Material site with the theme settings of
mkdocs.yml (no hook, no extra CSS or JS) is built and loaded the same way as the real pages.

A load counts every same-origin response of type document, stylesheet, script (module imports and
the search worker included) and fetch/xhr, each body gzipped at level 9 and summed. Not counted:
images and the favicon (not HTML, CSS or JS), and the two site-wide data files Material fetches on
every page, search/search_index.json (its worker's index; the floor's Material search fetches it, our
site has none) and sitemap.xml (instant navigation's link list): they are the same file for every
page, cached after the first, and their size is the search's and the site's, not a page's. Our
search (Pagefind) loads nothing with a page: it is fetched when the reader opens search.

The offline service worker is blocked while pages are measured: a page pays only for the few
hundred bytes of its registration (inline, in its HTML). The worker script is fetched by the
browser's service-worker machinery, and its precache is downloaded once per build in the
background, not by any page; both are reported separately (sw.js, precache count and bytes).

Every page gets a figure. Pages that load the same stylesheets, scripts and widgets load the same
files, so the browser loads every hub page and the heaviest page of each such group; any other
page's figure is its own gzipped HTML plus the measured assets of its group. (Loading all ~300
pages in the browser takes minutes on two shared cores.)
"""
from __future__ import annotations

import collections
import dataclasses
import functools
import gzip
import json
import pathlib
import re
import time
from urllib.parse import urlsplit

import pytest
import yaml

from browser import serve
from conftest import ROOT, mkdocs
from sitehtml import Page, target

pytestmark = pytest.mark.browser

BUDGET = 25 * 1024
GZIP_LEVEL = 9
COUNTED_TYPES = {"document", "stylesheet", "script", "xhr", "fetch"}
SEARCH_INDEX = "/search/search_index.json"
SHARED_DATA = {SEARCH_INDEX, "/sitemap.xml"}
EDITOR = "/assets/vendor/editor.js"
KATA_ONLY = ("/assets/pyodide/", EDITOR, "/assets/js/kata-worker.js")
# Leaf pages come in hundreds and share their assets with their siblings (see the module doc).
LEAF = re.compile(r"^/(questions/[^/]+|cases|katas|tags)/[^/]+/$")
KATA = re.compile(r"^/katas/[^/]+/$")
QUIET_S = 0.5            # no request in flight for this long: the page has loaded what it loads
SETTLE_TIMEOUT_S = 30

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, GZIP_LEVEL, mtime=0))


@dataclasses.dataclass
class Load:
    """What one page load fetched: every requested URL (off-origin ones too, which were aborted)
    and the gzipped size of each counted same-origin response, by path."""
    path: str
    requested: list[str]
    counted: dict[str, int]
    uncounted: dict[str, int]       # same-origin responses outside the budget: raw bytes

    @property
    def total(self) -> int:
        return sum(self.counted.values())

    @property
    def assets(self) -> dict[str, int]:
        return {p: n for p, n in self.counted.items() if p != self.path}

    def kata_only(self) -> list[str]:
        return [u for u in self.requested if any(k in urlsplit(u).path for k in KATA_ONLY)]


class Meter:
    """One browser context that loads pages with the HTTP cache off (routing every request turns
    it off) and aborts any request that would leave the origin being measured."""

    def __init__(self, browser):
        self.context = browser.new_context(service_workers="block")  # see the module doc
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.origin = ""
        self.stubs: dict[str, str] = {}
        self._requested: list[str] = []
        self._responses: list = []
        self._in_flight: set = set()
        self._last_event = time.monotonic()
        self.page.on("request", self._started)
        self.page.on("requestfinished", self._ended)
        self.page.on("requestfailed", self._ended)
        self.page.on("response", self._responded)

    def _route(self, route) -> None:
        url = route.request.url
        self._requested.append(url)
        if not url.startswith(self.origin + "/"):
            route.abort()
        elif urlsplit(url).path == SEARCH_INDEX and self.origin in self.stubs:
            # The index is left out of the budget and measured from its file; an empty one spares
            # the worker parsing 2 MB of JSON on every load.
            route.fulfill(body=self.stubs[self.origin], content_type="application/json")
        else:
            route.continue_()

    def _responded(self, response) -> None:
        self._responses.append(response)

    def _started(self, request) -> None:
        self._in_flight.add(request)
        self._last_event = time.monotonic()

    def _ended(self, request) -> None:
        self._in_flight.discard(request)
        self._last_event = time.monotonic()

    def serve_stub_index(self, origin: str, site: pathlib.Path) -> None:
        if not (site / SEARCH_INDEX.lstrip("/")).is_file():
            return  # our site: its search fetches nothing until opened
        index = json.loads((site / SEARCH_INDEX.lstrip("/")).read_text(encoding="utf-8"))
        self.stubs[origin] = json.dumps({"config": index["config"], "docs": []})

    def measure(self, origin: str, path: str) -> Load:
        self.origin = origin
        self._requested.clear()
        self._responses.clear()
        self.page.goto(origin + path, wait_until="load")
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while self._in_flight or time.monotonic() - self._last_event < QUIET_S:
            assert time.monotonic() < deadline, f"{path} kept loading: {self._in_flight}"
            self.page.wait_for_timeout(50)
        counted, uncounted = {}, {}
        for response in self._responses:
            url = response.url
            if not url.startswith(origin + "/") or not 200 <= response.status < 300:
                continue
            rel = urlsplit(url).path
            body = response.body()
            if response.request.resource_type in COUNTED_TYPES and rel not in SHARED_DATA:
                counted[rel] = gzipped(body)
            else:
                uncounted[rel] = len(body)
        return Load(path, list(self._requested), counted, uncounted)

    def close(self) -> None:
        self.context.close()


def floor_config() -> dict:
    """mkdocs.yml's theme and Markdown settings on Material alone: no hook, plugins, extra CSS or JS."""
    theme = {k: v for k, v in CONFIG["theme"].items() if k != "custom_dir"}
    return {"site_name": CONFIG["site_name"], "site_url": CONFIG["site_url"], "theme": theme,
            "plugins": ["search"], "markdown_extensions": CONFIG["markdown_extensions"]}


@pytest.fixture(scope="module")
def floor_site(tmp_path_factory) -> pathlib.Path:
    root = tmp_path_factory.mktemp("floor")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Empty\n\nA page.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(floor_config(), sort_keys=False), encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "--site-dir", "site")
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "site"


@pytest.fixture(scope="module")
def meter(browser):
    m = Meter(browser)
    yield m
    m.close()


@pytest.fixture(scope="module")
def floor(meter: Meter, floor_site: pathlib.Path) -> Load:
    with serve(floor_site) as origin:
        meter.serve_stub_index(origin, floor_site)
        return meter.measure(origin, "/")


def groups(pages: dict[str, Page]) -> dict[tuple, list[str]]:
    """Pages by the stylesheets, scripts and widgets they load."""
    by_assets = collections.defaultdict(list)
    for url, page in pages.items():
        by_assets[page.assets()].append(url)
    return by_assets


@pytest.fixture(scope="module")
def loads(meter: Meter, site: str, built_site: pathlib.Path, pages) -> dict[str, Load]:
    """Browser loads of every hub page and, in each asset group, of the heaviest leaf page of each
    section (each question category, cases, katas)."""
    chosen = {url for url in pages if not LEAF.match(url)}
    for members in groups(pages).values():
        by_section = collections.defaultdict(list)
        for url in members:
            if match := LEAF.match(url):
                by_section[match[1]].append(url)
        for leaves in by_section.values():
            chosen.add(max(leaves, key=lambda url: pages[url].file.stat().st_size))
    meter.serve_stub_index(site, built_site)
    return {url: meter.measure(site, url) for url in sorted(chosen)}


def weights(pages: dict[str, Page], loads: dict[str, Load]) -> dict[str, tuple[int, int]]:
    """Every page's (total, HTML) gzipped bytes: measured, or its HTML plus its group's assets."""
    measured_group = {}
    for members in groups(pages).values():
        rep = next(url for url in members if url in loads)
        for url in members:
            measured_group[url] = loads[rep]
    result = {}
    for url, page in pages.items():
        html = gzipped(page.file.read_bytes())
        if url in loads:
            assert loads[url].counted[url] == html, f"{url}: the served HTML is not the built file"
            result[url] = (loads[url].total, html)
        else:
            result[url] = (html + sum(measured_group[url].assets.values()), html)
    return result


def section(url: str) -> str:
    match = LEAF.match(url)
    return match[1] if match else url


def kb(n: int) -> str:
    return f"{n / 1024:6.1f} KB"


def test_the_meter_counts_imports_and_workers_and_records_off_origin_requests(meter, tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="a.css"><img src="i.png">'
        '<script src="https://cdn.example.invalid/lib.js"></script><script type="module" src="m.js"></script>',
        encoding="utf-8")
    (tmp_path / "a.css").write_text("body{color:red}" * 50, encoding="utf-8")
    (tmp_path / "i.png").write_bytes(b"not counted")
    (tmp_path / "m.js").write_text('setTimeout(() => import("./later.js"), 100); new Worker("w.js");', encoding="utf-8")
    (tmp_path / "later.js").write_text("export const x = 1;", encoding="utf-8")
    (tmp_path / "w.js").write_text('fetch("data.json");', encoding="utf-8")
    (tmp_path / "data.json").write_text("[1, 2, 3]", encoding="utf-8")
    with serve(tmp_path) as origin:
        load = meter.measure(origin, "/")
    assert set(load.counted) == {"/", "/a.css", "/m.js", "/later.js", "/w.js", "/data.json"}
    assert load.counted["/a.css"] == gzipped(("body{color:red}" * 50).encode())
    assert set(load.uncounted) == {"/i.png"}
    assert "https://cdn.example.invalid/lib.js" in load.requested


def test_the_floor_is_material_alone_measured_with_its_search_worker(floor: Load, floor_site, record_figure):
    paths = set(floor.counted)
    assert "/" in paths
    assert any(re.fullmatch(r"/assets/javascripts/bundle\.\w+\.min\.js", p) for p in paths), paths
    assert any(re.fullmatch(r"/assets/stylesheets/main\.\w+\.min\.css", p) for p in paths), paths
    assert any(re.fullmatch(r"/assets/javascripts/workers/search\.\w+\.min\.js", p) for p in paths), paths
    assert SEARCH_INDEX in floor.uncounted, "the search worker's requests were not seen"
    assert not [u for u in floor.requested if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    print(f"\nfloor (Material, empty page, gzip -{GZIP_LEVEL}): {floor.total} bytes")
    record_figure(f"page weight floor (Material, empty page, gzip -{GZIP_LEVEL}): {floor.total} B")
    for path, n in sorted(floor.counted.items()):
        print(f"  {n:7d}  {path}")


def test_pages_with_the_same_assets_load_the_same_files(pages, loads):
    """The premise of figuring unloaded pages from their group: checked wherever a group has
    several measured pages."""
    checked = 0
    for members in groups(pages).values():
        measured = [url for url in members if url in loads]
        for url in measured[1:]:
            checked += 1
            assert loads[url].assets == loads[measured[0]].assets, (url, measured[0])
    assert checked >= 5


def test_every_content_page_stays_within_25_kb_of_the_floor(pages, loads, floor, built_site, record_figure):
    """Every page, kata pages too (their CodeMirror editor loads on the reader's first sign of use,
    not with the page). Listings that grow with the guide are split (one page per topic), never exempted."""
    limit = floor.total + BUDGET
    figures = weights(pages, loads)
    over, rows, least_figured = [], [], {}
    for url in sorted(figures):
        total, html = figures[url]
        margin = limit - total
        row = f"{url:62} {kb(total)} {kb(html)} html {kb(margin)} margin"
        if margin < 0:
            over.append(row)
        if url in loads:
            rows.append(row)
        elif margin < least_figured.get(section(url), (limit, ""))[0]:
            least_figured[section(url)] = (margin, row)
    search = sum(f.stat().st_size for f in (built_site / "pagefind").rglob("*") if f.is_file())
    report = (f"floor {floor.total} B, limit {limit} B (floor + {BUDGET}), gzip -{GZIP_LEVEL}; "
              f"search files {search} B on disk, none loaded with a page; "
              f"{len(figures)} pages, {len(loads)} loaded in the browser\n")
    print(f"\n{report}loaded in the browser:\n" + "\n".join(rows)
          + f"\nthe least margin in each section among the {len(figures) - len(loads)} pages figured from their group:\n"
          + "\n".join(row for _, row in least_figured.values()))
    budgeted = {url: limit - figures[url][0] for url in figures}
    tightest = min(budgeted, key=budgeted.get)
    record_figure(f"page weight: {len(budgeted)} pages within {kb(limit).strip()} (floor + {BUDGET} B); "
                  f"least margin {kb(budgeted[tightest]).strip()} on {tightest}")
    assert not over, report + f"{len(over)} page(s) over budget:\n" + "\n".join(over)


def test_no_request_leaves_the_site_origin(pages, loads, site):
    """In the browser, for every loaded page; in the HTML, for every page: nothing it loads (a
    script, stylesheet, image, frame) points elsewhere. Links to follow may."""
    site_url = CONFIG["site_url"]
    off = {url: [u for u in load.requested if not u.startswith((site + "/", "data:", "blob:"))]
           for url, load in loads.items()}
    assert not {url: urls for url, urls in off.items() if urls}
    assert all(load.requested for load in loads.values())
    external = {url: [r.url for r in page.refs if r.loads and target(page, r.url, site_url) is None
                      and not r.url.startswith(("data:", "blob:"))]
                for url, page in pages.items()}
    assert not {url: refs for url, refs in external.items() if refs}


def test_search_loads_nothing_with_a_page(loads):
    """Neither Material's search (worker, index) nor ours (assets/js/search.js, pagefind/) loads
    before the reader opens search."""
    search = re.compile(r"/pagefind/|/assets/js/search\.js$|search_index\.json$|/workers/search\.")
    assert not {url: hits for url, load in loads.items() if (hits := [u for u in load.requested if search.search(u)])}


def test_pyodide_and_the_editor_load_on_kata_pages_only(loads):
    elsewhere = {url: load.kata_only() for url, load in loads.items() if not KATA.match(url)}
    assert not {url: hits for url, hits in elsewhere.items() if hits}
    katas = [load for url, load in loads.items() if KATA.match(url)]
    assert katas, "no kata page was loaded"
    for load in katas:
        assert EDITOR not in load.counted, f"{load.path} loaded the editor before the reader used it"
        assert not [u for u in load.requested if "/assets/pyodide/" in u], "Pyodide must wait for a run"


def test_the_service_worker_and_its_precache_are_reported_apart(built_site, record_figure):
    """Outside the page budget (see the module doc), so measured here: the worker and the shell it
    precaches, which holds the widgets and Material's files but never Python or the downloads."""
    summary = json.loads((built_site / "offline.json").read_text(encoding="utf-8"))
    worker = (built_site / "sw.js").read_bytes()
    lists = json.loads((built_site / "offline-files.json").read_text(encoding="utf-8"))
    precached = re.findall(r'url:"([^"]+)"', worker.decode("utf-8"))
    assert len(precached) == summary["precache"]["count"]
    assert {"index.html", "progress/index.html", "assets/js/progress.js", "assets/vendor/editor.js"} <= set(precached)
    assert not [u for u in precached if u.startswith(("assets/pyodide/", "downloads/"))]
    assert not set(precached) & set(lists["pages"] + lists["files"] + lists["python"])
    whole = sum(g["gzip"] for g in summary["groups"])
    record_figure(f"service worker (outside the page budget): sw.js {len(worker)} B, {gzipped(worker)} B gzipped; "
                  f"precache {summary['precache']['count']} files, {summary['precache']['bytes']} B raw; "
                  f"the whole guide offline {whole} B gzipped ({summary['pages']} pages)")
