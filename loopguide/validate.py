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
from urllib.parse import urlsplit

from . import calc_check, kata_harness, markup, parallel, schemas
from .loader import LoadedFile, load_file
from .model import Guide
from .problems import ContentError, JsonPath, Problem, format_path

# (glob under data/, schema kind); a file matching none of these is reported
LAYOUT = (
    ("rounds.yaml", "rounds"),
    ("categories.yaml", "categories"),
    ("diagnostic.yaml", "diagnostic"),
    ("levels.yaml", "levels"),
    ("mock.yaml", "mock"),
    ("phases/*.yaml", "phase"),
    ("questions/*/*.yaml", "question"),
    ("cases/*.yaml", "case"),
    ("katas/*.yaml", "kata"),
    ("calculators/*.yaml", "calculator"),
    ("loops/*.yaml", "loop"),
)
PER_FILE_KINDS = {"phase", "question", "case", "kata", "calculator", "loop"}
CODE_FIELDS = {"starter", "solution", "code", "setup", "helpers", "call", "expected"}  # program text, not prose
ANSWER_WORDS = (150, 400)


def _kind_of(rel: str) -> str | None:
    for pattern, kind in LAYOUT:
        if fnmatch.fnmatchcase(rel, pattern) and rel.count("/") == pattern.count("/"):
            return kind
    return None


def _strings(value: Any, path: JsonPath = (), *, code: bool = False) -> Iterator[tuple[JsonPath, str]]:
    """Every text value with its path; program text (CODE_FIELDS) only when `code` is true."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if code or k not in CODE_FIELDS:
                yield from _strings(v, path + (k,), code=code)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, path + (i,), code=code)


# C0 and C1 controls other than tab and newline; bidirectional overrides and isolates (they can make
# code or a title read differently from what runs or what is stored)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff]")  # zero-width: fine in prose, not in a name
_NAME_FIELDS = {"id", "title", "name", "label"}
_SNIPPET_MARKER = re.compile(r"-+8<-+")  # pymdownx.snippets' include marker, in any of its lengths
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f()<>{}\[\]\"'`\\|^]")
MAX_URL = 2000
MAX_PER_FIELD = 20  # problems of one kind listed per field; a flood of them is one mistake, and listing all is slow
RESERVED_IDS = frozenset({"index"})  # the list page every folder of generated pages has


def _locate(loaded: LoadedFile, path: JsonPath, text: str, offset: int, matched: str) -> tuple[int, int]:
    """The line and column of `matched` at `offset` of the value at `path`, as near as the source allows."""
    line, col = loaded.where(path)
    span = loaded.positions.spans.get(path)
    if span and matched:
        source = loaded.source()
        # the nth occurrence of the same characters in the source names the exact line
        at = span[0] - 1
        for _ in range(text[:offset].count(matched) + 1):
            at = source.find(matched, at + 1, span[1])
            if at < 0:
                break
        if at >= 0:
            line, col = loaded.line_col_at(at)
    return line, col


def _safety(loaded: LoadedFile) -> list[Problem]:
    problems: list[Problem] = []
    source = loaded.source()

    def add(path: JsonPath, text: str, offset: int, matched: str, message: str) -> None:
        problems.append(Problem(loaded.rel, *_locate(loaded, path, text, offset, matched), format_path(path), message))

    # without a backslash (a YAML escape) the values hold nothing the source lacks: cheap tests first
    if "\\" in source or markup.could_be_unsafe(source):
        for path, text in _strings(loaded.data):
            found = markup.unsafe_html(text)
            for offset, matched, message in found[:MAX_PER_FIELD]:
                add(path, text, offset, matched, message)
            if len(found) > MAX_PER_FIELD:
                add(path, text, 0, "", f"… and {len(found) - MAX_PER_FIELD} more unsafe constructs in this field")
    if "\\" in source or _CONTROL.search(source) or _INVISIBLE.search(source) or "8<-" in source:
        for path, text in _strings(loaded.data, code=True):
            checks = [(_CONTROL, "control or text-direction character U+{:04X} is not allowed"),
                      (_SNIPPET_MARKER, "snippet includes (--8<--) are not allowed in content: write the text itself")]
            if path and path[-1] in _NAME_FIELDS:
                checks.append((_INVISIBLE, f"invisible character U+{{:04X}} is not allowed in a {path[-1]}"))
            for pattern, message in checks:
                for m in list(pattern.finditer(text))[:MAX_PER_FIELD]:
                    add(path, text, m.start(), m.group(), message.format(ord(m.group()[0])))
    return problems + _reference_urls(loaded)


def _reference_urls(loaded: LoadedFile) -> list[Problem]:
    """References are printed as links: each URL must be one plain https:// address."""
    problems = []
    refs = loaded.data.get("references") if isinstance(loaded.data, dict) else None
    for i, ref in enumerate(refs if isinstance(refs, list) else []):
        url = ref.get("url") if isinstance(ref, dict) else None
        if not isinstance(url, str):
            continue
        reason = None
        if len(url) > MAX_URL:
            reason = f"it is {len(url)} characters long; the limit is {MAX_URL}"
        elif bad := _URL_FORBIDDEN.search(url):
            reason = f"it contains {bad.group()!r}; percent-encode it"
        else:
            try:
                parts = urlsplit(url)
                plain = parts.scheme == "https" and bool(parts.hostname) and "." in parts.hostname
            except ValueError:
                plain = False
            if not plain:
                reason = "it is not an https:// address with a host name"
        if reason:
            path = ("references", i, "url")
            problems.append(Problem(loaded.rel, *loaded.where(path), format_path(path), f"not a usable link: {reason}"))
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
        if clean and kind == "calculator":
            problems += calc_check.calculator_problems(loaded)
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
        for path in self.walk_data():
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

    def walk_data(self) -> list[pathlib.Path]:
        """Regular files under data/, sorted; a symbolic link is reported, never followed."""
        found = []
        for top, dirs, names in os.walk(self.data_dir, followlinks=False):
            for name in sorted(dirs + names):
                path = pathlib.Path(top) / name
                if path.is_symlink():
                    self.add(self.rel(path), "symbolic links are not allowed in data/; put the file itself here")
                elif name in names and path.is_file():
                    found.append(path)
        return sorted(found)

    def items(self, kind: str) -> list[LoadedFile]:
        return [f for f in self.files[kind] if f.rel in self.clean]


