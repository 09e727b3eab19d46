"""The packages kata pages load (NumPy and what it depends on), published beside Pyodide's core.

Pyodide's lock file (node_modules/pyodide/pyodide-lock.json) pins each package's wheel: its file
name and sha256. The deploy workflow downloads the wheels the katas need (`python -m loopguide
wheels fetch DIR`) and builds with LOOPGUIDE_WHEELS=DIR: each wheel whose checksum matches the lock
is copied into the site beside the core, the kata worker loads packages from there, and the page's
Content-Security-Policy allows no other origin. A build without LOOPGUIDE_WHEELS keeps loading
packages from the CDN folder of the same Pyodide version.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field

ENV = "LOOPGUIDE_WHEELS"
CDN_ORIGIN = "https://cdn.jsdelivr.net/pyodide/"  # what the CSP allows when packages come from the CDN
PYODIDE = pathlib.Path("node_modules/pyodide")
LOCK_NAME = "pyodide-lock.json"
SITE_DIR = "assets/pyodide"                          # the core's folder in the site (kata_assets.PYODIDE_DIR)
WORKER_MODULE = "assets/kata/packages.mjs"           # the kata worker imports PACKAGE_BASE from it
MODULES = pathlib.Path(__file__).parent / "package_source"


class WheelProblem(Exception):
    pass


@dataclass(frozen=True)
class Wheel:
    name: str
    file_name: str
    sha256: str


@dataclass(frozen=True)
class Source:
    """Where kata pages get their packages in one build."""
    files: dict[str, pathlib.Path] = field(default_factory=dict)  # site path -> file to copy
    cdn: str | None = None         # the origin the page's CSP must allow; None: the site serves them all
    note: str | None = None        # one line for the build log


def lock(root: pathlib.Path) -> dict:
    path = root / PYODIDE / LOCK_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WheelProblem(f"{PYODIDE / LOCK_NAME} is missing; run `npm ci` first") from None


def pyodide_version(root: pathlib.Path) -> str:
    return json.loads((root / PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]


def needed(katas: Iterable[dict], pinned: dict) -> list[Wheel]:
    """Every package a kata declares, with the packages they depend on, as the lock pins them."""
    packages = pinned["packages"]
    seen: dict[str, Wheel] = {}

    def visit(name: str, by: str) -> None:
        if name in seen:
            return
        if name not in packages:
            raise WheelProblem(f"{by} needs {name}, which {LOCK_NAME} does not list")
        entry = packages[name]
        seen[name] = Wheel(name, entry["file_name"], entry["sha256"])
        for dependency in entry.get("depends", []):
            visit(dependency, name)

    for kata in katas:
        for name in kata.get("packages", []):
            visit(name, f"kata {kata['id']}")
    return sorted(seen.values(), key=lambda w: w.name)


def sha256(path: pathlib.Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _folder(root: pathlib.Path, given: str) -> tuple[pathlib.Path, pathlib.Path]:
    """(where to read, how to name it in messages): a relative folder is the project's."""
    shown = pathlib.Path(given)
    return (shown if shown.is_absolute() else root / shown), shown


def verified(root: pathlib.Path, folder: str, wheels: list[Wheel]) -> dict[str, pathlib.Path]:
    """{site path: wheel file} for every wheel; all problems at once if any is missing or differs."""
    where, shown = _folder(root, folder)
    files, problems = {}, []
    for wheel in wheels:
        path = where / wheel.file_name
        if not path.is_file():
            problems.append(f"{shown / wheel.file_name}: missing ({wheel.name} is needed by a kata); "
                            f"run `python -m loopguide wheels fetch {shown}`")
            continue
        actual = sha256(path)
        if actual != wheel.sha256:
            problems.append(f"{shown / wheel.file_name}: sha256 {actual} does not match {LOCK_NAME}'s {wheel.sha256}")
            continue
        files[f"{SITE_DIR}/{wheel.file_name}"] = path
    if problems:
        raise WheelProblem("\n".join(problems))
    return files


def source(root: pathlib.Path, katas: Iterable[dict], folder: str | None = None) -> Source:
    """This build's package source: the wheels in `folder` (default: $LOOPGUIDE_WHEELS) or the CDN."""
    folder = folder if folder is not None else os.environ.get(ENV) or None
    wheels = needed(katas, lock(root))
    if not wheels:
        return Source({WORKER_MODULE: MODULES / "site.mjs"})
    if folder is None:
        names = ", ".join(w.name for w in wheels)
        return Source({WORKER_MODULE: MODULES / "cdn.mjs"}, CDN_ORIGIN,
                      f"kata packages ({names}) will load from {CDN_ORIGIN}: {ENV} is not set "
                      f"(`python -m loopguide wheels fetch DIR`, then build with {ENV}=DIR to publish them)")
    files = verified(root, folder, wheels)
    files[WORKER_MODULE] = MODULES / "site.mjs"
    return Source(files)


def fetch(root: pathlib.Path, katas: Iterable[dict], folder: str, base_url: str | None = None) -> list[str]:
    """Download the wheels the katas need into `folder`, each checked against the lock; the lines to print.

    A wheel already there with the right checksum is kept; a download that does not match is not kept.
    """
    where, shown = _folder(root, folder)
    base_url = base_url or f"https://cdn.jsdelivr.net/pyodide/v{pyodide_version(root)}/full/"
    where.mkdir(parents=True, exist_ok=True)
    lines = []
    for wheel in needed(katas, lock(root)):
        target = where / wheel.file_name
        if target.is_file() and sha256(target) == wheel.sha256:
            lines.append(f"{shown / wheel.file_name}: already there, sha256 matches")
            continue
        partial = target.with_name(target.name + ".part")
        with urllib.request.urlopen(base_url + wheel.file_name, timeout=120) as response:
            partial.write_bytes(response.read())
        actual = sha256(partial)
        if actual != wheel.sha256:
            partial.unlink()
            raise WheelProblem(f"{base_url}{wheel.file_name}: sha256 {actual} does not match {LOCK_NAME}'s "
                               f"{wheel.sha256}; nothing kept")
        partial.replace(target)
        lines.append(f"{shown / wheel.file_name}: downloaded, sha256 {actual} matches {LOCK_NAME}")
    return lines
