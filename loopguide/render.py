"""Turn the Guide into Markdown pages: `{docs-relative path: markdown}`.

Content strings are passed to templates as values, so a `{{ … }}` inside them is text; every
prose value goes through `markup.inert` so raw HTML in content cannot become markup.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import posixpath
import re
from typing import Any

import jinja2

from . import calc_view, diagnostic, markup, mock, sanitize
from .freshness import review_month
from .model import Guide, Item
from .practice import DOWNLOADS, marks_data, practice_data, study_data
from .plan_pool import checklist_training, plan_pool, wire_pool


def question_path(q: Item) -> str:
    return f"questions/{q['category']}/{q['id']}.md"


def case_path(c: Item) -> str:
    return f"cases/{c['id']}.md"


def phase_path(p: Item) -> str:
    return f"phases/{p['id']}.md"


def kata_path(k: Item) -> str:
    return f"katas/{k['id']}.md"


def loop_path(lp: Item) -> str:
    return f"loops/{lp['id']}.md"


def site_url(md_path: str) -> str:
    """The page's URL relative to the site root (directory URLs): `phases/phase-1.md` -> `phases/phase-1/`."""
    stem = md_path.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


# Words a topic's slug cannot spell: acronyms and the like. Other slugs read as words.
_TOPIC_WORDS = {"kv": "KV", "llm": "LLM", "rag": "RAG", "gpu": "GPU", "sql": "SQL", "ml": "ML"}


def topic_name(slug: str) -> str:
    """A topic's name for people: `kv-cache` -> `KV cache`, `llm-as-judge` -> `LLM as judge`."""
    words = [_TOPIC_WORDS.get(w, w) for w in slug.split("-")]
    first = words[0] if words[0].isupper() else words[0].capitalize()
    return " ".join([first, *words[1:]])


def embedded_json(value: Any) -> str:
    """Compact JSON for a widget's data-lg-data attribute (the template escapes it).

    Not a <script type="application/json">: Material's instant navigation re-creates every
    script in the new page without its type, so the browser would run the JSON as code."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def length_text(length: dict[str, Any]) -> str:
    unit = "min" if length["unit"] == "minutes" else "days"
    span = str(length["min"]) if length["min"] == length["max"] else f"{length['min']}–{length['max']}"
    return f"{span} {unit}"


def duration_ms(ms: float) -> str:
    """A latency for people: 850 -> '850 ms', 2400 -> '2.4 s', 22000 -> '22 s', 140000 -> '2 min 20 s'."""
    if ms < 1000:
        return f"{ms:g} ms"
    if ms < 60_000:
        seconds = ms / 1000
        return f"{seconds:.1f} s".replace(".0 s", " s") if seconds < 10 else f"{round(seconds)} s"
    minutes, seconds = divmod(round(ms / 1000), 60)
    return f"{minutes} min" + (f" {seconds} s" if seconds else "")


def description(text: str, limit: int = 155) -> str:
    """A meta description: the first sentence or so of plain text."""
    plain = re.sub(r"[`*_#>\[\]]", "", re.sub(r"\]\([^)]*\)", "]", text))
    plain = " ".join(plain.split())
    return plain if len(plain) <= limit else plain[: limit - 1].rsplit(" ", 1)[0] + "…"


def fence(code: str, lang: str, attrs: str = "") -> str:
    """A fenced code block that no backtick run inside the code can close early."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}{' ' + attrs if attrs else ''}\n{code.rstrip()}\n{ticks}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def inline_text(value: Any) -> str:
    """A non-prose value (a name, a label) printed where Markdown is read: shown exactly as written."""
    flat = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=True))


def table_cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _indent(text: str, width: int = 4) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.strip("\n").split("\n"))


