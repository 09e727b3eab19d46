"""A build says little when all is well, so that a contributor's own mistake is the first thing they read."""
from __future__ import annotations

import pathlib

from conftest import BUILD_LOGS, EXEMPLAR, make_project, mkdocs

HANDFUL = 5


def test_a_build_of_the_real_site_prints_a_handful_of_lines(built_site: pathlib.Path):
    lines = BUILD_LOGS[built_site].splitlines()
    assert lines and lines[-1].startswith("INFO    -  Documentation built in"), lines[-3:]
    assert len(lines) <= HANDFUL, "\n".join(lines[:40])


def test_a_content_error_is_the_first_thing_a_build_prints(tmp_path: pathlib.Path):
    broken = EXEMPLAR.read_text(encoding="utf-8").replace("difficulty: medium", "difficulty: hrad")
    root = make_project(tmp_path, {"llm-rag/prefill-vs-decode.yaml": broken})
    result = mkdocs(root, "build", "--strict", "--site-dir", str(tmp_path / "site"))
    assert result.returncode != 0
    first = result.stderr.splitlines()[:2]  # the log; stdout holds only "Aborted with a BuildError!"
    assert any(line.startswith("data/questions/llm-rag/prefill-vs-decode.yaml:") and "'hrad' is not allowed" in line
               for line in first), first
