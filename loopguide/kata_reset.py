"""A clean interpreter for every kata run in the browser (Pyodide keeps one Python for the visit).

Without this, whatever one run changed would still be there for the next run and the next kata:
a patched module or builtin, a module the reader imported, a warnings filter, a file in the
working folder. `remember()` records the interpreter while no kata code has run (and again after
a package loads, before any kata code touches it); `fresh_harness()` puts everything back and
returns a new harness module, run from its source, that no earlier run can have changed.

Browser only (the worker runs this file without listing it in sys.modules); CPython runs each
kata in its own process instead. Kata code could still undo this through the garbage collector
or frame objects within its own run; what this stops is a change outliving the run that made it.
"""
from __future__ import annotations

import contextvars
import importlib
import os
import sys
import types
from itertools import chain
from operator import is_, methodcaller
from typing import Any, Callable

_modules = sys.modules            # the interpreter's own table, even if a run rebinds sys.modules
_entries: dict[str, Any] = {}     # name -> what sys.modules held
# What is recorded, with parallel flat copies so that the usual check (nothing changed) is one
# pass of map() and operator.is_ in C rather than a Python loop over tens of thousands of names:
_owners: list[Any] = []           # per mapping: the class whose attributes it holds, or None
_live: list[Any] = []             # module namespaces, class attribute mappings, module-level dicts
_saved: list[tuple[tuple, tuple]] = []           # their keys and values
_sizes: list[int] = []
_flat_keys: list[Any] = []
_flat_values: list[Any] = []
_lists: list[list] = []           # module-level lists (sys.path, warnings.filters …)
_list_items: list[tuple] = []
_PARTS = ("__code__", "__defaults__", "__kwdefaults__")
_functions: dict[int, tuple[types.FunctionType, tuple]] = {}   # id -> (function, its parts)
_touched: list[Any] = []          # functions whose parts were set since the last restore
_files: dict[str, set[str]] = {}                 # writable folder -> the names it held
_builtins = vars(sys.modules["builtins"])
_builtins_saved = dict(_builtins)
_context = contextvars.copy_context()            # NumPy's error state and decimal's context live here
_seen: set[int] = set()                          # ids of what is recorded
_code: dict[str, Any] = {}                       # harness source -> its compiled code
_recursion_limit = sys.getrecursionlimit()
_cwd = os.getcwd()
SCRATCH = ("/home/pyodide", "/tmp")


def _new(value: Any) -> bool:
    if id(value) in _seen:
        return False
    _seen.add(id(value))
    return True


def _record_mapping(owner: Any, mapping: Any) -> None:
    if _new(mapping):
        keys, values = tuple(mapping), tuple(mapping.values())
        _owners.append(owner)
        _live.append(mapping)
        _saved.append((keys, values))
        _sizes.append(len(keys))
        _flat_keys.extend(keys)
        _flat_values.extend(values)


def _record_function(value: Any) -> None:
    if type(value) is types.FunctionType and _new(value):
        _functions[id(value)] = (value, tuple(getattr(value, name) for name in _PARTS))


def _watch(event: str, args: tuple) -> None:
    # Reading every function's parts on each run is slow (each read is itself an audit event);
    # setting one is an audit event too, so note the function then.
    if (event == "object.__setattr__" or event == "object.__delattr__") and type(args[0]) is types.FunctionType:
        _touched.append(args[0])


sys.addaudithook(_watch)


def _record(name: str, module: Any) -> None:
    _entries[name] = module
    if not isinstance(module, types.ModuleType):
        return
    namespace = module.__dict__
    _record_mapping(None, namespace)
    for value in list(namespace.values()):
        _record_function(value)
        if type(value) is dict and value is not _modules:
            _record_mapping(None, value)
        elif type(value) is list and _new(value):
            _lists.append(value)
            _list_items.append(tuple(value))
        elif isinstance(value, type) and value.__module__ == name and not _immutable(value):
            _record_mapping(value, value.__dict__)
            for attribute in list(value.__dict__.values()):
                _record_function(attribute)


def _immutable(cls: type) -> bool:
    return not (cls.__flags__ & (1 << 9))   # Py_TPFLAGS_HEAPTYPE: only heap types accept setattr


