"""Macros for hand-written pages in docs/ (opt in with `render_macros: true` in front matter)."""
from __future__ import annotations

import functools
import html
import json
import pathlib
from typing import Any

from .model import Guide
from . import sanitize
from .markup import inert
from .practice import today_data
from .render import inline_text, length_text, loop_path, table_cell
from .validate import cached_guide


def _cell(prose: str) -> str:
    """Prose that stays on one line of a table or list: raw HTML shown as text."""
    return table_cell(inert(prose))


def widget_attributes(name: str, data: Any) -> str:
    """`data-lg-widget` and `data-lg-data` for a widget on a hand-written page. Written with the
    build's secret prefix, as templates' are, so the sanitiser keeps them; content's are dropped."""
    prefix = sanitize.TEMPLATE_DATA_PREFIX
    payload = html.escape(json.dumps(data, separators=(",", ":")), quote=True)
    return f'{prefix}lg-widget="{html.escape(name, quote=True)}" {prefix}lg-data="{payload}"'


def define_env(env: Any) -> None:
    root = pathlib.Path(env.project_dir).resolve()  # MkDocs and Zensical both set it; conf differs

    # define_env runs once per build, serve's rebuilds included, so one look per build is enough
    @functools.cache
    def guide() -> Guide:
        return cached_guide(root)

    @env.macro
    def count(kind: str) -> int:
        """Number of items of a kind: questions, cases, katas, phases, rounds, categories."""
        return guide().counts()[kind]

    @env.macro
    def today_widget() -> str:
        """The Today card's widget attributes, marked as the site's own (see loopguide.sanitize)."""
        return widget_attributes("today", today_data(guide()))

    @env.macro
    def rounds_table() -> str:
        rows = ["| Round | Typical length | What it tests |", "|---|---|---|"]
        for r in guide().rounds:
            rows.append(f"| <span id=\"{r['id']}\"></span>**{inline_text(r['name'])}** | {length_text(r['length'])} "
                        f"| {_cell(r['tests'])} |")
        return "\n".join(rows)

    @env.macro
    def levels_table() -> str:
        rows = ["| Level | Where the weight falls |", "|---|---|"]
        rows += [f"| [{inline_text(lv['name'])}](seniority.md#{lv['id']}) | {_cell(lv['emphasis'])} |" for lv in guide().levels]
        return "\n".join(rows)

    @env.macro
    def round_notes() -> str:
        parts = []
        for r in guide().rounds:
            if r.get("prepare"):
                parts.append(f"**{inline_text(r['name'])}.** {inert(r['prepare'])}")
        return "\n\n".join(parts)

    @env.macro
    def checklist(phase_id: str) -> str:
        return "\n".join(f"- {_cell(item['text'])}" for item in guide().phase(phase_id)["checklist"])

    @env.macro
    def loop_archetypes() -> str:
        """A table of the loop archetypes with the rounds that weigh most in each, linked to their pages."""
        g = guide()
        if not g.loops:
            return "No loop archetypes yet."
        names = {r["id"]: r["name"] for r in g.rounds}
        rows = ["| Kind of employer | Rounds that weigh most |", "|---|---|"]
        for lp in g.loops:
            top = sorted(lp["rounds"], key=lambda e: -e["weight"])[:3]
            weighs = ", ".join(f"{inline_text(names[e['round']])} ({round(e['weight'] * 100)}%)" for e in top)
            rows.append(f"| [{inline_text(lp['name'])}]({loop_path(lp)}) | {weighs} |")
        return "\n".join(rows)
