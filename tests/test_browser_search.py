"""Material's search finds every question, case study and kata by its title's distinctive words:
all of them through Material's own search worker and index, a handful typed into the search box."""
from __future__ import annotations

import gzip
import json
import pathlib
import re
import time

import pytest
from playwright.sync_api import expect

from browser import at
from conftest import ROOT
from loopguide.render import case_path, kata_path, question_path, site_url
from loopguide.validate import load_guide

pytestmark = [pytest.mark.browser, pytest.mark.mkdocs_only]  # Material's lunr index and worker protocol
GUIDE = load_guide(ROOT)
# kind -> {id: (title, page location as Material's index names it)}
ITEMS = {
    "question": {q["id"]: (q["title"], site_url(question_path(q))) for q in GUIDE.questions},
    "case study": {c["id"]: (c["title"], site_url(case_path(c))) for c in GUIDE.cases},
    "kata": {k["id"]: (k["title"], site_url(kata_path(k))) for k in GUIDE.katas},
}
TOP = 3      # the page must be among the first three results
WORDS = 3    # words per query

# Material's search worker, set up with the built index exactly as Material's search box does
# (message types: 0 setup, 1 ready, 2 query, 3 result); window.lgSearch(queries) answers with
# each query's result pages, best first.
SETUP_WORKER = """async () => {
  const config = JSON.parse(document.getElementById("__config").textContent);
  const worker = new Worker(new URL(config.search, location.href));
  const index = await (await fetch(new URL(config.base + "/search/search_index.json", location.href))).json();
  const ask = (message) => new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.postMessage(message);
  });
  await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  window.lgSearch = async (queries) => {
    const pages = [];
    for (const query of queries) {
      const result = await ask({type: 2, data: query});
      pages.push(result.data.items.map((group) => group[0].location.split("#")[0]));
    }
    return pages;
  };
}"""


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


class Vocabulary:
    """What Material's search weighs: each page's title and tags (tags boosted 1000x over titles,
    titles 1000x over text), and lunr's stop words. Material adds a trailing wildcard to every
    query word, so a word matches every token it begins."""

    def __init__(self, pages: dict[str, set[str]], tags: dict[str, set[str]], stop_words: set[str]) -> None:
        self.pages = pages            # page location -> tokens of its title and tags
        self.tags = tags              # page location -> tokens of its tags
        self.stop_words = stop_words
        self.all_tags = set().union(*tags.values())
        self._spread: dict[str, int] = {}

    def spread(self, word: str) -> int:
        """How many pages have a title or tag token that the word begins."""
        if word not in self._spread:
            self._spread[word] = sum(any(t.startswith(word) for t in page) for page in self.pages.values())
        return self._spread[word]

    def distinctive_words(self, title: str, location: str) -> list[str]:
        """The title's rarest words. A word that begins a tag this page lacks is left out: the tag
        boost would rank every page with that tag above this one (e.g. "inf" in "explodes to inf"
        matches the tag "inference")."""
        foreign_tags = self.all_tags - self.tags[location]
        words = [w for w in dict.fromkeys(tokens(title)) if len(w) > 1 and w not in self.stop_words
                 and not any(t.startswith(w) for t in foreign_tags)]
        return sorted(words, key=lambda w: (self.spread(w), -len(w)))[:WORDS]

    def query(self, title: str, location: str) -> str:
        return " ".join(self.distinctive_words(title, location))


@pytest.fixture(scope="module")
def search_page(site, browser):
    """A page of the site with Material's search worker ready (window.lgSearch)."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(site), lambda route: route.abort())
    page = context.new_page()
    page.goto(site + "/")
    page.evaluate(SETUP_WORKER)
    yield page
    context.close()


@pytest.fixture(scope="module")
def vocabulary(built_site: pathlib.Path, search_page, record_figure) -> Vocabulary:
    index_file = built_site / "search" / "search_index.json"
    raw = index_file.read_bytes()
    docs = json.loads(raw)["docs"]
    pages = [d for d in docs if "#" not in d["location"]]
    record_figure(f"search index: {len(raw)} bytes ({len(gzip.compress(raw))} gzipped), "
                  f"{len(docs)} entries for {len(pages)} pages")
    tags = {d["location"]: {t for tag in d.get("tags") or [] for t in tokens(tag)} for d in pages}
    titles = {d["location"]: set(tokens(d["title"])) | tags[d["location"]] for d in pages}
    worker = next(w for w in search_page.workers if "/workers/search." in w.url)
    words = sorted({w for kind in ITEMS.values() for title, _ in kind.values() for w in tokens(title)})
    stop_words = set(worker.evaluate("(words) => words.filter((w) => !lunr.stopWordFilter(w))", words))
    assert {"the", "and", "when"} <= stop_words
    return Vocabulary(titles, tags, stop_words)


@pytest.mark.parametrize("kind", ITEMS)
def test_every_item_is_found_by_its_titles_distinctive_words(search_page, vocabulary, kind):
    items = list(ITEMS[kind].values())
    missing = [location for _, location in items if location not in vocabulary.pages]
    assert not missing, f"not in the search index: {missing}"
    queries = [vocabulary.query(title, location) for title, location in items]
    assert all(queries)
    results = search_page.evaluate("(queries) => lgSearch(queries)", queries)
    misses = [f"{title!r}: searched {query!r}, first results {found[:TOP]}"
              for (title, location), query, found in zip(items, queries, results) if location not in found[:TOP]]
    assert not misses, "\n".join(misses)


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
    title, location = ITEMS[kind][item_id]
    want = "/" + location
    query = vocabulary.query(title, location)
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
    page.keyboard.type("rag")  # the index is built on first use: wait for it, as the tour's baseline did
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
    found = search_page.evaluate("(queries) => lgSearch(queries)", [query])[0]
    assert found, query
    assert not found[0].startswith("tags/"), f"{query!r}: a topic page first: {found[:3]}"
