"""The output boundary: every page's HTML passes an allow-list sanitiser (nh3, the binding of
the Rust library ammonia) before it is written. Input checks exist for contributors' messages;
this is what keeps content text.

Widget containers come from templates, never from content. Templates write ordinary `data-*`
attributes; when a template is loaded its source is rewritten so that each `data-` attribute
name carries a secret made fresh in every build process (`TEMPLATE_DATA_PREFIX`). The sanitiser
keeps only attributes with that prefix and strips every other `data-*`, so `{: data-lg-widget=… }`
from content disappears while the template's survive; afterwards the prefix is turned back into
`data-`. Content cannot write the prefix because it cannot know it.
"""
from __future__ import annotations

import os
import re
import secrets
from urllib.parse import urlsplit

import nh3

# A build that runs pages through a second process (Zensical's macros) hands the secret down.
_HANDED_DOWN = os.environ.get("LOOPGUIDE_TEMPLATE_PREFIX", "")
TEMPLATE_DATA_PREFIX = (_HANDED_DOWN if re.fullmatch(r"data-lg[0-9a-f]{16}-", _HANDED_DOWN)
                        else f"data-lg{secrets.token_hex(8)}-")
_TEMPLATE_DATA_ATTR = re.compile(r"(?<=[\s\"'])data-(?=[a-z][a-z0-9-]*=)")

# What our templates, Markdown and its extensions (admonition, details, highlight, tables, toc,
# footnotes, def_list, abbr, tasklist, md_in_html, attr_list) and Material's tags plugin produce.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "button", "caption", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "fieldset", "figcaption", "figure", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "legend", "li",
    "mark", "meter", "nav", "ol", "output", "p", "pre", "progress", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var",
}
_EVERYWHERE = {"class", "id", "title", "role", "hidden", "lang", "tabindex"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _EVERYWHERE,
    "a": {"href", "name", "rel"},
    "abbr": {"title"},
    "button": {"type", "disabled", "name", "value"},
    "col": {"span"}, "colgroup": {"span"},
    "details": {"open"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "name", "value", "checked", "disabled", "min", "max", "step", "placeholder",
              "inputmode", "required", "readonly", "size", "maxlength"},
    "label": {"for"},
    "li": {"value"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "ol": {"start", "reversed", "type"},
    "output": {"for", "name"},
    "progress": {"value", "max"},
    "td": {"align", "colspan", "rowspan"},
    "textarea": {"name", "rows", "cols", "placeholder", "maxlength", "readonly"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
URL_SCHEMES = {"https", "mailto"}
# Content could otherwise set the ids and classes Material's own scripts and styles look for.
_RESERVED_ID = re.compile(r"^(?:__(?!codelineno-)|md-|lg-)")
_ALLOWED_CLASS = re.compile(
    r"^(?:lg-[a-z0-9_-]+|[a-z]{1,3}[0-9]?|admonition(?:-title)?|note|abstract|info|tip|success|question"
    r"|warning|failure|danger|bug|example|quote|highlight(?:table)?|linenos|linenodiv|normal|filename"
    r"|code|headerlink|grid|cards|footnote(?:-ref|-backref)?|task-list(?:-item|-control|-indicator)?"
    r"|md-typeset|md-content__inner|md-tags?|md-tag--[a-z0-9-]+|md-button(?:--primary)?|md-annotation"
    r"|toclink|language-[a-z0-9+-]+|[a-z]+-\w+-\w+)$"
)


def template_source(source: str) -> str:
    """A template's source with its `data-` attribute names marked as the template's own."""
    return _TEMPLATE_DATA_ATTR.sub(TEMPLATE_DATA_PREFIX, source)


def _safe_url(value: str, *, relative_only: bool) -> bool:
    """True for fragment and relative URLs, and (unless `relative_only`) https: and mailto:.

    ammonia has already decoded entities; the browser also drops tabs and newlines and trims
    control characters and spaces before it reads a scheme, so the check does the same.
    """
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00- ")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    if not parts.scheme:
        return not cleaned.startswith(("//", "\\\\", "/\\", "\\/"))
    return not relative_only and parts.scheme.lower() in URL_SCHEMES


def _attribute(element: str, name: str, value: str) -> str | None:
    if name == "id":
        return None if _RESERVED_ID.match(value) else value
    if name == "class":
        kept = [c for c in value.split() if _ALLOWED_CLASS.match(c)]
        return " ".join(kept) or None
    if name in ("href", "src"):
        return value if _safe_url(value, relative_only=(element == "img")) else None
    return value


def clean(html: str) -> str:
    """The HTML fragment with everything outside the allow-list removed (text stays text)."""
    cleaned = nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        generic_attribute_prefixes={"aria-", TEMPLATE_DATA_PREFIX},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned.replace(TEMPLATE_DATA_PREFIX, "data-")
