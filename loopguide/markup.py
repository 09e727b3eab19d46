"""Markdown helpers for content prose: find code, flag unsafe HTML, make raw HTML inert."""
from __future__ import annotations

import html
import re

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=indent)?[ \t]*(?P=fence)[ \t]*$|\Z)",
                    re.MULTILINE | re.DOTALL)
_BACKTICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_UNSAFE = [
    (re.compile(r"<\s*(script|iframe|object|embed|style)\b", re.IGNORECASE), "raw <{0}> is not allowed in prose"),
    # [^<>] keeps each tag's scan to the next '<': linear in the input (a '>'-less flood was quadratic)
    (re.compile(r"<[a-z][^<>]*?[\s/](on[a-z]+)\s*=", re.IGNORECASE), "inline event handlers ({0}=) are not allowed"),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.IGNORECASE), "{0}: URLs are not allowed"),
]
# the non-ASCII letters that re.IGNORECASE matches to ASCII letters of "javascript" (see the re docs)
_FOLDED_LETTERS = ("\u0130", "\u0131", "\u017f")  # İ ı ſ
# what the tag patterns need: '<', maybe spaces, a letter (or one that folds to a letter: İ ı ſ K)
_TAG_START = re.compile("<\\s*[A-Za-z\u0130\u0131\u017f\u212a]")
_NOT_NEWLINE = re.compile(r"[^\n]")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")


def code_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code spans, in order, not overlapping."""
    regions = [m.span() for m in _FENCE.finditer(text)]
    # filled with letters, not spaces: a masked fence must not read as a blank line that ends a span
    masked = _mask(text, regions, fill="x") if regions else text
    regions += _code_spans(masked)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):  # a code span can enclose a fence it was blind to
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Inline code spans: a backtick run closed by the next run of the same length in the same
    paragraph (a span cannot cross a blank line; a backslash-escaped backtick opens nothing).

    Pairs runs through a table of "next run of this length", so the cost is linear in the text;
    a regex with a lazy body and a back-reference was quadratic on unmatched runs.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]:
        runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text, start, end)
                if not _escaped(text, m.start())]
        following: list[int | None] = [None] * len(runs)
        last: dict[int, int] = {}
        for i in range(len(runs) - 1, -1, -1):
            length = runs[i][1] - runs[i][0]
            following[i] = last.get(length)
            last[length] = i
        i = 0
        while i < len(runs):
            j = following[i]
            if j is None:
                i += 1
                continue
            spans.append((runs[i][0], runs[j][1]))
            i = j + 1
        start = end
    return spans


def _escaped(text: str, at: int) -> bool:
    """True when an odd number of backslashes stands just before `at`."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _mask(text: str, regions: list[tuple[int, int]], fill: str = " ") -> str:
    """The text with every character of the regions but newlines blanked, offsets unchanged."""
    out, last = [], 0
    for start, end in regions:
        out.append(text[last:start])
        out.append(_NOT_NEWLINE.sub(fill, text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def could_be_unsafe(text: str) -> bool:
    """False only when no unsafe pattern can match: each needs '<' before a letter, 'javascript' or
    'vbscript' (maybe written with entities). So "a < b" or "<= 5 ms" in prose costs nothing more.

    Cheap tests first, because the case-insensitive patterns are several times slower on long text.
    """
    if "<" in text and _TAG_START.search(text):
        return True
    lowered = text.lower()
    if "&" in text and ("script" in lowered or "&#" in text or "&colon" in lowered):
        return True  # maybe an entity-encoded javascript: URL
    return "javascript" in lowered or "vbscript" in lowered or any(c in text for c in _FOLDED_LETTERS)


def unsafe_html(text: str) -> list[tuple[int, str, str]]:
    """(offset, matched text, plain message) for every unsafe construct outside code."""
    if not could_be_unsafe(text):
        return []  # most prose, and finding code regions is the costly part
    prose = _mask(text, code_regions(text))
    found = []
    for pattern, message in _UNSAFE:
        for m in pattern.finditer(prose):
            found.append((m.start(), text[m.start():m.end()], message.format(m.group(1).lower())))
    if not found and "&" in prose:
        # what the browser reads: entities decoded, then tabs, newlines and controls dropped
        decoded = _INVISIBLE.sub("", html.unescape(prose))
        for m in _UNSAFE[2][0].finditer(decoded):
            at = prose.find("&")
            found.append((at, prose[at:at + 1], f"an entity-encoded {m.group(1).lower()}: URL is not allowed"))
    return sorted(found)


def inert(text: str) -> str:
    """Escape '<' outside code so raw HTML in content is shown as text, never executed.

    Validation already rejects dangerous markup; this is the second line of defence and also
    keeps a stray `<br>` or `<T>` from changing the page structure.
    """
    text = separate_blocks(text)
    if "<" not in text:
        return text  # nothing to escape, so no need to find the code
    out, last = [], 0
    for start, end in code_regions(text):
        out.append(text[last:start].replace("<", "&lt;"))
        out.append(text[start:end])
        last = end
    out.append(text[last:].replace("<", "&lt;"))
    return "".join(out)


_BLOCK_START = re.compile(r"^\s{0,3}(?:[-*+]\s|\d+[.)]\s|`{3,}|~{3,}|\|)")
_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")


def separate_blocks(text: str) -> str:
    """Put a blank line before a list, table or fence that directly follows a paragraph line.

    Python-Markdown needs that blank line where CommonMark does not; contributors write the
    CommonMark way, so the renderer adds it instead of making them remember.
    """
    if "\n" not in text:
        return text  # one line: nothing before it to separate from
    out: list[str] = []
    fence: str | None = None
    in_block = False  # inside a list or table, where following lines belong to it
    for line in text.split("\n"):
        marker = _FENCE_LINE.match(line)
        if fence is not None:
            out.append(line)
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        starts_block = bool(_BLOCK_START.match(line))
        previous = out[-1] if out else ""
        if starts_block and previous.strip() and not in_block:
            out.append("")
        if marker:
            fence = marker.group(1)
        if not line.strip():
            in_block = False
        elif starts_block and not marker:
            in_block = True
        out.append(line)
    return "\n".join(out)


def word_count(text: str) -> int:
    return len(text.split())
