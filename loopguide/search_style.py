"""Material's styles for its search box, for the Zensical build.

Our search partial (overrides/partials/search.html) uses Material's search markup and classes;
Zensical's stylesheet styles its own search component instead, so without these rules the box,
its icons and an empty result list show unstyled in the header. The rules whose selectors name
`md-search` are copied from the installed Material's compiled stylesheet (inside their @media
blocks) and appended to assets/loopguide.css. Hand-written: a brace-matching pass over minified
CSS, because no CSS parser is among our dependencies and the input is one known, well-formed file.
"""
from __future__ import annotations

import pathlib

MARK = "md-search"
TARGET = pathlib.Path("assets") / "loopguide.css"


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of a stylesheet; statements without a block are skipped."""
    out, i, n = [], 0, len(css)
    while i < n:
        brace = css.find("{", i)
        semi = css.find(";", i)
        if brace < 0:
            break
        if 0 <= semi < brace and css[i:semi].lstrip().startswith("@"):  # @charset, @import
            i = semi + 1
            continue
        depth, j = 1, brace + 1
        while j < n and depth:
            depth += {"{": 1, "}": -1}.get(css[j], 0)
            j += 1
        out.append((css[i:brace].strip(), css[brace + 1:j - 1]))
        i = j
    return out


def search_rules(css: str) -> str:
    """Every rule of `css` whose selector names md-search, nested at-rules kept around them."""
    kept = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = search_rules(body)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif not prelude.startswith("@") and MARK in prelude:
            kept.append(f"{prelude}{{{body}}}")
    return "".join(kept)


def material_stylesheet() -> pathlib.Path:
    import material  # the MkDocs theme, installed with the dev dependencies

    sheets = sorted((pathlib.Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob("main.*.min.css"))
    if not sheets:
        raise FileNotFoundError("Material's main stylesheet was not found")
    return sheets[0]


def append_to(site: pathlib.Path) -> int:
    """Append Material's search rules to the built site's loopguide.css; the bytes appended."""
    rules = search_rules(material_stylesheet().read_text(encoding="utf-8"))
    with (site / TARGET).open("a", encoding="utf-8") as out:
        out.write("\n/* Material's search box styles (loopguide/search_style.py) */\n" + rules + "\n")
    return len(rules)
