"""Search (Pagefind behind the header's search box, docs/assets/js/search.js) finds every question,
case study and kata by its title's rarest words, and each reviewed query of
tests/search_queries.yaml by its expected page first; typing into the box finds and opens pages,
hyphenated words included; nothing of search loads before the reader opens it."""
from __future__ import annotations

import bisect
import collections
import pathlib
import re
import time

import pytest
import yaml
from playwright.sync_api import expect

from browser import at
from conftest import ROOT
from loopguide.render import case_path, kata_path, question_path, site_url
from loopguide.validate import load_guide
from pagefind_index import fragments

pytestmark = pytest.mark.browser
GUIDE = load_guide(ROOT)
# kind -> {id: (title, page path)}
ITEMS = {
    "question": {q["id"]: (q["title"], "/" + site_url(question_path(q))) for q in GUIDE.questions},
    "case study": {c["id"]: (c["title"], "/" + site_url(case_path(c))) for c in GUIDE.cases},
    "kata": {k["id"]: (k["title"], "/" + site_url(kata_path(k))) for k in GUIDE.katas},
}
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yaml").read_text(encoding="utf-8"))
KINDS = {"question": "question", "case": "case study", "kata": "kata"}
TOP = 3      # the page must be among the first three results
WORDS = 3    # words per query

# The search box's own module, loaded as the box loads it: window.lgSearch(queries) answers with
# each query's result paths, best first.
SETUP = """async () => {
  const root = new URL("./", location.href);
  const search = await import(new URL("assets/js/search.js", root).href);
  const pagefind = await search.load(root);
  window.lgSearch = async (queries) => {
    const pages = [];
    for (const query of queries) {
      const { data } = await search.find(pagefind, query);
      pages.push(data.map((d) => new URL(d.url, location.href).pathname));
    }
    return pages;
  };
}"""


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


class Vocabulary:
    """Which pages of the index hold each word. Pagefind matches a query word against every
    indexed word it begins, so a word's spread is the number of pages with a word it begins."""

    def __init__(self, texts: list[str]) -> None:
        pages_of = collections.defaultdict(set)
        for n, text in enumerate(texts):
            for token in set(tokens(text)):
                pages_of[token].add(n)
        self.words = sorted(pages_of)
        self.pages_of = pages_of
        self._spread: dict[str, int] = {}

    def spread(self, word: str) -> int:
        if word not in self._spread:
            start = bisect.bisect_left(self.words, word)
            end = bisect.bisect_left(self.words, word + "\uffff")
            self._spread[word] = len(set().union(*(self.pages_of[w] for w in self.words[start:end])))
        return self._spread[word]

    def distinctive_words(self, title: str) -> list[str]:
        """The title's rarest words in the whole index (one-letter words left out). Words of
        letters and digits ("8k", "8b") come last: Pagefind splits them where letters meet
        digits, so they are not the one rare word they look like here."""
        words = [w for w in dict.fromkeys(tokens(title)) if len(w) > 1]
        mixed = lambda w: bool(re.search(r"[a-z]", w)) and bool(re.search(r"[0-9]", w))  # noqa: E731
        return sorted(words, key=lambda w: (mixed(w), self.spread(w), -len(w)))[:WORDS]

    def query(self, title: str) -> str:
        return " ".join(self.distinctive_words(title))


