"""The GitHub workflows are well-formed and test where a real Chromium exists."""
from __future__ import annotations

import subprocess
import sys

import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_match_the_github_workflow_schema():
    assert WORKFLOWS
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_browser_suite_runs_in_debian_not_on_the_bare_ubuntu_runner():
    """On Ubuntu `apt-get install chromium` gives a snap stub, so `make test` needs Debian's Chromium."""
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].items():
            runs = " ".join(step.get("run", "") for step in job.get("steps", []))
            if "make test" in runs or ".ci/run" in runs:
                image = job.get("container", {})
                image = image.get("image", "") if isinstance(image, dict) else image
                assert "bookworm" in image or "trixie" in image, f"{path.name}: job {name} runs the browser suite on {image or job['runs-on']}"
