"""Read a built site's HTML: each page's URL, title, description, ids, the URLs it refers to and
the assets it loads (helpers for the budget and integrity tests)."""
from __future__ import annotations

import dataclasses
import pathlib
import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

# <link rel=...> values that name a document rather than load one
_LINK_RELS_NOT_LOADED = {"canonical", "alternate", "prev", "next", "author", "license", "search"}
_SRC_TAGS = {"script", "img", "iframe", "source", "audio", "video", "embed", "track", "input"}


@dataclasses.dataclass
class Ref:
    tag: str
    attr: str
    url: str
    rel: str = ""

    @property
    def loads(self) -> bool:
        """Whether the browser fetches it while loading the page (not a link to follow)."""
        if self.tag == "a":
            return False
        if self.tag == "link":
            return not set(self.rel.split()) <= _LINK_RELS_NOT_LOADED
        return True


@dataclasses.dataclass
class Page:
    url: str                    # site-root-relative URL path, e.g. "/questions/coding/"
    file: pathlib.Path
    title: str = ""
    description: str | None = None
    ids: set[str] = dataclasses.field(default_factory=set)
    refs: list[Ref] = dataclasses.field(default_factory=list)
    widgets: list[str] = dataclasses.field(default_factory=list)

    def assets(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """What decides the CSS and JS a page loads: its stylesheets, its scripts (resolved to
        site paths) and the widgets the loader in overrides/main.html imports for it."""
        styles = sorted(self.resolve(r.url) for r in self.refs if r.tag == "link" and "stylesheet" in r.rel.split())
        scripts = sorted(self.resolve(r.url) for r in self.refs if r.tag == "script")
        return tuple(styles), tuple(scripts), tuple(sorted(set(self.widgets)))

    def resolve(self, url: str) -> str:
        """A reference made absolute against this page's URL (still with query and fragment)."""
        return urljoin("http://site" + self.url, url).removeprefix("http://site")


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if "data-lg-widget" in a:
            self.page.widgets.append(a["data-lg-widget"])
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("name") == "description":
            self.page.description = a.get("content", "")
        if tag in ("a", "link", "area") and "href" in a:
            self.page.refs.append(Ref(tag, "href", a["href"], a.get("rel", "")))
        if tag in _SRC_TAGS and "src" in a:
            self.page.refs.append(Ref(tag, "src", a["src"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)

    def close(self) -> None:
        super().close()
        self.page.title = " ".join("".join(self._title).split())


def url_of(site: pathlib.Path, file: pathlib.Path) -> str:
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    return "/" + (rel.removesuffix("index.html") if rel.endswith("/index.html") else rel)


def read_page(site: pathlib.Path, file: pathlib.Path) -> Page:
    page = Page(url_of(site, file), file)
    reader = _Reader(page)
    reader.feed(file.read_text(encoding="utf-8"))
    reader.close()
    return page


def read_site(site: pathlib.Path) -> dict[str, Page]:
    """Every HTML page of the built site by URL path."""
    pages = (read_page(site, f) for f in sorted(site.rglob("*.html")))
    return {p.url: p for p in pages}


def file_for(site: pathlib.Path, path: str) -> pathlib.Path | None:
    """The built file a site URL path is served from, as a static server would find it."""
    target = site / posixpath.normpath(path.lstrip("/") or ".")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def target(page: Page, url: str, site_url: str) -> tuple[str, str] | None:
    """(path, fragment) of a reference that points into the site (relative, root-relative or
    under site_url), resolved against the page; None for one that leaves the site or names no
    document (mailto:, data:, …)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if not url.startswith(site_url):
            return None
        url = "/" + url.removeprefix(site_url)
    parts = urlsplit(page.resolve(url))
    return unquote(parts.path), unquote(parts.fragment)
