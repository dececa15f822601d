"""Run every conversation case against one agent_config/ directory and keep everything a report needs.

Shared by `make behaviour-diff` (two directories, compared) and `make eval` (one, scored): each turn's
reply, tool calls, pass/fail lines, latency and tokens, plus the config's own problems and the parts of
it offline replies cannot show (tool descriptions, the rendered system prompt).
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

REPO = Path(__file__).resolve().parents[2]
Mode = Literal["offline", "llm"]


def setup_django() -> None:
    """Django on the configured database, migrated and seeded with the (idempotent) demo data."""
    sys.path.insert(0, str(REPO / "backend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=io.StringIO())


@dataclass
class TurnRun:
    user: str
    reply: str
    tools: list[tuple[str, dict[str, Any]]]
    problems: list[str]
    seconds: float
    input_tokens: int = 0
    output_tokens: int = 0
    line: int | None = None  # where the turn is written in its case file
    expected: Any = None  # the case's Turn (what was checked), for scoring


@dataclass
class CaseRun:
    name: str
    file: str
    group: str  # tuned, practice or held_out (harness.CaseGroup)
    turns: list[TurnRun] = field(default_factory=list)
    crashed: str | None = None

    @property
    def held_out(self) -> bool:
        return self.group == "held_out"

    @property
    def passed(self) -> bool:
        return self.crashed is None and not any(t.problems for t in self.turns)

    def failures(self) -> list[str]:
        if self.crashed:
            return [self.crashed]
        where = f"agent_config/conversations/{self.file}"
        return [
            f"{where}, line {t.line} (turn {n}, {t.user!r}): {p}" if t.line else f"turn {n} ({t.user!r}): {p}"
            for n, t in enumerate(self.turns, 1)
            for p in t.problems
        ]


@dataclass
class SideResult:
    directory: Path
    mode: Mode
    problems: list[str] = field(default_factory=list)  # config errors (file, line, hint)
    notices: list[str] = field(default_factory=list)
    cases: dict[str, CaseRun] = field(default_factory=dict)
    tool_texts: dict[str, str] = field(default_factory=dict)  # what the model reads/shows per tool
    system_prompt: str = ""
    model_name: str = ""
    prices: Any = None  # agent.yaml prices (per million tokens), for cost estimates
    settings: Any = None  # agent.yaml as loaded (eval thresholds)

    def failing(self) -> list[CaseRun]:
        return [c for c in self.cases.values() if not c.passed]


def run_side(
    directory: Path, *, mode: Mode = "offline", only: str = "", progress: Callable[[int, int, str], None] | None = None
) -> SideResult:
    from assistant.config import ConfigError, load_config
    from tests.conversations.harness import load_cases

    side = SideResult(directory=directory, mode=mode)
    try:
        config = load_config(directory)
    except ConfigError as exc:
        side.problems = [_relabel(str(p), directory) for p in exc.problems]
        side.notices = [_relabel(str(p), directory) for p in exc.notices]
        return side
    side.notices = [_relabel(str(p), directory) for p in config.notices]
    side.tool_texts = {
        name: f"enabled: {tool.enabled}, auth: {tool.auth}, label: {tool.label}\n{tool.description}"
        for name, tool in config.tools.items()
    }
    side.system_prompt = _system_prompt(config)
    agent, side.model_name = _agent(config, mode)
    users = _users()
    cases_dir = directory / "conversations"
    cases = [c for c in load_cases(cases_dir) if only in c.name]
    for number, case in enumerate(cases, 1):
        if progress is not None:
            progress(number, len(cases), case.name)
        side.cases[case.name] = _run_case(case, agent, config, users, turn_lines(cases_dir / case.file).get(case.name))
    side.prices = config.agent.prices if hasattr(config.agent, "prices") else None
    side.settings = config.agent
    return side


def turn_lines(path: Path) -> dict[str, list[int]]:
    """Case name → the line each of its turns starts on (for 'edit line N' in reports)."""
    import yaml

    from common import yaml_loader

    root = yaml_loader.compose(path.read_text(encoding="utf-8"))
    found: dict[str, list[int]] = {}
    for case in root.value if isinstance(root, yaml.SequenceNode) else []:
        fields = {k.value: v for k, v in case.value} if isinstance(case, yaml.MappingNode) else {}
        turns = fields.get("turns")
        if "name" in fields and isinstance(turns, yaml.SequenceNode):
            found[fields["name"].value] = [t.start_mark.line + 1 for t in turns.value]
    return found


def _relabel(text: str, directory: Path) -> str:
    """Problems name files as '<dir name>/…'; a temp copy of the base is still 'agent_config/…'."""
    return text.replace(f"{directory.name}/", "agent_config/", 1) if directory.name != "agent_config" else text


def _system_prompt(config: Any) -> str:
    from assistant.prompts import render_system_prompt
    from tests.fixtures.assistant import ASSISTANT_NOW

    try:
        return render_system_prompt(config, user_id=None, first_name=None, now=ASSISTANT_NOW)
    except Exception as exc:  # noqa: BLE001 - the report shows it rather than stopping
        return f"(could not render: {exc})"


def _agent(config: Any, mode: Mode) -> tuple[Any, str]:
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model

    if mode == "offline":
        return build_agent(config, model=build_offline_model(config)), "offline"
    from assistant.runtime import _llm_model

    return build_agent(config, model=_llm_model(config)), config.agent.model


def _users() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    return {u.username: u for u in get_user_model().objects.filter(username__in=["alice", "bob"])}


def _run_case(case: Any, agent: Any, config: Any, users: dict[str, Any], lines: list[int] | None) -> CaseRun:
    from assistant.config.placeholders import text_context
    from assistant.deps import ChatDeps
    from assistant.preview import run_turn
    from tests.conversations.harness import TurnResult, check_turn

    run = CaseRun(name=case.name, file=case.file, group=case.group)
    deps = ChatDeps.for_user(config, users.get(case.user), now=case.now_ny)
    context = text_context(config.agent.contact, config.tools)  # {{ contact.phone }} in expectations
    history: list[Any] = []
    for turn in case.turns:
        started = time.perf_counter()
        try:
            result = asyncio.run(run_turn(agent, turn.user, deps, history))
        except Exception as exc:  # noqa: BLE001 - a crashing case is a failed case; the report goes on
            run.crashed = f"turn {len(run.turns) + 1} ({turn.user!r}) crashed: {type(exc).__name__}: {exc}"
            break
        seconds = time.perf_counter() - started
        history = result.messages
        checked = TurnResult(reply=result.reply, tools=result.tools, results=result.results)
        run.turns.append(
            TurnRun(
                user=turn.user,
                reply=result.reply,
                tools=result.tools,
                problems=check_turn(turn, checked, context),
                seconds=seconds,
                input_tokens=result.input_tokens,
                output_tokens=result.output_tokens,
                line=lines[len(run.turns)] if lines and len(run.turns) < len(lines) else None,
                expected=turn,
            )
        )
    return run
