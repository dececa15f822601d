"""The behaviour diff, written for a reviewer: plain text for the terminal, markdown for a GitHub job summary."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from tests.conversations.runner import CaseRun, SideResult

_LIMIT = 700  # characters of a reply shown per side


@dataclass
class CaseChange:
    name: str
    file: str
    what: list[str]  # "reply", "tools", "PASS → FAIL", "new case", "removed case"
    turns: list[tuple[int, str, str, str, str, str]]  # (n, user, old reply, new reply, old tools, new tools)
    failures: list[str]


def compare(base: SideResult, new: SideResult) -> list[CaseChange]:
    changes = []
    for name in sorted(set(base.cases) | set(new.cases), key=lambda n: _order(n, base, new)):
        old, now = base.cases.get(name), new.cases.get(name)
        if old is None or now is None:
            case = now or old
            assert case is not None
            what = ["new case" if old is None else "removed case"]
            changes.append(CaseChange(name, case.file, what, _turns(old, now), now.failures() if now else []))
            continue
        what, turns = [], []
        for n, (a, b) in enumerate(zip(old.turns, now.turns, strict=False), 1):
            if a.reply != b.reply or a.tools != b.tools:
                turns.append((n, b.user, a.reply, b.reply, _tools(a.tools), _tools(b.tools)))
                if a.reply != b.reply and "reply" not in what:
                    what.append("reply")
                if a.tools != b.tools and "tools" not in what:
                    what.append("tools")
        if len(old.turns) != len(now.turns) or old.crashed != now.crashed:
            turns += _turns(old, now)[len(turns) :] if not turns else []
            what.append("turns")
        if old.passed != now.passed:
            what.append(f"{_status(old)} → {_status(now)}")
        if what:
            changes.append(CaseChange(name, now.file, what, turns, now.failures()))
    return changes


def _order(name: str, base: SideResult, new: SideResult) -> tuple[str, str]:
    case = new.cases.get(name) or base.cases.get(name)
    return (case.file if case else "", name)


def _status(case: CaseRun) -> str:
    return "PASS" if case.passed else "FAIL"


def _turns(old: CaseRun | None, new: CaseRun | None) -> list[tuple[int, str, str, str, str, str]]:
    a, b = (old.turns if old else []), (new.turns if new else [])
    rows = []
    for n in range(max(len(a), len(b))):
        x, y = (a[n] if n < len(a) else None), (b[n] if n < len(b) else None)
        user = (y or x).user  # type: ignore[union-attr]
        rows.append(
            (
                n + 1,
                user,
                x.reply if x else "—",
                y.reply if y else "—",
                _tools(x.tools if x else []),
                _tools(y.tools if y else []),
            )
        )
    return rows


def _tools(calls: list[tuple[str, dict[str, Any]]]) -> str:
    return "; ".join(f"{name} {json.dumps(args, ensure_ascii=False, default=str)}" for name, args in calls) or "none"


def _cut(text: str) -> str:
    return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"


def other_changes(base: SideResult, new: SideResult) -> list[str]:
    """What changed that the offline replies cannot show (Claude reads it)."""
    lines: list[str] = []
    if base.problems or new.problems:
        return lines  # a side that does not load has nothing to compare
    for name in sorted(set(base.tool_texts) | set(new.tool_texts)):
        if base.tool_texts.get(name) != new.tool_texts.get(name):
            lines.append(
                f"tools.yaml: '{name}' changed (its description/label/switch is what Claude reads and the chat shows)"
            )
    if base.system_prompt and new.system_prompt and base.system_prompt != new.system_prompt:
        diff = list(
            difflib.unified_diff(base.system_prompt.splitlines(), new.system_prompt.splitlines(), lineterm="", n=0)
        )
        added = sum(1 for d in diff if d.startswith("+") and not d.startswith("+++"))
        removed = sum(1 for d in diff if d.startswith("-") and not d.startswith("---"))
        lines.append(f"the system prompt Claude reads changed (+{added} / -{removed} lines)")
    return lines


def _summary(mode: str, base: SideResult, new: SideResult, changes: list[CaseChange]) -> list[str]:
    label = "offline mode" if mode == "offline" else f"Claude ({new.model_name})"
    if base.problems or new.problems:
        return [f"{label}: conversations not compared — fix the problems above first."]
    total = len(new.cases or base.cases)
    passed = sum(1 for c in new.cases.values() if c.passed)
    lines = [f"{label}: {total} conversations, {len(changes)} changed."]
    if new.cases:
        lines.append(
            f"With your change: {passed}/{len(new.cases)} pass (before: "
            f"{sum(1 for c in base.cases.values() if c.passed)}/{len(base.cases)})."
        )
    return lines


def text_report(title: str, sections: list[tuple[str, SideResult, SideResult]]) -> str:
    out = [f"Behaviour diff: {title}", ""]
    for mode, base, new in sections:
        changes = compare(base, new) if not (base.problems or new.problems) else []
        out += _config_lines(base, new, markdown=False)
        out += _summary(mode, base, new, changes)
        for line in other_changes(base, new):
            out.append(f"  Also changed: {line}")
        for change in changes:
            out += ["", f"• {change.name}  ({change.file}) — {', '.join(change.what)}"]
            for n, user, old, now, old_tools, new_tools in change.turns:
                out.append(f"    turn {n}, customer: {user!r}")
                if old != now:
                    out += [f"      before: {_indent(_cut(old))}", f"      after:  {_indent(_cut(now))}"]
                if old_tools != new_tools:
                    out += [f"      tools before: {old_tools}", f"      tools after:  {new_tools}"]
            for failure in change.failures:
                out.append(f"    now failing: {failure}")
        if not changes and not (base.problems or new.problems):
            out.append("No conversation changed its reply, tools or result.")
        out.append("")
    return "\n".join(out).rstrip()


def _indent(text: str) -> str:
    return text.replace("\n", "\n              ")


def _config_lines(base: SideResult, new: SideResult, *, markdown: bool) -> list[str]:
    lines = []
    for label, side in (("before", base), ("with your change", new)):
        if side.problems:
            head = f"agent_config/ {label} has {len(side.problems)} problem(s) — the assistant would not start:"
            lines.append(f"**{head}**" if markdown else head)
            for problem in side.problems:
                lines.append(f"- `{problem.replace(chr(10), ' ')}`" if markdown else f"  {problem}")
            lines.append("")
    warnings = [n for n in new.notices if n not in base.notices]
    if warnings:
        lines.append("New warnings (not errors):")
        lines += [(f"- {w.replace(chr(10), ' ')}" if markdown else f"  {w}") for w in warnings]
        lines.append("")
    return lines


def markdown_report(title: str, sections: list[tuple[str, SideResult, SideResult]]) -> str:
    out = [f"## Behaviour diff: {title}", ""]
    for mode, base, new in sections:
        changes = compare(base, new) if not (base.problems or new.problems) else []
        out += _config_lines(base, new, markdown=True)
        out += [f"**{line}**" if i == 0 else line for i, line in enumerate(_summary(mode, base, new, changes))]
        out.append("")
        for line in other_changes(base, new):
            out.append(f"- Also changed: {line}")
        if changes:
            out += ["", "| conversation | file | what changed |", "|---|---|---|"]
            out += [f"| {c.name} | {c.file} | {', '.join(c.what)} |" for c in changes]
            for change in changes:
                out += ["", f"<details><summary><b>{change.name}</b> — {', '.join(change.what)}</summary>", ""]
                out += ["| turn | customer | before | after |", "|---|---|---|---|"]
                for n, user, old, now, old_tools, new_tools in change.turns:
                    before = _cell(_cut(old)) + (f"<br>tools: {_cell(old_tools)}" if old_tools != new_tools else "")
                    after = _cell(_cut(now)) + (f"<br>tools: {_cell(new_tools)}" if old_tools != new_tools else "")
                    out.append(f"| {n} | {_cell(user)} | {before} | {after} |")
                if change.failures:
                    out += ["", "Now failing:", *[f"- {_cell(f)}" for f in change.failures]]
                out += ["", "</details>"]
        elif not (base.problems or new.problems):
            out.append("No conversation changed its reply, tools or result.")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")
