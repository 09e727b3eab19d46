"""Load every content file, check it, and build the Guide; report all problems at once."""
from __future__ import annotations

import contextlib
import fnmatch
import functools
import gc
import os
import pathlib
import re
from collections import Counter
from typing import Any, Iterator, Sequence

from . import kata_harness, markup, parallel, schemas
from .loader import LoadedFile, load_file
from .model import Guide
from .problems import ContentError, JsonPath, Problem, format_path

# (glob under data/, schema kind); a file matching none of these is reported
LAYOUT = (
    ("rounds.yaml", "rounds"),
    ("categories.yaml", "categories"),
    ("diagnostic.yaml", "diagnostic"),
    ("levels.yaml", "levels"),
    ("phases/*.yaml", "phase"),
    ("questions/*/*.yaml", "question"),
    ("cases/*.yaml", "case"),
    ("katas/*.yaml", "kata"),
)
PER_FILE_KINDS = {"phase", "question", "case", "kata"}
CODE_FIELDS = {"starter", "solution", "code", "setup", "helpers", "call", "expected"}  # program text, not prose
ANSWER_WORDS = (150, 400)


def _kind_of(rel: str) -> str | None:
    for pattern, kind in LAYOUT:
        if fnmatch.fnmatchcase(rel, pattern) and rel.count("/") == pattern.count("/"):
            return kind
    return None


def _strings(value: Any, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in CODE_FIELDS:
                yield from _strings(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,))


def _safety(loaded: LoadedFile) -> list[Problem]:
    source = loaded.source()
    if "\\" not in source and not markup.could_be_unsafe(source):
        return []  # without a backslash (a YAML escape) the values hold nothing the source lacks
    problems = []
    for path, text in _strings(loaded.data):
        for offset, matched, message in markup.unsafe_html(text):
            line, col = loaded.where(path)
            span = loaded.positions.spans.get(path)
            if span:
                # the nth occurrence of the same characters in the source names the exact line
                at = span[0] - 1
                for _ in range(text[:offset].count(matched) + 1):
                    at = source.find(matched, at + 1, span[1])
                    if at < 0:
                        break
                if at >= 0:
                    line, col = loaded.line_col_at(at)
            problems.append(Problem(loaded.rel, line, col, format_path(path), message))
    return problems


Task = tuple[pathlib.Path, str, str]  # (file, path relative to the project, kind)
Checked = tuple[str, LoadedFile | None, list[Problem], bool]  # (kind, loaded file, its problems, schema-clean?)


def _check_files(schema_dir: pathlib.Path, tasks: Sequence[Task], elsewhere: bool) -> list[Checked]:
    """Load and check each file on its own: YAML, schema, unsafe markup and, for katas, the code.

    Runs in a worker process for large guides (`elsewhere`): the files then travel back without
    their position tables, which are rebuilt from the text only if a later problem needs one.
    """
    checkers = schemas.checkers(schema_dir)
    results = []
    for path, rel, kind in tasks:
        loaded, problems = load_file(path, rel, positions=False)
        if loaded.data is None:
            results.append((kind, None, problems, False))
            continue
        schema_problems = schemas.check(checkers[kind], loaded)
        clean = not schema_problems and not problems
        problems += schema_problems + _safety(loaded)
        if clean and kind == "kata":
            problems += _kata_problems(loaded)
        results.append((kind, loaded.without_positions(path) if elsewhere else loaded, problems, clean))
    return results


