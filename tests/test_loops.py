"""Loop archetypes: schema and cross-checks with file:line problems, their pages, and the plan weighting
(Python and the browser engine agree on many inputs)."""
from __future__ import annotations

import itertools
import json
import random
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT, loopguide, make_project
from loopguide.diagnostic import hours_by_round, loop_phase_factors, plan, round_phase_shares, route, with_loop
from loopguide.model import Guide
from loopguide.render import pages
from loopguide.validate import load_guide

GUIDE = load_guide(ROOT)
DIAG = GUIDE.diagnostic
ROUND_PHASES = round_phase_shares(GUIDE.rounds, GUIDE.categories)
ARCHETYPES = {"frontier-lab", "big-tech-ai-team", "ai-startup", "forward-deployed-engineer", "enterprise-ai-platform"}

GOOD_LOOP = """\
id: tiny-loop
name: Tiny loop
summary: A loop for tests.
basis: Made up for a test.
rounds:
  - round: coding
    weight: 0.6
    focus: Algorithms.
  - round: behavioral
    weight: 0.4
    focus: Stories.
different: [One thing., Another thing.]
questions: [prefill-vs-decode, prefill-vs-decode-b, prefill-vs-decode-c]
katas: [softmax]
"""


def weights(lp: dict) -> dict[str, float]:
    return {e["round"]: e["weight"] for e in lp["rounds"]}


def test_the_five_archetypes_exist_with_shares_that_add_up():
    assert {lp["id"] for lp in GUIDE.loops} == ARCHETYPES
    for lp in GUIDE.loops:
        assert abs(sum(weights(lp).values()) - 1) < 1e-9, lp["id"]
        assert len(lp["questions"]) >= 8 and lp["katas"] and len(lp["different"]) >= 3


def loop_project(tmp_path, loop_text: str):
    root = make_project(tmp_path)
    exemplar = (ROOT / "data" / "questions" / "llm-rag" / "prefill-vs-decode.yaml").read_text(encoding="utf-8")
    for suffix in ("b", "c"):  # two more questions, so a loop can list three
        text = exemplar.replace("id: prefill-vs-decode\n", f"id: prefill-vs-decode-{suffix}\n", 1)
        text = re.sub(r"^title: .*$", f"title: A test question ({suffix})", text, count=1, flags=re.M)
        (root / "data" / "questions" / "llm-rag" / f"prefill-vs-decode-{suffix}.yaml").write_text(text, encoding="utf-8")
    (root / "data" / "katas").mkdir()
    kata = (ROOT / "data" / "katas" / "softmax.yaml").read_text(encoding="utf-8")
    (root / "data" / "katas" / "softmax.yaml").write_text(re.sub(r"^related: .*\n", "", kata, flags=re.M), encoding="utf-8")
    (root / "data" / "loops").mkdir()
    (root / "data" / "loops" / "tiny-loop.yaml").write_text(loop_text, encoding="utf-8")
    return root


