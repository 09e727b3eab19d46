"""Markdown helpers for content prose: find code, flag unsafe HTML, make raw HTML inert."""
from __future__ import annotations

import re

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?:^(?P=indent)?[ \t]*(?P=fence)[ \t]*$|\Z)",
                    re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_UNSAFE = [
    (re.compile(r"<\s*(script|iframe|object|embed|style)\b", re.IGNORECASE), "raw <{0}> is not allowed in prose"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE), "inline event handlers ({0}=) are not allowed"),
    (re.compile(r"\b(javascript|vbscript)\s*:", re.IGNORECASE), "{0}: URLs are not allowed"),
]
# the non-ASCII letters that re.IGNORECASE matches to ASCII letters of "javascript" (see the re docs)
_FOLDED_LETTERS = ("\u0130", "\u0131", "\u017f")  # İ ı ſ
# what the tag patterns need: '<', maybe spaces, a letter (or one that folds to a letter: İ ı ſ K)
_TAG_START = re.compile("<\\s*[A-Za-z\u0130\u0131\u017f\u212a]")
_NOT_NEWLINE = re.compile(r"[^\n]")


def code_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code spans, in order, not overlapping."""
    regions = [m.span() for m in _FENCE.finditer(text)]
    masked = _mask(text, regions) if regions else text
    regions += [m.span() for m in _CODE_SPAN.finditer(masked)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):  # a code span can enclose a fence it was blind to
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _mask(text: str, regions: list[tuple[int, int]]) -> str:
    """The text with every character of the regions but newlines blanked, offsets unchanged."""
    out, last = [], 0
    for start, end in regions:
        out.append(text[last:start])
        out.append(_NOT_NEWLINE.sub(" ", text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def could_be_unsafe(text: str) -> bool:
    """False only when no unsafe pattern can match: each needs '<' before a letter, 'javascript' or
    'vbscript'. So "a < b" or "<= 5 ms" in prose costs nothing more.

    Cheap tests first, because the case-insensitive patterns are several times slower on long text.
    """
    if "<" in text and _TAG_START.search(text):
        return True
    lowered = text.lower()
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
