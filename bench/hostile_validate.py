"""How long `python -m loopguide validate` takes on adversarial files at the 256 KiB size limit.

usage: python bench/hostile_validate.py [--runs 3]

Each case is the real exemplar question with one field replaced by an input that made earlier
validators slow (the security probe of December 2026: 522 s on a backtick flood, 71 s on a
'>'-less tag flood) or crash (deep nesting). The project is the mini project the tests use; the
figure is wall time, median of --runs, with the core count and load average beside it.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import EXEMPLAR, make_project  # noqa: E402

LIMIT = 256 * 1024


def _with_field(value: str, field: str = "answer") -> str:
    data = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))
    data["follow_ups"][0][field] = value
    return yaml.safe_dump(data, sort_keys=False, width=10**9)


def cases() -> dict[str, str]:
    flood = "<b> " + " a ".join("`" * k for k in range(1, 691))
    tags = "<a x " * ((LIMIT - 8000) // 5)
    fences = "x\n" + "```\n<b onclick=\n" * ((LIMIT - 8000) // 28)
    entities = "[a](jav&#x61;script:x) " * ((LIMIT - 8000) // 23)
    deep = EXEMPLAR.read_text(encoding="utf-8") + "x_deep: " + "{a: " * 490 + "1" + "}" * 490 + "\n"
    return {"backtick runs of length 1..690 (probe F11)": _with_field(flood),
            "'<a x ' repeated, no '>' (probe F11)": _with_field(tags),
            "unclosed fences with handlers": _with_field(fences),
            "entity-encoded javascript: links": _with_field(entities),
            "490 nested flow mappings (probe F13)": deep}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    print(f"hostile validate: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; median of {args.runs} runs")
    for name, text in cases().items():
        with tempfile.TemporaryDirectory() as tmp:
            root = make_project(pathlib.Path(tmp) / "p")
            path = root / "data/questions/llm-rag/prefill-vs-decode.yaml"
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            times, last = [], None
            for _ in range(args.runs):
                start = time.perf_counter()
                last = subprocess.run([sys.executable, "-m", "loopguide", "--root", str(root), "validate"],
                                      capture_output=True, text=True, timeout=600)
                times.append(time.perf_counter() - start)
            verdict = "ok" if last.returncode == 0 else f"{(last.stdout + last.stderr).count(': ')} problem line(s)"
            crashed = " TRACEBACK" if "Traceback" in last.stderr else ""
            print(f"  {name:45} {size / 1024:6.0f} KiB  {statistics.median(times):6.2f} s  ({verdict}{crashed})")


if __name__ == "__main__":
    main()
