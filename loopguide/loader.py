"""Strict YAML loading that remembers where every value came from.

Built on the event stream of PyYAML's C parser (when present) so that loading is fast and
every value keeps its line and column. Anchors, aliases, custom tags, duplicate keys,
several documents in one file and oversized files are problems, never silently accepted.
Validation loads without recording positions (most files have no problem to point at); the
first look at a position reads that file again with them.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

from .problems import JsonPath, Problem, format_path

MAX_BYTES = 256 * 1024
MAX_DEPTH = 64  # content nests a handful of levels; the builders recurse, so far deeper would crash them
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.SafeLoader("")  # used only for its resolve() and scalar constructors
_STD = "tag:yaml.org,2002:"
_STR = _STD + "str"
_KIND = {
    _STD + "bool": "a true/false value", _STD + "int": "a number", _STD + "float": "a number",
    _STD + "null": "an empty value", _STD + "timestamp": "a date",
}


@dataclass
class Positions:
    """Where every value of a file came from."""
    marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    # plain scalars that YAML read as something other than text: path -> (source, what it became)
    implicit: dict[JsonPath, tuple[str, str]] = field(default_factory=dict)
    # source offsets of every text scalar, so a problem inside a long string gets its own line
    spans: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)


@dataclass
class LoadedFile:
    rel: str
    # None in a file sent back from a worker process: read again from `origin` when needed
    text: str | None
    data: Any = None
    # None until a problem needs a position: then the text is read again, this time recording them
    recorded: Positions | None = field(default=None, repr=False)
    origin: pathlib.Path | None = field(default=None, repr=False)

    def source(self) -> str:
        if self.text is None:
            self.text = self.origin.read_text(encoding="utf-8") if self.origin else ""
        return self.text

    @property
    def positions(self) -> Positions:
        if self.recorded is None:
            self.recorded = load_text(self.source(), self.rel)[0].recorded  # its problems were reported already
        return self.recorded

    def without_positions(self, origin: pathlib.Path) -> LoadedFile:
        """The data alone, its text left on disk at `origin`: much cheaper to send to another process."""
        return LoadedFile(self.rel, None, self.data, origin=origin)

    def where(self, path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path (the key itself when `key` is true)."""
        marks, key_marks = self.positions.marks, self.positions.key_marks
        probe = tuple(path)
        while True:
            table = key_marks if key and probe in key_marks else marks
            if probe in table:
                return table[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def line_col_at(self, offset: int) -> tuple[int, int]:
        text = self.source()
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return line, col


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


class _Builder:
    """Turns the parser's events into plain data, recording where every value came from.

    Runs once per event of every file, so it tests exact event classes and inlines the common
    case (a plain text key) rather than calling helpers.
    """

    def __init__(self, rel: str, events: list[ev.Event]):
        self.rel = rel
        self.at = Positions()
        self.problems: list[Problem] = []
        self.events = events
        self.i = 0

    def problem(self, at: tuple[int, int], path: JsonPath, message: str) -> None:
        self.problems.append(Problem(self.rel, at[0], at[1], format_path(path), message))

    def check_node_event(self, e: ev.NodeEvent, path: JsonPath) -> None:
        if e.anchor is not None:
            self.problem(_pos(e.start_mark), path,
                         f"YAML anchors (&{e.anchor}) are not allowed; write the value out in full")
        tag = getattr(e, "tag", None)
        if tag and not tag.startswith(_STD) and tag != "!":
            self.problem(_pos(e.start_mark), path, f"custom YAML tags ({tag}) are not allowed")
        elif tag and tag != "!" and type(e) is not ev.ScalarEvent and tag not in _COLLECTION_TAGS:
            shown = "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag
            self.problem(_pos(e.start_mark), path, f"YAML tags ({shown}) are not allowed on a list or mapping")

    def node(self, path: JsonPath) -> Any:
        e = self.events[self.i]
        self.i += 1
        kind = type(e)
        if kind is ev.AliasEvent:
            self.problem(_pos(e.start_mark), path,
                         f"YAML aliases (*{e.anchor}) are not allowed; write the value out in full")
            return None
        if e.anchor is not None or e.tag:
            self.check_node_event(e, path)
        mark = e.start_mark
        self.at.marks[path] = (mark.line + 1, mark.column + 1)
        if kind is ev.ScalarEvent:
            return self.scalar(e, path)
        if kind is ev.SequenceStartEvent:
            items = []
            events = self.events
            while type(events[self.i]) is not ev.SequenceEndEvent:
                items.append(self.node(path + (len(items),)))
            self.i += 1
            return items
        if kind is ev.MappingStartEvent:
            return self.mapping(path)
        raise AssertionError(f"unexpected YAML event {e}")  # the parser guarantees structure

    def mapping(self, path: JsonPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        events, key_marks = self.events, self.at.key_marks
        while type(key_event := events[self.i]) is not ev.MappingEndEvent:
            if type(key_event) is ev.ScalarEvent and key_event.anchor is None and not key_event.tag \
                    and _tag_of(key_event) == _STR:
                self.i += 1
                key = key_event.value  # the usual key: plain text, nothing to record
            else:
                key = self.node(path + ("<key>",))
                self.at.marks.pop(path + ("<key>",), None)
                self.at.spans.pop(path + ("<key>",), None)
            at = _pos(key_event.start_mark)
            if not isinstance(key, str):
                self.problem(at, path, f"the key {key!r} must be text")
                key = str(key)
            if key in out:
                self.problem(at, path + (key,),
                             f"duplicate key '{key}' (first seen on line {key_marks[path + (key,)][0]})")
                self.node(path + (key,))  # consume the duplicate's value, keep the first
                continue
            key_marks[path + (key,)] = at
            out[key] = self.node(path + (key,))
        self.i += 1
        return out

    def scalar(self, e: ev.ScalarEvent, path: JsonPath) -> Any:
        if e.tag == "!" or (e.tag and not e.tag.startswith(_STD)):
            tag = _STR  # a custom tag was already reported; keep the text
        else:
            tag = e.tag or _tag_of(e)
        if tag == _STR:
            self.at.spans[path] = (e.start_mark.index, e.end_mark.index)
            return e.value
        if e.style in (None, "") and e.implicit[0] and tag in _KIND:
            self.at.implicit[path] = (e.value, _KIND[tag])
        try:
            return _construct(tag, e)
        except (yaml.constructor.ConstructorError, ValueError):  # ValueError: `!!int x`
            self.problem(_pos(e.start_mark), path, f"cannot read the value {e.value!r} as {tag}")
            return e.value


_PLAIN_TAGS: dict[str, str] = {}  # short plain scalars repeat (every key of every file): resolve each once
_PLAIN_MEMO_LEN = 32


def _tag_of(e: ev.ScalarEvent) -> str:
    """The tag YAML gives an untagged scalar: only plain scalars can be anything but text."""
    if not e.implicit[0]:
        return _STR
    value = e.value
    if len(value) > _PLAIN_MEMO_LEN:
        return _RESOLVER.resolve(yaml.ScalarNode, value, e.implicit)
    tag = _PLAIN_TAGS.get(value)
    if tag is None:
        tag = _PLAIN_TAGS[value] = _RESOLVER.resolve(yaml.ScalarNode, value, e.implicit)
    return tag


def _construct(tag: str, e: ev.ScalarEvent) -> Any:
    node = yaml.ScalarNode(tag, e.value, e.start_mark, e.end_mark)
    try:
        return _RESOLVER.construct_object(node, deep=True)
    finally:
        _RESOLVER.constructed_objects.pop(node, None)  # the shared constructor would keep every node


class _Unusual(Exception):
    """Something only the full builder reports or records: read the file again with it."""


def _lean_value(events: list[ev.Event], i: int) -> tuple[Any, int]:
    """The value whose events start at i, and the index after them, recording no positions.

    The common case only: no anchors, aliases, tags, duplicate or non-text keys, and values YAML
    can convert; anything else raises _Unusual. About half the cost of the full builder.
    """
    e = events[i]
    kind = type(e)
    if kind is ev.AliasEvent or e.anchor is not None or e.tag:
        raise _Unusual
    if kind is ev.ScalarEvent:
        tag = _tag_of(e)
        if tag == _STR:
            return e.value, i + 1
        try:
            return _construct(tag, e), i + 1
        except (yaml.constructor.ConstructorError, ValueError):
            raise _Unusual from None
    i += 1
    if kind is ev.SequenceStartEvent:
        items = []
        while type(events[i]) is not ev.SequenceEndEvent:
            value, i = _lean_value(events, i)
            items.append(value)
        return items, i + 1
    out: dict[str, Any] = {}
    while type(key := events[i]) is not ev.MappingEndEvent:
        if type(key) is not ev.ScalarEvent or key.anchor is not None or key.tag or _tag_of(key) != _STR \
                or key.value in out:
            raise _Unusual
        out[key.value], i = _lean_value(events, i + 1)
    return out, i + 1


def _too_deep(events: list[ev.Event]) -> ev.Event | None:
    """The first collection that opens deeper than MAX_DEPTH, if any."""
    depth = 0
    for e in events:
        kind = type(e)
        if kind is ev.SequenceStartEvent or kind is ev.MappingStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                return e
        elif kind is ev.SequenceEndEvent or kind is ev.MappingEndEvent:
            depth -= 1
    return None


def load_file(path: pathlib.Path, rel: str, *, positions: bool = True) -> tuple[LoadedFile, list[Problem]]:
    """Load one YAML file strictly; problems are returned, never raised.

    With `positions` false, a file without YAML problems is read without recording where each
    value came from; the first look at them (LoadedFile.where) reads the file again.
    """
    problems: list[Problem] = []
    size = path.stat().st_size
    if size > MAX_BYTES:
        problems.append(Problem(rel, 1, 1, "$", f"file is {size // 1024} KiB; the limit is {MAX_BYTES // 1024} KiB"))
        return LoadedFile(rel, "", recorded=Positions()), problems
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, 1, 1, "$", f"file is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return LoadedFile(rel, "", recorded=Positions()), problems
    return load_text(text, rel, positions=positions)


def load_text(text: str, rel: str, *, positions: bool = True) -> tuple[LoadedFile, list[Problem]]:
    """Load one file's text strictly; problems are returned, never raised. See load_file."""
    problems: list[Problem] = []
    loaded = LoadedFile(rel, text, recorded=Positions())
    try:
        events = list(yaml.parse(text, Loader=_Loader))
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
    # the stream: StreamStart, then (DocumentStart, one node, DocumentEnd) per document, StreamEnd
    if type(events[1]) is not ev.DocumentStartEvent:
        problems.append(Problem(rel, 1, 1, "$", "file is empty"))
        return loaded, problems
    too_deep = _too_deep(events)
    if too_deep is not None:
        problems.append(Problem(rel, *_pos(too_deep.start_mark), "$",
                                f"the YAML nests more than {MAX_DEPTH} levels deep; flatten it"))
        return loaded, problems
    end = None
    if not positions:
        try:
            loaded.data, end = _lean_value(events, 2)
            loaded.recorded = None
        except _Unusual:
            pass
    if end is None:
        builder = _Builder(rel, events)
        builder.i = 2
        loaded.data = builder.node(())
        loaded.recorded, end, problems = builder.at, builder.i, builder.problems
    if loaded.data is None and not problems:
        problems.append(Problem(rel, 1, 1, "$", "the file's document is empty (null); write the content"))
    second = events[end + 1]  # after the first document's end
    if type(second) is ev.DocumentStartEvent:
        problems.insert(0, Problem(rel, *_pos(second.start_mark), "$", "one YAML document per file; remove the second '---'"))
    return loaded, problems