class _TemplateLoader(jinja2.PackageLoader):
    """Marks the templates' own `data-` attributes so the sanitiser can tell them from content's."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        return sanitize.template_source(source), filename, uptodate


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_TemplateLoader("loopguide", "templates"),
        autoescape=False,  # the output is Markdown; prose is made inert by the `prose` filter
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        prose=lambda s: markup.inert(s.strip("\n")),
        indent4=_indent,
        attr=lambda s: html.escape(str(s), quote=True),
        text=inline_text,
        # front matter values that Material prints as HTML (<title>, header, nav, meta description)
        title=lambda s: json.dumps(html.escape(" ".join(re.sub(r"[`*_]", "", s).split()), quote=True), ensure_ascii=False),
        meta=lambda s: json.dumps(html.escape(description(s), quote=True), ensure_ascii=False),
        json=lambda s: json.dumps(s, ensure_ascii=False),
        duration=length_text,
        description=description,
        plain=lambda s: " ".join(re.sub(r"[`*_]", "", s).split()),
        fence=fence,
        cell=table_cell,
        embed=embedded_json,
        relto=lambda target, here: posixpath.relpath(target, posixpath.dirname(here)),
        review_month=review_month,
        topic_name=topic_name,
        duration_ms=duration_ms,
        urlto=lambda target, here: posixpath.relpath(site_url(target).rstrip("/") or ".", site_url(here).rstrip("/") or ".") + "/",
    )
    env.tests["contains"] = lambda seq, item: item in seq
    env.globals.update(question_path=question_path, case_path=case_path, phase_path=phase_path,
                       kata_path=kata_path, loop_path=loop_path)
    return env


def _render(template: str, here: str, **context: Any) -> str:
    return _env().get_template(template).render(here=here, **context)


def _reverse_related(guide: Guide) -> dict[str, list[str]]:
    """id -> the ids of the questions, cases and katas that list it as related."""
    back: dict[str, list[str]] = {}
    for it in (*guide.questions, *guide.cases, *guide.katas):
        for ref in it.get("related", []):
            back.setdefault(ref, []).append(it["id"])
    return back


def _related(guide: Guide, item: Item, linked_from: dict[str, list[str]]) -> list[tuple[str, Item]]:
    """What the item names as related, then what names it (so a kata and its question link both ways)."""
    ids = list(dict.fromkeys([*item.get("related", []), *linked_from.get(item["id"], [])]))
    return [found for found in (guide.item(i) for i in ids) if found is not None]


def item_urls(guide: Guide) -> dict[str, str]:
    """Every question, case study and kata id -> its URL relative to the site root."""
    return {**{q["id"]: site_url(question_path(q)) for q in guide.questions},
            **{c["id"]: site_url(case_path(c)) for c in guide.cases},
            **{k["id"]: site_url(kata_path(k)) for k in guide.katas}}


PLAN_POOL = "assets/plan-pool.json"


def _diagnostic_data(guide: Guide) -> dict[str, Any]:
    """What the quiz needs in the browser: the rules, phase names and links, and the plan's material."""
    d = guide.diagnostic or {}
    return {
        "diag": {k: d[k] for k in ("answers", "items", "routing", "plan")},
        "phases": {p["id"]: {"name": p["name"], "url": site_url(phase_path(p))} for p in guide.phases},
        # loop archetypes: the plan can weight its phases and split its hours by the rounds of one
        "round_phases": diagnostic.round_phase_shares(guide.rounds, guide.categories),
        "round_names": {r["id"]: r["name"] for r in guide.rounds},
        "loops": [{"id": lp["id"], "name": lp["name"], "url": site_url(loop_path(lp)),
                   "weights": {e["round"]: e["weight"] for e in lp["rounds"]}} for lp in guide.loops],
        "pool_url": PLAN_POOL,  # fetched when a result is shown: the quiz alone does not need it
    }


def _progress_data(guide: Guide) -> dict[str, Any]:
    return {
        "diagnostic_url": site_url("diagnostic.md"),
        "mock_url": site_url("mock.md") if guide.mock else None,
        "phases": [{"id": p["id"], "name": p["name"], "url": site_url(phase_path(p)),
                    "items": [i["id"] for i in p["checklist"]]} for p in guide.phases],
        "kata_ids": [k["id"] for k in guide.katas],
        "study": study_data(guide),
        "practice_url": site_url("practice.md"),
    }


ANSWER_MINUTES = 2  # the timer's suggestion when none of the question's rounds gives its own


def question_practice(q: Item, rounds: dict[str, Item]) -> dict[str, Any]:
    """What the try-first, grading, flag and note widget needs beyond the page itself."""
    own = [rounds[r]["answer_minutes"] for r in q.get("rounds", []) if "answer_minutes" in rounds[r]]
    return {"id": q["id"], "seconds": 60 * (min(own) if own else ANSWER_MINUTES)}


