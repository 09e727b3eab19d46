"""Pagefind's index as the tests read it: one fragment per indexed page (its url, the text Pagefind
indexed, meta such as title, kind and category, and the anchors it found), from the built site."""
from __future__ import annotations

import gzip
import json
import pathlib

SIGNATURE = b"pagefind_dcd"  # what Pagefind writes before each decompressed file's JSON


def fragments(site: pathlib.Path) -> list[dict]:
    out = []
    for file in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(file.read_bytes())
        assert raw.startswith(SIGNATURE), file
        out.append(json.loads(raw[len(SIGNATURE):]))
    return out
