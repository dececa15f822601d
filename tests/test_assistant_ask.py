"""`manage.py assistant ask "…"`: the offline reply, the tools called with arguments, which intent/FAQ answered.

Machinery only: the structure of the preview and that --thread carries the conversation over. What the
shipped config answers is pinned in agent_config/conversations/, not here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

NOW = "2026-06-01T10:00"


def ask(*args: str) -> str:
    out = io.StringIO()
    call_command("assistant", "ask", *args, "--now", NOW, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_a_tool_question_shows_the_intent_the_tool_call_and_the_reply(demo, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    out = ask("Do you serve 11968?")
    assert out.startswith("You: Do you serve 11968?\n")
    assert "── offline ──\nUnderstood as: intent '" in out
    assert '\n  check_zip_coverage {"zip_code": "11968"}\n    → {"ok": true' in out
    reply = out.split("Reply:\n", 1)[1]
    assert "11968" in reply and "Claude" not in out  # no key: offline only


def test_an_faq_question_names_the_entry(demo, agent_config):
    entry = agent_config.faq[0]
    out = ask(entry.question)
    assert f"Understood as: FAQ entry '{entry.id}' (faq.yaml)" in out
    assert "Tools called: none" in out


def test_thread_file_carries_the_conversation(demo, tmp_path: Path):
    thread = tmp_path / "thread.json"
    ask("How much is a mini move?", "--thread", str(thread))
    first = json.loads(thread.read_text())
    assert list(first) == ["offline"] and len(first["offline"]) >= 2
    out = ask("petite", "--thread", str(thread))  # answers the package question asked in the first turn
    assert "get_pricing_estimate {" in out and '"package_type": "petite"' in out
    assert len(json.loads(thread.read_text())["offline"]) > len(first["offline"])


def test_signed_in_user(demo):
    out = ask("where is my booking?", "--user", "alice")
    assert "lookup_booking_status {" in out and '"ok": true' in out


def test_unknown_user_is_a_readable_error(demo):
    with pytest.raises(CommandError, match="No user 'nobody'"):
        ask("hi", "--user", "nobody")


async def test_results_of_parallel_calls_are_shown_under_their_own_call() -> None:
    """Parallel tool calls finish in any order; each result must print under the call that made it."""
    import asyncio

    from pydantic_ai import Agent
    from pydantic_ai.models.function import DeltaToolCall, FunctionModel

    from assistant.preview import run_turn

    async def model(messages, info):  # type: ignore[no-untyped-def]
        if len(messages) == 1:
            yield {
                0: DeltaToolCall(name="slow", json_args="{}", tool_call_id="call-1"),
                1: DeltaToolCall(name="fast", json_args="{}", tool_call_id="call-2"),
            }
        else:
            yield "done"

    agent = Agent(FunctionModel(stream_function=model))

    @agent.tool_plain
    async def slow() -> str:
        await asyncio.sleep(0.05)
        return "slow result"

    @agent.tool_plain
    async def fast() -> str:
        return "fast result"

    turn = await run_turn(agent, "hi", None, [])  # type: ignore[arg-type]
    assert [name for name, _ in turn.tools] == ["slow", "fast"]
    assert turn.results == ["slow result", "fast result"]
