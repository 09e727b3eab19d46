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


def code_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks and inline code spans, in order."""
    regions = [m.span() for m in _FENCE.finditer(text)]
    masked = _mask(text, regions)
    regions += [m.span() for m in _CODE_SPAN.finditer(masked)]
    return sorted(regions)


def _mask(text: str, regions: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in regions:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def unsafe_html(text: str) -> list[tuple[int, str, str]]:
    """(offset, matched text, plain message) for every unsafe construct outside code."""
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
