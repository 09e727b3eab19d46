"""JSON Schema (Draft 2020-12) validators for each content kind, built once per schema folder."""
from __future__ import annotations

import difflib
import functools
import json
import pathlib
from dataclasses import dataclass
from typing import Any, Iterator

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError

from .loader import LoadedFile
from .problems import Problem, format_path

_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping of fields", "integer": "a whole number",
               "number": "a number", "boolean": "true or false", "null": "an empty value"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return "an empty value"


@dataclass(frozen=True)
class Checker:
    """One kind's schema twice: jsonschema-rs says yes or no quickly, jsonschema explains a no."""
    validator: jsonschema.protocols.Validator
    fast: jsonschema_rs.Draft202012Validator

    def quick(self, document: Any) -> bool:
        """True only if the schema accepts the document; a value JSON cannot hold (a YAML date,
        a number as a key) is left to jsonschema, which words the problem."""
        try:
            return self.fast.is_valid(document)
        except (ValueError, TypeError, UnicodeError, OverflowError):
            return False


def checkers(schema_dir: pathlib.Path) -> dict[str, Checker]:
    """`{'question': Checker, …}` for every `<kind>.schema.json` in the folder, rebuilt when one changes."""
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(schema_dir.glob("*.schema.json")))
    return _build(schema_dir, signature)


def validators(schema_dir: pathlib.Path) -> dict[str, jsonschema.protocols.Validator]:
    """`{'question': validator, …}`: the jsonschema validators alone."""
    return {kind: c.validator for kind, c in checkers(schema_dir).items()}


def _inline(node: Any, here: pathlib.Path, files: dict[pathlib.Path, dict[str, Any]]) -> Any:
    """Replace every `$ref` with the schema it points to (our refs never recurse).

    Resolving references on each validation dominated the validator's run time; inlining once
    makes validation several times faster while the files on disk keep their readable refs.
    """
    if isinstance(node, list):
        return [_inline(item, here, files) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target_file, _, pointer = node["$ref"].partition("#")
        path = (here.parent / target_file).resolve() if target_file else here
        if path not in files:
            files[path] = json.loads(path.read_text(encoding="utf-8"))
        target: Any = files[path]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        merged = {k: v for k, v in node.items() if k != "$ref"}
        resolved = _inline(target, path, files)
        return {**resolved, **_inline(merged, here, files)} if merged else resolved
    # once every ref is inlined, a nested `$defs` is dead weight (and its own refs would dangle)
    return {k: (v if k in ("enum", "const") else _inline(v, here, files)) for k, v in node.items() if k != "$defs"}


@functools.lru_cache(maxsize=4)
def _build(schema_dir: pathlib.Path, signature: tuple) -> dict[str, Checker]:
    files: dict[pathlib.Path, dict[str, Any]] = {}
    cls = jsonschema.Draft202012Validator
    built = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        path = path.resolve()
        source = files.setdefault(path, json.loads(path.read_text(encoding="utf-8")))
        schema = _inline({k: v for k, v in source.items() if k != "$defs"}, path, files)
        # formats on: the fast path may turn down more than jsonschema checks, never accept less
        fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
        schema["$defs"] = source.get("$defs", {})  # kept for schema_of(); nothing refers to it any more
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        built[path.name.removesuffix(".schema.json")] = Checker(validator, fast)
    return built


def schema_of(schema_dir: pathlib.Path, kind: str) -> dict[str, Any]:
    return validators(schema_dir)[kind].schema


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """For oneOf/anyOf failures, the most specific errors; otherwise the error itself."""
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        yield from _leaves(best) if best is not None else [error]
    else:
        yield error


def _message(error: ValidationError, loaded: LoadedFile) -> tuple[tuple, bool, str]:
    """(json path, point at the key?, plain message) for one schema error."""
    path = tuple(error.absolute_path)
    kind, inst, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        missing = [name for name in expected if name not in (inst or {})]
        return path, False, f"missing required field '{missing[0]}'" if len(missing) == 1 else \
            "missing required fields " + ", ".join(f"'{m}'" for m in missing)
    if kind == "additionalProperties":
        allowed = list((error.schema.get("properties") or {}).keys())
        extras = [k for k in inst if k not in allowed]
        key = extras[0] if extras else "?"
        guess = difflib.get_close_matches(key, allowed, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else f"; allowed: {', '.join(allowed)}"
        return path + (key,), True, f"unknown field '{key}'{hint}"
    implicit = loaded.positions.implicit
    if kind in ("type", "enum") and path in implicit and (kind == "enum" or "string" in _as_list(expected)):
        source, became = implicit[path]
        return path, False, f"'{source}' is read by YAML as {became}; quote it: \"{source}\""
    if kind == "type":
        want = " or ".join(_TYPE_WORDS.get(t, t) for t in _as_list(expected))
        hint = ""
        if "string" in _as_list(expected) and isinstance(inst, dict) and len(inst) == 1:
            hint = "; the ': ' in this line made YAML read it as a field, so put the whole line in quotes"
        return path, False, f"expected {want}, found {_describe(inst)}{hint}"
    if kind == "enum":
        options = [str(o) for o in expected]
        guess = difflib.get_close_matches(str(inst), options, n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        listed = ", ".join(options) if len(options) <= 12 else "see the schema for the list"
        return path, False, f"'{inst}' is not allowed{hint}; choose one of: {listed}"
    if kind == "minItems":
        return path, False, f"needs at least {expected} item{'s' if expected != 1 else ''}, found {len(inst)}"
    if kind == "maxItems":
        return path, False, f"allows at most {expected} items, found {len(inst)}"
    if kind == "uniqueItems":
        return path, False, "lists the same item twice"
    if kind == "minLength":
        return path, False, "is empty" if expected == 1 else f"is shorter than {expected} characters ({len(inst)})"
    if kind == "maxLength":
        return path, False, f"is longer than {expected} characters ({len(inst)})"
    if kind == "pattern" and "a-z0-9" in expected:
        return path, False, f"'{inst}' is not a kebab-case id (lowercase letters and digits joined by single hyphens)"
    if kind == "pattern" and expected.startswith("^[A-Za-z_]"):
        return path, False, f"'{inst}' is not a Python name"
    if kind == "pattern" and expected == "^https://":
        return path, False, f"'{inst}' must be an https:// link"
    if kind == "format":
        return path, False, f"'{inst}' is not a valid {expected}"
    if kind in ("minimum", "maximum"):
        return path, False, f"{inst} is {'below the minimum' if kind == 'minimum' else 'above the maximum'} of {expected}"
    if kind == "minProperties":
        return path, False, "needs at least one more field"
    return path, False, error.message


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check(checker: Checker, loaded: LoadedFile) -> list[Problem]:
    """Every schema problem of one loaded file, positioned at the offending value."""
    if checker.quick(loaded.data):
        return []
    problems = []
    for error in checker.validator.iter_errors(loaded.data):
        for leaf in _leaves(error):
            path, at_key, message = _message(leaf, loaded)
            line, col = loaded.where(path, key=at_key)
            problems.append(Problem(loaded.rel, line, col, format_path(path), message))
    return problems
