"""Write the rendered pages to a folder, touching only files whose content changed."""
from __future__ import annotations

import pathlib
from dataclasses import dataclass

from .model import Guide
from .render import pages
from .sanitize import TEMPLATE_DATA_PREFIX

MANIFEST = ".loopguide-generated"


@dataclass
class Result:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    paths: frozenset[str] = frozenset()


def write_pages(guide: Guide, out_dir: pathlib.Path, *, sanitised_later: bool = False) -> Result:
    """`sanitised_later`: this process will pass the built HTML through `sanitize.clean`, so the
    templates' own data-* attributes keep this process's mark; otherwise they are plain again."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rendered = pages(guide)
    if not sanitised_later:
        rendered = {rel: text.replace(TEMPLATE_DATA_PREFIX, "data-") for rel, text in rendered.items()}
    result = Result(paths=frozenset(rendered))
    manifest = out_dir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split()) if manifest.exists() else set()
    for rel, text in rendered.items():
        path = out_dir / rel
        if path.exists() and path.read_text(encoding="utf-8") == text:
            result.unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.written += 1
    for stale in sorted(previous - set(rendered)):
        (out_dir / stale).unlink(missing_ok=True)
        result.removed += 1
    manifest.write_text("\n".join(sorted(rendered)) + "\n", encoding="utf-8")
    return result
