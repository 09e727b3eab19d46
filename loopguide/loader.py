"""Strict YAML loading that remembers where every value came from.

Built on the event stream of PyYAML's C parser (when present) so that loading is fast and
every value keeps its line and column. Anchors, aliases, custom tags, duplicate keys,
several documents in one file and oversized files are problems, never silently accepted.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from .problems import JsonPath, Problem, format_path

MAX_BYTES = 256 * 1024
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.SafeLoader("")  # used only for its resolve() and scalar constructors
_STD = "tag:yaml.org,2002:"
_KIND = {
    _STD + "bool": "a true/false value", _STD + "int": "a number", _STD + "float": "a number",
    _STD + "null": "an empty value", _STD + "timestamp": "a date",
}


@dataclass
class LoadedFile:
    rel: str
    text: str
    data: Any = None
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # plain scalars that YAML read as something other than text: path -> (source, what it became)
    implicit: dict[JsonPath, tuple[str, str]] = field(default_factory=dict)
    # source offsets of every text scalar, so a problem inside a long string gets its own line
    spans: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path (the key itself when `key` is true)."""
        probe = tuple(path)
        while True:
            table = self.key_marks if key and probe in self.key_marks else self.marks
            if probe in table:
                return table[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def line_col_at(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Builder:
    def __init__(self, loaded: LoadedFile, problems: list[Problem]):
        self.f = loaded
        self.problems = problems
        self.events: list[ev.Event] = []
        self.i = 0

    def problem(self, at: tuple[int, int], path: JsonPath, message: str) -> None:
        self.problems.append(Problem(self.f.rel, at[0], at[1], format_path(path), message))

    def next(self) -> ev.Event:
        e = self.events[self.i]
        self.i += 1
        return e

    def check_node_event(self, e: ev.NodeEvent, path: JsonPath) -> None:
        if e.anchor is not None:
            self.problem(_pos(e.start_mark), path,
                         f"YAML anchors (&{e.anchor}) are not allowed; write the value out in full")
        tag = getattr(e, "tag", None)
        if tag and not tag.startswith(_STD) and tag != "!":
            self.problem(_pos(e.start_mark), path, f"custom YAML tags ({tag}) are not allowed")

    def node(self, path: JsonPath) -> Any:
        e = self.next()
        if isinstance(e, ev.AliasEvent):
            self.problem(_pos(e.start_mark), path,
                         f"YAML aliases (*{e.anchor}) are not allowed; write the value out in full")
            return None
        self.check_node_event(e, path)
        self.f.marks[path] = _pos(e.start_mark)
        if isinstance(e, ev.ScalarEvent):
            return self.scalar(e, path)
        if isinstance(e, ev.SequenceStartEvent):
            items = []
            while not isinstance(self.events[self.i], ev.SequenceEndEvent):
                items.append(self.node(path + (len(items),)))
            self.next()
            return items
        if isinstance(e, ev.MappingStartEvent):
            return self.mapping(path)
        raise AssertionError(f"unexpected YAML event {e}")  # the parser guarantees structure

    def mapping(self, path: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while not isinstance(self.events[self.i], ev.MappingEndEvent):
            key_event = self.events[self.i]
            key = self.node(path + ("<key>",))
            self.f.marks.pop(path + ("<key>",), None)
            self.f.spans.pop(path + ("<key>",), None)
            at = _pos(key_event.start_mark)
            if not isinstance(key, str):
                self.problem(at, path, f"the key {key!r} must be text")
                key = str(key)
            if key in out:
                self.problem(at, path + (key,),
                             f"duplicate key '{key}' (first seen on line {self.f.key_marks[path + (key,)][0]})")
                self.node(path + (key,))  # consume the duplicate's value, keep the first
                continue
            self.f.key_marks[path + (key,)] = at
            out[key] = self.node(path + (key,))
        self.next()
        return out

    def scalar(self, e: ev.ScalarEvent, path: JsonPath) -> Any:
        if e.tag == "!" or (e.tag and not e.tag.startswith(_STD)):
            tag = _STD + "str"  # a custom tag was already reported; keep the text
        else:
            tag = e.tag or _RESOLVER.resolve(yaml.ScalarNode, e.value, e.implicit)
        if tag == _STD + "str":
            self.f.spans[path] = (e.start_mark.index, e.end_mark.index)
            return e.value
        if e.style in (None, "") and e.implicit[0] and tag in _KIND:
            self.f.implicit[path] = (e.value, _KIND[tag])
        node = yaml.ScalarNode(tag, e.value, e.start_mark, e.end_mark)
        try:
            return _RESOLVER.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self.problem(_pos(e.start_mark), path, f"cannot read the value {e.value!r} as {tag}")
            return e.value


def load_file(path: pathlib.Path, rel: str) -> tuple[LoadedFile, list[Problem]]:
    """Load one YAML file strictly; problems are returned, never raised."""
    problems: list[Problem] = []
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.append(Problem(rel, 1, 1, "$", f"file is {size // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB"))
        return LoadedFile(rel, ""), problems
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, 1, "$", f"file is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return LoadedFile(rel, ""), problems
    loaded = LoadedFile(rel, text)
    builder = _Builder(loaded, problems)
    try:
        builder.events = list(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            what += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
        hint = " (quote text that contains ': ' or starts with a special character)" \
            if "mapping values are not allowed" in what else ""
        problems.append(Problem(rel, line, col, "$", f"YAML syntax error: {what}{hint}"))
        return loaded, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, 1, 1, "$", f"YAML error: {exc}"))
        return loaded, problems
    docs = [i for i, e in enumerate(builder.events) if isinstance(e, ev.DocumentStartEvent)]
    if not docs:
        problems.append(Problem(rel, 1, 1, "$", "file is empty"))
        return loaded, problems
    if len(docs) > 1:
        second = builder.events[docs[1]]
        problems.append(Problem(rel, *_pos(second.start_mark), "$", "one YAML document per file; remove the second '---'"))
    builder.i = docs[0] + 1
    loaded.data = builder.node(())
    return loaded, problems
