"""The conversation cases in tests/conversations/*.yaml, run against offline mode and the seeded demo data.

Each case drives the real agent (build_agent + the offline model, the six real tools) turn by turn with
the history carried over, as the server does, and checks the tools called, their arguments and the reply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conversations.harness import Case, load_cases, run_case

CASES = load_cases()


def test_there_are_at_least_fifty_conversations() -> None:
    assert len(CASES) >= 50


@pytest.fixture
def offline_agent(agent_config: Any) -> Any:
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model

    return build_agent(agent_config, model=build_offline_model(agent_config))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_conversation(
    case: Case, offline_agent: Any, seeded: dict[str, Any], make_deps: Callable[..., Any]
) -> None:
    user = None if case.user == "anon" else seeded[case.user]
    failures = await run_case(case, offline_agent, make_deps(user, now=case.now_ny))
    assert not failures, f"{case.file}: {case.name}\n" + "\n".join(failures)
