"""`python -m loopguide wheels fetch`: the deploy workflow's download of the wheels the katas need,
each checked against the sha256 Pyodide's lock file pins (served here by a local folder)."""
from __future__ import annotations

import hashlib
import json
import pathlib

import pytest

from browser import serve
from loopguide import wheels

KATAS = [{"id": "a", "packages": ["numpy"]}, {"id": "b", "packages": []}, {"id": "c", "packages": ["scipy"]}]


def lock_for(files: dict[str, bytes], depends: dict[str, list[str]]) -> dict:
    return {"packages": {name: {"file_name": f"{name}-1.0-py3-none-any.whl", "sha256": hashlib.sha256(body).hexdigest(),
                                "depends": depends.get(name, [])} for name, body in files.items()}}


@pytest.fixture()
def project(tmp_path) -> pathlib.Path:
    """A project whose lock pins numpy, scipy (which needs numpy) and an unused package."""
    pyodide = tmp_path / "node_modules" / "pyodide"
    pyodide.mkdir(parents=True)
    lock = lock_for({"numpy": b"numpy bytes", "scipy": b"scipy bytes", "unused": b"x"}, {"scipy": ["numpy"]})
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    return tmp_path


def test_the_needed_wheels_are_the_declared_packages_and_their_dependencies(project):
    lock = wheels.lock(project)
    assert [w.name for w in wheels.needed(KATAS, lock)] == ["numpy", "scipy"]
    assert [w.name for w in wheels.needed([{"id": "b", "packages": []}], lock)] == []
    with pytest.raises(wheels.WheelProblem, match="kata d needs pandas, which pyodide-lock.json does not list"):
        wheels.needed([{"id": "d", "packages": ["pandas"]}], lock)


def test_fetch_keeps_only_wheels_whose_sha256_matches_the_lock(project, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "numpy-1.0-py3-none-any.whl").write_bytes(b"numpy bytes")
    (mirror / "scipy-1.0-py3-none-any.whl").write_bytes(b"scipy bytes")
    with serve(mirror) as url:
        lines = wheels.fetch(project, KATAS, "wheels", url + "/")
        assert lines == [f"wheels/{n}-1.0-py3-none-any.whl: downloaded, sha256 "
                         f"{hashlib.sha256(f'{n} bytes'.encode()).hexdigest()} matches pyodide-lock.json" for n in ("numpy", "scipy")]
        assert (project / "wheels" / "scipy-1.0-py3-none-any.whl").read_bytes() == b"scipy bytes"
        assert wheels.fetch(project, KATAS, "wheels", url + "/")[0].endswith("already there, sha256 matches")
        (mirror / "scipy-1.0-py3-none-any.whl").write_bytes(b"other bytes")
        with pytest.raises(wheels.WheelProblem, match=r"scipy-1.0-py3-none-any.whl: sha256 [0-9a-f]{64} does not match "
                                                      r"pyodide-lock.json's [0-9a-f]{64}; nothing kept"):
            wheels.fetch(project, KATAS, "fresh", url + "/")
    assert sorted(p.name for p in (project / "fresh").iterdir()) == ["numpy-1.0-py3-none-any.whl"]


def test_a_build_folder_missing_a_wheel_names_it_and_the_command_that_fetches_it(project):
    (project / "wheels").mkdir()
    (project / "wheels" / "numpy-1.0-py3-none-any.whl").write_bytes(b"numpy bytes")
    with pytest.raises(wheels.WheelProblem) as problem:
        wheels.source(project, KATAS, "wheels")
    assert str(problem.value) == ("wheels/scipy-1.0-py3-none-any.whl: missing (scipy is needed by a kata); "
                                  "run `python -m loopguide wheels fetch wheels`")
