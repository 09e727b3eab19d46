"""Hostile files meet a validator that answers with file:line and a kata checker that keeps kata
code in a box: regression tests for the probe's findings F8, F9, F11, F12, F13 and F18."""
from __future__ import annotations

import copy
import os
import pathlib
import subprocess
import sys

import pytest
import yaml

from conftest import EXEMPLAR, ROOT, loopguide, make_project, run
from hostile import FIELDS, MARKUP, hostile_project
from loopguide import kata_box
from loopguide.validate import load_guide

RRF = yaml.safe_load((ROOT / "data/katas/reciprocal-rank-fusion.yaml").read_text(encoding="utf-8"))


def project_with(tmp_path: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    """The mini project plus files under data/ (path -> text)."""
    root = make_project(tmp_path / "p")
    for rel, text in files.items():
        path = root / "data" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems_of(root: pathlib.Path) -> list[str]:
    result = loopguide(root, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return [line for line in (result.stdout + result.stderr).splitlines() if ":" in line and line.startswith("data/")]


def question(**changes) -> str:
    data = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_every_hostile_payload_is_refused_with_file_line(tmp_path: pathlib.Path):
    """With the input checks on, the hostile project does not validate, and says where."""
    root = hostile_project(tmp_path / "h")
    found = "\n".join(problems_of(root))
    assert found.count(":") > 20
    for rel in ("data/phases/phase-4.yaml", "data/categories.yaml", "data/rounds.yaml", "data/levels.yaml",
                "data/katas/reciprocal-rank-fusion.yaml", "data/questions/llm-rag/hostile-fields.yaml"):
        assert f"{rel}:" in found, rel
    assert len(MARKUP) + len(FIELDS) >= 60


@pytest.mark.parametrize("link", ["[a](jav&#x61;script:alert(1))", "[b](javascript&colon;alert(1))",
                                  "[c](java&#9;script:alert(1))", "[d](&#106;avascript:alert(1))"])
def test_f4_entity_encoded_javascript_links_are_refused(tmp_path, link):
    answer = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))["answer"] + "\n\n" + link
    found = problems_of(project_with(tmp_path, {"questions/llm-rag/prefill-vs-decode.yaml": question(answer=answer)}))
    assert any("entity-encoded javascript: URL" in p and "answer" in p for p in found), found


@pytest.mark.parametrize("url", ["https://x.example/){: onclick=alert(1) }", "https://x.example/) [c](jav&#x61;script:x",
                                 "https://x.example/\\", "https://" + "a" * 3000 + ".example/", "https://nohost"])
def test_f6_reference_urls_must_be_plain(tmp_path, url):
    text = question(references=[{"title": "Ref", "url": url}])
    found = problems_of(project_with(tmp_path, {"questions/llm-rag/prefill-vs-decode.yaml": text}))
    assert any("references[0].url: not a usable link" in p for p in found), found


@pytest.mark.parametrize("where", ["answer", "kata-setup"])
def test_f8_snippet_markers_are_refused(tmp_path, where):
    if where == "answer":
        answer = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))["answer"] + '\n\n```text\n--8<-- ".git/config"\n```'
        files = {"questions/llm-rag/prefill-vs-decode.yaml": question(answer=answer)}
    else:
        kata = copy.deepcopy(RRF) | {"related": [], "setup": 'if False:\n    -8<- ".git/config"\n'}
        files = {"katas/reciprocal-rank-fusion.yaml": yaml.safe_dump(kata, sort_keys=False)}
    found = problems_of(project_with(tmp_path, files))
    assert any("snippet includes (--8<--) are not allowed" in p for p in found), found


