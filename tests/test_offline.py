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


def test_the_worker_precaches_the_shell_and_reports_what_it_could_not(tmp_path, caplog):
    (tmp_path / "assets" / "js").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    (tmp_path / "assets" / "js" / "dom.js").write_text("export const x = 1;", encoding="utf-8")
    (tmp_path / "assets" / "js" / "huge.js").write_text("a" * 3_000_000, encoding="utf-8")
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "index.html").write_text("<h1>Loop</h1>", encoding="utf-8")  # not part of the shell
    caches = {"pages": "lg-pages-b", "files": "lg-files-b", "python": "lg-pyodide-v"}
    with caplog.at_level("WARNING", logger="mkdocs.hooks.loopguide"):
        worker = offline.generate_worker(ROOT, tmp_path, {"caches": caches, "cleanup": "sw-cleanup.js?build=b",
                                                          "pyodide": "assets/pyodide/"})
    assert sorted(worker["urls"]) == ["assets/js/dom.js", "index.html"]
    assert "huge.js is 3 MB, and won't be precached" in caplog.text
    script = (tmp_path / offline.WORKER).read_text(encoding="utf-8")
    assert 'importScripts("sw-cleanup.js?build=b")' in script and "SKIP_WAITING" in script
    assert all(f'"{name}"' in script for name in caches.values())
