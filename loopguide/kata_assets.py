"""Files the kata runner needs in the built site: Pyodide's core (self-hosted) and the test harness."""
from __future__ import annotations

import pathlib

from . import kata_harness, kata_reset, wheels

# The core; packages such as NumPy are published beside it or come from the CDN (wheels.py).
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PYODIDE_DIR = "assets/pyodide"
HARNESS = "assets/kata/kata_harness.py"
BOX = "assets/kata/kata_reset.py"


class MissingRuntime(Exception):
    pass


def runtime_files(root: pathlib.Path, packages: wheels.Source | None = None) -> dict[str, pathlib.Path]:
    """{path in the site: source file} for the runner's assets; packages from the CDN unless given."""
    package = root / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_CORE if not (package / name).is_file()]
    if missing:
        raise MissingRuntime(
            f"the kata pages need Pyodide, but {package.relative_to(root)}/ lacks {', '.join(missing)}; "
            "run `npm ci` (or `make serve`, which runs it) and build again")
    files = {f"{PYODIDE_DIR}/{name}": package / name for name in PYODIDE_CORE}
    files[HARNESS] = pathlib.Path(kata_harness.__file__)
    files[BOX] = pathlib.Path(kata_reset.__file__)
    files.update(packages.files if packages else {wheels.WORKER_MODULE: wheels.MODULES / "cdn.mjs"})
    return files
