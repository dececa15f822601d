"""Config problems are written for the people who edit agent_config/, not for programmers.

Every problem names the file, the line, the key path, what is wrong and (when we can guess) the fix.
The loader collects all of them before raising, so one `make check-config` shows the whole list.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ConfigProblem:
    file: str  # as shown to people, e.g. "agent_config/tools.yaml"
    line: int | None
    key_path: str | None  # "tools.check_zip_coverage.auth"
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.key_path:
            where += f" ({self.key_path})"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n  Hint: {self.hint}"
        return text


class ConfigError(Exception):
    """agent_config/ is broken; `problems` lists everything that is wrong, in file order."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.key_path or ""))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"agent_config has {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([head, *(str(p) for p in self.problems)])


def did_you_mean(value: object, choices: Iterable[str]) -> str | None:
    """'did you mean X?' for the closest choice, or None when nothing is close enough to help."""
    if not isinstance(value, str):
        return None
    choices = list(choices)
    matches = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if value.lower() in lowered:
            matches = [lowered[value.lower()]]
    return f"did you mean '{matches[0]}'?" if matches else None
