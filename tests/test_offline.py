"""The offline parts written after a build (loopguide/offline.py), without a browser: the manifest
and its icons, what the whole-guide download lists, and the names of the caches."""
from __future__ import annotations

import json
import struct

from conftest import ROOT
from loopguide import app_icons, offline


def test_the_manifest_takes_the_palette_colour_and_lists_both_icon_sizes():
    manifest = offline.manifest(offline._settings(ROOT))
    assert manifest["theme_color"] == "#4051b5" and manifest["background_color"] == "#ffffff"
    assert manifest["short_name"] == "loopguide" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert all("maskable" in icon["purpose"] for icon in manifest["icons"])


def test_an_icon_is_a_png_of_its_size():
    data = app_icons.png(48, "#4051b5")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (48, 48)


def test_the_whole_guide_lists_pages_files_and_python_but_not_the_shell_or_downloads(tmp_path):
    for rel in ("index.html", "loop/index.html", "404.html", "questions/x/index.html", "assets/js/a.js",
                "assets/js/a.js.map", "downloads/deck.apkg", "search/search_index.json", "assets/pyodide/pyodide.asm.wasm",
                "sw.js", "offline.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(rel * 20, encoding="utf-8")
    caches = {"pages": "lg-pages-b", "files": "lg-files-b", "python": "lg-pyodide-v"}
    groups = {g["name"]: g for g in offline.whole_guide(tmp_path, caches, {"index.html", "assets/js/a.js"})}
    assert groups["pages"]["urls"] == ["loop/", "questions/x/"]  # the precached home and the 404 page are not
    assert groups["files"]["urls"] == ["search/search_index.json"]
    assert groups["python"]["urls"] == ["assets/pyodide/pyodide.asm.wasm"]
    assert all(g["count"] == len(g["urls"]) and 0 < g["gzip"] < g["raw"] for g in groups.values())


def test_the_python_cache_changes_name_when_a_runtime_file_changes(tmp_path):
    lock = tmp_path / "assets" / "pyodide" / "pyodide-lock.json"
    lock.parent.mkdir(parents=True)
    lock.write_text(json.dumps({"packages": {}}), encoding="utf-8")
    before = offline.python_cache(ROOT, tmp_path)
    lock.write_text(json.dumps({"packages": {"numpy": {}}}), encoding="utf-8")
    after = offline.python_cache(ROOT, tmp_path)
    version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8"))["version"]
    assert before != after and before.startswith(f"lg-pyodide-{version}-") and after.startswith(f"lg-pyodide-{version}-")


def test_under_serve_the_worker_caches_nothing_and_removes_itself(tmp_path):
    offline.write_serve_worker(tmp_path)
    worker = (tmp_path / offline.WORKER).read_text(encoding="utf-8")
    assert "unregister()" in worker and "caches.delete" in worker
    assert "fetch" not in worker and "respondWith" not in worker
