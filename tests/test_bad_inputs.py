"""Malformed content: every case must fail validation with the right file, line and message,
and the site build must refuse it without writing a page."""
from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass, field

import pytest

from conftest import EXEMPLAR, ROOT, loopguide, make_project, mkdocs
from loopguide import schemas
from loopguide.loader import load_text
from loopguide.validate import _kind_of

GOOD = EXEMPLAR.read_text(encoding="utf-8")
Q = "data/questions/llm-rag/prefill-vs-decode.yaml"


def edit(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, f"fixture drifted: {old!r} not in the exemplar"
    return text.replace(old, new, 1)


def line_of(text: str, marker: str, nth: int = 1) -> int:
    at = -1
    for _ in range(nth):
        at = text.index(marker, at + 1)
    return text.count("\n", 0, at) + 1


@dataclass
class Case:
    name: str
    files: dict[str, str | None]  # project-relative path -> text (None deletes the file)
    expect: list[tuple[str, int, str]] = field(default_factory=list)  # (file, line, message part)


def one(name: str, text: str, line: int, message: str, path: str = Q) -> Case:
    return Case(name, {path: text}, [(path, line, message)])


def _cases() -> list[Case]:
    cases: list[Case] = []
    t = edit('title: "Why the first token is slow: prefill versus decode"',
             "title: Why the first token is slow: prefill versus decode")
    cases.append(one("unquoted colon", t, 4, "YAML syntax error: mapping values are not allowed"))
    t = edit("category: llm-rag\n", "category: llm-rag\n   difficulty: hard\n")
    cases.append(one("bad indentation", t, 4, "YAML syntax error"))
    t = edit("difficulty: medium", "difficulty:\tmedium\n\tbroken: [")
    cases.append(one("tab indentation", t, line_of(t, "\tbroken"), "YAML syntax error"))
    t = edit('title: "Why the first', 'title: "Why the first\nquestion_note: x')
    t = t.replace("versus decode\"", "versus decode", 1)
    # the open quote swallows text up to the next '"', where the parser gives up
    cases.append(one("unclosed quote", t, line_of(t, '"The model is just'), "YAML syntax error: did not find expected key"))
    t = edit("difficulty: medium", "difficulty: &level medium")
    cases.append(one("anchor", t, line_of(t, "&level"), "YAML anchors (&level) are not allowed"))
    t = edit("difficulty: medium", "difficulty: &level medium") + "extra_level: *level\n"
    cases.append(one("alias", t, line_of(t, "*level"), "YAML aliases (*level) are not allowed"))
    t = GOOD + "difficulty: hard\n"
    cases.append(one("duplicate key", t, line_of(t, "difficulty: hard"), "duplicate key 'difficulty' (first seen on line"))
    t = edit("difficulty: medium", "difficulty: !include medium.yaml")
    cases.append(one("custom tag", t, line_of(t, "!include"), "custom YAML tags (!include) are not allowed"))
    t = edit("answer: |\n", "answer: |\n" + "  padding words to make the file far too large\n" * 6000)
    cases.append(one("file too large", t, 1, "the limit is 256 KiB"))
    t = edit('title: "Why the first token is slow: prefill versus decode"', "title: no")
    cases.append(one("YAML 1.1 boolean", t, 4, "'no' is read by YAML as a true/false value; quote it"))
    t = edit('title: "Why the first token is slow: prefill versus decode"', "title: 2024-05-01")
    cases.append(one("unquoted date", t, 4, "'2024-05-01' is read by YAML as a date; quote it"))
    t = edit("difficulty: medium", "difficulty: no")
    cases.append(one("boolean in an enum", t, line_of(t, "difficulty: no"), "'no' is read by YAML as a true/false value; quote it"))
    t = edit("measures: >-", "measure: >-")
    cases.append(one("unknown field with a suggestion", t, line_of(t, "measure: >-"),
                     "unknown field 'measure' (did you mean 'measures'?)"))
    t = edit("difficulty: medium\n", "")
    cases.append(one("missing required field", t, line_of(t, "id:"), "missing required field 'difficulty'"))
    t = edit("difficulty: medium", "difficulty: hrad")
    cases.append(one("enum typo", t, line_of(t, "difficulty: hrad"), "'hrad' is not allowed (did you mean 'hard'?)"))
    start = GOOD.index("  - question: Why does speculative")
    end = GOOD.index("seniority:")
    t = GOOD[:start] + GOOD[end:]
    cases.append(one("too few follow-ups", t, line_of(t, "follow_ups:") + 1, "needs at least 2 items, found 1"))
    t = edit("seniority: [mid, senior]", "seniority: mid")
    cases.append(one("wrong type", t, line_of(t, "seniority: mid"), "expected a list, found text"))
    t = edit("id: prefill-vs-decode", "id: Prefill_vs_Decode")
    cases.append(one("id not kebab-case", t, 2, "'Prefill_vs_Decode' is not a kebab-case id"))
    t = edit("id: prefill-vs-decode", "id: prefill-versus-decode")
    cases.append(one("id does not match file name", t, 2, "must match the file name 'prefill-vs-decode.yaml'"))
    other = "data/questions/system-design/prefill-vs-decode.yaml"
    cases.append(Case("duplicate id", {other: edit("category: llm-rag", "category: system-design",
                                                   edit('slow: prefill versus decode"', 'slow, again"'))},
                      [(other, 2, "id 'prefill-vs-decode' is already used by")]))
    t = edit("category: llm-rag", "category: coding")
    cases.append(one("category does not match folder", t, 3, "category 'coding' does not match the folder 'llm-rag'"))
    t = edit("topics: [inference, latency, kv-cache, serving]", "topics: [inference, latency, kv-cache, serving]\nrelated: [no-such-question]")
    cases.append(one("dangling related id", t, line_of(t, "related:"), "related item 'no-such-question' does not exist"))
    t = edit("topics: [inference, latency, kv-cache, serving]", "topics: [inference, kvcache]")
    cases.append(one("unknown topic", t, line_of(t, "topics:"), "'kvcache' is not allowed (did you mean 'kv-cache'?)"))
    t = edit("rounds: [ai-ml-deep-dive, system-design]", "rounds: [ai-ml-deep-dive, onsite]")
    cases.append(one("unknown round", t, line_of(t, "rounds: [ai-ml"), "'onsite' is not allowed"))
    t = edit("  target, not for maximum throughput.\n", "  target, not for maximum throughput.\n  <script>alert(1)</script>\n")
    cases.append(one("script in prose", t, line_of(t, "<script>"), "raw <script> is not allowed in prose"))
    t = edit("  lever moves which number.", "  lever moves which number. <iframe src=x></iframe>")
    cases.append(one("iframe in prose", t, line_of(t, "<iframe"), "raw <iframe> is not allowed in prose"))
    t = edit("  - Treats latency as one number", '  - <b onclick="steal()">Bold</b> treats latency as one number')
    cases.append(one("event handler", t, line_of(t, "onclick"), "inline event handlers (onclick=) are not allowed"))
    t = edit("      the shared prefix or it breaks the cache.", "      the shared prefix or it breaks the [cache](javascript:alert(1)).")
    cases.append(one("javascript URL", t, line_of(t, "javascript:"), "javascript: URLs are not allowed"))
    t = edit("url: https://arxiv.org/abs/2309.06180", "url: http://arxiv.org/abs/2309.06180")
    cases.append(one("plain http reference", t, line_of(t, "http://arxiv"), "must be an https:// link"))
    start, end = GOOD.index("answer: |\n"), GOOD.index("weak:\n")
    t = GOOD[:start] + "answer: |\n  Prefill is compute-bound and decode is bandwidth-bound.\n" + GOOD[end:]
    cases.append(one("answer too short", t, line_of(t, "answer: |"), "the model answer has 7 words; write 150–400"))
    t = GOOD + "---\nid: second\n"
    cases.append(one("two documents", t, line_of(t, "---"), "one YAML document per file"))
    cases.append(one("empty file", "# only a comment\n", 1, "file is empty"))
    yml = "data/questions/llm-rag/stray.yml"
    cases.append(Case("wrong extension", {yml: GOOD}, [(yml, 1, "content files end in .yaml")]))
    stray = "data/question/llm-rag/prefill.yaml"
    cases.append(Case("unknown location", {stray: GOOD}, [(stray, 1, "not a content file the guide knows")]))
    cases.append(Case("missing phase", {"data/phases/phase-3.yaml": None},
                      [("data/phases/phase-3.yaml", 1, "required phase file is missing")]))
    phase4 = (pathlib.Path(__file__).parents[1] / "data/phases/phase-4.yaml").read_text(encoding="utf-8")
    t = phase4.replace("id: p4-ethics-position", "id: p1-bias-variance-scenario")
    cases.append(Case("checklist id reused", {"data/phases/phase-4.yaml": t},
                      [("data/phases/phase-4.yaml", line_of(t, "id: p1-bias-variance"), "id 'p1-bias-variance-scenario' is already used")]))
    t = edit("difficulty: medium", "difficulty: hrad")
    t = edit("measures: >-", "measure: >-", t)
    t = edit("  - Treats latency as one number", "  - <script>x</script> treats", t)
    cases.append(Case("several problems at once", {Q: t}, [
        (Q, line_of(t, "measure: >-"), "unknown field 'measure'"),
        (Q, line_of(t, "<script>"), "raw <script>"),
        (Q, line_of(t, "difficulty: hrad"), "'hrad' is not allowed"),
    ]))
    cases.extend(_kata_cases())
    cases.extend(_diagnostic_cases())
    return cases


DIAG = "data/diagnostic.yaml"
DIAG_GOOD = (pathlib.Path(__file__).parents[1] / DIAG).read_text(encoding="utf-8")


def _diagnostic_cases() -> list[Case]:
    cases = []
    t = DIAG_GOOD.replace("katas: [agent-tool-loop]", "katas: [agent-tool-loops]", 1)
    # the kata file is there, so kata ids are checked; the misspelt one dangles
    cases.append(Case("diagnostic item trains a kata that does not exist", {DIAG: t, KATA: KATA_GOOD},
                      [(DIAG, line_of(t, "agent-tool-loops"), "kata 'agent-tool-loops' does not exist")]))
    t = DIAG_GOOD.replace("topics: [agents, tool-calling,", "topics: [agentz, tool-calling,", 1)
    cases.append(one("diagnostic item trains an unknown topic", t, line_of(t, "agentz"), "'agentz' is not allowed", DIAG))
    return cases


KATA = "data/katas/cosine-similarity.yaml"
# the mini project has none of the questions this kata links to
KATA_GOOD = re.sub(r"^related:.*\n", "", (pathlib.Path(__file__).parents[1] / KATA).read_text(encoding="utf-8"), flags=re.M)


def _kata_cases() -> list[Case]:
    def kata(old: str, new: str) -> str:
        assert old in KATA_GOOD, f"fixture drifted: {old!r} not in {KATA}"
        return KATA_GOOD.replace(old, new, 1)

    cases = []
    t = kata("      a = np.asarray(a, dtype=float)\n", "      a = np.asarray(a, dtype=float\n")
    cases.append(one("kata solution does not parse", t, line_of(t, "dtype=float\n"),
                     "Python syntax error on line 6 of the solution: '(' was never closed", KATA))
    t = kata("  def cosine_similarity(a, b):\n", "  def cosine(a, b):\n")
    cases.append(one("kata starter lacks the entrypoint", t, line_of(t, "starter: |"),
                     "the starter must define `def cosine_similarity(`", KATA))
    t = kata("call: cosine_similarity(np.zeros(3), np.array([1.0, 2.0, 3.0]))",
             "call: cosine_similarity(np.zeros(3), np.array([1.0, 2.0, 3.0])))")
    cases.append(one("kata test call is not an expression", t, line_of(t, "np.zeros(3), np.array([1.0, 2.0, 3.0])))"), "is not a Python expression", KATA))
    t = KATA_GOOD.replace("    example: true\n", "")
    cases.append(one("kata without an example test", t, line_of(t, "tests:") + 1, "mark at least one test `example: true`", KATA))
    t = kata('  - lines: "14"', '  - lines: "14-40"')
    cases.append(one("kata note outside the solution", t, line_of(t, '"14-40"'), "lines '14-40' are outside the solution's 14 lines", KATA))
    t = kata("packages: [numpy]", "packages: [pandas]")
    cases.append(one("kata package not available", t, line_of(t, "packages:"), "'pandas' is not allowed", KATA))
    return cases


CASES = _cases()


def test_the_suite_is_broad():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_and_blocks_the_build(case: Case, tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    for rel, text in case.files.items():
        path = root / rel
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    result = loopguide(root, "validate")
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    for rel, line, message in case.expect:
        prefix = f"{rel}:{line}:" if line else f"{rel}:"
        hits = [ln for ln in lines if ln.startswith(prefix) and message in ln]
        assert hits, f"expected '{prefix} … {message}' in:\n{result.stdout}"
    assert len(lines) >= len(case.expect)
    assert "Traceback" not in result.stdout + result.stderr

    site = root / "site"
    build = mkdocs(root, "build", "--strict", "--site-dir", str(site))
    assert build.returncode != 0
    assert case.expect[0][2] in build.stderr + build.stdout
    assert not (site / "index.html").exists(), "a build of invalid content must not write pages"


def test_html_inside_code_is_allowed(tmp_path: pathlib.Path):
    t = edit("  target, not for maximum throughput.\n",
             "  target, not for maximum throughput. Escape `<script>` and `onclick=` in templates:\n\n"
             "  ```html\n  <iframe src=\"javascript:alert(1)\"></iframe>\n  ```\n")
    root = make_project(tmp_path, {"llm-rag/prefill-vs-decode.yaml": t})
    result = loopguide(root, "validate")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("ok: ")


def test_the_fast_schema_check_agrees_with_jsonschema_on_every_file_here():
    """jsonschema-rs answers yes or no on every file; jsonschema words the problems only after a no.
    A yes where jsonschema finds a problem would hide it, so on the whole corpus (every bad input
    above and every real file) the two verdicts must be the same."""
    checkers = schemas.checkers((ROOT / "schemas").resolve())
    corpus = [(rel, text) for case in CASES for rel, text in case.files.items() if text is not None]
    corpus += [(p.relative_to(ROOT).as_posix(), p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data").rglob("*.yaml"))]
    verdicts = {True: 0, False: 0}
    disagree = []
    for rel, text in corpus:
        kind = _kind_of(rel.removeprefix("data/"))
        loaded, _ = load_text(text, rel, positions=False)
        if kind not in checkers or loaded.data is None:
            continue
        checker = checkers[kind]
        accepted = checker.quick(loaded.data)
        if accepted != (next(checker.validator.iter_errors(loaded.data), None) is None):
            disagree.append(rel)
        verdicts[accepted] += 1
    assert not disagree, disagree
    assert verdicts[False] >= 15 and verdicts[True] >= 300, verdicts  # both answers were exercised
