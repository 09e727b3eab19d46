"""`python -m loopguide validate | new | export | generate | site | wheels | katas | stale | mock`.

Each command imports what it alone needs, so `validate` (run on every save) starts quickly.
"""
from __future__ import annotations

import argparse
import datetime
import json
import pathlib
import sys
import time

from .model import Guide
from .validate import validate


def _root(args: argparse.Namespace) -> pathlib.Path:
    return pathlib.Path(args.root).resolve()


def cmd_validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    guide, problems = validate(_root(args))
    if problems:
        for p in problems:
            print(p)
        files = len({p.file for p in problems})
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}",
              file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {kind}" for kind, n in guide.counts().items())
    print(f"ok: {counts} ({time.perf_counter() - started:.2f} s)")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from . import skeleton

    try:
        if args.kind == "kata":
            path = skeleton.new_kata(_root(args), args.id)
        else:
            path = skeleton.new_question(_root(args), args.category, args.id)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    then = "python -m loopguide validate && python -m loopguide katas " + args.id if args.kind == "kata" else "python -m loopguide validate"
    print(f"wrote {path.relative_to(_root(args))}; fill in every TODO, then run: {then}")
    return 0


def _guide_or_report(args: argparse.Namespace) -> Guide | None:
    """The validated guide, or None after printing every problem."""
    guide, problems = validate(_root(args))
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problems; nothing written", file=sys.stderr)
    return guide


def cmd_export(args: argparse.Namespace) -> int:
    from . import export

    guide = _guide_or_report(args)
    if guide is None:
        return 1
    if args.format != "json":
        return _export_questions(guide, args)
    document = export.to_json(guide)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        pathlib.Path(args.output).write_text(text, encoding="utf-8")
        counts = ", ".join(f"{n} {k}" for k, n in guide.counts().items())
        print(f"wrote {args.output}: {counts}", file=sys.stderr)
    return 0


