"""The mock interview's draw: Python and the browser's module give the same mock for the same seed
and choices; the draw honours level, focus, recently-easy reviews, and never repeats an item."""
from __future__ import annotations

import collections
import json
import random
import shutil
import subprocess

import pytest

from conftest import ROOT
from loopguide.mock import Mulberry32, draw, mock_data, plan_rounds
from loopguide.model import SENIORITY
from loopguide.validate import load_guide

GUIDE = load_guide(ROOT)
DATA = mock_data(GUIDE)
PRESETS = [p["id"] for p in DATA["presets"]]
ROUNDS = [r["round"] for r in DATA["rounds"]]
PHASES = [p["id"] for p in GUIDE.phases]
QUESTION_IDS = sorted(q["id"] for q in GUIDE.questions)
PARITY_SEEDS = 240


def parity_cases() -> list[dict]:
    """Seeds spread over the 32-bit range, each with its own mix of preset, rounds, level, focus and avoid list."""
    pick = random.Random(19)
    cases = []
    for n in range(PARITY_SEEDS):
        seed = (n * 2654435761 + 12345) % 2**32 if n % 3 else n
        choices: dict = {"level": SENIORITY[n % 4]}
        if n % 5 == 4:
            choices.update(preset="custom", rounds=pick.sample(ROUNDS, pick.randint(1, len(ROUNDS))))
        else:
            choices["preset"] = PRESETS[n % len(PRESETS)]
        if n % 2:
            choices["focus"] = PHASES[n % len(PHASES)]
        if n % 4 == 1:
            choices["avoid"] = pick.sample(QUESTION_IDS, 60)
        cases.append({"seed": seed, "choices": choices})
    return cases


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required for the parity check")
def test_the_browser_draws_the_same_mock_as_python_for_240_seeds(record_figure):
    cases = parity_cases()
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "mock_parity.mjs")],
                            input=json.dumps({"data": DATA, "cases": cases}), capture_output=True, text=True,
                            timeout=120, check=True)
    browser = json.loads(result.stdout)
    assert len(browser) == len(cases) == PARITY_SEEDS
    differing = [c for c, js in zip(cases, browser) if js != draw(DATA, c["seed"], c["choices"])]
    assert not differing, differing[:3]
    assert sum(len(js) for js in browser) > PARITY_SEEDS * 2  # real mocks were drawn, not empty lists
    record_figure(f"mock draw parity: {PARITY_SEEDS} seeds, browser == Python")


def test_mulberry32_matches_the_reference_stream():
    # the first outputs of the widely copied reference one-liner (Tommy Ettinger's gist) for seeds 0 and 42
    zero, forty_two = Mulberry32(0), Mulberry32(42)
    assert [zero.next_u32() for _ in range(3)] == [1144304738, 1416247, 958946056]
    assert forty_two.next_u32() == 2581720956


def test_a_mock_never_repeats_an_item_and_is_the_same_for_the_same_seed():
    for seed in range(300):
        choices = {"preset": "custom", "rounds": ROUNDS, "level": SENIORITY[seed % 4]}
        items = draw(DATA, seed, choices)
        ids = [i["id"] for i in items]
        assert len(ids) == len(set(ids))
        assert items == draw(DATA, seed, choices)
    assert draw(DATA, 1, {"preset": "full-loop", "level": "senior"}) != draw(DATA, 2, {"preset": "full-loop", "level": "senior"})


def test_the_full_loop_preset_has_each_round_with_its_items_matched_to_the_level():
    seniority = {q["id"]: q["seniority"] for q in (*GUIDE.questions, *GUIDE.cases, *GUIDE.katas)}
    planned = plan_rounds(DATA, {"preset": "full-loop"})
    for seed in range(50):
        items = draw(DATA, seed, {"preset": "full-loop", "level": "senior"})
        assert [i["round"] for i in items] == [r["round"] for r in planned for _ in range(r["items"])]
        assert all("senior" in seniority[i["id"]] for i in items)


