"""Turn the Guide into Markdown pages: `{docs-relative path: markdown}`.

Content strings are passed to templates as values, so a `{{ … }}` inside them is text; every
prose value goes through `markup.inert` so raw HTML in content cannot become markup.
"""
from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from typing import Any

import jinja2

from . import markup
from .model import Guide, Item



def question_path(q: Item) -> str:
    return f"questions/{q['category']}/{q['id']}.md"


def case_path(c: Item) -> str:
    return f"cases/{c['id']}.md"


def phase_path(p: Item) -> str:
    return f"phases/{p['id']}.md"


def kata_path(k: Item) -> str:
    return f"katas/{k['id']}.md"


def length_text(length: dict[str, Any]) -> str:
    unit = "min" if length["unit"] == "minutes" else "days"
    span = str(length["min"]) if length["min"] == length["max"] else f"{length['min']}–{length['max']}"
    return f"{span} {unit}"


def description(text: str, limit: int = 155) -> str:
    """A meta description: the first sentence or so of plain text."""
    plain = re.sub(r"[`*_#>\[\]]", "", re.sub(r"\]\([^)]*\)", "]", text))
    plain = " ".join(plain.split())
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"


def _indent(text: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.strip("\n").split("\n"))


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("loopguide", "templates"),
        autoescape=False,  # the output is Markdown; prose is made inert by the `prose` filter
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        prose=lambda s: markup.inert(s.strip("\n")),
        indent4=_indent,
        attr=lambda s: html.escape(str(s), quote=True),
        json=lambda s: json.dumps(s, ensure_ascii=False),
        duration=length_text,
        description=description,
        relto=lambda target, here: posixpath.relpath(target, posixpath.dirname(here)),
    )
    env.globals.update(question_path=question_path, case_path=case_path, phase_path=phase_path,
                       kata_path=kata_path)
    return env


def _render(template: str, here: str, **context: Any) -> str:
    return _env().get_template(template).render(here=here, **context)


def pages(guide: Guide) -> dict[str, str]:
    """Every generated page of the site, keyed by its path under docs/."""
    rounds = {r["id"]: r for r in guide.rounds}
    common = {"guide": guide, "rounds": rounds}
    out: dict[str, str] = {}
    out["questions/index.md"] = _render("questions_index.md.j2", "questions/index.md", **common)
    for category in guide.categories:
        here = f"questions/{category['id']}/index.md"
        out[here] = _render("category.md.j2", here, category=category,
                            questions=guide.questions_in(category["id"]), **common)
    for q in guide.questions:
        out[question_path(q)] = _render("question.md.j2", question_path(q), q=q,
                                        related=[guide.item(i) for i in q.get("related", [])], **common)
    out["phases/index.md"] = _render("phases_index.md.j2", "phases/index.md", **common)
    for p in guide.phases:
        out[phase_path(p)] = _render("phase.md.j2", phase_path(p), p=p,
                                     categories=guide.categories_of_phase(p["id"]), **common)
    out["cases/index.md"] = _render("cases_index.md.j2", "cases/index.md", **common)
    for c in guide.cases:
        out[case_path(c)] = _render("case.md.j2", case_path(c), c=c,
                                    related=[guide.item(i) for i in c.get("related", [])], **common)
    return out
