"""One complete docs folder on disk: hand-written pages, generated pages and the kata runtime.

For an engine that cannot add pages while it builds (Zensical runs no MkDocs hooks). Only files
whose content changed are rewritten, so a second run leaves the engine's own cache warm.
"""
from __future__ import annotations

import pathlib
import shutil
from dataclasses import dataclass

from . import generate, kata_assets, render, wheels
from .model import Guide
from .practice import DOWNLOADS


@dataclass
class Written:
    pages: generate.Result
    copied: int = 0
    removed: int = 0


def _unchanged(source: pathlib.Path, copy: pathlib.Path) -> bool:
    if not copy.is_file():
        return False
    a, b = source.stat(), copy.stat()
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def write(guide: Guide, root: pathlib.Path, out: pathlib.Path, *, sanitised_later: bool = True,
          packages: wheels.Source | None = None) -> Written:
    docs = root / "docs"
    copies = {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*")) if p.is_file()}
    if guide.katas:
        copies.update(kata_assets.runtime_files(root, packages))  # raises MissingRuntime without node_modules
    result = Written(generate.write_pages(guide, out, sanitised_later=sanitised_later))
    hidden = sorted(result.pages.paths & set(copies))
    if hidden:
        raise ValueError(f"docs/{hidden[0]} would hide a generated page; remove or rename it")
    for rel, source in copies.items():
        target = out / rel
        if _unchanged(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        result.copied += 1
    extra = render.site_files(guide)
    csv_path = out / DOWNLOADS["csv"]
    questions_changed = not csv_path.is_file() or csv_path.read_text(encoding="utf-8") != extra[DOWNLOADS["csv"]]
    for rel, content in extra.items():
        target = out / rel
        data = content.encode("utf-8") if isinstance(content, str) else content
        if rel == DOWNLOADS["anki"]:  # the deck's zip carries a timestamp: rewrite it when its questions change
            stale = questions_changed or not target.is_file()
        else:
            stale = not target.is_file() or target.read_bytes() != data
        if stale:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            result.copied += 1
    keep = set(copies) | result.pages.paths | set(extra) | {generate.MANIFEST}
    for path in sorted(out.rglob("*"), reverse=True):  # files before the folders that hold them
        rel = path.relative_to(out).as_posix()
        if path.is_file() and rel not in keep:
            path.unlink()
            result.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return result
