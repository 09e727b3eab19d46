"""A problem found in content, reported as `path:line:col: json.path: message`."""
from __future__ import annotations

from dataclasses import dataclass

JsonPath = tuple[str | int, ...]


def format_path(path: JsonPath) -> str:
    """`('follow_ups', 0, 'answer')` -> `follow_ups[0].answer`; the root is `$`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "$"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.path}: {self.message}"


class ContentError(Exception):
    """Raised when the guide does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
