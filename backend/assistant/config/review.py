"""Notes on a valid config that never fail the check: what a switched-off tool changes, and leftovers.

Switching a tool off (`enabled: false` in tools.yaml) is a supported edit: the model is not offered it,
offline questions that need it get the "please call" reply (prompts/offline/tool_off.j2), starters naming
it disappear and `{% if tools_enabled.<tool> %}` lines drop out. `assistant check` lists that as info; a
text that still names the tool outside such a condition is a warning with its file and line.

They are ConfigProblems with severity info/warning, collected by the loader with every other check, so
`config.notices`, `make check-config` and the start-up banner's warning count all include them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import ConfigProblem
from .models import AgentSettings, ToolConfig

SKIPPED_DIRS = {"schema", "conversations"}
_GUARD = re.compile(r"{%-?\s*if\s+tools_enabled\.(\w+)\s*-?%}")
_BLOCK = re.compile(r"{%-?\s*(if|else|elif|endif)\b[^%]*%}")


def review(directory: Path, agent: AgentSettings, tools: dict[str, ToolConfig], intents: Any) -> list[ConfigProblem]:
    """Notes on the switched-off tools of an otherwise checked config (`intents`: offline intents or None)."""
    label = Path(directory).name
    notices: list[ConfigProblem] = []
    off = [name for name, tool in tools.items() if not tool.enabled]
    for name in off:
        starters = [s.label for s in agent.widget.starters if s.tool == name]
        needing = [i.name for i in (intents.intents if intents else []) if i.tool == name]
        effects = ["the model is not offered it"]
        if needing:
            effects.append(f"offline questions for {', '.join(needing)} get the 'please call' reply")
        if starters:
            effects.append(f"the widget hides the starter{'s' if len(starters) > 1 else ''} {', '.join(starters)}")
        notices.append(
            ConfigProblem(
                f"{label}/tools.yaml",
                None,
                f"tools.{name}",
                f"'{name}' is switched off: {'; '.join(effects)}.",
                severity="info",
            )
        )
    if off:
        notices += _mentions(Path(directory), label, off)
    return notices


def _mentions(root: Path, label: str, tools: list[str]) -> list[ConfigProblem]:
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
                    ConfigProblem(
                        f"{label}/{relative.as_posix()}",
                        number,
                        None,
                        f"this text still names '{match.group(1)}', which is switched off.",
                        hint=f"reword it, or wrap it in {{% if tools_enabled.{match.group(1)} %}}…{{% endif %}}.",
                        severity="warning",
                    )
                )
    return notices