def test_f11_a_backtick_flood_validates_in_linear_time(tmp_path):
    """The probe's 245 KB file took 522 s; `make bench` prints the figure, this only guards the order."""
    flood = "<b> " + " a ".join("`" * k for k in range(1, 691))
    data = yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))
    data["follow_ups"][0]["answer"] = flood
    data["follow_ups"][1]["answer"] = "<a x " * 2000
    root = project_with(tmp_path, {"questions/llm-rag/prefill-vs-decode.yaml": yaml.safe_dump(data, sort_keys=False)})
    assert (root / "data/questions/llm-rag/prefill-vs-decode.yaml").stat().st_size > 240_000
    result = run([sys.executable, "-m", "loopguide", "--root", str(root), "validate"], cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["questions/llm-rag", "katas", "cases"])
def test_f12_the_id_index_is_reserved(tmp_path, kind):
    if kind == "katas":
        text = yaml.safe_dump(copy.deepcopy(RRF) | {"id": "index", "title": "Index kata", "related": []}, sort_keys=False)
    elif kind == "cases":
        case = yaml.safe_load((ROOT / "data/cases/chat-with-your-docs.yaml").read_text(encoding="utf-8"))
        text = yaml.safe_dump(case | {"id": "index", "title": "Index case", "related": []}, sort_keys=False)
    else:
        text = question(id="index", title="An index question")
    found = problems_of(project_with(tmp_path, {f"{kind}/index.yaml": text}))
    assert any("the id 'index' is reserved" in p for p in found), found


@pytest.mark.parametrize("nesting", ["{a: " * 490 + "1" + "}" * 490, "[" * 999 + "]" * 999, "[" * 10_000 + "]" * 10_000])
def test_f13_deep_nesting_is_one_problem_with_a_line(tmp_path, nesting):
    text = EXEMPLAR.read_text(encoding="utf-8") + f"x_deep: {nesting}\n"
    found = problems_of(project_with(tmp_path, {"questions/llm-rag/prefill-vs-decode.yaml": text}))
    mine = [p for p in found if p.startswith("data/questions/llm-rag/prefill-vs-decode.yaml:")]
    assert len(mine) == 1 and "nest" in mine[0], found


@pytest.mark.parametrize("text,expected", [
    ("~\n", "document is empty"),
    ("---\n...\n", "document is empty"),
    (EXEMPLAR.read_text(encoding="utf-8").replace("weak:\n", "weak: !!python/object/apply:os.system\n", 1), "not allowed on a list"),
    (EXEMPLAR.read_text(encoding="utf-8").replace("weak:\n", "weak: !!omap\n", 1), "not allowed on a list"),
    (question(title="Prefill \u202eevil\u202c vs decode"), "text-direction character U+202E"),
    (question(title="Prefill\u200b vs decode"), "invisible character U+200B is not allowed in a title"),
    (question(title="Prefill \x1b[31m vs decode\x07"), "control or text-direction character U+001B"),
    (question(answer=yaml.safe_load(EXEMPLAR.read_text(encoding="utf-8"))["answer"] + " \x00"), "U+0000"),
])
def test_f18_odd_files_and_characters_are_refused(tmp_path, text, expected):
    found = problems_of(project_with(tmp_path, {"questions/llm-rag/prefill-vs-decode.yaml": text}))
    assert any(expected in p for p in found), found


def test_f18_symbolic_links_are_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.yaml").write_text(question(id="elsewhere", title="From outside"), encoding="utf-8")
    root = make_project(tmp_path / "p")
    (root / "data/questions/llm-rag/elsewhere.yaml").symlink_to(outside / "elsewhere.yaml")
    (root / "data/questions/linked").symlink_to(outside, target_is_directory=True)
    found = problems_of(root)
    assert any(p.startswith("data/questions/llm-rag/elsewhere.yaml:") and "symbolic links" in p for p in found), found
    assert any(p.startswith("data/questions/linked:") and "symbolic links" in p for p in found), found


# --- F9: kata code runs in a box ------------------------------------------------------------------

def with_solution_prefix(prefix: str) -> dict:
    kata = copy.deepcopy(RRF)
    kata["solution"] = prefix + kata["solution"]
    return kata