@pytest.fixture(scope="module")
def search_page(site, browser):
    """A page of the site with the search box's module and Pagefind ready (window.lgSearch)."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(site), lambda route: route.abort())
    page = context.new_page()
    page.goto(site + "/")
    page.evaluate(SETUP)
    yield page
    context.close()


@pytest.fixture(scope="module")
def vocabulary(built_site: pathlib.Path, record_figure) -> Vocabulary:
    indexed = fragments(built_site)
    files = list((built_site / "pagefind").rglob("*"))
    record_figure(f"search index: {len(indexed)} pages, {sum(f.stat().st_size for f in files if f.is_file())} bytes "
                  f"in {len(files)} files (Pagefind, fetched in part)")
    return Vocabulary([f["content"] for f in indexed])


@pytest.mark.parametrize("kind", ITEMS)
def test_every_item_is_found_by_its_titles_distinctive_words(built_site, search_page, vocabulary, kind):
    items = list(ITEMS[kind].values())
    indexed = {f["url"] for f in fragments(built_site)}
    missing = [location for _, location in items if location not in indexed]
    assert not missing, f"not in the search index: {missing}"
    queries = [vocabulary.query(title) for title, _ in items]
    assert all(queries)
    results = search_page.evaluate("(queries) => lgSearch(queries)", queries)
    misses = [f"{title!r}: searched {query!r}, first results {found[:TOP]}"
              for (title, location), query, found in zip(items, queries, results) if location not in found[:TOP]]
    assert not misses, "\n".join(misses)


def test_the_reviewed_queries_find_their_page_first(search_page):
    assert len(QUERIES) == 30 and len({q["query"] for q in QUERIES}) == 30
    wanted = [ITEMS[KINDS[q["kind"]]][q["id"]][1] for q in QUERIES]  # a KeyError names a wrong id
    results = search_page.evaluate("(queries) => lgSearch(queries)", [q["query"] for q in QUERIES])
    misses = [f"{q['query']!r}: want {want}, first results {found[:TOP]}"
              for q, want, found in zip(QUERIES, wanted, results) if found[:1] != [want]]
    assert not misses, f"{len(QUERIES) - len(misses)}/{len(QUERIES)} first:\n" + "\n".join(misses)


def top_result_paths(page) -> list[str]:
    return page.locator(".md-search-result__list > li > a").evaluate_all(
        f"links => links.slice(0, {TOP}).map(a => new URL(a.href).pathname)")


def settled_results(page) -> list[str]:
    """The first results once they stop changing: the worker answers every keystroke in turn."""
    previous: list[str] = []
    for _ in range(40):
        current = top_result_paths(page)
        if current and current == previous:
            return current
        previous = current
        page.wait_for_timeout(250)
    return previous


# (kind, id, how the search box is opened, how the result is followed)
TYPED = [
    ("question", "prefill-vs-decode", "slash", "enter"),
    ("question", "lru-cache-embeddings", "click", "click"),
    ("question", "training-serving-skew", "slash", "arrows"),
    ("case study", "content-moderation", "slash", "arrows"),
    ("kata", "reciprocal-rank-fusion", "click", "enter"),
]


@pytest.mark.parametrize("kind,item_id,open_by,follow_by", TYPED)
def test_typing_into_the_search_box_finds_and_opens_the_page(site, page, vocabulary, kind, item_id, open_by, follow_by):
    title, want = ITEMS[kind][item_id]
    query = vocabulary.query(title)
    page.goto(site + "/")
    box = page.get_by_role("textbox", name="Search")
    if open_by == "slash":
        page.keyboard.press("/")
    else:
        box.click()
    expect(box).to_be_focused()
    page.keyboard.type(query, delay=30)
    found = settled_results(page)
    assert want in found, f"typed {query!r}: {want} not among the first results {found}"
    if follow_by == "click":
        page.locator(".md-search-result__list > li > a").filter(has_text=title).first.click()
    elif follow_by == "enter":  # Enter in the query box opens the best result
        assert found[0] == want
        page.keyboard.press("Enter")
    else:  # arrow keys move from the query box through the results
        for _ in range(40):
            page.keyboard.press("ArrowDown")
            if page.evaluate("want => new URL(document.activeElement.href ?? '', location).pathname === want", want):
                break
        else:
            pytest.fail(f"arrow keys never reached {want}")
        page.keyboard.press("Enter")
    page.wait_for_url(at(want))
    expect(page.locator(".md-content h1")).to_contain_text(title)
    assert page.errors == []


def first_results_within(page, want_first: str, seconds: float) -> tuple[float, list[str]]:
    """Seconds from now until the first result is `want_first` (or the last seen results on timeout)."""
    start = time.monotonic()
    found: list[str] = []
    while time.monotonic() - start < seconds:
        found = top_result_paths(page)
        if found and found[0] == want_first:
            return time.monotonic() - start, found
        page.wait_for_timeout(50)
    return time.monotonic() - start, found


# (query, the page that must come first) in the order typed: a hyphenated query, then a plain one
HYPHENATED = [
    ("top-p", "/questions/llm-rag/temperature-top-k-top-p/"),
    ("vllm", "/questions/system-design/vllm-pagedattention-kv-memory/"),
    ("few-shot", None),
    ("vllm", "/questions/system-design/vllm-pagedattention-kv-memory/"),
]


def test_hyphenated_queries_find_their_pages_and_the_next_query_is_fresh_within_two_seconds(site, page, record_figure):
    page.goto(site + "/")
    box = page.get_by_role("textbox", name="Search")
    box.click()
    page.keyboard.type("rag")  # Pagefind loads on first use: wait for it
    settled_results(page)
    timings = []
    for query, want in HYPHENATED:
        box.fill("")
        page.keyboard.type(query, delay=40)
        if want is None:  # any page that says few-shot, and no topic page above content
            page.wait_for_timeout(300)
            found = settled_results(page)
            assert found and not found[0].startswith("/tags/"), found
            continue
        took, found = first_results_within(page, want, 2.0)
        assert found and found[0] == want, f"{query!r}: after {took:.1f} s the first results were {found}"
        timings.append(f"{query} {took:.2f} s")
    record_figure("search after typing: " + ", ".join(timings))


@pytest.mark.parametrize("query", ["agents", "kv cache", "rag", "top-k", "llm-as-judge", "fine-tuning"])
def test_topic_pages_do_not_outrank_content(search_page, query):
    """Topic pages (tags/) are left out of the index; content comes first."""
    found = search_page.evaluate("(queries) => lgSearch(queries)", [query])[0]
    assert found, query
    assert not [path for path in found if path.startswith("/tags/")], found
    assert re.match(r"^/(questions/[^/]+|cases|katas)/[^/]+/$", found[0]), f"{query!r}: first {found[:3]}"


SEARCH_FILES = re.compile(r"/pagefind/|/assets/js/search\.js|search_index\.json|/workers/search\.")


def test_nothing_of_search_loads_until_the_reader_opens_it(site, page):
    page.goto(site + "/questions/llm-rag/prefill-vs-decode/", wait_until="networkidle")
    assert not [u for u in page.requests if SEARCH_FILES.search(u)]
    with page.expect_request(lambda request: "/pagefind/wasm." in request.url):
        page.get_by_role("textbox", name="Search").focus()
    expect(page.locator("#lg-search-status")).to_have_text("Type to search the guide")
    fetched = [u for u in page.requests if SEARCH_FILES.search(u)]
    assert any("/pagefind/pagefind.js" in u for u in fetched) and not [u for u in fetched if "search_index" in u or "/workers/" in u]
    assert page.errors == []


def test_results_name_their_kind_and_category_and_the_box_works_by_keyboard(site, page):
    page.goto(site + "/")
    page.keyboard.press("/")
    box = page.get_by_role("textbox", name="Search")
    expect(box).to_be_focused()
    page.keyboard.type("vllm pagedattention")
    results = page.get_by_role("list", name="Search results").get_by_role("link")
    expect(results.first).to_contain_text("PagedAttention")
    expect(results.first.locator(".lg-search-kind")).to_have_text("Question · AI system design")
    expect(page.get_by_role("status").filter(has_text="matching page")).to_be_visible()
    for query, kind in [("bm25 lucene", "Kata · Retrieval"), ("content moderation", "Case study · ")]:
        box.fill(query)
        expect(results.first.locator(".lg-search-kind")).to_contain_text(kind)
    page.keyboard.press("Escape")
    expect(box).not_to_be_focused()
    assert not page.locator("#__search").is_checked()
    assert page.errors == []


def test_excerpts_keep_only_pagefinds_marks_as_elements(search_page):
    nodes = search_page.evaluate("""async () => {
      const { excerptNodes } = await import(new URL("assets/js/search.js", location.href).href);
      return excerptNodes("<img src=x onerror=alert(1)>a &amp; <mark>b</mark> &lt;c&gt;<mark><b>d</b></mark>")
        .map((n) => [n.nodeName, n.textContent]);
    }""")
    assert nodes == [["#text", "<img src=x onerror=alert(1)>a & "], ["MARK", "b"], ["#text", " <c>"], ["MARK", "<b>d</b>"]]


def test_more_results_load_on_request(site, page):
    page.goto(site + "/")
    page.keyboard.press("/")
    page.keyboard.type("agent")
    links = page.get_by_role("list", name="Search results").get_by_role("link")
    more = page.get_by_role("button", name="Show more results")
    expect(more).to_be_visible()
    assert links.count() == 5
    more.click()
    expect(links).to_have_count(15)
    expect(links.nth(5)).to_be_focused()
    assert page.errors == []


def test_a_finished_word_is_searched_while_the_reader_types_the_next(site, page):
    """A fast typist (30 ms a key never pauses long enough for the pause search) sees results once a
    word is finished, and the results of the whole query at the end."""
    page.goto(site + "/")
    page.keyboard.press("/")
    page.wait_for_load_state("networkidle")  # search has loaded: what follows times the searches only
    page.evaluate("""() => new MutationObserver((_, observer) => {
      if (document.querySelector(".md-search-result__item")) { window.lgFirstRow = performance.now(); observer.disconnect(); }
    }).observe(document.body, { childList: true, subtree: true })""")
    page.keyboard.type("vllm ", delay=30)
    page.keyboard.type("pagedattention and the kv cache memory", delay=30)
    typed = page.evaluate("performance.now()")
    first = page.evaluate("window.lgFirstRow ?? null")
    assert first is not None and first < typed - 300, "no result while the rest of the query was typed"
    assert settled_results(page)[0] == "/questions/system-design/vllm-pagedattention-kv-memory/"
    assert page.errors == []
