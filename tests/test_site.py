"""The built site: every question reachable by anchor and search, content stays inert."""
from __future__ import annotations

import pathlib
import re
from html.parser import HTMLParser

import yaml

from conftest import EXEMPLAR, ROOT, make_project, mkdocs
from pagefind_index import fragments
from loopguide.validate import load_guide


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.handlers: list[tuple[str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            if name.startswith("on"):
                self.handlers.append((tag, name))


def parse(path: pathlib.Path) -> _Elements:
    p = _Elements()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_question_has_a_page_an_anchor_and_a_search_entry(built_site: pathlib.Path):
    guide = load_guide(ROOT)
    assert guide.questions
    titles = {fragment["meta"]["title"] for fragment in fragments(built_site)}
    for q in guide.questions:
        page = built_site / "questions" / q["category"] / q["id"] / "index.html"
        assert q["id"] in parse(page).ids, f"{page} has no #{q['id']} anchor"
        listing = built_site / "questions" / q["category"] / "index.html"
        assert q["id"] in parse(listing).ids, f"{listing} has no #{q['id']} anchor"
        plain = q["title"].replace("`", "")
        assert plain in titles, f"search index lacks '{plain}'"


def test_phase_pages_show_their_exit_checklists(built_site: pathlib.Path):
    for phase in load_guide(ROOT).phases:
        page = built_site / "phases" / phase["id"] / "index.html"
        ids = parse(page).ids
        for item in phase["checklist"]:
            assert item["id"] in ids


def test_each_topic_has_a_page_listing_exactly_its_items_and_tags_lead_there(built_site: pathlib.Path):
    guide = load_guide(ROOT)
    items = [("questions/" + q["category"] + "/" + q["id"], q) for q in guide.questions] \
        + [("cases/" + c["id"], c) for c in guide.cases] + [("katas/" + k["id"], k) for k in guide.katas]
    index = (built_site / "tags" / "index.html").read_text(encoding="utf-8")
    for topic, count in guide.topic_counts():
        page = (built_site / "tags" / topic / "index.html").read_text(encoding="utf-8")
        article = page[page.index("<article"):page.index("</article>")]
        listed = set(re.findall(r'href="\.\./\.\./((?:questions/[^/"]+|cases|katas)/[^/"]+)/"', article))
        assert listed == {path for path, item in items if topic in item["topics"]}, topic
        assert len(listed) == count and f'href="{topic}/"' in index and f"({count})" in index
    path, q = items[0]
    chips = re.findall(r'<a href="([^"]+)" class="md-tag"', (built_site / path / "index.html").read_text(encoding="utf-8"))
    assert chips == [f"../../../tags/{t}/#tag:{t}" for t in sorted(q["topics"])]


def test_template_syntax_and_html_in_content_stay_inert(tmp_path: pathlib.Path):
    data = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))
    text = EXEMPLAR.read_text(encoding="utf-8")
    planted = text.replace(
        "  target, not for maximum throughput.\n",
        "  target, not for maximum throughput. Template text such as {{ config }} and\n"
        "  {% raw %}{{ config.site_name }}{% endraw %} stays as typed, and so does a handler in code:\n"
        "  `<b onclick=\"alert(1)\">bold</b>`.\n",
    )
    assert planted != text and data["id"] == "prefill-vs-decode"
    root = make_project(tmp_path, {"llm-rag/prefill-vs-decode.yaml": planted})
    result = mkdocs(root, "build", "--strict", "--site-dir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out" / "questions" / "llm-rag" / "prefill-vs-decode" / "index.html"
    body = page.read_text(encoding="utf-8")
    assert "{{ config }}" in body
    assert "{% raw %}{{ config.site_name }}{% endraw %}" in body
    assert '<code>&lt;b onclick="alert(1)"&gt;bold&lt;/b&gt;</code>' in body
    assert parse(page).handlers == []


def _article(path: pathlib.Path) -> str:
    page = path.read_text(encoding="utf-8")
    return page[page.index("<article"):page.index("</article>")]


def test_each_checklist_item_links_what_trains_it(built_site: pathlib.Path):
    guide = load_guide(ROOT)
    for phase in guide.phases:
        article = _article(built_site / "phases" / phase["id"] / "index.html")
        for item in phase["checklist"]:
            li = re.search(rf'<li[^>]*id="{item["id"]}".*?</li>', article, flags=re.S).group(0)
            train = re.search(r'<span class="lg-train">(.*?)</span>', li, flags=re.S)
            assert train, f"{phase['id']}: {item['id']} links nothing that trains it"
            links = re.findall(r'href="\.\./\.\./(questions/[^"]+|cases/[^"]+|katas/[^"]+)"', train.group(1))
            named = [i for f in ("cases", "katas", "questions") for i in item["trains"].get(f, [])]
            assert 1 <= len(links) <= 4 and [link.rstrip("/").rsplit("/", 1)[1] for link in links] == named[:4]


def test_case_studies_fold_a_design_it_yourself_step_draw_the_pipeline_and_read_latency_in_units(built_site: pathlib.Path):
    guide = load_guide(ROOT)
    for case in guide.cases:
        article = _article(built_site / "cases" / case["id"] / "index.html")
        folded = article.index('<details class="abstract lg-try">')
        assert folded < article.index('id="product-metrics-first"'), "the try-it-yourself step comes first"
        assert "45-minute split" in article
        pipeline = re.search(r'<ol class="lg-pipeline"[^>]*>(.*?)</ol>', article, flags=re.S).group(1)
        assert re.findall(r'<a href="#([a-z]+)">', pipeline) == ["input", "retrieval", "generation", "verification", "feedback"]
        assert not re.search(r"\b\d{4,} ms\b", article), "latencies of a second or more read in s or min"
    deep = _article(built_site / "cases" / "deep-research-agent" / "index.html")
    assert "Latency budget: 6 min" in deep and "2 min 20 s" in deep


def test_topic_pages_use_names_and_group_items_by_kind_with_difficulty(built_site: pathlib.Path):
    article = _article(built_site / "tags" / "kv-cache" / "index.html")
    assert ">KV cache<" in article and "<h2" in article
    assert re.search(r"Questions \(\d+\)", article) and re.search(r"Case studies \(1\)", article)
    assert "<em>question, hard</em>" in article and "<em>case study</em>" in article
    index = _article(built_site / "tags" / "index.html")
    assert ">LLM as judge</a>" in index and ">kv-cache</a>" not in index
