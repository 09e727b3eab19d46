"""A kata is sound when its solution passes every test and its starter fails at least one."""
from __future__ import annotations

from typing import Any

from . import kata_harness


def problems(kata: dict[str, Any]) -> list[str]:
    """Plain sentences naming what is wrong with a kata's tests; empty when it is sound."""
    found = []
    for result in kata_harness.run_tests(kata, kata["solution"]):
        if not result["passed"]:
            detail = f": {result['detail']}" if result.get("detail") else ""
            found.append(f"{kata['id']}: the solution fails '{result['name']}' "
                         f"(got {result['got']}, expected {result['expected']}){detail}")
    if all(r["passed"] for r in kata_harness.run_tests(kata, kata["starter"])):
        found.append(f"{kata['id']}: the starter passes every test; at least one must fail")
    return found