class _Collector:
    """Accumulates loaded files per kind and every problem found on the way."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.data_dir = root / "data"
        self.schema_dir = (root / "schemas").resolve()
        self.problems: list[Problem] = []
        self.files: dict[str, list[LoadedFile]] = {kind: [] for _, kind in LAYOUT}
        self.clean: set[str] = set()  # files with no schema problem, safe to read fields from

    def rel(self, path: pathlib.Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add(self, rel: str, message: str, line: int = 1, col: int = 1, path: str = "$") -> None:
        self.problems.append(Problem(rel, line, col, path, message))

    def load_all(self) -> None:
        if not self.data_dir.is_dir():
            self.add("data", "no data/ folder here; run from the project root or pass --root")
            return
        checkers = schemas.checkers(self.schema_dir)
        tasks: list[Task] = []
        for path in sorted(p for p in self.data_dir.rglob("*") if p.is_file()):
            rel, data_rel = self.rel(path), path.relative_to(self.data_dir).as_posix()
            if path.name.startswith(".") or path.suffix == ".md":
                continue
            if path.suffix == ".yml":
                self.add(rel, "content files end in .yaml; rename this file")
                continue
            kind = _kind_of(data_rel)
            if kind is None:
                expected = ", ".join(f"data/{p}" for p, _ in LAYOUT)
                self.add(rel, f"not a content file the guide knows; expected one of: {expected}")
                continue
            if kind not in checkers:
                self.add(rel, f"no schema for '{kind}' content yet (schemas/{kind}.schema.json)")
                continue
            tasks.append((path, rel, kind))
        for kind, loaded, problems, clean in parallel.map_chunks(functools.partial(_check_files, self.schema_dir), tasks):
            self.problems += problems
            if loaded is None:
                continue
            if clean:
                self.clean.add(loaded.rel)
            self.files[kind].append(loaded)

    def items(self, kind: str) -> list[LoadedFile]:
        return [f for f in self.files[kind] if f.rel in self.clean]


def _cross_check(c: _Collector) -> None:
    """Ids, file names and references across the guide."""
    seen: dict[str, tuple[LoadedFile, JsonPath]] = {}

    def claim(item_id: str, where: LoadedFile, path: JsonPath) -> None:
        if item_id not in seen:
            seen[item_id] = (where, path)  # positions are looked up only for a clash: they can cost a parse
            return
        first, first_path = seen[item_id]
        first_at = f"{first.rel}:{first.where(first_path)[0]}"
        line, col = where.where(path)
        if first_at != f"{where.rel}:{line}":
            c.add(where.rel, f"id '{item_id}' is already used by {first_at}", line, col, format_path(path))

    for kind in sorted(PER_FILE_KINDS):
        for f in c.items(kind):
            stem = pathlib.PurePosixPath(f.rel).stem
            if f.data["id"] != stem:
                c.add(f.rel, f"id '{f.data['id']}' must match the file name '{stem}.yaml'", *f.where(("id",)), "id")
            claim(f.data["id"], f, ("id",))
            for i, item in enumerate(f.data.get("checklist", [])):
                claim(item["id"], f, ("checklist", i, "id"))

    rounds = {r["id"] for f in c.items("rounds") for r in f.data["rounds"]}
    categories = {x["id"] for f in c.items("categories") for x in f.data["categories"]}
    phases = {f.data["id"] for f in c.items("phase")}
    linkable = {f.data["id"] for kind in ("question", "case", "kata") for f in c.items(kind)}

    def refs(f: LoadedFile, field: str, known: set[str], what: str) -> None:
        values = f.data.get(field, [])
        for i, ref in enumerate(values if isinstance(values, list) else [values]):
            path = (field, i) if isinstance(values, list) else (field,)
            if known and ref not in known:
                c.add(f.rel, f"{what} '{ref}' does not exist", *f.where(path), format_path(path))

    for f in c.items("question"):
        folder = pathlib.PurePosixPath(f.rel).parent.name
        if f.data["category"] != folder:
            c.add(f.rel, f"category '{f.data['category']}' does not match the folder '{folder}'",
                  *f.where(("category",)), "category")
        words = markup.word_count(f.data["answer"])
        if not ANSWER_WORDS[0] <= words <= ANSWER_WORDS[1]:
            c.add(f.rel, f"the model answer has {words} words; write {ANSWER_WORDS[0]}–{ANSWER_WORDS[1]}",
                  *f.where(("answer",)), "answer")
        refs(f, "rounds", rounds, "round")
        refs(f, "category", categories, "category")
    for kind in ("question", "case", "kata"):
        for f in c.items(kind):
            refs(f, "related", linkable, "related item")
            if f.data.get("id") in f.data.get("related", []):
                c.add(f.rel, "an item cannot be related to itself", *f.where(("related",)), "related")
    for f in c.items("phase"):
        refs(f, "rounds", rounds, "round")
    for f in c.items("categories"):
        for i, cat in enumerate(f.data["categories"]):
            if phases and cat["phase"] not in phases:
                c.add(f.rel, f"phase '{cat['phase']}' does not exist", *f.where(("categories", i, "phase")),
                      format_path(("categories", i, "phase")))
    for f in c.items("rounds"):
        for i, r in enumerate(f.data["rounds"]):
            for j, cat in enumerate(r.get("categories", [])):
                if categories and cat not in categories:
                    path = ("rounds", i, "categories", j)
                    c.add(f.rel, f"category '{cat}' does not exist", *f.where(path), format_path(path))

    titles = Counter(f.data["title"].strip().lower() for k in ("question", "case", "kata") for f in c.items(k))
    for kind in ("question", "case", "kata"):
        for f in c.items(kind):
            if titles[f.data["title"].strip().lower()] > 1:
                c.add(f.rel, f"title '{f.data['title']}' is used by another page; titles must be unique",
                      *f.where(("title",)), "title")

    for name, kind in (("rounds.yaml", "rounds"), ("categories.yaml", "categories"), ("levels.yaml", "levels")):
        if not c.files[kind]:
            c.add(f"data/{name}", "required file is missing")
    for phase_id in ("phase-1", "phase-2", "phase-3", "phase-4"):
        if c.files["phase"] and not any(f.rel.endswith(f"/{phase_id}.yaml") for f in c.files["phase"]):
            c.add(f"data/phases/{phase_id}.yaml", "required phase file is missing")


def _kata_problems(f: LoadedFile) -> list[Problem]:
    """What a schema cannot say: the code parses, the entry point exists, tests and notes fit."""
    kata = f.data
    problems: list[Problem] = []

    def add(message: str, line: int, col: int, path: str) -> None:
        problems.append(Problem(f.rel, line, col, path, message))

    for field in ("setup", "helpers", "starter", "solution"):
        if field in kata:
            for line, col, message in kata_harness.syntax_problems(kata[field]):
                # a block scalar's text starts on the line after its key, indented by the block
                yaml_line = f.where((field,))[0] + line
                source_lines = f.source().splitlines()
                code_lines = kata[field].splitlines()
                indent = 0
                if yaml_line <= len(source_lines) and line <= len(code_lines):
                    yaml_text, code_text = source_lines[yaml_line - 1], code_lines[line - 1]
                    indent = len(yaml_text) - len(yaml_text.lstrip()) - (len(code_text) - len(code_text.lstrip()))
                add(f"Python syntax error on line {line} of the {field}: {message}",
                    yaml_line, col + max(indent, 0), field)
    for field in ("starter", "solution"):
        if not re.search(rf"^(def {re.escape(kata['entrypoint'])}\(|class {re.escape(kata['entrypoint'])}\b)", kata[field], re.M):
            add(f"the {field} must define `def {kata['entrypoint']}(` or `class {kata['entrypoint']}` (the entrypoint)",
                *f.where((field,)), field)
    for i, test in enumerate(kata["tests"]):
        for key in ("call", "expected"):
            if key in test and kata_harness.syntax_problems(f"({test[key]}\n)"):
                add(f"'{test[key]}' is not a Python expression", *f.where(("tests", i, key)),
                    format_path(("tests", i, key)))
    names = Counter(t["name"] for t in kata["tests"])
    for i, test in enumerate(kata["tests"]):
        if names[test["name"]] > 1:
            add(f"test name '{test['name']}' is used twice", *f.where(("tests", i, "name")),
                format_path(("tests", i, "name")))
    examples = sum(bool(t.get("example")) for t in kata["tests"])
    if not 1 <= examples < len(kata["tests"]):
        add("mark at least one test `example: true` and leave at least one unmarked",
            *f.where(("tests",)), "tests")
    last = len(kata["solution"].splitlines())
    for i, note in enumerate(kata["explanation"]):
        first, _, end = note["lines"].partition("-")
        if int(end or first) < int(first) or int(end or first) > last:
            add(f"lines '{note['lines']}' are outside the solution's {last} lines",
                *f.where(("explanation", i, "lines")), format_path(("explanation", i, "lines")))
    return problems


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading makes millions of small objects that all live on; collecting them as they come costs ~15%."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(root: pathlib.Path) -> tuple[Guide | None, list[Problem]]:
    """The Guide and no problems, or None and every problem, sorted by file and line."""
    with _gc_paused():
        return _validate(root.resolve())


def _validate(root: pathlib.Path) -> tuple[Guide | None, list[Problem]]:
    c = _Collector(root)
    c.load_all()
    _cross_check(c)
    if c.problems:
        return None, sorted(set(c.problems))
    guide = Guide(
        root=root,
        rounds=[r for f in c.items("rounds") for r in f.data["rounds"]],
        categories=[x for f in c.items("categories") for x in f.data["categories"]],
        levels=[x for f in c.items("levels") for x in f.data["levels"]],
        phases=[f.data for f in c.items("phase")],
        questions=[f.data for f in c.items("question")],
        cases=[f.data for f in c.items("case")],
        katas=[f.data for f in c.items("kata")],
        diagnostic=next((f.data for f in c.items("diagnostic")), None),
        topics=list(schemas.schema_of(c.schema_dir, "defs")["$defs"]["topic"]["enum"]),
        sources={f.data["id"]: f.rel for k in PER_FILE_KINDS for f in c.items(k)},
    )
    return guide, []


def load_guide(root: pathlib.Path) -> Guide:
    guide, problems = validate(root)
    if guide is None:
        raise ContentError(problems)
    return guide


_cache: dict[pathlib.Path, tuple[tuple, Guide]] = {}


def _tree_signature(root: pathlib.Path) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime, size) of every file under data/ and schemas/: one stat call per file."""
    found = []
    for folder in ("data", "schemas"):
        for top, _, names in os.walk(root / folder):
            for name in names:
                path = os.path.join(top, name)
                with contextlib.suppress(OSError):  # removed while we look: the next call sees it
                    st = os.stat(path)
                    found.append((path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(found))


def cached_guide(root: pathlib.Path) -> Guide:
    """load_guide, reused until any file under data/ or schemas/ changes (for serve and macros)."""
    root = root.resolve()
    signature = _tree_signature(root)
    hit = _cache.get(root)
    if hit and hit[0] == signature:
        return hit[1]
    guide = load_guide(root)
    _cache[root] = (signature, guide)
    return guide
