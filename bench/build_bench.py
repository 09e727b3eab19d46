"""How build time grows with the guide: validate, full build and plain MkDocs at 1x, 4x and 16x.

usage: python -m bench.build_bench [--scales 1 4 16] [--runs 3] [--keep DIR]

For each scale a synthetic project is written to a temporary folder: the real data with every
question, case study and kata copied N times under new ids and titles (the copies are the real
files, so lengths and YAML style stay realistic; `related` points into the same copy, so every
reference stays valid). Reported per scale:

- validate: `python -m loopguide validate --root DIR`, wall time, median of --runs runs;
- ours: `mkdocs build --strict` of that project (hook and macros on), best of --build-runs;
- plain: the same Markdown, written by `python -m loopguide generate` (and the macro pages
  rendered beforehand), built by MkDocs + Material with our hook and macros switched off;
- the ratio ours/plain, time per question and the size of Material's search/search_index.json
  in the plain build (our build replaces it with Pagefind's: see bench/search_bench.py).

Times are wall clock on whatever else the machine is doing, each with the CPU seconds the command
used (its worker processes included), so a busy machine shows as wall far above CPU; the core
count and load average are printed with them. `LOOPGUIDE_WORKERS=1` measures validation in one
process.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import pathlib
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Iterator

import jinja2
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's package and test helpers

from conftest import make_project  # noqa: E402
from loopguide import kata_assets, macros  # noqa: E402

TITLE_MAX = 90  # the schemas' maxLength for titles
SEARCH_INDEX = "search/search_index.json"

# targets from issue #6
GROWTH_MAX = 18.0  # 16x content builds in at most 18x the time of 1x
RATIO_MAX = 1.25  # our build at most 25% slower than plain MkDocs on the same Markdown
VALIDATE_MAX_S = 2.0  # validate at 16x

_ID_LINE = re.compile(r"^id: *(\S+) *$", re.M)
_TITLE_LINE = re.compile(r"^title: *(.+)$", re.M)
_RELATED_LINE = re.compile(r"^related: *\[(.*)\] *$", re.M)


# ---------------------------------------------------------------- synthetic content

def copy_id(item_id: str, copy: int) -> str:
    return item_id if copy == 1 else f"{item_id}-x{copy}"


def copy_title(title: str, copy: int) -> str:
    if copy == 1:
        return title
    suffix = f" (set {copy})"
    if len(title) + len(suffix) > TITLE_MAX:
        title = title[: TITLE_MAX - len(suffix)].rsplit(" ", 1)[0].rstrip(",:;")
    return title + suffix


def copy_text(text: str, copy: int) -> str:
    """One content file's text as its nth copy: new id and title, `related` into the same copy."""
    if copy == 1:
        return text
    text = _ID_LINE.sub(lambda m: f"id: {copy_id(m.group(1), copy)}", text, count=1)
    title = yaml.safe_load(_TITLE_LINE.search(text).group(0))["title"]
    text = _TITLE_LINE.sub(lambda m: "title: " + json.dumps(copy_title(title, copy), ensure_ascii=False), text, count=1)

    def related(m: re.Match) -> str:
        ids = [i.strip() for i in m.group(1).split(",") if i.strip()]
        return f"related: [{', '.join(copy_id(i, copy) for i in ids)}]"

    return _RELATED_LINE.sub(related, text, count=1)


def _copies(folder: str, scale: int) -> dict[str, str]:
    """{path under data/<folder>/: text} for `scale` copies of every file there."""
    out = {}
    for src in sorted((ROOT / "data" / folder).rglob("*.yaml")):
        text = src.read_text(encoding="utf-8")
        rel = src.relative_to(ROOT / "data" / folder)
        for copy in range(1, scale + 1):
            out[rel.with_name(f"{copy_id(src.stem, copy)}.yaml").as_posix()] = copy_text(text, copy)
    return out


def synthesize(dest: pathlib.Path, scale: int) -> int:
    """A project at dest whose questions, case studies and katas are the real ones times `scale`.

    Returns the number of questions.
    """
    questions = _copies("questions", scale)
    dest.mkdir(parents=True)
    make_project(dest, questions)  # the site setup, the core data files and these questions
    for folder in ("cases", "katas"):
        for rel, text in _copies(folder, scale).items():
            (dest / "data" / folder).mkdir(exist_ok=True)
            (dest / "data" / folder / rel).write_text(text, encoding="utf-8")
    return len(questions)


# ---------------------------------------------------------------- the plain MkDocs project

def _rendered_macro_pages(project: pathlib.Path, docs: pathlib.Path) -> None:
    """Render the hand-written pages that use macros, so the plain build sees the same Markdown."""
    registered: dict[str, object] = {}

    class Env:  # the part of mkdocs-macros' env that loopguide.macros uses
        project_dir = str(project)

        @staticmethod
        def macro(fn):
            registered[fn.__name__] = fn
            return fn

    macros.define_env(Env())
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        front, sep, body = text.partition("\n---\n") if text.startswith("---\n") else ("", "", text)
        if "render_macros: true" in front:
            page.write_text(front + sep + jinja.from_string(body).render(**registered), encoding="utf-8")