def test_a_good_loop_file_validates(tmp_path):
    result = loopguide(loop_project(tmp_path, GOOD_LOOP), "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 loops" in result.stdout


def test_bad_references_and_weights_are_reported_at_their_line(tmp_path):
    bad = (GOOD_LOOP.replace("weight: 0.4", "weight: 0.3")
           .replace("  - round: behavioral\n", "  - round: coding\n")
           .replace("questions: [prefill-vs-decode, prefill-vs-decode-b, prefill-vs-decode-c]",
                    "questions: [prefill-vs-decode, no-such-question, softmax]"))
    result = loopguide(loop_project(tmp_path, bad), "validate")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    where = "data/loops/tiny-loop.yaml"
    assert f"{where}:6:3: rounds: the round weights add up to 0.9; make them add up to 1" in lines
    assert f"{where}:9:12: rounds[1].round: round 'coding' is listed twice; give it one weight" in lines
    assert f"{where}:13:32: questions[1]: question 'no-such-question' does not exist" in lines
    assert f"{where}:13:50: questions[2]: question 'softmax' does not exist (it is a kata)" in lines


def test_schema_problems_are_reported_at_their_line_all_at_once(tmp_path):
    bad = GOOD_LOOP.replace("basis: Made up for a test.\n", "").replace("weight: 0.6", "weight: 1.5") \
        .replace("round: coding", "round: lunch")
    result = loopguide(loop_project(tmp_path, bad), "validate")
    assert result.returncode == 1
    out = result.stdout
    assert "data/loops/tiny-loop.yaml:1:1: $: missing required field 'basis'" in out
    assert "data/loops/tiny-loop.yaml:5:12: rounds[0].round: 'lunch' is not allowed" in out
    assert "data/loops/tiny-loop.yaml:6:13: rounds[0].weight: 1.5 is above the maximum of 1" in out


def test_an_archetype_page_lists_its_weighted_rounds_and_links_what_to_practise():
    out = pages(GUIDE)
    page = out["loops/frontier-lab.md"]
    assert 'title: "Loop archetype: Frontier lab"' in page
    shares = [line for line in page.splitlines() if line.startswith("| [") and "loop.md#" in line]
    assert [s.split("](")[1].split(")")[0] for s in shares][:2] == ["../loop.md#coding", "../loop.md#ai-ml-deep-dive"]
    assert "| 35% |" in shares[0]
    assert "(../katas/scaled-dot-product-attention.md)" in page and "(../questions/llm-rag/kv-cache-memory-arithmetic.md)" in page
    assert all(f"]({lp['id']}.md)" in out["loops/index.md"] for lp in GUIDE.loops)


def test_archetype_names_and_companies_are_printed_as_text():
    lp = yaml.safe_load((ROOT / "data" / "loops" / "frontier-lab.yaml").read_text(encoding="utf-8"))
    lp["name"] = "<img src=x onerror=alert(1)> lab"
    lp["examples"][0]["company"] = "<script>alert(1)</script>"
    guide = Guide(root=GUIDE.root, rounds=GUIDE.rounds, categories=GUIDE.categories, phases=GUIDE.phases,
                  questions=GUIDE.questions, katas=GUIDE.katas, cases=GUIDE.cases, loops=[lp], topics=GUIDE.topics,
                  calculators=GUIDE.calculators)
    out = pages(guide)
    for page in (out["loops/frontier-lab.md"], out["loops/index.md"]):
        assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=alert\\(1\\)&gt; lab" in out["loops/frontier-lab.md"]


def test_an_archetype_moves_plan_hours_toward_its_heavy_rounds():
    routed = route(DIAG, {item["id"]: "partly" for item in DIAG["items"]})
    even = plan(DIAG, routed, 4, 10, "mid")
    by_loop = {lp["id"]: plan(with_loop(DIAG, loop_phase_factors(ROUND_PHASES, weights(lp))), routed, 4, 10, "mid")
               for lp in GUIDE.loops}
    hours = lambda p, phase: next(x["hours"] for x in p["phases"] if x["phase"] == phase)  # noqa: E731
    assert hours(by_loop["frontier-lab"], "phase-3") > hours(even, "phase-3")
    assert hours(by_loop["forward-deployed-engineer"], "phase-3") < hours(even, "phase-3")
    coding = lambda p, w: next((x["hours"] for x in hours_by_round(p["phases"], ROUND_PHASES, w) if x["round"] == "coding"), 0)  # noqa: E731
    frontier = next(lp for lp in GUIDE.loops if lp["id"] == "frontier-lab")
    assert coding(by_loop["frontier-lab"], weights(frontier)) > coding(even, {})
    split = hours_by_round(even["phases"], ROUND_PHASES, {})
    assert abs(sum(x["hours"] for x in split) - 40) <= 0.5 * len(split)


def test_factors_stay_in_range_and_a_missing_phase_keeps_its_time():
    factors = loop_phase_factors(ROUND_PHASES, {"coding": 1.0})
    assert factors["phase-3"] == 2.0 and factors["phase-1"] == factors["phase-2"] == factors["phase-4"] == 0.5
    split = hours_by_round([{"phase": "phase-1", "hours": 6}], ROUND_PHASES, {"coding": 1.0})
    assert split == [{"round": "ai-ml-deep-dive", "hours": 6.0}]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required for the parity check")
def test_browser_engine_weights_plans_exactly_like_python():
    rng = random.Random(16)
    items = [item["id"] for item in DIAG["items"]]
    combos = list(itertools.product(("yes", "partly", "no"), repeat=len(items)))
    loops = [{}] + [weights(lp) for lp in GUIDE.loops]
    loops += [{r: rng.choice((0.0, rng.random())) for r in ROUND_PHASES} for _ in range(20)]  # arbitrary weights too
    cases = []
    for i, combo in enumerate(combos[::3]):
        cases.append({"answers": dict(zip(items, combo)), "weeks": (1, 2, 3, 5, 6, 9, 12)[i % 7],
                      "hours": (4, 7.5, 10, 15)[i % 4], "level": ("junior", "mid", "senior", "staff")[i % 4],
                      "weights": loops[i % len(loops)]})
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "loop_parity.mjs")],
                            input=json.dumps({"diag": DIAG, "round_phases": ROUND_PHASES, "cases": cases}),
                            capture_output=True, text=True, timeout=120, check=True)
    browser = json.loads(result.stdout)
    assert len(browser) == len(cases) == 243
    for case, js in zip(cases, browser):
        factors = loop_phase_factors(ROUND_PHASES, case["weights"])
        diag = with_loop(DIAG, factors) if case["weights"] else DIAG
        expected = plan(diag, route(DIAG, case["answers"]), case["weeks"], case["hours"], case["level"])
        assert js == {"factors": factors, "plan": expected,
                      "rounds": hours_by_round(expected["phases"], ROUND_PHASES, case["weights"])}, case
