"""Conversation cases as data: load agent_config/conversations/**/*.yaml, drive the agent turn by turn, check each turn.

The cases live beside the config because they pin business facts staff own (prices, policies): a config
pull request that changes a fact updates its case in the same PR. Cases under `held_out/` were written
from how customers phrase things and are never used while tuning offline mode; they are reported apart.
Cases under `practice/` are earlier held-out rounds that offline mode has since been tuned on: still reported
apart (a pass rate with a floor, not each case required), but no longer evidence of unseen phrasing.

Used by the suite (tests/test_conversations.py, offline model) and by `make eval` (the configured model).
A turn runs exactly like the server's: the agent's events (`assistant.agent_events`) with the message history of the earlier
turns and deps carrying the user and a fixed New York "now".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_ai import Agent
from pydantic_ai.messages import (
    ModelMessage,
)

from common import yaml_loader
from common.clock import NEW_YORK

CASES_DIR = Path(__file__).resolve().parents[2] / "agent_config" / "conversations"
HELD_OUT_DIR = "held_out"
PRACTICE_DIR = "practice"
CaseGroup = Literal["tuned", "practice", "held_out"]


class ExpectedTool(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    args: dict[str, Any] = Field(default_factory=dict, description="Subset the call's arguments must contain.")


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    user: str
    tools: list[ExpectedTool] | None = Field(None, description="Exactly these tools, in order; [] = no tool call.")
    reply_contains: list[str] = Field(default_factory=list)
    reply_excludes: list[str] = Field(default_factory=list)


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    user: Literal["anon", "alice", "bob"] = "anon"
    now: datetime
    turns: list[Turn] = Field(min_length=1)
    file: str = ""
    group: CaseGroup = "tuned"

    @property
    def held_out(self) -> bool:
        return self.group == "held_out"

    @property
    def now_ny(self) -> datetime:
        return self.now if self.now.tzinfo else self.now.replace(tzinfo=NEW_YORK)


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(directory.rglob("*.yaml")):
        relative = path.relative_to(directory)
        top = relative.parts[0]
        group = "held_out" if top == HELD_OUT_DIR else "practice" if top == PRACTICE_DIR else "tuned"
        for raw in yaml_loader.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(Case.model_validate({**raw, "file": relative.as_posix(), "group": group}))
    names = [c.name for c in cases]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, f"conversation names must be unique: {sorted(duplicates)}"
    return cases


@dataclass
class TurnResult:
    reply: str
    tools: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)
    model_names: list[str] = field(default_factory=list)


async def run_turn(
    agent: Agent[Any, str], message: str, deps: Any, history: list[ModelMessage]
) -> tuple[TurnResult, list[ModelMessage]]:
    """One customer message through the agent, streamed like the server streams it (the same function
    `manage.py assistant ask` previews with)."""
    from assistant.preview import run_turn as preview_turn

    turn = await preview_turn(agent, message, deps, history)
    result = TurnResult(reply=turn.reply, tools=turn.tools, results=turn.results, model_names=turn.model_names)
    return result, turn.messages


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(_subset, expected, actual))
    return expected == actual or str(expected) == str(actual)


def check_turn(turn: Turn, result: TurnResult, context: dict[str, Any] | None = None) -> list[str]:
    """Every way the turn differs from its expectations, as readable lines (empty = pass).

    Expected texts may use {{ contact.phone }}, {{ contact.email }}, {{ contact.orders_email }} (from `context`,
    see assistant.config.placeholders), so a new phone number is one edit in agent.yaml.
    """
    from assistant.config.placeholders import render_text

    problems = []
    if turn.tools is not None:
        names = [name for name, _ in result.tools]
        if names != [t.name for t in turn.tools]:
            problems.append(f"tools called {names}, expected {[t.name for t in turn.tools]}")
        else:
            for expected, (_, args) in zip(turn.tools, result.tools, strict=True):
                if not _subset(expected.args, args):
                    problems.append(f"{expected.name} args {args} do not contain {expected.args}")
    reply = result.reply.lower()
    for text in turn.reply_contains:
        text = render_text(text, context) if context else text
        if text.lower() not in reply:
            problems.append(f"reply lacks {text!r}")
    for text in turn.reply_excludes:
        text = render_text(text, context) if context else text
        if text.lower() in reply:
            problems.append(f"reply contains forbidden {text!r}")
    return problems


async def run_case(case: Case, agent: Agent[Any, str], deps: Any) -> list[str]:
    """All turns of a case; failures are prefixed with the turn number and the reply for context."""
    from assistant.config.placeholders import text_context

    history: list[ModelMessage] = []
    failures = []
    context = text_context(deps.config.agent.contact, deps.config.tools)
    for number, turn in enumerate(case.turns, start=1):
        result, history = await run_turn(agent, turn.user, deps, history)
        for problem in check_turn(turn, result, context):
            failures.append(f"turn {number} ({turn.user!r}): {problem}\n    reply: {result.reply!r}")
    return failures
