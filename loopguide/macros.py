"""Macros for hand-written pages in docs/ (opt in with `render_macros: true` in front matter)."""
from __future__ import annotations

import functools
import html
import json
import pathlib
from typing import Any

from .model import Guide
from .practice import today_data
from .render import length_text
from .validate import cached_guide


def define_env(env: Any) -> None:
    root = pathlib.Path(env.conf.config_file_path).resolve().parent

    # define_env runs once per build, serve's rebuilds included, so one look per build is enough
    @functools.cache
    def guide() -> Guide:
        return cached_guide(root)

    @env.macro
    def count(kind: str) -> int:
        """Number of items of a kind: questions, cases, katas, phases, rounds, categories."""
        return guide().counts()[kind]

    @env.macro
    def today_widget_data() -> str:
        """The Today card's data, escaped for a data-lg-data attribute."""
        return html.escape(json.dumps(today_data(guide()), separators=(",", ":")), quote=True)

    @env.macro
    def rounds_table() -> str:
        rows = ["| Round | Typical length | What it tests |", "|---|---|---|"]
        for r in guide().rounds:
            rows.append(f"| <span id=\"{r['id']}\"></span>**{r['name']}** | {length_text(r['length'])} | {r['tests']} |")
        return "\n".join(rows)

    @env.macro
    def levels_table() -> str:
        rows = ["| Level | Where the weight falls |", "|---|---|"]
        rows += [f"| [{lv['name']}](seniority.md#{lv['id']}) | {lv['emphasis']} |" for lv in guide().levels]
        return "\n".join(rows)

    @env.macro
    def round_notes() -> str:
        parts = []
        for r in guide().rounds:
            if r.get("prepare"):
                parts.append(f"**{r['name']}.** {r['prepare']}")
        return "\n\n".join(parts)

    @env.macro
    def checklist(phase_id: str) -> str:
        return "\n".join(f"- {item['text']}" for item in guide().phase(phase_id)["checklist"])
