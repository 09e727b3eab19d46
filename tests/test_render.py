"""Rendering is safe even for content that never went through validation."""
from __future__ import annotations

import copy

import markdown
import yaml

from conftest import EXEMPLAR, make_project
from loopguide import markup
from loopguide.model import Guide
from loopguide.render import pages
from loopguide.validate import load_guide


def test_raw_html_in_prose_is_escaped_but_code_is_untouched():
    text = 'Bold <b onclick="x()">this</b>, keep `<b onclick="x()">` and\n\n```html\n<script>1</script>\n```\n'
    out = markup.inert(text)
    assert '&lt;b onclick="x()">this&lt;/b>' in out
    assert '`<b onclick="x()">`' in out
    assert "```html\n<script>1</script>\n```" in out
    rendered = markdown.markdown(out, extensions=["fenced_code"])
    assert "<b onclick" not in rendered


def test_unvalidated_markup_cannot_reach_a_generated_page(tmp_path):
    base = load_guide(make_project(tmp_path))
    q = copy.deepcopy(yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8")))
    q["answer"] += '\n<img src=x onerror="alert(1)"> and {{ config }}\n'
    q["weak"].append("<script>alert(1)</script>")
    calculators = copy.deepcopy(base.calculators)
    shown = next(c for c in calculators if c["id"] == q["calculator"]["id"])
    shown["inputs"][0]["label"] = "<script>alert(2)</script>"  # labels are escaped where printed
    q["calculator"]["note"] = "<iframe src=x></iframe>"
    guide = Guide(root=base.root, rounds=base.rounds, categories=base.categories, phases=base.phases,
                  questions=[q], calculators=calculators, topics=base.topics)
    page = pages(guide)["questions/llm-rag/prefill-vs-decode.md"]
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page and "<iframe" not in page
    assert '&lt;img src=x onerror="alert(1)">' in page
    assert "&lt;script>alert(1)&lt;/script>" in page
    assert "{{ config }}" in page
    assert "<img" not in page and "<script" not in page


def test_unsafe_html_finder_ignores_code_only():
    assert [m for _, _, m in markup.unsafe_html("a <script> b")] == ["raw <script> is not allowed in prose"]
    assert markup.unsafe_html("a `<script>` b") == []
    assert markup.unsafe_html("```\n<iframe>\n```") == []
    assert [m for _, _, m in markup.unsafe_html("[x](JavaScript:alert(1))")] == ["javascript: URLs are not allowed"]
    assert [m for _, _, m in markup.unsafe_html('<a href="#" onMouseOver="x">')] == [
        "inline event handlers (onmouseover=) are not allowed"]


def test_lists_tables_and_fences_after_a_text_line_still_render():
    text = "Three levers:\n- cache\n- batch\n\nA table:\n| a | b |\n|---|---|\n| 1 | 2 |\nCode:\n```python\nx = 1\n- not a list\n```\n"
    html = markdown.markdown(markup.inert(text), extensions=["fenced_code", "tables"])
    assert "<li>cache</li>" in html and "<li>batch</li>" in html
    assert "<table>" in html
    assert "- not a list" in html and "<li>not a list" not in html
    already = "Para.\n\n- a\n- b\n"
    assert markup.separate_blocks(already) == already
