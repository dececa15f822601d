"""Notes on a valid config that never fail the check: what a switched-off tool changes, and leftovers.

Switching a tool off (`enabled: false` in tools.yaml) is a supported edit: the model is not offered it,
offline questions that need it get the "please call" reply (prompts/offline/tool_off.j2), starters naming
it disappear and `{% if tools_enabled.<tool> %}` lines drop out. `assistant check` lists that as info; a
text that still names the tool outside such a condition is a warning with its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .models import AgentConfig

SKIPPED_DIRS = {"schema", "conversations"}
_GUARD = re.compile(r"{%-?\s*if\s+tools_enabled\.(\w+)\s*-?%}")
_BLOCK = re.compile(r"{%-?\s*(if|else|elif|endif)\b[^%]*%}")


@dataclass(frozen=True)
class Notice:
    level: Literal["info", "warning"]
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line is not None else "")
        return f"{self.level}: {where}: {self.message}"


def review(config: AgentConfig) -> list[Notice]:
    label = Path(config.directory).name
    notices: list[Notice] = []
    off = [name for name, tool in config.tools.items() if not tool.enabled]
    for name in off:
        starters = [s.label for s in config.agent.widget.starters if s.tool == name]
        intents = [i.name for i in (config.intents.intents if config.intents else []) if i.tool == name]
        effects = ["the model is not offered it"]
        if intents:
            effects.append(f"offline questions for {', '.join(intents)} get the 'please call' reply")
        if starters:
            effects.append(f"the widget hides the starter{'s' if len(starters) > 1 else ''} {', '.join(starters)}")
        notices.append(Notice("info", f"{label}/tools.yaml", None, f"'{name}' is switched off: {'; '.join(effects)}."))
    if off:
        notices += _mentions(Path(config.directory), label, off)
    return notices


def _mentions(root: Path, label: str, tools: list[str]) -> list[Notice]:
    """Free text naming a switched-off tool, outside tools.yaml, `tool:` keys and `tools_enabled` conditions."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, tools)) + r")\b")
    notices = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".yaml", ".j2", ".md"}):
        relative = path.relative_to(root)
        if SKIPPED_DIRS & set(relative.parts[:-1]) or relative.as_posix() == "tools.yaml":
            continue
        guard: list[str | None] = []  # the tool each open `{% if tools_enabled.x %}` block is about
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for token in _BLOCK.finditer(line):
                keyword = token.group(1)
                if keyword == "if":
                    found = _GUARD.match(token.group())
                    guard.append(found.group(1) if found else None)
                elif keyword == "endif":
                    if guard:
                        guard.pop()
                elif guard:
                    guard[-1] = None  # the else branch is not about the tool being on
            stripped = re.sub(r"tools_enabled\.\w+", "", line)
            if re.match(r"\s*-?\s*tool:\s", stripped) or stripped.lstrip().startswith("#"):
                continue
            for match in pattern.finditer(stripped):
                if match.group(1) in guard:
                    continue
                notices.append(
                    Notice(
                        "warning",
                        f"{label}/{relative.as_posix()}",
                        number,
                        f"this text still names '{match.group(1)}', which is switched off. Reword it, or wrap it "
                        f"in {{% if tools_enabled.{match.group(1)} %}}…{{% endif %}}.",
                    )
                )
    return notices
