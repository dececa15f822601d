"""Config problems are written for the people who edit agent_config/, not for programmers.

Every problem names the file, the line, the key path, what is wrong and (when we can guess) the fix.
The loader collects all of them before raising, so one `make check-config` shows the whole list.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

# error: the config is refused (check fails, the assistant does not answer).
# warning: probably a mistake, shown by the check and at startup, but the config is used.
# info: worth knowing (e.g. what a disabled tool switches off); shown by the check only.
Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class ConfigProblem:
    file: str  # as shown to people, e.g. "agent_config/tools.yaml"
    line: int | None
    key_path: str | None  # "tools.check_zip_coverage.auth"
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.key_path:
            where += f" ({self.key_path})"
        label = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{where}: {label}{self.message}"
        if self.hint:
            text += f"\n  Hint: {self.hint}"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def in_file_order(problems: Iterable[ConfigProblem]) -> list[ConfigProblem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.key_path or "", p.message))


def notices_report(notices: Iterable[ConfigProblem]) -> str:
    """Warnings and information lines, e.g. under 'agent_config is valid'; empty when there are none."""
    return "\n".join(str(p) for p in in_file_order(notices))


class ConfigError(Exception):
    """agent_config/ is broken; `problems` lists every error, in file order, and `notices` the warnings/info."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = in_file_order(p for p in problems if p.is_error)
        self.notices = in_file_order(p for p in problems if not p.is_error)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"agent_config has {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([head, *(str(p) for p in self.problems)])

    def full_report(self) -> str:
        """The errors, then the warnings and information lines (what `make check-config` prints)."""
        if not self.notices:
            return self.report()
        count = len(self.notices)
        return f"{self.report()}\n\nand {count} note{'s' if count != 1 else ''} (not errors):\n{notices_report(self.notices)}"


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
