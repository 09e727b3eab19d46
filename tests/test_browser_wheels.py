"""Kata packages published with the site (issue #18): a build given a folder of wheels checks each
against the sha256 pyodide-lock.json pins, serves it beside Pyodide's core and points the kata
worker there; a wheel that does not match fails the build; without the folder the CDN stays the
source and the build log says so once.

No real wheel can be downloaded here, so the project's Pyodide folder is the real core with a
lock file whose NumPy entry pins a planted wheel: a small but real wheel whose numpy module says
where it came from. Pyodide itself checks the lock's sha256 again when it fetches the wheel, and
imports it, so the kata's Python proves which file it got."""
from __future__ import annotations

import hashlib
import html
import io
import json
import pathlib
import re
import zipfile

import pytest

from browser import serve
from conftest import ROOT, build_site
from test_browser_katas import open_kata, press, set_code
from test_engines import _project_with_a_kata

pytestmark = pytest.mark.browser
LOCK = json.loads((ROOT / "node_modules" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
NUMPY = LOCK["packages"]["numpy"]
KATA = "cosine-similarity"
CDN = "https://cdn.jsdelivr.net/pyodide/"
PLANTED = "numpy planted for the wheel test, served by the site"
CDN_NOTE = re.compile(r"kata packages \(numpy\) will load from https://cdn\.jsdelivr\.net/pyodide/")


def planted_wheel() -> bytes:
    """A wheel Pyodide can install: a numpy package that says where it came from."""
    buffer = io.BytesIO()
    info = f"numpy-{NUMPY['version']}.dist-info"
    with zipfile.ZipFile(buffer, "w") as wheel:
        # the harness seeds numpy.random before each run
        wheel.writestr("numpy/__init__.py", f"PLANTED = {PLANTED!r}\nfrom . import random\n")
        wheel.writestr("numpy/random.py", "def seed(value):\n    pass\n")
        wheel.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: numpy\nVersion: {NUMPY['version']}\n")
        wheel.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: loopguide-test\nRoot-Is-Purelib: false\n")
        wheel.writestr(f"{info}/RECORD", "")
    return buffer.getvalue()


def project_pinning(root: pathlib.Path, wheel: bytes) -> None:
    """The project's node_modules/pyodide: the real core, with a lock that pins `wheel` as NumPy."""
    (root / "node_modules").unlink()  # make_project's link to the real node_modules
    pyodide = root / "node_modules" / "pyodide"
    pyodide.mkdir(parents=True)
    for other in (ROOT / "node_modules").iterdir():  # the rest (Pagefind, Workbox) as they are
        if other.name != "pyodide":
            (root / "node_modules" / other.name).symlink_to(other)
    for source in (ROOT / "node_modules" / "pyodide").iterdir():
        if source.name != "pyodide-lock.json":
            (pyodide / source.name).symlink_to(source)
    lock = json.loads(json.dumps(LOCK))
    lock["packages"]["numpy"]["sha256"] = hashlib.sha256(wheel).hexdigest()
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> pathlib.Path:
    root = _project_with_a_kata(tmp_path_factory.mktemp("wheels") / "project")
    wheel = planted_wheel()
    project_pinning(root, wheel)
    (root / "wheels").mkdir()
    (root / "wheels" / NUMPY["file_name"]).write_bytes(wheel)
    return root


def build(root: pathlib.Path, out: str, engine: str, monkeypatch, wheels: str | None):
    if wheels is None:
        monkeypatch.delenv("LOOPGUIDE_WHEELS", raising=False)
    else:
        monkeypatch.setenv("LOOPGUIDE_WHEELS", wheels)
    return build_site(root, root / out, engine)


def csp(site: pathlib.Path) -> str:
    page = (site / "katas" / KATA / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))


def test_a_matching_wheel_is_served_by_the_site_and_is_where_the_kata_gets_numpy(project, engine, monkeypatch, page):
    result = build(project, "site-wheels", engine, monkeypatch, "wheels")  # relative: the project's folder
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site-wheels"
    published = site / "assets" / "pyodide" / NUMPY["file_name"]
    assert published.read_bytes() == (project / "wheels" / NUMPY["file_name"]).read_bytes()
    assert "jsdelivr" not in (site / "assets" / "kata" / "packages.mjs").read_text(encoding="utf-8")
    assert csp(site).startswith("connect-src 'self'; ")
    assert not CDN_NOTE.search(result.stdout + result.stderr)
    with serve(site) as url:
        open_kata(page, url, KATA)
        set_code(page, "import numpy\nprint(numpy.PLANTED)\n")
        press(page, "Run")
        assert PLANTED in page.locator(".lg-kata__output").inner_text()
    wheel_requests = [u for u in page.requests if u.endswith(".whl")]
    assert wheel_requests == [f"{url}/assets/pyodide/{NUMPY['file_name']}"]
    assert not [u for u in page.requests if u.startswith(CDN)]


def test_a_wheel_that_does_not_match_the_lock_fails_the_build_and_says_which(project, engine, monkeypatch, tmp_path):
    wrong = project / "wheels-wrong"
    wrong.mkdir()
    (wrong / NUMPY["file_name"]).write_bytes(planted_wheel() + b"tampered")
    actual = hashlib.sha256((wrong / NUMPY["file_name"]).read_bytes()).hexdigest()
    pinned = json.loads((project / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())["packages"]["numpy"]["sha256"]
    result = build(project, "site-wrong", engine, monkeypatch, "wheels-wrong")
    assert result.returncode != 0
    assert (f"wheels-wrong/{NUMPY['file_name']}: sha256 {actual} does not match pyodide-lock.json's {pinned}"
            in result.stderr), result.stderr[-3000:]
    assert not (project / "site-wrong" / "assets" / "pyodide" / NUMPY["file_name"]).exists()


def test_without_wheels_the_cdn_stays_the_source_and_the_log_says_so_once(project, engine, monkeypatch):
    result = build(project, "site-cdn", engine, monkeypatch, None)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site-cdn"
    assert len(CDN_NOTE.findall(result.stdout + result.stderr)) == 1, result.stderr[-3000:]
    assert not list((site / "assets" / "pyodide").glob("*.whl"))
    assert CDN in (site / "assets" / "kata" / "packages.mjs").read_text(encoding="utf-8")
    assert csp(site).startswith(f"connect-src 'self' {CDN}; ")
