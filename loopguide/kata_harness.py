"""Run a kata's tests against a reader's code: the same file runs in CPython (CI) and in Pyodide.

Standard library only (NumPy is used when the kata loads it). Each test starts from a fresh
namespace with fixed random seeds: setup, then the reader's code, then the helpers, then the call.
"""
from __future__ import annotations

import ast
import contextlib
import io
import linecache
import math
import random
import sys
import traceback
from typing import Any, Callable, Iterator

READER_FILE = "<your code>"
DEFAULT_TOLERANCE = 1e-6
REPR_LIMIT = 400
OUTPUT_LIMIT = 2000
# What the comparison uses, taken when this module loads: the browser loads a fresh copy for every
# run, after NumPy and before the reader's code, so a run cannot swap these for its own versions.
_NUMPY = sys.modules.get("numpy")
_isclose = math.isclose


def _register_source(code: str) -> None:
    # lets tracebacks quote the reader's lines
    linecache.cache[READER_FILE] = (len(code), None, code.splitlines(True), READER_FILE)


def reader_traceback(error: BaseException) -> str:
    """The error as the reader needs it: only frames in their code, then the exception line."""
    if isinstance(error, SyntaxError) and error.filename == READER_FILE:
        where = f"Line {error.lineno}"
        text = (error.text or "").rstrip("\n")
        caret = f"\n    {text}\n    {' ' * max((error.offset or 1) - 1, 0)}^" if text else ""
        return f"{where}:{caret}\n{type(error).__name__}: {error.msg}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == READER_FILE]
    lines = []
    for frame in frames:
        lines.append(f"Line {frame.lineno}, in {frame.name}")
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    lines.extend(traceback.format_exception_only(type(error), error))
    return "\n".join(line.rstrip("\n") for line in lines)


def _seed() -> None:
    random.seed(0)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(0)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 1] + "…"


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    # NumPy scalars (np.float64, np.int32 …) without importing NumPy
    return type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and value.dtype.kind in "iuf"


def _numpy() -> Any:
    return _NUMPY or sys.modules.get("numpy")


def _is_array(value: Any) -> bool:
    numpy = _numpy()
    return numpy is not None and type(value) is numpy.ndarray


class NotPlain(Exception):
    """A returned value that is not plain data."""


def plain(value: Any) -> Any:
    """The value rebuilt from exact built-in types (NumPy arrays and scalars included), so that an
    object of the reader's own class cannot pass for the expected value by overriding __eq__."""
    kind = type(value)
    if kind in (int, float, complex, str, bytes, bool, type(None)):
        return value
    numpy = _numpy()
    if numpy is not None and isinstance(value, numpy.ndarray):
        array = numpy.ndarray.view(value, numpy.ndarray)
        if array.dtype.kind in "biufc":
            return numpy.ndarray.copy(array)
        return plain(numpy.ndarray.tolist(array))
    if numpy is not None and isinstance(value, numpy.generic):
        return plain(numpy.generic.item(value))
    # subclasses of the built-in types (namedtuple, Counter, IntEnum …) by their base type's methods
    for base, rebuild in _REBUILD:
        if isinstance(value, base):
            return rebuild(value)
    raise NotPlain(f"returned a {kind.__name__} object; return numbers, strings, lists, tuples, "
                   "dicts, sets or NumPy arrays")


_REBUILD: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (int, int.__int__),
    (float, float.__float__),
    (str, str.__str__),
    (list, lambda v: [plain(x) for x in list.__iter__(v)]),
    (tuple, lambda v: tuple(plain(x) for x in tuple.__iter__(v))),
    (dict, lambda v: {plain(k): plain(x) for k, x in dict.items(v)}),
    (set, lambda v: {plain(x) for x in set.__iter__(v)}),
    (frozenset, lambda v: frozenset(plain(x) for x in frozenset.__iter__(v))),
)