def plain_project(project: pathlib.Path) -> pathlib.Path:
    """project/plain: the generated pages as files, and mkdocs.yml without our hook and macros."""
    plain = project / "plain"
    docs = plain / "docs"
    shutil.copytree(project / "docs", docs)
    shutil.copy2(project / "CONTRIBUTING.md", plain / "CONTRIBUTING.md")  # for the snippets extension
    _rendered_macro_pages(project, docs)
    run([sys.executable, "-m", "loopguide", "--root", str(project), "generate", "-o", str(docs)], cwd=ROOT)
    for rel, source in kata_assets.runtime_files(project).items():  # what the hook adds besides pages
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, docs / rel)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "macros" in p)]
    config["theme"]["custom_dir"] = str(project / "overrides")
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return plain


# ---------------------------------------------------------------- timing

@dataclass
class Timed:
    wall: float
    cpu: float  # user + system seconds of the command and every process it waited for

    def __str__(self) -> str:
        return f"{self.wall:.2f}s ({self.cpu:.2f})" if self.wall < 10 else f"{self.wall:.1f}s ({self.cpu:.1f})"


def run(args: list[str], cwd: pathlib.Path) -> Timed:
    """Time a command that must succeed."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(args)}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return Timed(wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)


def build(project: pathlib.Path, site: pathlib.Path) -> Timed:
    # cwd is the project, as for `make build`, so it runs the project's copy of the loopguide package
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)], cwd=project)


@dataclass
class Row:
    scale: int
    questions: int
    validate: Timed
    build: Timed
    plain: Timed
    index_bytes: int
    index_gzip_bytes: int

    @property
    def ratio(self) -> float:
        return self.build.wall / self.plain.wall


def measure(scale: int, workdir: pathlib.Path, runs: int, build_runs: int) -> Row:
    project = workdir / f"x{scale}"
    questions = synthesize(project, scale)
    validations = [run([sys.executable, "-m", "loopguide", "--root", str(project), "validate"], cwd=ROOT)
                   for _ in range(runs)]
    validate = sorted(validations, key=lambda t: t.wall)[len(validations) // 2]  # the median run
    plain_dir = plain_project(project)
    ours, plain = [], []
    for _ in range(build_runs):  # alternating, so that both see much the same load
        ours.append(build(project, project / "site"))
        plain.append(build(plain_dir, plain_dir / "site"))
    ours_best, plain_best = (min(times, key=lambda t: t.wall) for times in (ours, plain))
    index = (plain_dir / "site" / SEARCH_INDEX).read_bytes()  # Material's (ours is Pagefind: bench.search_bench)
    return Row(scale, questions, validate, ours_best, plain_best, len(index), len(gzip.compress(index, compresslevel=6)))


def report(rows: list[Row], runs: int, build_runs: int, load: tuple[float, float]) -> None:
    print(f"build benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average "
          f"{load[0]:.1f} before and {load[1]:.1f} after; wall seconds (CPU seconds); validate: median of {runs} "
          f"runs; builds: best of {build_runs}, ours and plain alternating")
    print(f"{'scale':>5} {'questions':>9} {'validate':>14} {'build':>14} {'per question':>12} {'plain MkDocs':>14} "
          f"{'ours/plain':>10} {'search index':>13} {'gzipped':>10}")
    for r in rows:
        print(f"{r.scale:>4}x {r.questions:>9} {r.validate!s:>14} {r.build!s:>14} "
              f"{r.build.wall / r.questions * 1000:>10.1f}ms {r.plain!s:>14} {r.ratio:>10.2f} "
              f"{r.index_bytes:>13,} {r.index_gzip_bytes:>10,}")
    first, last = rows[0], rows[-1]
    checks = [(f"validate at {last.scale}x <= {VALIDATE_MAX_S:g} s", f"{last.validate.wall:.2f} s",
               last.validate.wall <= VALIDATE_MAX_S)]
    checks += [(f"ours/plain at {r.scale}x <= {RATIO_MAX}", f"{r.ratio:.2f}", r.ratio <= RATIO_MAX) for r in rows]
    if len(rows) > 1:
        content, growth = last.scale / first.scale, last.build.wall / first.build.wall
        limit = GROWTH_MAX * content / 16
        checks.append((f"build growth {first.scale}x -> {last.scale}x <= {limit:g}x", f"{growth:.2f}x", growth <= limit))
        print(f"search index growth {first.scale}x -> {last.scale}x: {last.index_bytes / first.index_bytes:.2f}x raw, "
              f"{last.index_gzip_bytes / first.index_gzip_bytes:.2f}x gzipped (the copies repeat their text, which gzip "
              f"finds; distinct content would be near {last.index_bytes * first.index_gzip_bytes / first.index_bytes:,.0f} "
              f"bytes gzipped at {last.scale}x)")
    for name, value, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value}")


@contextlib.contextmanager
def workspace(keep: pathlib.Path | None) -> Iterator[pathlib.Path]:
    """The folder the synthetic projects go to: `keep` (kept afterwards) or a temporary one."""
    workdir = keep or pathlib.Path(tempfile.mkdtemp(prefix="loopguide-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        yield workdir
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--runs", type=int, default=3, help="validate runs per scale (median)")
    parser.add_argument("--build-runs", type=int, default=2, help="builds of each kind per scale (best)")
    parser.add_argument("--keep", type=pathlib.Path, help="write the projects here and keep them")
    args = parser.parse_args()
    with workspace(args.keep) as workdir:
        load_before = os.getloadavg()[0]
        rows = []
        for scale in args.scales:
            rows.append(measure(scale, workdir, args.runs, args.build_runs))
            print(f"  measured {scale}x", file=sys.stderr, flush=True)
        report(rows, args.runs, args.build_runs, (load_before, os.getloadavg()[0]))


if __name__ == "__main__":
    main()