def remember(imports: Any = ()) -> None:
    """Import these packages, then add every module loaded since the last call to the state
    each run starts from. Call it only right after restore(), before any kata code runs."""
    global _context
    for name in imports:
        importlib.import_module(name)
    for name, module in list(_modules.items()):
        if name not in _entries:
            _record(name, module)
    for folder in SCRATCH:
        if os.path.isdir(folder):
            _files[folder] = set(os.listdir(folder))
    _context = contextvars.copy_context()


def _same_items(current: Any, saved: tuple) -> bool:
    return len(current) == len(saved) and all(map(is_, current, saved))


def _mappings_unchanged() -> bool:
    return (list(map(len, _live)) == _sizes
            and all(map(is_, chain.from_iterable(_live), _flat_keys))
            and all(map(is_, chain.from_iterable(map(methodcaller("values"), _live)), _flat_values)))


def _restore_mapping(owner: Any, mapping: Any, saved: tuple[tuple, tuple]) -> None:
    keys, values = saved
    if _same_items(mapping, keys) and all(map(is_, mapping.values(), values)):
        return
    if owner is None:
        mapping.clear()
        mapping.update(zip(keys, values))
        return
    wanted = dict(zip(keys, values))
    for key in [k for k in mapping if k not in wanted]:
        delattr(owner, key)
    for key, value in wanted.items():
        if mapping.get(key, wanted) is not value:
            setattr(owner, key, value)


def _restore_functions() -> None:
    touched = [id(f) for f in _touched]
    _touched.clear()
    for key in touched:
        if key in _functions:
            function, parts = _functions[key]
            for name, saved in zip(_PARTS, parts):
                if getattr(function, name) is not saved:
                    setattr(function, name, saved)
    _touched.clear()  # the restore's own setattr calls


def _remove_new_files() -> None:
    for folder, names in _files.items():
        for name in set(os.listdir(folder)) - names:
            path = os.path.join(folder, name)
            if os.path.isdir(path) and not os.path.islink(path):
                for inner, dirs, files in os.walk(path, topdown=False):
                    for file in files:
                        os.remove(os.path.join(inner, file))
                    for directory in dirs:
                        os.rmdir(os.path.join(inner, directory))
                os.rmdir(path)
            else:
                os.remove(path)


def restore() -> None:
    """Put the interpreter back as remember() found it."""
    # the builtins first, with dict methods only: the code below relies on len, all, zip …
    _builtins.clear()
    _builtins.update(_builtins_saved)
    for name in [n for n in _modules if n not in _entries]:
        del _modules[name]
    for name, module in _entries.items():
        if _modules.get(name) is not module:
            _modules[name] = module
    if not _mappings_unchanged():
        for owner, mapping, saved in zip(_owners, _live, _saved):
            _restore_mapping(owner, mapping, saved)
    for items, saved in zip(_lists, _list_items):
        if not _same_items(items, saved):
            items[:] = saved
    _restore_functions()
    sys.setrecursionlimit(_recursion_limit)
    sys.settrace(None)
    sys.setprofile(None)
    os.chdir(_cwd)
    _remove_new_files()


def _harness(source: str, filename: str) -> types.ModuleType:
    if source not in _code:
        _code[source] = compile(source, filename, "exec")
    harness = types.ModuleType("kata_harness")
    harness.__file__ = filename
    exec(_code[source], harness.__dict__)
    return harness


def prepare(source: str, filename: str) -> None:
    """Load what the harness imports, then remember the interpreter as every run starts."""
    _harness(source, filename)
    remember()


def fresh_harness(source: str, filename: str) -> dict[str, Callable[..., Any]]:
    """A new harness, not listed in sys.modules: its entry points, each running in a copy of the
    clean context. Call restore() (and remember() for new packages) first."""
    harness = _harness(source, filename)
    context = _context.copy()

    def inside(function: Callable[..., Any]) -> Callable[..., Any]:
        return lambda *args: context.run(function, *args)

    return {"run_tests": inside(harness.run_tests), "run_program": inside(harness.run_program)}
