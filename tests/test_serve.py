"""`mkdocs serve` picks up an edit to a question's YAML without a restart, search index included,
and no service worker caches what it serves."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import free_port, make_project


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body and text in body:
            return True
        time.sleep(0.3)
    return False


def changed(url: str, before: str, seconds: float) -> bool:
    """The page at url is served and no longer `before` within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if fetch(url) not in (None, before):
            return True
        time.sleep(0.3)
    return False


def test_editing_yaml_updates_the_served_page(tmp_path: pathlib.Path):
    root = make_project(tmp_path)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/questions/llm-rag/prefill-vs-decode/"
        assert wait_for(url, "Generation has two phases", 60), "the page was never served"
        entry_url = f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json"
        entry = fetch(entry_url)
        assert entry and '"languages"' in entry, "no search index was served"
        worker = fetch(f"http://127.0.0.1:{port}/sw.js")  # one that caches nothing and removes itself
        assert "unregister()" in worker and "fetch" not in worker and "precache" not in worker
        question = root / "data" / "questions" / "llm-rag" / "prefill-vs-decode.yaml"
        text = question.read_text(encoding="utf-8")
        question.write_text(text.replace("Generation has two phases", "Live edit: generation has two phases"),
                            encoding="utf-8")
        assert wait_for(url, "Live edit: generation has two phases", 60), "the edit never reached the page"
        assert changed(entry_url, entry, 60), "the search index was not rebuilt with the page"
        # a broken edit is reported by the server, and fixing it brings the page back
        question.write_text(text.replace("difficulty: medium", "difficulty: hrad"), encoding="utf-8")
        time.sleep(3)
        question.write_text(text.replace("Generation has two phases", "Fixed: generation has two phases"),
                            encoding="utf-8")
        assert wait_for(url, "Fixed: generation has two phases", 60)
    finally:
        server.terminate()
        try:
            _, err = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            _, err = server.communicate()
    assert "'hrad' is not allowed" in err
