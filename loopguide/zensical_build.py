"""Build the site with Zensical, the successor of Material for MkDocs, beside the MkDocs build.

Zensical reads mkdocs.yml (through zensical.yml) and runs our macros, but no hooks. So: write a
complete docs folder first (docs_folder.py), give Zensical a copy of overrides/ whose content
partial marks where each page's own HTML begins and ends, build, then pass the marked HTML and
the search index through the same allow-list the MkDocs hook applies (sanitize.clean), and, as the
hook's on_post_build does, minify our scripts (script_min.py) and add the web app manifest and
service worker (offline.py).
"""
from __future__ import annotations

import importlib.resources
import json
import os
import pathlib
import shutil
import subprocess
import sys
from dataclasses import dataclass

from . import docs_folder, offline, sanitize, script_min, search_index, search_style, wheels
from .validate import cached_guide

CONFIG = "zensical.yml"
# made fresh in every process, like the templates' data-* mark: content cannot write these
MARK_START = f"<!--{sanitize.TEMPLATE_DATA_PREFIX}content-->"
MARK_END = f"<!--/{sanitize.TEMPLATE_DATA_PREFIX}content-->"
SEARCH_INDEX = "search.json"


class BuildFailed(Exception):
    pass


@dataclass(frozen=True)
class Folders:
    docs: pathlib.Path
    overrides: pathlib.Path
    site: pathlib.Path


def folders(root: pathlib.Path, site: pathlib.Path) -> Folders:
    """Where the docs folder and the theme overrides go for a site built at `site`."""
    root, site = root.resolve(), site.resolve()
    if not site.is_relative_to(root) or site == root:
        raise BuildFailed(f"Zensical builds only into a folder inside the project ({root}), not {site}")
    work = root / "build" / "zensical" / site.relative_to(root).as_posix().replace("/", "-")
    return Folders(work / "docs", work / "overrides", site)


def write_overrides(root: pathlib.Path, target: pathlib.Path) -> None:
    """overrides/ as it is, plus Zensical's own content partial with the page's HTML marked."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root / "overrides", target)
    partial = importlib.resources.files("zensical") / "templates" / "partials" / "content.html"
    text = partial.read_text(encoding="utf-8")
    if text.count("{{ page.content }}") != 1:
        raise BuildFailed("this Zensical's partials/content.html no longer prints {{ page.content }} once; "
                          "the sanitiser cannot find each page's HTML")
    (target / "partials").mkdir(exist_ok=True)
    (target / "partials" / "content.html").write_text(
        text.replace("{{ page.content }}", MARK_START + "{{ page.content }}" + MARK_END), encoding="utf-8")


def sanitise_page(html: str) -> str | None:
    """The page with the marked content cleaned; None for a page without content (e.g. a redirect)."""
    start, end = html.find(MARK_START), html.rfind(MARK_END)
    if start < 0 and end < 0:
        return None
    if start < 0 or end < start:
        raise BuildFailed("a page's content marks are out of order")
    return html[:start] + sanitize.clean(html[start + len(MARK_START):end]) + html[end + len(MARK_END):]


def sanitise_site(site: pathlib.Path) -> int:
    """Clean every built page's content and the search index's texts; the number of pages cleaned."""
    cleaned = 0
    for path in sorted(site.rglob("*.html")):
        page = sanitise_page(path.read_text(encoding="utf-8"))
        if page is not None:
            path.write_text(page, encoding="utf-8")
            cleaned += 1
    index_path = site / SEARCH_INDEX
    if index_path.is_file():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for item in index.get("items", index.get("docs", [])):
            for field in ("title", "text"):
                if isinstance(item.get(field), str):
                    item[field] = sanitize.clean(item[field])
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return cleaned


def build(root: pathlib.Path, site: pathlib.Path, *, clean_cache: bool = False) -> int:
    """Write the docs folder, build it with Zensical into `site`, sanitise; the pages cleaned."""
    root = root.resolve()
    where = folders(root, site)
    guide = cached_guide(root)
    packages = wheels.source(root, guide.katas)  # raises WheelProblem for a wheel the lock does not pin
    if packages.note:
        print(f"INFO    -  {packages.note}", file=sys.stderr)
    docs_folder.write(guide, root, where.docs, packages=packages)
    write_overrides(root, where.overrides)
    # relative to the project: Zensical 0.0.73 panics on an absolute docs_dir
    env = dict(os.environ, **{f"LOOPGUIDE_ZENSICAL_{name.upper()}": path.relative_to(root).as_posix()
                              for name, path in vars(where).items()})
    env["LOOPGUIDE_ZENSICAL_PACKAGE_CDN"] = packages.cdn or ""  # zensical.yml: the CSP's package origin
    env["LOOPGUIDE_TEMPLATE_PREFIX"] = sanitize.TEMPLATE_DATA_PREFIX  # the macros' widgets carry this build's mark

    command = [sys.executable, "-m", "zensical", "build", "--config-file", str(root / CONFIG), "--strict"]
    result = subprocess.run(command + (["--clean"] if clean_cache else []), cwd=root, env=env)
    if result.returncode != 0:
        raise BuildFailed(f"zensical build exited with {result.returncode}")
    cleaned = sanitise_site(where.site)
    try:
        print(f"search: {search_index.build(root, where.site)}")
        search_style.append_to(where.site)  # our search box uses Material's markup; Zensical lacks its styles
        script_min.minify(root, where.site)
        offline.write(root, where.site)  # last: the worker's revisions are of the final files
    except (search_index.IndexFailed, script_min.MinifyFailed, offline.OfflineBuildFailed) as exc:
        raise BuildFailed(str(exc)) from None
    return cleaned
