"""Every ```python fence in a question runs as shown, or fails exactly the way it says it does."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import ROOT
from loopguide.validate import load_guide

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(?:python|py)\b[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)


def python_snippets(q: dict) -> list[str]:
    texts = [q["question"], q["answer"]] + [f["answer"] for f in q["follow_ups"]]
    return [m.group(2) for text in texts for m in FENCE.finditer(text)]


CASES = [
    (q, n, code)
    for q in load_guide(ROOT).questions
    for n, code in enumerate(python_snippets(q), start=1)
]


def test_snippet_checks_point_at_real_snippets():
    for q in load_guide(ROOT).questions:
        count = len(python_snippets(q))
        for check in q.get("snippet_checks", []):
            assert 1 <= check["snippet"] <= count, f"{q['id']}: snippet {check['snippet']} of {count}"


@pytest.mark.parametrize("q,n,code", CASES, ids=[f"{q['id']}#{n}" for q, n, _ in CASES])
def test_snippet_behaves_as_the_answer_says(q, n, code):
    expected = next((c for c in q.get("snippet_checks", []) if c["snippet"] == n), None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={"PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"})
    if expected is None:
        assert result.returncode == 0, f"{q['id']} snippet {n} should run:\n{result.stderr[-2000:]}"
        return
    if "raises" in expected:
        assert result.returncode != 0
        assert re.search(rf"^{expected['raises']}\b", result.stderr.strip().splitlines()[-1]), result.stderr[-2000:]
    if "stdout_contains" in expected:
        assert expected["stdout_contains"] in result.stdout, result.stdout[-2000:]
