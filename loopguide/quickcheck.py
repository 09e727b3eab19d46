"""A compiled yes/no test of a JSON Schema, so that valid files skip jsonschema's slower walk.

jsonschema stays the judge: it runs on every document this test does not accept, so every error
message still comes from it. The test may turn down a valid document (jsonschema then finds
nothing), but it must never accept an invalid one: each keyword it knows is checked exactly or
more strictly, and a schema with any keyword it does not know gets no quick test at all.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Collection

Test = Callable[[Any], bool]
ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"})
# Whether a keyword applies follows jsonschema's types exactly; the `type` keyword itself is
# stricter (True is not a number, 3.0 is not an integer, a dict subclass is not an object).
_TYPES: dict[str, Test] = {
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) is int or type(v) is float,
    "boolean": lambda v: type(v) is bool,
    "array": lambda v: type(v) is list,
    "object": lambda v: type(v) is dict,
    "null": lambda v: v is None,
}


class Unsupported(Exception):
    """The schema uses something this module cannot decide exactly or more strictly."""


def compile_test(schema: Any, checked_formats: Collection[str]) -> Test | None:
    """A test that is true only for documents the schema accepts; None if the schema is out of reach.

    `checked_formats`: the formats the real validator checks (a format it ignores is ignored here).
    """
    try:
        return _compile(schema, checked_formats)
    except Unsupported:
        return None


def _compile(schema: Any, formats: Collection[str]) -> Test:
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    tests: list[Test] = []
    keys = set(schema) - ANNOTATIONS
    if "type" in keys:
        tests.append(_type(schema["type"]))
    if "enum" in keys or "const" in keys:
        tests.append(_choice(schema.get("enum", [schema.get("const")]) if "enum" in keys else [schema["const"]]))
    if "oneOf" in keys:
        tests.append(_one_of(schema["oneOf"]))
    groups = (
        ({"properties", "required", "additionalProperties", "minProperties"}, _object),
        ({"items", "minItems", "maxItems", "uniqueItems"}, _array),
        ({"minLength", "maxLength", "pattern", "format"}, _string),
        ({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}, _number),
    )
    known = {"type", "enum", "const", "oneOf"}
    for words, build in groups:
        if keys & words:
            tests.append(build(schema, formats))
        known |= words
    if keys - known:
        raise Unsupported(", ".join(sorted(keys - known)))
    if len(tests) == 1:
        return tests[0]
    suite = tuple(tests)

    def all_of(v: Any) -> bool:
        for test in suite:
            if not test(v):
                return False
        return True
    return all_of


def _type(expected: str | list[str]) -> Test:
    names = [expected] if isinstance(expected, str) else expected
    if any(n not in _TYPES for n in names):
        raise Unsupported(f"type {expected}")
    if len(names) == 1:
        return _TYPES[names[0]]
    tests = tuple(_TYPES[n] for n in names)
    return lambda v: any(t(v) for t in tests)


def _choice(options: list[Any]) -> Test:
    if not all(type(o) is str for o in options):
        raise Unsupported("enum or const with values other than text")
    allowed = frozenset(options)
    return lambda v: type(v) is str and v in allowed


def _one_of(branches: list[Any]) -> Test:
    """Only branches made of `required` alone, which this module decides exactly."""
    if not all(isinstance(b, dict) and set(b) - ANNOTATIONS == {"required"} for b in branches):
        raise Unsupported("oneOf beyond required-only branches")
    needs = [tuple(b["required"]) for b in branches]

    def one_of(v: Any) -> bool:
        if not isinstance(v, dict):
            return len(needs) == 1  # `required` holds for anything but an object, so every branch does
        return sum(all(k in v for k in keys) for keys in needs) == 1
    return one_of


def _object(schema: dict[str, Any], formats: Collection[str]) -> Test:
    properties = {k: _compile(s, formats) for k, s in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    extra_test = None if extra is False else _compile(extra, formats)
    min_properties = schema.get("minProperties", 0)

    def object_(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        if len(v) < min_properties:
            return False
        for k in required:
            if k not in v:
                return False
        for k, value in v.items():
            test = properties.get(k, extra_test)
            if test is None or not test(value):
                return False
        return True
    return object_


def _array(schema: dict[str, Any], formats: Collection[str]) -> Test:
    if isinstance(schema.get("items"), list):
        raise Unsupported("items as a list")
    item_test = _compile(schema.get("items", True), formats)
    low, high = schema.get("minItems", 0), schema.get("maxItems")
    unique = schema.get("uniqueItems", False)

    def array(v: Any) -> bool:
        if not isinstance(v, list):
            return True
        if len(v) < low or (high is not None and len(v) > high):
            return False
        if unique:
            try:
                if len(set(v)) != len(v):  # 1 == True here: stricter than jsonschema, so safe
                    return False
            except TypeError:  # unhashable items: leave it to jsonschema
                return False
        for item in v:
            if not item_test(item):
                return False
        return True
    return array


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _is_date(v: str) -> bool:
    """jsonschema's own `date` check: the shape, then a real calendar day."""
    if not _DATE.fullmatch(v):
        return False
    try:
        datetime.date.fromisoformat(v)
    except ValueError:
        return False
    return True


def _string(schema: dict[str, Any], formats: Collection[str]) -> Test:
    fmt = schema.get("format")
    if fmt in formats and fmt != "date":
        raise Unsupported(f"format {fmt}")  # checked by jsonschema; not repeated here
    date = fmt == "date"
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    search = re.compile(schema["pattern"]).search if "pattern" in schema else None

    def string(v: Any) -> bool:
        if not isinstance(v, str):
            return True
        if len(v) < low or (high is not None and len(v) > high):
            return False
        if date and not _is_date(v):
            return False
        return search is None or search(v) is not None
    return string


def _number(schema: dict[str, Any], formats: Collection[str]) -> Test:
    low, high = schema.get("minimum"), schema.get("maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")

    def number(v: Any) -> bool:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return True
        return ((low is None or v >= low) and (high is None or v <= high)
                and (above is None or v > above) and (below is None or v < below))
    return number
