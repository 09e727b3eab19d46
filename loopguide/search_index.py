"""The site's search index: Pagefind, run over the built HTML, writes pagefind/ beside the pages.

A reader's browser fetches only what a query needs (a small entry file, the WebAssembly, the index
chunks of the query's words, the fragments of the results shown), so search costs little and its
cost grows slowly with the guide. Pages opt in with data-pagefind-body (overrides/main.html): topic
pages and the 404 page stay out. Material's own one-file index is removed: no reader fetches it.
"""
from __future__ import annotations

import pathlib
import subprocess

OUTPUT = "pagefind"
# not indexed: each heading's "¶" permalink, and the breadcrumb and previous/next links (other pages' names)
EXCLUDED = ".headerlink, .lg-crumbs, .lg-pager"
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")  # Pagefind's own UIs
MATERIAL_INDEXES = ("search/search_index.json", "search.json")  # MkDocs Material, Zensical


class IndexFailed(Exception):
    pass


def pagefind_binary(root: pathlib.Path) -> pathlib.Path:
    binary = root / "node_modules" / ".bin" / "pagefind"
    if not binary.exists():
        raise IndexFailed(f"{binary} is missing: run `make setup` (npm ci installs Pagefind)")
    return binary


def build(root: pathlib.Path, site: pathlib.Path) -> str:
    """Index `site` into site/pagefind/ and drop the engines' unused indexes; Pagefind's summary line."""
    result = subprocess.run([str(pagefind_binary(root)), "--site", str(site), "--output-subdir", OUTPUT,
                             "--exclude-selectors", EXCLUDED],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise IndexFailed(f"pagefind exited with {result.returncode}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    for rel in MATERIAL_INDEXES:
        (site / rel).unlink(missing_ok=True)
    if (site / "search").is_dir() and not any((site / "search").iterdir()):
        (site / "search").rmdir()
    for name in UNUSED:
        (site / OUTPUT / name).unlink(missing_ok=True)
    pages = next((line.strip() for line in result.stdout.splitlines() if "Indexed" in line and "page" in line), "")
    return pages
