"""Lighthouse performance of the audited pages beside Material's one-page floor site (issue #18).

usage: python bench/lighthouse_bench.py [--runs 3] [--site DIR]

Builds the real site (or takes an already built one with --site) and the one-page Material site of
tests/test_budget.py (its floor), serves both with gzip as a static host does, and runs Lighthouse
(tests/js/lighthouse_audit.mjs: mobile preset, simulated throttling) `--runs` times over every
page of tests/test_audit.py's PAGES and the floor's one page, the sites taking turns. Prints per
page the median performance score with its FCP, LCP, TBT and CLS (the metrics of the median run),
then, for each page whose median is below 0.90, what Lighthouse says costs it points. The score
depends on the machine: the core count and load average are printed beside the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests")]

from conftest import CHROMIUM, mkdocs  # noqa: E402
from test_audit import LIGHTHOUSE, PAGES  # noqa: E402
from test_budget import floor_config  # noqa: E402

from gzip_server import serve  # noqa: E402  (bench/, on sys.path as the script's folder)

GOAL = 0.90


def build(root: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    result = mkdocs(root, "build", "--strict", "--site-dir", str(out))
    if result.returncode != 0:
        raise SystemExit(f"the build of {root} failed:\n{result.stderr[-3000:]}")
    return out


def floor_site(work: pathlib.Path) -> pathlib.Path:
    root = work / "floor"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Empty\n\nA page.\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(floor_config(), sort_keys=False), encoding="utf-8")
    return build(root, root / "site")


def audit(base: str, paths: list[str]) -> dict[str, dict]:
    result = subprocess.run(["node", str(LIGHTHOUSE), CHROMIUM, base, *paths], cwd=ROOT, capture_output=True,
                            text=True, timeout=1800)
    if result.returncode != 0:
        raise SystemExit(f"Lighthouse failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r["scores"]["performance"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def row(label: str, path: str, runs: list[dict]) -> str:
    scores = [r["scores"]["performance"] for r in runs]
    m = median_run(runs)["metrics"]
    clss = [r["cls"] for r in runs]
    return (f"{label:<24} {path:<28} {statistics.median(scores):5.2f}  ({' '.join(f'{s:.2f}' for s in scores)})  "
            f"FCP {m['first-contentful-paint'] / 1000:4.1f} s  LCP {m['largest-contentful-paint'] / 1000:4.1f} s  "
            f"TBT {m['total-blocking-time']:5.0f} ms  CLS {statistics.median(clss):.3f} (max {max(clss):.3f})")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--site", type=pathlib.Path, help="an already built site (default: build one)")
    ap.add_argument("--json", type=pathlib.Path, help="also write every run's report to this file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lighthouse-bench-") as tmp:
        work = pathlib.Path(tmp)
        site = args.site.resolve() if args.site else build(ROOT, work / "site")
        floor = floor_site(work)
        print(f"Lighthouse performance, mobile preset, median of {args.runs} (gzip served); before: {load()}", flush=True)
        paths = list(PAGES)
        guide: dict[str, list[dict]] = {p: [] for p in paths}
        material: list[dict] = []
        with serve(site) as guide_url, serve(floor) as floor_url:
            for _ in range(args.runs):
                for path, report in audit(guide_url, paths).items():
                    guide[path].append(report)
                material.append(audit(floor_url, ["/"])["/"])
    print(f"after: {load()}")
    if args.json:
        args.json.write_text(json.dumps({"floor": material, "pages": guide}, indent=1), encoding="utf-8")
    print(f"{'page':<24} {'path':<28} median (runs)")
    print(row("Material floor (1 page)", "/", material))
    for path in paths:
        print(row(PAGES[path], path, guide[path]))
    below = [p for p in paths if statistics.median(r["scores"]["performance"] for r in guide[p]) < GOAL]
    print(f"{len(paths) - len(below)} of {len(paths)} pages at {GOAL:.2f} or above")
    for path in below:
        print(f"\nwhat costs {path} points (its median run):")
        for cost in median_run(guide[path])["costs"]:
            print(f"  {cost['id']}: {cost['display']}")
            for where in cost["where"]:
                print(f"      {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