def _cross_check(c: _Collector) -> None:
    """Ids, file names and references across the guide."""
    seen: dict[str, tuple[LoadedFile, JsonPath]] = {}

    def claim(item_id: str, where: LoadedFile, path: JsonPath) -> None:
        if item_id in RESERVED_IDS:
            c.add(where.rel, f"the id '{item_id}' is reserved for a generated list page; choose another",
                  *where.where(path), format_path(path))
            return
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
    _check_loops(c, rounds)
    by_kind = {kind: {f.data["id"] for f in c.items(kind)} for kind in ("question", "case", "kata")}

    def trained_by(f: LoadedFile, at: tuple, trains: dict) -> None:
        for field, kind in (("questions", "question"), ("cases", "case"), ("katas", "kata")):
            for j, ref in enumerate(trains.get(field, [])):
                if by_kind[kind] and ref not in by_kind[kind]:  # a guide without that kind yet: nothing to check
                    path = (*at, "trains", field, j)
                    c.add(f.rel, f"{kind} '{ref}' does not exist", *f.where(path), format_path(path))

    for f in c.items("diagnostic"):
        for i, item in enumerate(f.data["items"]):
            trained_by(f, ("items", i), item.get("trains", {}))
    for f in c.items("phase"):
        for i, item in enumerate(f.data["checklist"]):
            trained_by(f, ("checklist", i), item.get("trains", {}))
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

    _check_calculator_refs(c)
    for f in c.items("mock"):
        _mock_problems(c, f)

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


