"""MkDocs + Material against Zensical on the same content, at 1x and 4x (issue #20).

usage: python -m bench.engines [--scales 1 4] [--keep DIR]

Per engine and scale: a clean build and a warm one (the same build again; MkDocs has no cache,
Zensical keeps one in .cache/), each as wall seconds with the CPU seconds of the processes it
ran; the peak resident memory of the largest single process (for Zensical that is Zensical
itself, run by `python -m loopguide site`); and the static weight of three pages: the HTML plus
the CSS and JS its HTML loads, each gzipped at level 9 (widgets imported later are not counted).
The synthetic projects are the real content N times over (bench/build_bench.py).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.build_bench import synthesize  # noqa: E402
from sitehtml import file_for, read_page  # noqa: E402

# one process per measurement, so that its children's peak memory is its own
_MEASURE = ("import json, resource, subprocess, sys, time\n"
            "t = time.perf_counter(); code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.PIPE, text=True)\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(json.dumps([code.returncode, time.perf_counter() - t, u.ru_utime + u.ru_stime, "
            "u.ru_maxrss, code.stderr[-3000:]]))")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float

    def __str__(self) -> str:
        return f"{self.wall:6.1f} ({self.cpu:5.1f})"


def measure(command: list[str], cwd: pathlib.Path) -> Run:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], cwd=cwd, capture_output=True, text=True,
                         env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=True)
    code, wall, cpu, peak_kb, err = json.loads(out.stdout)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    return Run(wall, cpu, peak_kb / 1024)


def commands(engine: str, project: pathlib.Path) -> tuple[list[str], list[str], pathlib.Path]:
    """(clean build, warm build, site folder)."""
    if engine == "mkdocs":
        site = project / "site-mkdocs"
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        return build, build, site
    site = project / "site-zensical"
    build = [sys.executable, "-m", "loopguide", "--root", str(project), "site", "--engine", "zensical", "-o", str(site)]
    return build + ["--clean"], build, site


def weight(site: pathlib.Path, url: str) -> int:
    """gzip -9 bytes of a page's HTML and the CSS and JS files its HTML loads from the site."""
    page = read_page(site, file_for(site, url))
    files = {page.file} | {f for r in page.refs if r.loads and r.tag in ("link", "script")
                           if (f := file_for(site, page.resolve(r.url).split("?")[0].split("#")[0]))}
    return sum(len(gzip.compress(f.read_bytes(), 9, mtime=0)) for f in files)


def sample_pages(project: pathlib.Path) -> dict[str, str]:
    question = sorted((project / "data" / "questions" / "llm-rag").glob("*.yaml"))[0].stem
    kata = sorted((project / "data" / "katas").glob("*.yaml"))[0].stem
    return {"home": "/", "question": f"/questions/llm-rag/{question}/", "kata": f"/katas/{kata}/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--keep", type=pathlib.Path, help="write the projects here and keep them")
    args = parser.parse_args()
    workdir = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="loopguide-engines-"))
    load = os.getloadavg()[0]
    rows = []
    try:
        for scale in args.scales:
            project = workdir / f"x{scale}"
            questions = synthesize(project, scale)
            for engine in ("mkdocs", "zensical"):
                clean, warm, site = commands(engine, project)
                first, second = measure(clean, project), measure(warm, project)
                sizes = {name: weight(site, url) for name, url in sample_pages(project).items()}
                rows.append((scale, questions, engine, first, second, max(first.peak_mb, second.peak_mb), sizes))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nengines: {os.cpu_count()} cores, load average {load:.1f} before and {os.getloadavg()[0]:.1f} after; "
          "build: wall seconds (CPU seconds); weight: HTML + its CSS and JS, gzip -9, KB")
    print(f"{'scale':>5} {'questions':>9} {'engine':<9} {'clean build':>14} {'warm build':>14} {'peak MB':>8} "
          f"{'home':>6} {'question':>8} {'kata':>6}")
    for scale, questions, engine, first, second, peak, sizes in rows:
        print(f"{scale:>4}x {questions:>9} {engine:<9} {first!s:>14} {second!s:>14} {peak:>8.0f} "
              f"{sizes['home'] / 1024:>6.1f} {sizes['question'] / 1024:>8.1f} {sizes['kata'] / 1024:>6.1f}")


if __name__ == "__main__":
    main()
