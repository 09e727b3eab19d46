"""Thin MkDocs glue: validate the guide, then add its pages as generated files.

All knowledge of the content lives in the `loopguide` package; this file only calls it.
"""
from __future__ import annotations

import logging
import pathlib

import rcssmin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.files import File, Files, InclusionLevel

from loopguide import kata_assets, offline, sanitize, script_min, search_index, wheels
from loopguide.problems import ContentError
from loopguide.render import pages, site_files
from loopguide.validate import cached_guide

log = logging.getLogger("mkdocs.hooks.loopguide")
# mkdocs-macros reports its setup at INFO on every build; its warnings and errors still show
logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)


_serving = False  # `mkdocs serve`: no caching service worker, whose caches would hide the edits being served


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _root(config: MkDocsConfig) -> pathlib.Path:
    return pathlib.Path(config.config_file_path).resolve().parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        cached_guide(_root(config))  # fail before anything is built, with every problem listed
    except ContentError as exc:
        raise PluginError(f"the guide's content has {len(exc.problems)} problem(s):\n{exc}") from None
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    guide = cached_guide(_root(config))
    for rel, markdown in pages(guide).items():
        if files.get_file_from_path(rel) is not None:
            raise PluginError(f"docs/{rel} would hide a generated page; remove or rename it")
        # reached from index pages, not the nav: NOT_IN_NAV keeps MkDocs from listing each one
        files.append(File.generated(config, rel, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    for rel, content in site_files(guide).items():  # the mock's pool, the Anki and CSV downloads
        files.append(File.generated(config, rel, content=content))
    for css in [f for f in files if f.src_uri.startswith("assets/") and f.src_uri.endswith(".css") and f.abs_src_path
                and pathlib.Path(f.abs_src_path).is_relative_to(_root(config) / "docs")]:
        # our stylesheets keep their comments in the source; a page downloads them without (rcssmin)
        files.remove(css)
        files.append(File.generated(config, css.src_uri, content=rcssmin.cssmin(pathlib.Path(css.abs_src_path).read_text("utf-8"))))
    config.extra["kata_package_cdn"] = ""  # overrides/main.html: the CSP allows no package CDN
    if guide.katas:
        try:
            packages = wheels.source(_root(config), guide.katas)
            assets = kata_assets.runtime_files(_root(config), packages)
        except (kata_assets.MissingRuntime, wheels.WheelProblem) as exc:
            raise PluginError(str(exc)) from None
        config.extra["kata_package_cdn"] = packages.cdn or ""
        if packages.note:
            log.info(packages.note)
        for rel, source in assets.items():
            files.append(File.generated(config, rel, abs_src_path=str(source)))
    return files


@event_priority(100)  # before the search plugin and anything else reads the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The output boundary: every page's HTML through the allow-list, hand-written pages too."""
    # Material's search plugin stays only so the header includes our search partial; Pagefind
    # indexes the site (search_index.py), so Material's indexing of every page is skipped.
    page.meta["search"] = {"exclude": True}
    return sanitize.clean(html)


def on_post_build(config: MkDocsConfig) -> None:
    """The search index over the built pages (on every rebuild of `mkdocs serve` too); then our
    scripts minified, the web app manifest and the service worker, generated from the finished
    site (offline.py). Under `mkdocs serve`, readable scripts and a worker that only removes itself
    (and any earlier build's caches at that address), so no cache hides an edit."""
    site = pathlib.Path(config.site_dir)
    try:
        log.debug("search: %s", search_index.build(_root(config), site))
        if _serving:
            offline.write_serve_worker(site)
            return
        script_min.minify(_root(config), site)
        offline.write(_root(config), site)  # last: the worker's revisions are of the final files
    except (search_index.IndexFailed, script_min.MinifyFailed, offline.OfflineBuildFailed) as exc:
        raise PluginError(str(exc)) from None