def _export_questions(guide: Guide, args: argparse.Namespace) -> int:
    """The question bank as an Anki deck or as CSV."""
    from . import deck

    if args.format == "anki":
        if args.output == "-":
            print("an Anki deck is a file: give it with -o, e.g. -o loopguide.apkg", file=sys.stderr)
            return 2
        count = deck.write_anki(guide, pathlib.Path(args.output))
    else:
        text = deck.csv_text(guide)
        count = len(guide.questions)
        if args.output == "-":
            sys.stdout.write(text)
            return 0
        pathlib.Path(args.output).write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {count} questions", file=sys.stderr)
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from . import generate

    guide = _guide_or_report(args)
    if guide is None:
        return 1
    result = generate.write_pages(guide, pathlib.Path(args.output))
    print(f"{args.output}: {result.written} written, {result.unchanged} unchanged, {result.removed} removed")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """Build the site with either engine; MkDocs is the default and the one deployed."""
    import subprocess

    from . import kata_assets, wheels, zensical_build

    root = _root(args)
    output = pathlib.Path(args.output or ("site" if args.engine == "mkdocs" else "site-zensical"))
    output = output if output.is_absolute() else pathlib.Path.cwd() / output
    if args.engine == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(output)]
        return subprocess.run(command, cwd=root).returncode
    if _guide_or_report(args) is None:  # the hook's job on MkDocs: every problem before any build
        return 1
    try:
        cleaned = zensical_build.build(root, output, clean_cache=args.clean)
    except (zensical_build.BuildFailed, kata_assets.MissingRuntime, wheels.WheelProblem, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{output}: {cleaned} pages built by Zensical and sanitised", file=sys.stderr)
    return 0


def cmd_wheels_fetch(args: argparse.Namespace) -> int:
    """Download the wheels the katas need, each checked against pyodide-lock.json (the deploy workflow's step)."""
    import urllib.error

    from . import wheels

    guide = _guide_or_report(args)
    if guide is None:
        return 1
    try:
        lines = wheels.fetch(_root(args), guide.katas, args.folder, args.base_url)
    except (wheels.WheelProblem, urllib.error.URLError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    print(f"{len(lines)} wheel{'s' if len(lines) != 1 else ''} in {args.folder}; build with "
          f"{wheels.ENV}={args.folder} to publish them", file=sys.stderr)
    return 0


def cmd_katas(args: argparse.Namespace) -> int:
    from . import kata_box

    guide = _guide_or_report(args)
    if guide is None:
        return 1
    chosen = [k for k in guide.katas if not args.ids or k["id"] in args.ids]
    unknown = set(args.ids) - {k["id"] for k in guide.katas}
    if unknown:
        print(f"no kata with id {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    found = [p for kata in chosen for p in kata_box.problems(kata)]
    for p in found:
        print(p)
    print(f"{len(chosen)} katas checked, {len(found)} problems", file=sys.stderr)
    return 1 if found else 0


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-12-06") from None


def _months(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of months, 1 or more")
    return int(text)


def cmd_stale(args: argparse.Namespace) -> int:
    from . import freshness

    guide = _guide_or_report(args)
    if guide is None:
        return 1
    due = freshness.due_for_review(guide, args.months, args.today)
    for entry in due:
        print(f"{entry.source}: {entry.reason}")
    files = len({entry.source for entry in due})
    print(f"{files} file{'s' if files != 1 else ''} due for review "
          f"(not reviewed in the {args.months} months before {args.today.isoformat()})", file=sys.stderr)
    return 0


def cmd_mock(args: argparse.Namespace) -> int:
    """The mock the browser draws for this seed and these choices (the same as /mock/?seed=…)."""
    from . import mock

    guide = _guide_or_report(args)
    if guide is None:
        return 1
    if guide.mock is None:
        print("data/mock.yaml is missing", file=sys.stderr)
        return 2
    choices = {"preset": "custom" if args.rounds else args.preset, "level": args.level, "focus": args.focus}
    if args.rounds:
        choices["rounds"] = args.rounds.split(",")
    titles = {x["id"]: x["title"] for x in (*guide.questions, *guide.cases, *guide.katas)}
    for item in mock.draw(mock.mock_data(guide), args.seed, choices):
        print(f"{item['round']:<18} {item['id']:<50} {titles[item['id']]}")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m loopguide", description="Validate, scaffold, export and render the guide.")
    ap.add_argument("--root", default=".", help="project root holding data/ and schemas/ (default: .)")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every content file; all problems at once").set_defaults(run=cmd_validate)
    new = sub.add_parser("new", help="write a schema-valid skeleton")
    new_sub = new.add_subparsers(dest="kind", required=True)
    q = new_sub.add_parser("question", help="a new question file")
    q.add_argument("--category", required=True)
    q.add_argument("--id", required=True)
    q.set_defaults(run=cmd_new)
    k = new_sub.add_parser("kata", help="a new kata file")
    k.add_argument("--id", required=True)
    k.set_defaults(run=cmd_new)
    ex = sub.add_parser("export", help="the whole validated guide as one JSON document, or the questions as an Anki deck or CSV")
    ex.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    ex.add_argument("--format", choices=["json", "anki", "csv"], default="json",
                    help="json: the whole guide (default); anki: one note per question (.apkg); csv: one row per question")
    ex.set_defaults(run=cmd_export)
    gen = sub.add_parser("generate", help="write the rendered Markdown pages to a folder")
    gen.add_argument("-o", "--output", required=True)
    gen.set_defaults(run=cmd_generate)
    site = sub.add_parser("site", help="build the site with MkDocs (default) or Zensical")
    site.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    site.add_argument("-o", "--output", help="site folder (default: site/ or site-zensical/); for Zensical inside the project")
    site.add_argument("--clean", action="store_true", help="Zensical: empty its cache first (a cold build)")
    site.set_defaults(run=cmd_site)
    wh = sub.add_parser("wheels", help="the Pyodide packages kata pages load, published with the site")
    wh_sub = wh.add_subparsers(dest="action", required=True)
    fe = wh_sub.add_parser("fetch", help="download the wheels the katas need, checked against pyodide-lock.json")
    fe.add_argument("folder", help="where to put them (build with LOOPGUIDE_WHEELS=FOLDER to publish them)")
    fe.add_argument("--base-url", help="a folder URL holding the same files (default: this Pyodide version's CDN folder)")
    fe.set_defaults(run=cmd_wheels_fetch)
    ka = sub.add_parser("katas", help="run each kata's tests: the solution must pass, the starter must fail one")
    ka.add_argument("ids", nargs="*", help="kata ids (default: all)")
    ka.set_defaults(run=cmd_katas)
    st = sub.add_parser("stale", help="list questions, cases and references due for another review")
    st.add_argument("--months", type=_months, default=12, help="how old a review may be (default: 12)")
    st.add_argument("--today", type=_day, default=datetime.date.today(), help=argparse.SUPPRESS)
    st.set_defaults(run=cmd_stale)
    mk = sub.add_parser("mock", help="draw a mock interview from a seed, as the /mock/ page does")
    mk.add_argument("--seed", type=lambda v: int(v) % 2**32, required=True)
    mk.add_argument("--preset", default="full-loop")
    mk.add_argument("--rounds", default="", help="comma-separated rounds instead of a preset")
    mk.add_argument("--level", default="mid", choices=["junior", "mid", "senior", "staff"])
    mk.add_argument("--focus", default=None, help="the weakest phase to weigh, e.g. phase-2")
    mk.set_defaults(run=cmd_mock)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