def _check_calculator_refs(c: _Collector) -> None:
    """`calculator:` references in questions and cases: they exist, and stated figures agree."""
    with_problems = {p.file for p in c.problems}
    # a broken calculator is reported once, in its own file, not again at every page that uses it
    calculators = {f.data["id"]: f.data for f in c.items("calculator") if f.rel not in with_problems}
    known = {f.data["id"] for f in c.items("calculator")}
    for kind, path in (("question", ("calculator",)), ("case", ("cost", "calculator"))):
        for f in c.items(kind):
            holder = f.data.get(path[0]) if len(path) > 1 else f.data
            if isinstance(holder, dict) and path[-1] in holder:
                ref = holder[path[-1]]
                ref_id = ref if isinstance(ref, str) else ref["id"]
                if ref_id in calculators or ref_id not in known:
                    c.problems += calc_check.reference_problems(f, path, calculators)
    for f in c.items("case"):
        ref = f.data["cost"].get("calculator")
        if isinstance(ref, dict) and ref["id"] in calculators:
            text = f.data["cost"]["working"] + "\n" + f.data["cost"]["total"]
            for name in calc_check.figures_missing(calculators[ref["id"]], ref.get("expect", {}), text):
                path = ("cost", "calculator", "expect", name)
                c.add(f.rel, f"the figure {calc_check.money_text(ref['expect'][name])} does not appear in cost.working "
                      "or cost.total; state it there", *f.where(path), format_path(path))


LOOP_WEIGHT_TOLERANCE = 0.001


def _check_loops(c: _Collector, rounds: set[str]) -> None:
    """Loop archetypes: rounds exist once each with shares adding up to 1; listed items exist and are of their kind."""
    kinds = {f.data["id"]: kind for kind in ("question", "case", "kata") for f in c.items(kind)}
    for f in c.items("loop"):
        seen: set[str] = set()
        for i, entry in enumerate(f.data["rounds"]):
            path = ("rounds", i, "round")
            if rounds and entry["round"] not in rounds:
                c.add(f.rel, f"round '{entry['round']}' does not exist", *f.where(path), format_path(path))
            elif entry["round"] in seen:
                c.add(f.rel, f"round '{entry['round']}' is listed twice; give it one weight", *f.where(path), format_path(path))
            seen.add(entry["round"])
        total = sum(entry["weight"] for entry in f.data["rounds"])
        if abs(total - 1) > LOOP_WEIGHT_TOLERANCE:
            c.add(f.rel, f"the round weights add up to {total:g}; make them add up to 1", *f.where(("rounds",)), "rounds")
        for field, kind in (("questions", "question"), ("katas", "kata"), ("cases", "case")):
            for i, item_id in enumerate(f.data.get(field, [])):
                if kinds and kinds.get(item_id) != kind:
                    found = f" (it is a {kinds[item_id]})" if item_id in kinds else ""
                    c.add(f.rel, f"{kind} '{item_id}' does not exist{found}", *f.where((field, i)), format_path((field, i)))


def _mock_problems(c: "_Collector", f: LoadedFile) -> None:
    """Each loop round is rehearsed by one mock round; presets name only those rounds."""
    seen: dict[str, int] = {}
    for i, r in enumerate(f.data["rounds"]):
        if r["round"] in seen:
            c.add(f.rel, f"round '{r['round']}' already has a mock round (entry {seen[r['round']] + 1})",
                  *f.where(("rounds", i, "round")), format_path(("rounds", i, "round")))
        seen.setdefault(r["round"], i)
    ids = Counter(p["id"] for p in f.data["presets"])
    for i, preset in enumerate(f.data["presets"]):
        if ids[preset["id"]] > 1:
            c.add(f.rel, f"preset id '{preset['id']}' is used twice", *f.where(("presets", i, "id")),
                  format_path(("presets", i, "id")))
        for j, round_id in enumerate(preset["rounds"]):
            if round_id not in seen:
                path = ("presets", i, "rounds", j)
                c.add(f.rel, f"round '{round_id}' has no mock round in this file's `rounds`", *f.where(path), format_path(path))
        if preset.get("focus_round") and len(preset["rounds"]) != 1:
            c.add(f.rel, "focus_round needs a preset of exactly one round", *f.where(("presets", i, "focus_round")),
                  format_path(("presets", i, "focus_round")))


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
        calculators=[f.data for f in c.items("calculator")],
        loops=[f.data for f in c.items("loop")],
        diagnostic=next((f.data for f in c.items("diagnostic")), None),
        mock=next((f.data for f in c.items("mock")), None),
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
