"""Our widget scripts, minified in the built site by esbuild, as the hook minifies our stylesheets
(rcssmin): the sources in docs/assets/js keep their comments; a page downloads them without.
Each file stays an ES module with the same imports and exports (a transform, not a bundle)."""
from __future__ import annotations

import pathlib
import subprocess

SCRIPTS = pathlib.PurePosixPath("assets/js")


class MinifyFailed(Exception):
    pass


def minify(root: pathlib.Path, site: pathlib.Path) -> int:
    """Minify every script under the site's assets/js in place; how many."""
    folder = site / SCRIPTS
    scripts = sorted(folder.glob("*.js"))
    if not scripts:
        return 0
    esbuild = root / "node_modules" / ".bin" / "esbuild"
    if not esbuild.is_file():
        raise MinifyFailed(f"{esbuild.relative_to(root)} is missing; run `npm ci` (or `make setup`) and build again")
    result = subprocess.run([str(esbuild), *map(str, scripts), "--minify", f"--outdir={folder}", "--allow-overwrite",
                             "--log-level=warning"], capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise MinifyFailed(f"esbuild could not minify {folder}: {result.stderr.strip()}")
    return len(scripts)
