"""Run a kata's check (`kata_check.problems`) in a child process with limits: kata code arrives
by pull request, so it never runs in the validator's or the test runner's own process.

The child gets a wall-clock timeout, a CPU-time and memory cap, an output cap, a fresh scratch
folder as its working directory, and an audit hook that refuses writes outside that folder, new
processes and network connections. A crash, a hang, `os._exit`, a memory bomb, an output flood
or a write outside the scratch folder fails that kata with a sentence; the caller keeps running.

An audit hook is not a wall against native code (ctypes can step around it); it keeps honest
mistakes and casual tricks in. The limits and the separate process are what CI relies on.
"""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import tempfile
from typing import Any

WALL_SECONDS = 20  # a kata's whole check takes well under a second in CPython
MEMORY_BYTES = 2 * 1024**3
OUTPUT_BYTES = 1024 * 1024


def problems(kata: dict[str, Any], *, wall_seconds: float = WALL_SECONDS) -> list[str]:
    """Plain sentences naming what is wrong with a kata; empty when it is sound."""
    name = kata.get("id", "kata")
    with tempfile.TemporaryDirectory(prefix="loopguide-kata-") as tmp:
        scratch = pathlib.Path(tmp) / "scratch"
        scratch.mkdir()
        result_path = pathlib.Path(tmp) / "result.json"
        output_path = pathlib.Path(tmp) / "output.txt"
        with open(result_path, "w+b") as result, open(output_path, "w+b") as output:
            try:
                proc = subprocess.run(
                    [sys.executable, "-I", "-m", "loopguide.kata_box", str(scratch), str(result.fileno())],
                    input=json.dumps(kata).encode(), stdout=output, stderr=output,
                    cwd=scratch, env=_child_env(scratch), pass_fds=(result.fileno(),),
                    timeout=wall_seconds, preexec_fn=_limits, start_new_session=True,
                )
            except subprocess.TimeoutExpired:
                return [f"{name}: the kata's code ran longer than {wall_seconds:g} s and was stopped "
                        "(an endless loop, or a thread that never ends?)"]
            result.seek(0)
            raw = result.read()
    if proc.returncode < 0 or not raw:
        return [f"{name}: {_why_it_ended(proc.returncode)}"]
    try:
        found = json.loads(raw)
    except ValueError:
        return [f"{name}: the kata's code wrote over the checker's result"]
    return [str(p) for p in found]


def _child_env(scratch: pathlib.Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")}
    return {**keep, "HOME": str(scratch), "TMPDIR": str(scratch), "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}


def _limits() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (WALL_SECONDS, WALL_SECONDS + 5))
    # Python ignores SIGXFSZ: a write past the cap raises OSError (File too large) in the kata's code
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_BYTES, OUTPUT_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _why_it_ended(returncode: int) -> str:
    import signal

    if returncode == -signal.SIGXCPU:
        return "the kata's code used more than its CPU time and was stopped"
    if returncode < 0:
        return f"the kata's code crashed the checker (signal {-returncode}); it may have run out of memory"
    return "the kata's code ended the checker before it could report (os._exit, or a crash)"


# --- the child side -----------------------------------------------------------------------------

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_REFUSED_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "pty.spawn", "socket.connect", "socket.bind", "socket.sendto", "os.kill", "os.killpg", "os.setsid",
}
_PATH_EVENTS = {"os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.symlink",
                "os.link", "os.truncate", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile"}


class _Refused:
    def __init__(self) -> None:
        self.what: list[str] = []


def _audit_hook(scratch: str, refused: _Refused):
    def inside(path: Any) -> bool:
        if isinstance(path, int):
            return True  # an already open descriptor
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real == scratch or real.startswith(scratch + os.sep) or real == os.devnull

    def hook(event: str, args: tuple) -> None:
        reason = None
        if event == "open":
            path, mode, flags = (list(args) + [None, None, 0])[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool((flags or 0) & _WRITE_FLAGS)
            if writing and path is not None and not inside(path):
                reason = f"write to {path}"
        elif event in _PATH_EVENTS:
            if not all(inside(a) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))):
                reason = f"{event} outside its scratch folder"
        elif event in _REFUSED_EVENTS:
            reason = event
        if reason:
            refused.what.append(reason)
            raise PermissionError(f"not allowed while a kata is checked: {reason}")
    return hook


def _child(scratch: str, result_fd: int) -> None:
    kata = json.loads(sys.stdin.read())
    from . import kata_check, kata_harness  # imported before the hook: the package's own files are read first

    checker = {m.__name__: dict(vars(m)) for m in (kata_check, kata_harness)}
    refused = _Refused()
    sys.addaudithook(_audit_hook(os.path.realpath(scratch), refused))
    found = kata_check.problems(kata)
    changed = sorted(f"{m.__name__}.{k}" for m in (kata_check, kata_harness)
                     for k, v in checker[m.__name__].items() if vars(m).get(k) is not v)
    if changed:
        found.append(f"{kata.get('id', 'kata')}: the kata's code changed the checker itself ({', '.join(changed[:3])})")
    if refused.what:
        found.append(f"{kata.get('id', 'kata')}: the kata's code tried something a kata may not do: "
                     + "; ".join(sorted(set(refused.what))[:3]))
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(found))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter shutdown: a thread the kata left running must not hold the exit


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]))