def _minutes(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


MOCK_POOL = "mock/pool.json"  # fetched when a mock starts, so the page itself stays light


def site_files(guide: Guide) -> dict[str, str | bytes]:
    """Every generated file of the site that is not a page: the mock's pool and the downloads."""
    from . import deck  # genanki: imported only when a site is built

    return {**data_files(guide), DOWNLOADS["anki"]: deck.anki_bytes(guide), DOWNLOADS["csv"]: deck.csv_text(guide)}


def data_files(guide: Guide) -> dict[str, str]:
    """Generated non-page files of the site, keyed by their path under docs/: ids and numbers only."""
    return {MOCK_POOL: json.dumps(mock.mock_data(guide)["pool"], separators=(",", ":"))} if guide.mock else {}


def _mock_page_data(guide: Guide) -> dict[str, Any]:
    """The draw's data plus what the widget links to and shows: levels, the diagnostic, the worksheet."""
    worksheet = next((p["worksheet"] for p in guide.phases if p.get("worksheet")), None)
    return {
        **{k: v for k, v in mock.mock_data(guide).items() if k != "pool"},
        "pool_url": MOCK_POOL,
        "levels": [[lv["id"], lv["name"]] for lv in guide.levels],
        "phase_names": {p["id"]: p["name"] for p in guide.phases},
        "diagnostic_url": site_url("diagnostic.md") if guide.diagnostic else None,
        "progress_url": site_url("progress.md"),
        "worksheet": {"url": site_url(phase_path(next(p for p in guide.phases if p.get("worksheet")))),
                      "fields": [[f["id"], f["label"]] for f in worksheet["fields"]]} if worksheet else None,
    }


def _mock_rounds_info(guide: Guide) -> list[dict[str, Any]]:
    names = {r["id"]: r["name"] for r in guide.rounds}
    out = []
    for r in guide.mock["rounds"]:
        if r["kind"] == "design":
            clock = " + ".join(f"{s['name']} {_minutes(s['seconds'])}" for s in r["stages"])
        elif r["kind"] == "kata":
            clock = "the kata's time budget"
        else:
            asks = f"{r['follow_ups']} follow-up{'' if r['follow_ups'] == 1 else 's'}"
            clock = f"{_minutes(r['item_seconds'])} per answer, {asks} at {_minutes(r['follow_up_seconds'])} each"
        out.append({"name": names[r["round"]], "count": r["items"], "clock": clock})
    return out


DEFAULT_TIME_LIMIT = 10
KATA_TEST_FIELDS = ("name", "call", "expected", "raises", "tolerance", "example")


def kata_spec(k: Item) -> dict[str, Any]:
    """What the kata widget and the worker need: code, tests and limits (prose stays in the page)."""
    return {
        "id": k["id"], "entrypoint": k["entrypoint"], "packages": k["packages"],
        "time_limit": k.get("time_limit_seconds", DEFAULT_TIME_LIMIT),
        "setup": k.get("setup", ""), "helpers": k.get("helpers", ""), "starter": k["starter"],
        # tells the reader when the starter changed under code they saved
        "starter_hash": hashlib.sha256(k["starter"].encode()).hexdigest()[:12],
        "tests": [{f: t[f] for f in KATA_TEST_FIELDS if f in t} for t in k["tests"]],
    }


def _calculator(guide: Guide, ref: Any) -> dict[str, Any] | None:
    return None if ref is None else calc_view.view(guide, ref)


def pages(guide: Guide) -> dict[str, str]:
    """Every generated page of the site (and the plan's JSON), keyed by its path under docs/."""
    rounds = {r["id"]: r for r in guide.rounds}
    common = {"guide": guide, "rounds": rounds}
    out: dict[str, str] = {}
    out["questions/index.md"] = _render("questions_index.md.j2", "questions/index.md", **common)
    for category in guide.categories:
        here = f"questions/{category['id']}/index.md"
        out[here] = _render("category.md.j2", here, category=category,
                            questions=guide.questions_in(category["id"]),
                            marks=embedded_json(marks_data(guide.questions_in(category["id"]))),
                            round_names=json.dumps({r["id"]: r["name"] for r in guide.rounds}),
                            topic_names=json.dumps({t: topic_name(t) for t in guide.topics}), **common)
    linked_from = _reverse_related(guide)
    for category in guide.categories:
        siblings = guide.questions_in(category["id"])
        for i, q in enumerate(siblings):
            place = {"category": category, "index": i + 1, "count": len(siblings),
                     "prev": siblings[i - 1] if i > 0 else None,
                     "next": siblings[i + 1] if i + 1 < len(siblings) else None, "siblings": siblings}
            out[question_path(q)] = _render("question.md.j2", question_path(q), q=q, place=place,
                                            calculator=_calculator(guide, q.get("calculator")),
                                            related=_related(guide, q, linked_from),
                                            practice=embedded_json(question_practice(q, rounds)), **common)
    out["phases/index.md"] = _render("phases_index.md.j2", "phases/index.md", **common)
    for p in guide.phases:
        out[phase_path(p)] = _render("phase.md.j2", phase_path(p), p=p, training=checklist_training(guide, p),
                                     categories=guide.categories_of_phase(p["id"]), **common)
    if guide.diagnostic:
        out["diagnostic.md"] = _render("diagnostic.md.j2", "diagnostic.md", d=guide.diagnostic,
                                       data=embedded_json(_diagnostic_data(guide)), **common)
        out[PLAN_POOL] = embedded_json(wire_pool(plan_pool(guide, item_urls(guide))))
    if guide.levels:
        out["seniority.md"] = _render("seniority.md.j2", "seniority.md", **common)
    out["practice.md"] = _render("practice.md.j2", "practice.md", data=embedded_json(practice_data(guide)),
                                 downloads={k: v.removesuffix("/") for k, v in DOWNLOADS.items()}, **common)
    if guide.mock:
        out["mock.md"] = _render("mock.md.j2", "mock.md", mock=guide.mock, rounds_info=_mock_rounds_info(guide),
                                 data=embedded_json(_mock_page_data(guide)), **common)
    out["progress.md"] = _render("progress.md.j2", "progress.md", data=embedded_json(_progress_data(guide)), **common)
    out["offline.md"] = _render("offline.md.j2", "offline.md", **common)  # the offline worker's fallback
    out["cases/index.md"] = _render("cases_index.md.j2", "cases/index.md", **common)
    for c in guide.cases:
        out[case_path(c)] = _render("case.md.j2", case_path(c), c=c, calculator=_calculator(guide, c["cost"].get("calculator")),
                                    related=_related(guide, c, linked_from), **common)
    topics = guide.topic_counts()
    out["tags/index.md"] = _render("topics_index.md.j2", "tags/index.md", topics=topics, **common)
    for topic, count in topics:
        here = f"tags/{topic}/index.md"
        tagged = {kind: [it for it in items if topic in it.get("topics", [])] for kind, items in
                  (("question", guide.questions), ("case", guide.cases), ("kata", guide.katas))}
        out[here] = _render("topic.md.j2", here, topic=topic, count=count, tagged=tagged,
                            marks=embedded_json(marks_data(tagged["question"])), **common)
    if guide.calculators:
        views = [calc_view.view(guide, spec["id"]) | {"users": calc_view.users_of(guide, spec["id"])}
                 for spec in guide.calculators]
        out["calculators/index.md"] = _render("calculators.md.j2", "calculators/index.md", views=views, **common)
    out["loops/index.md"] = _render("loops_index.md.j2", "loops/index.md", **common)
    for lp in guide.loops:
        out[loop_path(lp)] = _render("loop.md.j2", loop_path(lp), lp=lp,
                                     items={f: [guide.item(i) for i in lp.get(f, [])] for f in ("questions", "katas", "cases")},
                                     **common)
    out["katas/index.md"] = _render("katas_index.md.j2", "katas/index.md", **common)
    for k in guide.katas:
        out[kata_path(k)] = _render("kata.md.j2", kata_path(k), k=k, spec=embedded_json(kata_spec(k)),
                                    examples=[t for t in k["tests"] if t.get("example")],
                                    hidden=[t for t in k["tests"] if not t.get("example")],
                                    related=_related(guide, k, linked_from), **common)
    return out
