"""The kata box's Python half (F17): the harness judges plain data only, and kata_reset.py puts the
interpreter back after a run that patched it. The browser tests show the same end to end."""
from __future__ import annotations

import collections
import sys
import textwrap

import pytest

from conftest import ROOT, run
from loopguide import kata_harness

SPEC = {"entrypoint": "f", "tests": [{"name": "pair", "call": "f()", "expected": "[1, 2]"}]}


class Anything:
    __module__ = "numpy"

    def __eq__(self, other):
        return True

    def __getitem__(self, index):
        return self


def test_an_object_that_equals_anything_is_not_plain_data():
    with pytest.raises(kata_harness.NotPlain, match="returned a Anything object"):
        kata_harness.plain(Anything())
    code = "class Anything:\n    def __eq__(self, other):\n        return True\n\ndef f():\n    return Anything()\n"
    result = kata_harness.run_tests(SPEC, code)[0]
    assert not result["passed"] and result["detail"].startswith("returned a Anything object")


def test_an_object_that_claims_a_built_in_class_is_refused():
    code = "class Liar:\n    __class__ = list\n    def __eq__(self, other):\n        return True\n\ndef f():\n    return Liar()\n"
    assert not kata_harness.run_tests(SPEC, code)[0]["passed"]


def test_subclasses_of_built_in_types_become_the_built_in_types():
    Point = collections.namedtuple("Point", "x y")

    class Loud(int):
        def __eq__(self, other):
            return True

    value = kata_harness.plain({"p": Point(1, 2), "c": collections.Counter("aab"), "n": Loud(3)})
    assert value == {"p": (1, 2), "c": {"a": 2, "b": 1}, "n": 3}
    assert type(value["p"]) is tuple and type(value["c"]) is dict and type(value["n"]) is int


def test_numpy_values_stay_arrays_or_become_python_numbers():
    np = pytest.importorskip("numpy")
    array = kata_harness.plain(np.arange(3.0))
    assert type(array) is np.ndarray and array.tolist() == [0.0, 1.0, 2.0]
    assert type(kata_harness.plain(np.float32(0.5))) is float
    with pytest.raises(kata_harness.NotPlain):
        kata_harness.plain(np.array([Anything()], dtype=object))


BOX_SCRIPT = textwrap.dedent("""
    import builtins, collections, json, os, sys, warnings
    sys.path.insert(0, {root!r})
    from loopguide import kata_harness, kata_reset
    source = open(kata_harness.__file__).read()
    kata_reset.prepare(source, "kata_harness.py")
    # what a run could do
    import fractions
    sys.modules["kata_harness"] = "patched"
    builtins.len = lambda x: 0
    collections.Counter = dict
    collections.UserDict.extra = 1
    json.dumps.__kwdefaults__ = None
    warnings.simplefilter("error")
    sys.setrecursionlimit(50)
    kata_reset.restore()
    assert len([1, 2]) == 2
    assert json.dumps.__kwdefaults__["indent"] is None
    assert collections.Counter is not dict
    assert not hasattr(collections.UserDict, "extra")
    assert "fractions" not in sys.modules and "kata_harness" not in sys.modules
    assert not any(f[0] == "error" for f in warnings.filters)
    assert sys.getrecursionlimit() > 50
    entry = kata_reset.fresh_harness(source, "kata_harness.py")
    spec = {{"entrypoint": "f", "tests": [{{"name": "t", "call": "f()", "expected": "2"}}]}}
    assert entry["run_tests"](spec, "def f():\\n    return 2\\n")[0]["passed"]
    print("restored")
""")


def test_the_box_undoes_a_runs_patches():
    result = run([sys.executable, "-c", BOX_SCRIPT.format(root=str(ROOT))], cwd=ROOT, timeout=60)
    assert result.stdout.strip() == "restored", result.stderr[-2000:]
