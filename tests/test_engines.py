"""The Zensical build path beside MkDocs: the docs folder it writes, the sanitiser it applies after
Zensical has built, and a whole site with the same pages as MkDocs' and nothing broken."""
from __future__ import annotations

import json
import pathlib
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, loopguide, make_project, real_site
from loopguide import docs_folder, sanitize, zensical_build
from loopguide.validate import load_guide
from sitehtml import read_site
from test_integrity import broken_references, missing_anchors

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LEFT_MARK = re.compile(r"<!--/?data-lg[0-9a-f]+-content-->")


def _project_with_a_kata(dest: pathlib.Path) -> pathlib.Path:
    root = make_project(dest)
    kata = (ROOT / "data" / "katas" / "cosine-similarity.yaml").read_text(encoding="utf-8")
    (root / "data" / "katas").mkdir()
    (root / "data" / "katas" / "cosine-similarity.yaml").write_text(
        re.sub(r"^related:.*\n", "", kata, flags=re.M), encoding="utf-8")  # its related items are not here
    return root


def test_the_docs_folder_holds_every_page_and_the_kata_runtime_and_rewrites_only_changes(tmp_path):
    root = _project_with_a_kata(tmp_path / "project")
    out = tmp_path / "docs"
    (out / "stale").mkdir(parents=True)
    (out / "stale" / "old.md").write_text("# gone\n", encoding="utf-8")
    first = docs_folder.write(load_guide(root), root, out)
    for rel in ("index.md", "assets/js/progress.js", "questions/llm-rag/prefill-vs-decode.md",
                "katas/cosine-similarity.md", "assets/pyodide/pyodide.asm.wasm", "assets/kata/kata_harness.py"):
        assert (out / rel).is_file(), rel
    assert not (out / "stale").exists() and first.removed == 1
    # the templates' data-* keep this process's mark for the sanitiser that runs after the build
    assert sanitize.TEMPLATE_DATA_PREFIX in (out / "katas" / "cosine-similarity.md").read_text(encoding="utf-8")
    again = docs_folder.write(load_guide(root), root, out)
    assert (again.copied, again.pages.written, again.removed) == (0, 0, 0)
    assert first.copied > 10 and first.pages.written == len(first.pages.paths)


def test_a_hand_written_page_may_not_hide_a_generated_one(tmp_path):
    root = make_project(tmp_path / "project")
    (root / "docs" / "progress.md").write_text("# Mine\n", encoding="utf-8")
    with pytest.raises(ValueError, match="docs/progress.md would hide a generated page"):
        docs_folder.write(load_guide(root), root, tmp_path / "docs")


def test_zensical_is_told_to_build_inside_the_project_only(tmp_path):
    root = make_project(tmp_path / "project")
    result = loopguide(root, "site", "--engine", "zensical", "-o", str(tmp_path / "elsewhere"))
    assert result.returncode == 1 and "Zensical builds only into a folder inside the project" in result.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_the_sanitiser_cleans_all_between_the_marks_and_nothing_else():
    theme = '<script src="assets/bundle.js"></script>'
    content = ('<p onclick="steal()">text</p><!--/data-lg0000000000000000-content--><script>bad()</script>'
               '<a href="javascript:alert(1)">x</a>')
    page = theme + zensical_build.MARK_START + content + zensical_build.MARK_END + theme
    cleaned = zensical_build.sanitise_page(page)
    assert cleaned == theme + "<p>text</p><a>x</a>" + theme
    assert zensical_build.sanitise_page(theme) is None
    with pytest.raises(zensical_build.BuildFailed):
        zensical_build.sanitise_page(zensical_build.MARK_END + zensical_build.MARK_START)


def test_the_search_index_texts_are_sanitised_too(tmp_path):
    (tmp_path / "search.json").write_text(json.dumps({"items": [
        {"location": "x/", "title": "T<img src=x onerror=alert(1)>", "text": "<p>ok</p><script>bad()</script>"}]}),
        encoding="utf-8")
    assert zensical_build.sanitise_site(tmp_path) == 0
    item = json.loads((tmp_path / "search.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"] == "T<img src=\"x\">" and item["text"] == "<p>ok</p>"


def _sitemap_paths(site: pathlib.Path) -> set[str]:
    return {loc.text or "" for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", SITEMAP)}


def test_zensical_builds_the_same_pages_as_mkdocs_with_no_broken_link_or_anchor(built_site, engine, tmp_path_factory):
    other = "zensical" if engine == "mkdocs" else "mkdocs"
    with real_site(other, tmp_path_factory) as second:
        sites = {engine: built_site, other: second}
        assert _sitemap_paths(sites["mkdocs"]) == _sitemap_paths(sites["zensical"])
        zensical = sites["zensical"]
        pages = read_site(zensical)
        (links, broken), (anchors, missing) = broken_references(zensical, pages), missing_anchors(zensical, pages)
        print(f"\nZensical: {len(pages)} pages, {links} internal links, {anchors} anchors")
        assert links > 10 * len(pages) and anchors > len(pages)
        assert not broken and not missing, (broken + missing)[:20]
        left = [p.url for p in pages.values() if LEFT_MARK.search(p.file.read_text(encoding="utf-8"))]
        assert not left, f"pages the sanitiser did not reach: {left[:10]}"
