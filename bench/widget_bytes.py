"""Bytes each browser widget adds, gzipped, measured on a built site.

usage: python bench/widget_bytes.py [SITE_DIR]   (default: builds into a temporary folder)
"""
from __future__ import annotations

import gzip
import html as html_lib
import pathlib
import re
import subprocess
import sys
import tempfile

WIDGETS = {
    "diagnostic page": ["diagnostic.js", "diagnostic-engine.js", "progress.js", "dom.js"],
    "phase page (checklist)": ["checklist.js", "progress.js"],
    "progress page": ["progress-page.js", "progress.js", "dom.js"],
    "category page (filter)": ["question-filter.js", "dom.js"],
    "phase 4 (checklist + worksheet)": ["checklist.js", "stories.js", "progress.js", "dom.js"],
}


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def main() -> None:
    if len(sys.argv) > 1:
        site = pathlib.Path(sys.argv[1])
    else:
        site = pathlib.Path(tempfile.mkdtemp()) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], check=True)
    js = site / "assets" / "js"
    print(f"{'script':28} {'raw':>8} {'gzip':>8}")
    for path in sorted(js.glob("*.js")):
        data = path.read_bytes()
        print(f"{path.name:28} {len(data):8d} {gz(data):8d}")
    print()
    for page, names in WIDGETS.items():
        total = sum(gz((js / n).read_bytes()) for n in names)
        print(f"{page:28} {total:8d} bytes gzipped ({' + '.join(names)})")
    html = (site / "questions" / "index.html").read_text(encoding="utf-8")
    loader = re.search(r"<script>\s*\(\(\) => \{.*?</script>", html, re.DOTALL)
    if loader:
        print(f"{'widget loader, every page':28} {gz(loader.group(0).encode()):8d} bytes gzipped (inline)")
    data = (site / "diagnostic" / "index.html").read_text(encoding="utf-8")
    embedded = re.search(r'data-lg-data="([^"]*)"', data)
    if embedded:
        print(f"{'diagnostic data (inline)':28} {gz(html_lib.unescape(embedded.group(1)).encode()):8d} bytes gzipped")


if __name__ == "__main__":
    main()
