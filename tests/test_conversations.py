"""The conversation cases in agent_config/conversations/**/*.yaml, run against offline mode and the seeded demo data.

Each case drives the real agent (build_agent + the offline model, the six real tools) turn by turn with
the history carried over, as the server does, and checks the tools called, their arguments and the reply.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conversations.harness import Case, load_cases, run_case

ALL_CASES = load_cases()
CASES = [c for c in ALL_CASES if not c.held_out]
HELD_OUT = [c for c in ALL_CASES if c.held_out]
# Held-out cases measure understanding of phrasing offline mode was never tuned on: each may fail, the
# pass rate over all of them may not fall below this floor. The rate is printed at the end of the run.
# First measurement (2026-12-04, before anyone looked at the failures): 48/73 = 66%; the goal is 90%
# (agent.yaml `eval`, checked by `make eval`). This floor only stops regressions: raise it as offline mode
# improves, never lower it to pass.
HELD_OUT_MIN_PASS_RATE = 0.62
HELD_OUT_REPORT = Path(__file__).resolve().parent / "artifacts" / "held_out.json"


def test_there_are_at_least_fifty_conversations() -> None:
    assert len(CASES) >= 50


@pytest.fixture
def offline_agent(shipped_config: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The cases pin business facts staff own, so they run on the shipped agent_config/, not the test fixture:
    the agent, and the process-wide config the catalogue's own messages read the contact line from."""
    from assistant.agent import build_agent

    monkeypatch.setattr("assistant.runtime.get_config", lambda: shipped_config)
    from assistant.offline import build_offline_model

    return build_agent(shipped_config, model=build_offline_model(shipped_config))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_conversation(
    case: Case, offline_agent: Any, shipped_config: Any, seeded: dict[str, Any], make_deps: Callable[..., Any]
) -> None:
    switched_off = {name for name, tool in shipped_config.tools.items() if not tool.enabled}
    needed = {t.name for turn in case.turns for t in (turn.tools or [])} & switched_off
    if needed:  # a supported staff edit: the case pins behaviour the config no longer offers
        pytest.skip(f"{case.file}: needs {', '.join(sorted(needed))}, switched off in tools.yaml")
    user = None if case.user == "anon" else seeded[case.user]
    failures = await run_case(case, offline_agent, make_deps(user, now=case.now_ny, config=shipped_config))
    assert not failures, f"{case.file}: {case.name}\n" + "\n".join(failures)


async def test_held_out_pass_rate(
    offline_agent: Any, shipped_config: Any, seeded: dict[str, Any], make_deps: Callable[..., Any]
) -> None:
    if not HELD_OUT:
        pytest.skip("no held-out conversation cases yet (agent_config/conversations/held_out/)")
    failed: dict[str, list[str]] = {}
    for case in HELD_OUT:
        user = None if case.user == "anon" else seeded[case.user]
        failures = await run_case(case, offline_agent, make_deps(user, now=case.now_ny, config=shipped_config))
        if failures:
            failed[f"{case.file}: {case.name}"] = failures
    passed = len(HELD_OUT) - len(failed)
    HELD_OUT_REPORT.parent.mkdir(exist_ok=True)
    HELD_OUT_REPORT.write_text(
        json.dumps({"passed": passed, "total": len(HELD_OUT), "failed": failed}, indent=2), encoding="utf-8"
    )
    rate = passed / len(HELD_OUT)
    details = "\n".join(f"{name}\n  " + "\n  ".join(lines) for name, lines in failed.items())
    assert rate >= HELD_OUT_MIN_PASS_RATE, f"held-out pass rate {passed}/{len(HELD_OUT)} = {rate:.0%}\n{details}"