@pytest.mark.parametrize("prefix,expected", [
    ("import os\nos._exit(0)\n", "ended the checker before it could report"),
    ("while True:\n    pass\n", "ran longer than 3 s"),
    ("x = bytearray(10 * 1024**3)\n", "MemoryError"),
    ("import subprocess\nsubprocess.run(['true'])\n", "subprocess.Popen"),
    ("import sys\nsys.modules['loopguide.kata_harness'].same = lambda *a, **k: (True, '')\n", "changed the checker itself"),
    ("import sys\nsys.__stdout__.write('x' * 3_000_000)\nsys.__stdout__.flush()\n", "File too large"),
])
def test_f9_kata_code_that_misbehaves_fails_its_kata_with_a_sentence(prefix, expected):
    found = kata_box.problems(with_solution_prefix(prefix), wall_seconds=3)
    assert found and all(p.startswith("reciprocal-rank-fusion: ") for p in found)
    assert expected in " ".join(found)


def test_f9_kata_code_cannot_write_or_delete_outside_its_scratch_folder(tmp_path):
    victim = tmp_path / "README.md"
    victim.write_text("keep me", encoding="utf-8")
    prefix = f"import os\nopen({str(tmp_path / 'new.txt')!r}, 'w').write('x')\nos.remove({str(victim)!r})\n"
    found = kata_box.problems(with_solution_prefix(prefix))
    assert any("not allowed while a kata is checked" in p for p in found), found
    assert victim.read_text(encoding="utf-8") == "keep me" and not (tmp_path / "new.txt").exists()


def test_f9_the_katas_command_reports_each_bad_kata_and_exits_1(tmp_path):
    root = make_project(tmp_path / "p")
    readme = root / "README.md"
    readme.write_text("keep me", encoding="utf-8")
    (root / "data/katas").mkdir()
    for kata_id, prefix in (("exits", "import os\nos._exit(0)\n"), ("deletes", f"import os\nos.remove({str(readme)!r})\n")):
        kata = with_solution_prefix(prefix) | {"id": kata_id, "title": f"Kata that {kata_id}", "related": []}
        (root / f"data/katas/{kata_id}.yaml").write_text(yaml.safe_dump(kata, sort_keys=False), encoding="utf-8")
    before = sorted((p.relative_to(root), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file())
    result = loopguide(root, "katas")
    assert result.returncode == 1
    assert "exits: the kata's code ended the checker" in result.stdout
    assert "deletes: " in result.stdout and "not allowed while a kata is checked" in result.stdout
    assert "2 katas checked" in result.stderr
    assert sorted((p.relative_to(root), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()) == before


def test_f9_pytest_fails_on_a_kata_that_calls_os_exit_and_still_prints_its_summary(tmp_path):
    """The probe's os._exit(0) ended pytest with exit 0 and no summary; now the kata fails and the run goes on."""
    root = make_project(tmp_path / "p")
    shutil_copy = __import__("shutil").copytree
    shutil_copy(ROOT / "tests", root / "tests")
    (root / "data/katas").mkdir()
    kata = with_solution_prefix("import os\nos._exit(0)\n") | {"related": []}
    (root / "data/katas/reciprocal-rank-fusion.yaml").write_text(yaml.safe_dump(kata, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_katas.py",
                             "-k", "cpython"], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout and "ended the checker" in result.stdout


def test_the_real_katas_pass_in_the_box():
    guide = load_guide(ROOT)
    assert [p for k in guide.katas[:3] for p in kata_box.problems(k)] == []


@pytest.mark.parametrize("log,passes", [("....\n635 passed in 314.20s (0:05:14)\n", True),
                                         ("== 2 failed, 633 passed, 1 skipped in 300.00s ==\n", True),
                                         (".......\n", False), ("", False)])
def test_ci_fails_when_pytest_prints_no_summary(tmp_path, log, passes):
    path = tmp_path / "log"
    path.write_text(log, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / ".ci/require_summary.py"), str(path)], capture_output=True, text=True)
    assert (result.returncode == 0) is passes
    assert ".ci/require_summary.py" in (ROOT / ".ci/run").read_text(encoding="utf-8")
