"""Site integrity over the built HTML: every internal link and anchor resolves, every page has a
unique title and its own meta description, a real 404 page exists and the sitemap lists every
page. The build itself already ran `mkdocs build --strict`."""
from __future__ import annotations

import collections
import pathlib
import xml.etree.ElementTree as ET

import pytest
import yaml

from conftest import ROOT
from pagefind_index import fragments
from sitehtml import Page, file_for, read_page, read_site, target

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL: str = CONFIG["site_url"]
NOT_FOUND = "/404.html"


def _internal_refs(pages: dict[str, Page]):
    """(page, ref, path, fragment) for every reference that points into the site."""
    for page in pages.values():
        for ref in page.refs:
            resolved = target(page, ref.url, SITE_URL)
            if resolved is not None:
                yield page, ref, *resolved


def broken_references(site: pathlib.Path, pages: dict[str, Page]) -> tuple[int, list[str]]:
    """How many internal references there are, and those that name no built file."""
    broken, checked = [], 0
    for page, ref, path, _ in _internal_refs(pages):
        checked += 1
        if file_for(site, path) is None:
            broken.append(f"{page.url}: <{ref.tag} {ref.attr}={ref.url!r}>")
    return checked, broken


def missing_anchors(site: pathlib.Path, pages: dict[str, Page]) -> tuple[int, list[str]]:
    """How many #fragments point at HTML pages, and those with no such id on the target page."""
    by_file = {p.file: p for p in pages.values()}
    missing, checked = [], 0
    for page, ref, path, fragment in _internal_refs(pages):
        file = file_for(site, path)
        if not fragment or file is None or file.suffix != ".html":
            continue
        checked += 1
        target_page = by_file.get(file) or read_page(site, file)
        if fragment not in target_page.ids:
            missing.append(f"{page.url}: {ref.url!r} (no id={fragment!r} on {target_page.url})")
    return checked, missing


def test_the_checks_find_a_broken_link_a_broken_asset_and_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<title>Home</title><h1 id="top">Home</h1><a href="a/#there">ok</a><a href="a/#gone">bad anchor</a>'
        '<a href="b/">bad link</a><img src="/missing.png"><a href="#top">ok</a>'
        f'<a href="{SITE_URL}a/">ok</a><a href="https://example.org/x/">elsewhere</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="there">', encoding="utf-8")
    pages = read_site(tmp_path)
    assert broken_references(tmp_path, pages) == (
        6, ["/: <a href='b/'>", "/: <img src='/missing.png'>"])
    assert missing_anchors(tmp_path, pages) == (
        3, ["/: 'a/#gone' (no id='gone' on /a/)"])


def test_every_internal_link_and_asset_resolves_to_a_built_file(built_site, pages):
    checked, broken = broken_references(built_site, pages)
    print(f"\n{len(pages)} pages, {checked} internal links and asset references checked")
    assert checked > 10 * len(pages)
    assert not broken, f"{len(broken)} broken reference(s):\n" + "\n".join(broken[:50])


def test_every_anchor_exists_on_its_target_page(built_site, pages):
    """Material's own hrefs (`#__skip`-style skip links, toc and permalinks) are held to the same rule."""
    checked, missing = missing_anchors(built_site, pages)
    print(f"\n{checked} anchors checked")
    assert checked > len(pages)
    assert not missing, f"{len(missing)} missing anchor(s):\n" + "\n".join(missing[:50])


def test_every_search_result_leads_to_a_page_and_anchor(built_site, pages):
    """Search results are links too: each page in Pagefind's index is a built page, and each
    heading anchor it recorded is an id on that page."""
    by_file = {p.file: p for p in pages.values()}
    dead, anchors = [], 0
    indexed = fragments(built_site)
    for fragment in indexed:
        file = file_for(built_site, fragment["url"])
        if file is None:
            dead.append(fragment["url"])
            continue
        for anchor in fragment.get("anchors", []):
            anchors += 1
            if anchor["id"] not in by_file[file].ids:
                dead.append(f'{fragment["url"]}#{anchor["id"]}')
    print(f"\n{len(indexed)} indexed pages and {anchors} anchors checked")
    assert len(indexed) > len(pages) * 0.7 and anchors > len(indexed)
    assert not dead, dead[:50]


def test_every_page_has_a_unique_title(pages):
    assert "/" in pages and NOT_FOUND in pages
    untitled = [p.url for p in pages.values() if not p.title]
    assert not untitled
    by_title = collections.defaultdict(list)
    for p in pages.values():
        by_title[p.title].append(p.url)
    shared = {t: urls for t, urls in by_title.items() if len(urls) > 1}
    assert not shared, shared


def test_every_page_has_its_own_meta_description(pages):
    """Non-empty everywhere; on every page but the 404 its own text, not the site's default."""
    default = " ".join(CONFIG["site_description"].split())
    assert all(p.description for p in pages.values()), [p.url for p in pages.values() if not p.description]
    generic = [p.url for p in pages.values() if p.url != NOT_FOUND and p.description == default]
    assert not generic, f"pages with the site-wide default description: {generic}"
    by_text = collections.defaultdict(list)
    for p in pages.values():
        by_text[p.description].append(p.url)
    shared = {d: urls for d, urls in by_text.items() if len(urls) > 1}
    assert not shared, shared


def test_the_404_page_is_a_real_page(built_site, pages):
    page = pages[NOT_FOUND]
    text = page.file.read_text(encoding="utf-8")
    assert page.title == f"Page not found - {CONFIG['site_name']}"
    assert "<h1>404 - Not found</h1>" in text
    # It is served at any depth, so its links and assets are root-relative and resolve from there.
    assets = [r.url for r in page.refs if r.loads]
    assert assets and all(u.startswith("/") for u in assets), assets
    assert all(file_for(built_site, u) for u in assets)
    home_links = [r for r in page.refs if r.tag == "a" and target(page, r.url, SITE_URL) == ("/", "")]
    assert home_links, "the 404 page should lead back home"


def test_the_sitemap_lists_every_page_and_nothing_else(built_site, pages):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locs = [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]
    assert all(loc.startswith(SITE_URL) for loc in locs), [l for l in locs if not l.startswith(SITE_URL)]
    listed = ["/" + loc.removeprefix(SITE_URL) for loc in locs]
    assert len(listed) == len(set(listed)), "the sitemap lists a page twice"
    assert not [u for u in listed if file_for(built_site, u) is None], "the sitemap lists a page that does not exist"
    assert set(listed) == set(pages) - {NOT_FOUND}
    print(f"\nsitemap: {len(listed)} pages")