def same(got: Any, expected: Any, tolerance: float = DEFAULT_TOLERANCE) -> tuple[bool, str]:
    """Whether got matches expected (numbers within tolerance, arrays by shape then values), and why not."""
    if _is_array(expected) or _is_array(got):
        numpy = _numpy()
        try:
            g, e = numpy.asarray(got, dtype=float), numpy.asarray(expected, dtype=float)
        except (TypeError, ValueError):
            return False, f"expected an array like {_short(expected)}"
        if g.shape != e.shape:
            return False, f"shape {g.shape}, expected {e.shape}"
        if (numpy.isnan(g) != numpy.isnan(e)).any():
            return False, "nan where a number was expected" if numpy.isnan(g).any() else "a number where nan was expected"
        if not numpy.allclose(g, e, rtol=tolerance, atol=tolerance, equal_nan=True):
            with numpy.errstate(invalid="ignore"):  # inf - inf in the difference is fine to skip
                gap = numpy.abs(g - e)
            return False, f"largest difference {float(numpy.nanmax(gap)) if not numpy.isnan(gap).all() else float('inf'):.3g}"
        return True, ""
    if isinstance(got, bool) != isinstance(expected, bool) and (_is_number(got) or _is_number(expected)):
        return False, f"expected {type(expected).__name__}, got {type(got).__name__}"
    if _is_number(expected) and _is_number(got):
        if _isclose(float(got), float(expected), rel_tol=tolerance, abs_tol=tolerance):
            return True, ""
        return False, f"differs by {abs(float(got) - float(expected)):.3g}"
    if isinstance(expected, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return False, f"expected a {type(expected).__name__}, got a {type(got).__name__}"
        if len(got) != len(expected):
            return False, f"{len(got)} items, expected {len(expected)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            ok, why = same(g, e, tolerance)
            if not ok:
                return False, f"item {i}: {why}"
        return True, ""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return False, f"expected a dict, got a {type(got).__name__}"
        if set(got) != set(expected):
            return False, f"keys {sorted(map(repr, got))}, expected {sorted(map(repr, expected))}"
        for key in expected:
            ok, why = same(got[key], expected[key], tolerance)
            if not ok:
                return False, f"key {key!r}: {why}"
        return True, ""
    try:
        equal = got == expected
    except Exception as error:  # an object whose == misbehaves
        return False, f"could not compare: {error}"
    return (True, "") if equal else (False, f"got {_short(got)}, expected {_short(expected)}")


@contextlib.contextmanager
def _captured() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        yield buffer


def _namespace(spec: dict[str, Any], code: str | None) -> dict[str, Any]:
    ns: dict[str, Any] = {"__name__": "__kata__"}
    if spec.get("setup"):
        exec(compile(spec["setup"], "<setup>", "exec"), ns)
    if code is not None:
        exec(compile(code, READER_FILE, "exec"), ns)
    if spec.get("helpers"):
        exec(compile(spec["helpers"], "<helpers>", "exec"), ns)
    return ns


def run_test(spec: dict[str, Any], test: dict[str, Any], code: str) -> dict[str, Any]:
    """One test in a fresh namespace: a result with name, passed, call, expected, got, detail, output."""
    result: dict[str, Any] = {"name": test["name"], "call": test["call"], "passed": False, "output": ""}
    result["expected"] = f"raises {test['raises']}" if "raises" in test else None
    _register_source(code)
    _seed()
    with _captured() as out:
        try:
            try:
                reference = _namespace(spec, None)
                if "expected" in test:
                    expected_value = eval(test["expected"], reference)
                    result["expected"] = _short(expected_value)
                ns = _namespace(spec, code)
                if not callable(ns.get(spec["entrypoint"])):
                    result["got"] = None
                    result["detail"] = f"define a function named {spec['entrypoint']}"
                    return result
                _seed()
                got = eval(test["call"], ns)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # the reader's code may raise anything, SystemExit included
                if "raises" in test and test["raises"] in {c.__name__ for c in type(error).__mro__}:
                    result.update(passed=True, got=f"raised {type(error).__name__}", detail="")
                else:
                    result.update(got=f"raised {type(error).__name__}", detail=reader_traceback(error))
                return result
            try:
                got = plain(got)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # NotPlain, or a reader's object misbehaving while inspected
                result.update(got="an object that is not plain data", detail=str(error) or type(error).__name__)
                return result
        finally:
            result["output"] = out.getvalue()[:OUTPUT_LIMIT]
    result["got"] = _short(got)
    if "raises" in test:
        result["detail"] = f"expected {test['raises']} to be raised"
        return result
    ok, why = same(got, expected_value, test.get("tolerance", DEFAULT_TOLERANCE))
    result.update(passed=ok, detail=why)
    return result


def _syntax_error(code: str) -> str | None:
    """The reader's syntax error, said once for the whole run rather than once per test."""
    _register_source(code)
    try:
        compile(code, READER_FILE, "exec")
    except SyntaxError as error:
        return reader_traceback(error)
    return None


def run_tests(spec: dict[str, Any], code: str, report: Callable[[dict[str, Any]], Any] | None = None) -> list[dict[str, Any]]:
    """Every test in order; report(result) is called as each one finishes. Code that does not parse
    runs no test: each result is failed with no detail and carries the error as `syntax_error`."""
    results = []
    broken = _syntax_error(code)
    for test in spec["tests"]:
        if broken is not None:
            result = {"name": test["name"], "call": test["call"], "passed": False, "output": "", "got": None,
                      "expected": None, "detail": "", "syntax_error": broken}
        else:
            result = run_test(spec, test, code)
        results.append(result)
        if report is not None:
            report(result)
    return results


def run_program(spec: dict[str, Any], code: str) -> str | None:
    """Run the reader's code as a script (output goes to the real stdout/stderr); the trimmed error, if any."""
    _register_source(code)
    _seed()
    try:
        _namespace({"setup": spec.get("setup")}, code)
    except KeyboardInterrupt:
        raise
    except BaseException as error:
        return reader_traceback(error)
    return None


def syntax_problems(source: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for a snippet that does not parse; used by the content validator."""
    try:
        ast.parse(source)
    except SyntaxError as error:
        return [(error.lineno or 1, error.offset or 1, error.msg)]
    return []
