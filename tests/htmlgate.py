"""The output gate: every element, attribute, URL and script of a built site is one the guide's
own templates, Material's chrome or the content sanitiser's allow-list produce.

What Material's chrome may contain is read from a one-page Material site built with the same
theme, Markdown and `extra` settings (no content, no hook), not remembered. Content may contain
what `loopguide.sanitize` allows. Scripts may come only from the chrome's sources or be the chrome's
or overrides/main.html's inline scripts, compared by their exact text (relative paths normalised).
"""
from __future__ import annotations

import json
import pathlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from loopguide import sanitize

ROOT = pathlib.Path(__file__).resolve().parents[1]
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background",
             "cite", "ping", "longdesc", "manifest", "codebase", "archive", "icon", "lowsrc", "dynsrc"}
NEVER_ATTRS = {"style", "srcdoc", "formaction"}
NEVER_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "form", "math", "portal"}
ALLOWED_HTTP_EQUIV = {"content-security-policy"}
# the page's base as Material writes it: ".", "..", "../.." or, on the 404 page, "/"
_RELATIVE_BASE = re.compile(r"(?<=[\"'])(?:(?:\.\.?/)*\.\.?(?=[/\"'])|/(?=/))")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def normalise_script(body: str) -> str:
    """A script's text with the page's relative base ("..", "../..", ".") written one way."""
    return " ".join(_RELATIVE_BASE.sub("BASE", body).split())


def url_allowed(value: str) -> bool:
    """https:, mailto:, fragment or relative, read the way a browser reads it."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00- ")
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""
    return scheme in ("", "https", "mailto")


@dataclass
class Chrome:
    """What Material's own page (and our overrides) may contain besides content."""
    pairs: set[tuple[str, str]] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    script_srcs: set[str] = field(default_factory=set)
    inline_scripts: set[str] = field(default_factory=set)


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = [(k, v or "") for k, v in attrs]
        self.elements.append((tag, pairs))
        if tag == "script":
            self._script, self._body = dict(pairs), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._body.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body)))
            self._script = None


def walk(html: str) -> _Walker:
    w = _Walker()
    w.feed(html)
    w.close()
    return w


def _src_key(src: str) -> str:
    """A script source relative to the site root, whatever page it is written on."""
    return re.sub(r"^(?:\.\.?/)+|^/", "", src)


def read_chrome(floor_site: pathlib.Path) -> Chrome:
    chrome = Chrome()
    for file in floor_site.rglob("*.html"):
        w = walk(file.read_text(encoding="utf-8"))
        for tag, attrs in w.elements:
            chrome.tags.add(tag)
            chrome.pairs.update((tag, name) for name, _ in attrs)
        for attrs, body in w.scripts:
            if "src" in attrs:
                chrome.script_srcs.add(_src_key(attrs["src"]))
            else:
                chrome.inline_scripts.add(normalise_script(body))
    for template in (ROOT / "overrides").rglob("*.html"):  # main.html and the partials we override
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            chrome.inline_scripts.add(normalise_script(body.replace("{{ base_url }}", "..")))
    return chrome


def _data_attributes_of_templates() -> set[str]:
    names = set()
    for folder in (ROOT / "loopguide" / "templates", ROOT / "overrides"):
        for file in folder.rglob("*"):
            if file.is_file():
                names.update(re.findall(r"\b(data-[a-z0-9-]+)=", file.read_text(encoding="utf-8")))
    return names


def page_violations(html: str, chrome: Chrome, data_attributes: set[str]) -> list[str]:
    found = []
    w = walk(html)
    content_tags = sanitize.TAGS
    for tag, attrs in w.elements:
        if tag not in chrome.tags and (tag in NEVER_TAGS or tag not in content_tags):
            found.append(f"element <{tag}>")
        allowed_here = sanitize.ATTRIBUTES["*"] | sanitize.ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name.startswith("on") or name in NEVER_ATTRS:
                found.append(f"<{tag} {name}=…>")
                continue
            if name.startswith("data-"):
                if not name.startswith("data-md-") and name not in data_attributes and (tag, name) not in chrome.pairs:
                    found.append(f"<{tag} {name}> (no template writes it)")
            elif tag == "meta" and name == "http-equiv":
                pass  # its value is checked below
            elif not name.startswith("aria-") and (tag, name) not in chrome.pairs and name not in allowed_here:
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRS and not url_allowed(value):
                found.append(f"<{tag} {name}={value[:60]!r}>")
            if tag == "meta" and name == "http-equiv" and value.lower() not in ALLOWED_HTTP_EQUIV:
                found.append(f"<meta http-equiv={value!r}>")
    for attrs, body in w.scripts:
        kind = attrs.get("type", "").lower()
        if "src" in attrs:
            if _src_key(attrs["src"]) not in chrome.script_srcs:
                found.append(f"<script src={attrs['src']!r}> (not one of the chrome's)")
        elif kind == "application/json":
            try:
                json.loads(body)
            except ValueError:
                found.append("<script type=application/json> that is not JSON")
        elif normalise_script(body) not in chrome.inline_scripts:
            found.append(f"inline <script> not from the templates: {body.strip()[:80]!r}")
    return found


def site_violations(site: pathlib.Path, chrome: Chrome) -> dict[str, list[str]]:
    """Every HTML file of the site with what it contains outside the allow-list."""
    data_attributes = _data_attributes_of_templates()
    out = {}
    for file in sorted(site.rglob("*.html")):
        problems = page_violations(file.read_text(encoding="utf-8"), chrome, data_attributes)
        if problems:
            out[file.relative_to(site).as_posix()] = sorted(set(problems))
    return out
