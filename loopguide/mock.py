"""The mock interview's seeded draw, the same in Python as in the browser (docs/assets/js/mock-draw.js).

The pseudo-random generator is mulberry32, written out here and in JavaScript rather than taken
from a library: a mock must draw the same questions from the same seed in every browser and in
Python (a shared link, an interviewer's phone, the parity test), and no maintained package gives
one bit-identical stream in both languages (Python's `random` is a Mersenne Twister seeded its own
way; JavaScript's Math.random cannot be seeded). Weights are whole numbers, so the weighted pick
is exact integer arithmetic on both sides.
"""
from __future__ import annotations

from typing import Any

from .model import SENIORITY, Guide, Item

MASK32 = 0xFFFFFFFF
DIFFICULTIES = ("easy", "medium", "hard")
ROUND_OVERRIDES = ("items", "item_seconds", "follow_ups", "follow_up_seconds")
DESIGN_CATEGORY = "system-design"   # case studies count towards this category's phase
KATA_CATEGORY = "coding"            # and katas towards this one's


class Mulberry32:
    """mulberry32 (Tommy Ettinger, public domain): 32 bits of state, a full 2**32 period."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK32

    def next_u32(self) -> int:
        self.state = (self.state + 0x6D2B79F5) & MASK32
        t = self.state
        t = ((t ^ (t >> 15)) * (t | 1)) & MASK32
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK32)) & MASK32
        return (t ^ (t >> 14)) & MASK32

    def below(self, total: int) -> int:
        """A whole number in [0, total), from one draw: floor(u32 * total / 2**32)."""
        return (self.next_u32() * total) >> 32


def _level_mask(levels: list[str]) -> int:
    return sum(1 << SENIORITY.index(s) for s in levels)


def mock_data(guide: Guide) -> dict[str, Any]:
    """What the browser's draw needs: mock.yaml, each mock round's phases, and a compact pool of
    ids (no titles, no difficulty shown anywhere: the page only keeps them to weigh the draw)."""
    assert guide.mock is not None
    phase_of = {c["id"]: c["phase"] for c in guide.categories}
    loop = {r["id"]: r for r in guide.rounds}
    rounds = []
    for r in guide.mock["rounds"]:
        if r["kind"] == "design":
            phases = [phase_of[DESIGN_CATEGORY]]
        elif r["kind"] == "kata":
            phases = [phase_of[KATA_CATEGORY]]
        else:
            phases = sorted({phase_of[c] for c in loop[r["round"]].get("categories", [])})
        rounds.append({**r, "name": loop[r["round"]]["name"], "phases": phases,
                       "categories": loop[r["round"]].get("categories", [])})
    round_ids = [r["id"] for r in guide.rounds]
    categories = [c["id"] for c in guide.categories]
    return {
        **{k: v for k, v in guide.mock.items() if k != "rounds"},
        "rounds": rounds,
        "categories": [[c, phase_of[c]] for c in categories],
        "loop_rounds": round_ids,
        "pool": {
            "questions": [[q["id"], categories.index(q["category"]), DIFFICULTIES.index(q["difficulty"]),
                           _level_mask(q["seniority"]), sum(1 << round_ids.index(x) for x in q["rounds"])]
                          for q in sorted(guide.questions, key=lambda q: q["id"])],
            "cases": [[c["id"], _level_mask(c["seniority"])] for c in sorted(guide.cases, key=lambda c: c["id"])],
            "katas": [[k["id"], DIFFICULTIES.index(k["difficulty"]), _level_mask(k["seniority"]), k["time_budget_minutes"]]
                      for k in sorted(guide.katas, key=lambda k: k["id"])],
        },
    }


def plan_rounds(data: dict[str, Any], choices: dict[str, Any]) -> list[Item]:
    """The mock rounds to run, in order, with a preset's overrides applied."""
    by_round = {r["round"]: r for r in data["rounds"]}
    preset = next((p for p in data["presets"] if p["id"] == choices.get("preset")), None)
    wanted = list(preset["rounds"]) if preset else list(choices.get("rounds") or [])
    focus = choices.get("focus")
    if preset and preset.get("focus_round") and focus:
        covering = next((r["round"] for r in data["rounds"] if focus in r["phases"]), None)
        if covering:
            wanted = [covering]
    out = []
    for round_id in wanted:
        if round_id in by_round:
            merged = dict(by_round[round_id])
            for key in ROUND_OVERRIDES:
                if preset and key in preset and (key != "items" or merged["kind"] in ("questions", "behavioral")):
                    merged[key] = preset[key]
            out.append(merged)
    return out


def _candidates(data: dict[str, Any], r: Item) -> list[Item]:
    """Every item a round may draw, as {id, phase, difficulty, levels, minutes?}, sorted by id."""
    pool, phases = data["pool"], dict(data["categories"])
    categories = [c for c, _ in data["categories"]]
    if r["kind"] == "design":
        return [{"id": i, "phase": phases[DESIGN_CATEGORY], "difficulty": "medium", "levels": m} for i, m in pool["cases"]]
    if r["kind"] == "kata":
        return [{"id": i, "phase": phases[KATA_CATEGORY], "difficulty": DIFFICULTIES[d], "levels": m, "minutes": t}
                for i, d, m, t in pool["katas"]]
    # a question tagged with the round and filed under one of the round's categories
    bit = 1 << data["loop_rounds"].index(r["round"])
    own = set(r["categories"])
    return [{"id": i, "phase": phases[categories[c]], "difficulty": DIFFICULTIES[d], "levels": m, "category": categories[c]}
            for i, c, d, m, rounds in pool["questions"] if rounds & bit and (not own or categories[c] in own)]


def draw(data: dict[str, Any], seed: int, choices: dict[str, Any]) -> list[Item]:
    """The mock's items in order: {round, kind, id, …}. Never the same item twice in one mock."""
    rng = Mulberry32(seed)
    level = choices.get("level") if choices.get("level") in SENIORITY else "mid"
    level_bit = 1 << SENIORITY.index(level)
    weights_by_difficulty = data["draw"]["difficulty_weights"][level]
    focus, avoid = choices.get("focus"), set(choices.get("avoid") or [])
    used: set[str] = set()
    items: list[Item] = []
    for r in plan_rounds(data, choices):
        candidates = _candidates(data, r)
        for _ in range(r["items"]):
            free = [c for c in candidates if c["id"] not in used]
            matched = [c for c in free if c["levels"] & level_bit]
            choosing = matched or free
            if not choosing:
                break
            weights = [weights_by_difficulty[c["difficulty"]]
                       * (data["draw"]["focus_weight"] if focus and c["phase"] == focus else 1)
                       * (1 if c["id"] in avoid else data["draw"]["fresh_weight"]) for c in choosing]
            target = rng.below(sum(weights))
            for c, w in zip(choosing, weights):
                if target < w:
                    break
                target -= w
            used.add(c["id"])
            items.append({"round": r["round"], "kind": r["kind"], "id": c["id"],
                          **({"category": c["category"]} if "category" in c else {}),
                          **({"minutes": c["minutes"]} if "minutes" in c else {})})
    return items
