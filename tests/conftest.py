"""Shared helpers: a throwaway copy of the project with chosen content."""
from __future__ import annotations

import contextlib
import itertools
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
from typing import Iterator

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXEMPLAR = ROOT / "data" / "questions" / "llm-rag" / "prefill-vs-decode.yaml"
PROJECT_PARTS = ("mkdocs.yml", "zensical.yml", "docs", "overrides", "hooks", "schemas", "loopguide", "web", "CONTRIBUTING.md")
CHROMIUM = os.environ.get("LOOPGUIDE_CHROMIUM", "/usr/bin/chromium")  # the Makefile's CHROMIUM
FIGURES = pytest.StashKey[list[str]]()
BUILD_LOGS: dict[pathlib.Path, str] = {}  # built site -> what its build printed (stdout, then stderr)


def make_project(dest: pathlib.Path, questions: dict[str, str] | None = None) -> pathlib.Path:
    """Copy the project's site setup and core data into dest, with only the given questions.

    `questions` maps a path under data/questions/ (e.g. "llm-rag/x.yaml") to its text; by
    default the exemplar question alone.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")  # Pyodide's core, for kata pages
    data = dest / "data"
    (data / "phases").mkdir(parents=True)
    for name in ("rounds.yaml", "categories.yaml", "diagnostic.yaml", "levels.yaml", "mock.yaml"):
        shutil.copy2(ROOT / "data" / name, data / name)
    # the diagnostic names cases, katas and questions the copy mostly lacks; its topics stay
    diagnostic = data / "diagnostic.yaml"
    diagnostic.write_text(re.sub(r"^ {6}(cases|katas|questions): \[.*\]\n", "", diagnostic.read_text(encoding="utf-8"),
                                 flags=re.M), encoding="utf-8")
    for phase in (ROOT / "data" / "phases").glob("*.yaml"):  # without what trains each checklist item
        text = re.sub(r"^ {4}trains:\n(?: {6}.*\n)+", "", phase.read_text(encoding="utf-8"), flags=re.M)
        (data / "phases" / phase.name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "data" / "calculators", data / "calculators")  # questions may show one
    if questions is None:
        questions = {"llm-rag/prefill-vs-decode.yaml": EXEMPLAR.read_text(encoding="utf-8")}
    for rel, text in questions.items():
        path = data / "questions" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dest


def run(args: list[str], cwd: pathlib.Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def loopguide(root: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "loopguide", "--root", str(root), *args], cwd=ROOT)


def mkdocs(root: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", *args], cwd=root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pytest_addoption(parser) -> None:
    parser.addoption("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                     help="which engine builds built_site and mini_site (make test runs the browser "
                          "tests not marked mkdocs_only a second time with zensical)")


def build_site(root: pathlib.Path, out: pathlib.Path, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """A strict build of the project at root into out (for Zensical, out must lie inside root)."""
    if engine == "zensical":
        return loopguide(root, "site", "--engine", "zensical", "-o", str(out))
    return mkdocs(root, "build", "--strict", "--site-dir", str(out))


@pytest.fixture(scope="session")
def engine(pytestconfig) -> str:
    return pytestconfig.getoption("engine")


@contextlib.contextmanager
def real_site(engine: str, tmp_path_factory) -> Iterator[pathlib.Path]:
    """The real site built with --strict by one engine; Zensical writes only inside the project,
    so its build goes to a folder of its own under build/, removed afterwards."""
    if engine == "zensical":
        from loopguide.zensical_build import folders

        out = ROOT / "build" / f"pytest-{os.getpid()}-{next(_numbers)}" / "site"
    else:
        out = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, out, engine)
    assert result.returncode == 0, result.stderr[-4000:]
    BUILD_LOGS[out] = result.stdout + result.stderr
    try:
        yield out
    finally:
        if engine == "zensical":
            shutil.rmtree(folders(ROOT, out).docs.parent, ignore_errors=True)
            shutil.rmtree(out.parent, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, engine: str) -> Iterator[pathlib.Path]:
    """The real site, built once by the engine chosen with --engine."""
    with real_site(engine, tmp_path_factory) as out:
        yield out


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory, engine: str) -> pathlib.Path:
    """A small site (core data and one question) for widget tests that do not need the whole bank."""
    root = make_project(tmp_path_factory.mktemp("mini"))
    out = root / "site"
    result = build_site(root, out, engine)
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test."""
    from browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="session")
def pages(built_site: pathlib.Path):
    """Every built HTML page, read once (sitehtml.Page by URL path) for the budget and integrity tests."""
    from sitehtml import read_site

    return read_site(built_site)


@pytest.fixture(scope="session")
def site(built_site: pathlib.Path):
    """The real site on a local server: its base URL."""
    from browser import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture()
def page(browser):
    """A fresh context and page that records page errors and request URLs. The package CDN is
    unreachable, as it is in CI, so every run sees the same network."""
    context = browser.new_context(accept_downloads=True)
    context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


@pytest.fixture(scope="session")
def record_figure(pytestconfig):
    """record_figure(line): a measured figure, printed in the "loopguide figures" summary section."""
    return pytestconfig.stash.setdefault(FIGURES, []).append


def pytest_terminal_summary(terminalreporter, config) -> None:
    figures = config.stash.get(FIGURES, [])
    if figures:
        terminalreporter.section("loopguide figures")
        for line in figures:
            terminalreporter.write_line(line)
