"""The browser's scheduler (ts-fsrs, bundled in docs/assets/vendor/fsrs.js) and the reference
implementation (PyPI `fsrs`) give the same card for the same review history, so parameters, learning
steps and the rating mapping cannot drift apart. Both libraries ship FSRS-6 with the same 21 default
weights (ts-fsrs 5.4 `default_w`, fsrs 6.3 `DEFAULT_PARAMETERS`); fuzz is off and the learning and
relearning steps are one 10-minute step on both sides. Reviews are replayed at noon UTC of their day,
as web/fsrs.js does.

One rule is ts-fsrs's (and Anki's) and not py-fsrs's: in the review state the Hard, Good and Easy
intervals are kept apart (Hard <= Good - 1 <= Easy - 2), which changes due dates while stability is
below about two days. The reference applies that rule to py-fsrs's own intervals; the memory state
(stability, difficulty) is compared as py-fsrs computes it."""
from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler, State

from conftest import ROOT

HISTORIES = 200
HORIZON = date(2031, 1, 1)
STEPS = (timedelta(minutes=10),)


def reference() -> Scheduler:
    return Scheduler(enable_fuzzing=False, learning_steps=STEPS, relearning_steps=STEPS)


def noon(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), timezone.utc) + timedelta(hours=12)


def generated_histories(count: int) -> list[list[dict]]:
    """Review histories a reader could produce: every rating; on the due day, early, late and the same day again."""
    scheduler = reference()
    rng = random.Random(20261206)
    histories = []
    for _ in range(count):
        day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 60))
        card, history = Card(), []
        for _ in range(rng.randint(1, 14)):
            rating = rng.choices([1, 2, 3, 4], weights=[2, 2, 5, 1])[0]
            history.append({"day": day.isoformat(), "rating": rating})
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=noon(day.isoformat()))
            interval = (card.due.date() - day).days  # 0 while learning: the same day again
            day += timedelta(days=max(0, round(interval * rng.choice([1, 1, 1, 0.5, 2])) + rng.choice([0, 0, -1, 1, 3])))
            if day > HORIZON:  # a reader's study years, not centuries of compounding intervals
                break
        histories.append(history)
    return histories


def kept_apart(scheduler: Scheduler, card: Card, at: datetime) -> dict[int, int]:
    """Hard, Good and Easy intervals in days for a card in the review state, ordered as ts-fsrs orders them."""
    days = {r: (scheduler.review_card(card, Rating(r), review_datetime=at)[0].due - at).days for r in (2, 3, 4)}
    days[2] = min(days[2], days[3])
    days[3] = max(days[3], days[2] + 1)
    days[4] = max(days[4], days[3] + 1)
    return days


def reference_card(history: list[dict]) -> Card:
    scheduler, card = reference(), Card()
    for review in history:
        at, rating = noon(review["day"]), review["rating"]
        ordered = kept_apart(scheduler, card, at) if card.state == State.Review and rating > 1 else None
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=at)
        if ordered:
            card.due = at + timedelta(days=ordered[rating])
    return card


@pytest.mark.skipif(shutil.which("node") is None, reason="node is part of `make setup`")
def test_ts_fsrs_and_py_fsrs_give_the_same_due_dates():
    histories = generated_histories(HISTORIES)
    assert len(histories) >= 20 and sum(len(h) for h in histories) > 150
    assert {r["rating"] for h in histories for r in h} == {1, 2, 3, 4}
    result = subprocess.run(["node", str(ROOT / "tests" / "js" / "fsrs_replay.mjs")], input=json.dumps(histories),
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    ours = json.loads(result.stdout)
    mismatches = []
    for i, (card, history) in enumerate(zip(ours, histories)):
        theirs = reference_card(history)
        if (datetime.fromisoformat(card["due"].replace("Z", "+00:00")) != theirs.due
                or not math.isclose(card["stability"], theirs.stability, rel_tol=1e-6)
                or not math.isclose(card["difficulty"], theirs.difficulty, rel_tol=1e-6)):
            mismatches.append((i, card["due"], theirs.due.isoformat()))
    assert not mismatches, f"{len(mismatches)} of {len(histories)} histories differ, e.g. {mismatches[:3]}"


def test_the_committed_scheduler_bundle_matches_its_source(tmp_path):
    out = tmp_path / "fsrs.js"
    build = subprocess.run(["npm", "run", "--silent", "build:fsrs", "--", f"--outfile={out}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 0, build.stderr
    assert out.read_bytes() == (ROOT / "docs/assets/vendor/fsrs.js").read_bytes(), "run `make fsrs` and commit the bundle"
