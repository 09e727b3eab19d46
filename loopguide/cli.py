"""`python -m loopguide validate | new | export | generate | site | katas`.

Each command imports what it alone needs, so `validate` (run on every save) starts quickly.
"""
from __future__ import annotations

import argparse
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
    document = export.to_json(guide)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        pathlib.Path(args.output).write_text(text, encoding="utf-8")
        counts = ", ".join(f"{n} {k}" for k, n in guide.counts().items())
        print(f"wrote {args.output}: {counts}", file=sys.stderr)
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

    from . import kata_assets, zensical_build

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
    except (zensical_build.BuildFailed, kata_assets.MissingRuntime, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{output}: {cleaned} pages built by Zensical and sanitised", file=sys.stderr)
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
    ex = sub.add_parser("export", help="the whole validated guide as one JSON document")
    ex.add_argument("-o", "--output", default="-", help="file to write (default: standard output)")
    ex.set_defaults(run=cmd_export)
    gen = sub.add_parser("generate", help="write the rendered Markdown pages to a folder")
    gen.add_argument("-o", "--output", required=True)
    gen.set_defaults(run=cmd_generate)
    site = sub.add_parser("site", help="build the site with MkDocs (default) or Zensical")
    site.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    site.add_argument("-o", "--output", help="site folder (default: site/ or site-zensical/); for Zensical inside the project")
    site.add_argument("--clean", action="store_true", help="Zensical: empty its cache first (a cold build)")
    site.set_defaults(run=cmd_site)
    ka = sub.add_parser("katas", help="run each kata's tests: the solution must pass, the starter must fail one")
    ka.add_argument("ids", nargs="*", help="kata ids (default: all)")
    ka.set_defaults(run=cmd_katas)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