def test_focus_weighs_the_weak_phase_and_recent_easy_reviews_weigh_an_item_down():
    phase_of = {c["id"]: c["phase"] for c in GUIDE.categories}
    category = {q["id"]: q["category"] for q in GUIDE.questions}
    choices = {"preset": "custom", "rounds": ["ai-ml-deep-dive"], "level": "mid"}
    plain, focused = collections.Counter(), collections.Counter()
    for seed in range(400):
        for i in draw(DATA, seed, choices):
            plain[phase_of[category[i["id"]]]] += 1
        for i in draw(DATA, seed, {**choices, "focus": "phase-1"}):
            focused[phase_of[category[i["id"]]]] += 1
    assert focused["phase-1"] > plain["phase-1"] * 1.3, (plain, focused)
    first = collections.Counter(draw(DATA, s, choices)[0]["id"] for s in range(2000))
    favourite = first.most_common(1)[0][0]
    avoided = collections.Counter(draw(DATA, s, {**choices, "avoid": [favourite]})[0]["id"] for s in range(2000))
    assert avoided[favourite] * 2.5 < first[favourite], (first[favourite], avoided[favourite])


def test_one_round_with_a_focus_rehearses_the_round_that_covers_the_weak_phase():
    assert [r["round"] for r in plan_rounds(DATA, {"preset": "one-round"})] == ["ai-ml-deep-dive"]
    assert [r["round"] for r in plan_rounds(DATA, {"preset": "one-round", "focus": "phase-4"})] == ["behavioral"]
    assert [r["round"] for r in plan_rounds(DATA, {"preset": "one-round", "focus": "phase-3"})] == ["coding"]
    drill = plan_rounds(DATA, {"preset": "drill"})[0]
    assert (drill["items"], drill["item_seconds"], drill["follow_ups"]) == (2, 240, 1)


def test_a_preset_is_data_a_contributor_adds_in_yaml(tmp_path):
    from conftest import loopguide as run_cli, make_project

    root = make_project(tmp_path / "p")
    mock_yaml = root / "data" / "mock.yaml"
    text = mock_yaml.read_text(encoding="utf-8")
    added = text.replace("\nstar:\n", "\n  - id: frontier-lab-loop\n    name: Frontier lab loop\n"
                         "    summary: Deep-dive and system design back to back, as frontier labs run them.\n"
                         "    rounds: [ai-ml-deep-dive, system-design]\n\nstar:\n")
    mock_yaml.write_text(added, encoding="utf-8")
    guide = load_guide(root)
    assert [r["round"] for r in plan_rounds(mock_data(guide), {"preset": "frontier-lab-loop"})] == ["ai-ml-deep-dive", "system-design"]
    from loopguide.render import pages
    page = pages(guide)["mock.md"]
    assert "Frontier lab loop" in page and "frontier-lab-loop" in page   # the static list and the widget's data

    lines = added.splitlines()
    for old, new, message in (("rounds: [ai-ml-deep-dive, system-design]", "rounds: [ai-ml-deep-dive, take-home]",
                               "'take-home' has no mock round"),
                              ("    item_seconds: 420", "    item_seconds: 5", "5 is below the minimum of 10")):
        mock_yaml.write_text(added.replace(old, new), encoding="utf-8")
        result = run_cli(root, "validate")
        line = next(i for i, text in enumerate(lines, 1) if old in text)
        assert result.returncode == 1 and f"data/mock.yaml:{line}:" in result.stdout and message in result.stdout, result.stdout


def test_the_cli_prints_the_mock_the_browser_draws():
    from conftest import loopguide as run_cli

    result = run_cli(ROOT, "mock", "--seed", "12345", "--level", "senior")
    assert result.returncode == 0, result.stderr
    ids = [line.split()[1] for line in result.stdout.splitlines()]
    assert ids == [i["id"] for i in draw(DATA, 12345, {"preset": "full-loop", "level": "senior", "focus": None})]
