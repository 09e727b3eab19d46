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


def write_pages(guide: Guide, out_dir: pathlib.Path) -> Result:
    result = Result()
    out_dir.mkdir(parents=True, exist_ok=True)
    # on disk there is no sanitiser to hand the template's own attributes to: plain data-* again
    rendered = {rel: text.replace(TEMPLATE_DATA_PREFIX, "data-") for rel, text in pages(guide).items()}
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
