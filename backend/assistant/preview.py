"""`manage.py assistant ask "…"`: one customer message through the real agent, shown to the person editing config.

It prints what a customer would read, the tools called with their arguments and results, and — for
offline mode — which intent or FAQ entry answered, so staff can preview an edit to agent_config/ from a
terminal. `--thread FILE` keeps the conversation in a JSON file, so the next `ask` continues it.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_ai import Agent, AgentRunResultEvent
from pydantic_ai.messages import (
    FunctionToolCallEvent,
    FunctionToolResultEvent,
    ModelMessage,
    ModelMessagesTypeAdapter,
    ModelResponse,
    PartDeltaEvent,
    PartStartEvent,
    TextPart,
    TextPartDelta,
)

from .agent_events import agent_events
from .deps import ChatDeps


@dataclass
class TurnPreview:
    reply: str = ""
    tools: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)
    messages: list[ModelMessage] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    model_names: list[str] = field(default_factory=list)  # of this turn's model responses ("offline", …)


async def run_turn(
    agent: Agent[ChatDeps, str], message: str, deps: ChatDeps, history: list[ModelMessage]
) -> TurnPreview:
    """The message streamed through the agent as the server streams it, with the tool calls it made."""
    turn, texts = TurnPreview(messages=history), []
    # Parallel calls finish in any order: file each result under its call's place in `tools`.
    call_index: dict[str, int] = {}
    results: dict[int, Any] = {}
    async with aclosing(agent_events(agent, message, deps=deps, message_history=history)) as events:
        async for event in events:
            if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
                texts.append(event.part.content)
            elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                texts.append(event.delta.content_delta)
            elif isinstance(event, FunctionToolCallEvent):
                call_index[event.part.tool_call_id] = len(turn.tools)
                turn.tools.append((event.part.tool_name, event.part.args_as_dict()))
            elif isinstance(event, FunctionToolResultEvent):
                results[call_index.get(event.part.tool_call_id, len(call_index) + len(results))] = event.part.content
            elif isinstance(event, AgentRunResultEvent):
                turn.messages = event.result.all_messages()
                turn.model_names = [
                    m.model_name or "" for m in event.result.new_messages() if isinstance(m, ModelResponse)
                ]
                usage = event.result.usage
                turn.input_tokens, turn.output_tokens = usage.input_tokens or 0, usage.output_tokens or 0
    turn.reply = "".join(texts)
    turn.results = [results[index] for index in sorted(results)]
    return turn


def explain_offline(config: Any, history: list[ModelMessage], message: str, deps: ChatDeps) -> str:
    """Which intent or FAQ entry offline mode picks for this message (after replaying the conversation)."""
    from common.clock import today_ny

    from .offline import build_responder
    from .offline.intents import Ask, CallTools, Say
    from .offline.responder import user_texts

    responder = build_responder(config)
    offered = {
        name for name, tool in config.enabled_tools().items() if tool.auth == "public" or deps.user_id is not None
    }
    texts = [*user_texts(history), message]
    action = responder.planner.plan(texts, today=today_ny(deps.now), offered=offered)
    if isinstance(action, CallTools):
        return f"intent '{action.intent}' (calls {', '.join(sorted({name for name, _ in action.calls}))})"
    if isinstance(action, Ask):
        return f"intent '{action.intent}', asking for a missing detail"
    assert isinstance(action, Say)
    if "faq_id" in action.context:
        return f"FAQ entry '{action.context['faq_id']}' (faq.yaml), reply template {action.template}"
    intent = next(
        (i.name for i in responder.planner.config.intents if action.template in (i.reply, i.signed_out_reply)), None
    )
    return f"intent '{intent}', reply template {action.template}" if intent else f"reply template {action.template}"


def load_thread(path: Path | None) -> dict[str, list[ModelMessage]]:
    """{model label: history} from a --thread file (empty when it does not exist yet)."""
    if path is None or not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {label: ModelMessagesTypeAdapter.validate_python(messages) for label, messages in raw.items()}


def save_thread(path: Path | None, threads: dict[str, list[ModelMessage]]) -> None:
    if path is None:
        return
    data = {label: ModelMessagesTypeAdapter.dump_python(messages, mode="json") for label, messages in threads.items()}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


def format_turn(label: str, turn: TurnPreview, understood: str | None) -> str:
    lines = [f"── {label} ──"]
    if understood:
        lines.append(f"Understood as: {understood}")
    if turn.tools:
        lines.append("Tools called:")
        for index, (name, args) in enumerate(turn.tools):
            lines.append(f"  {name} {json.dumps(args, ensure_ascii=False, default=str)}")
            if index < len(turn.results):
                lines.append(f"    → {_short(turn.results[index])}")
    else:
        lines.append("Tools called: none")
    lines.append("Reply:")
    lines += [f"  {line}" for line in (turn.reply or "(no text)").splitlines()]
    return "\n".join(lines)


def _short(result: Any, limit: int = 300) -> str:
    text = json.dumps(result, ensure_ascii=False, default=str) if not isinstance(result, str) else result
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ask(config: Any, message: str, deps: ChatDeps, *, thread: Path | None, with_llm: bool) -> str:
    """Run the message offline (and through Claude when a key is set); the printable preview."""
    from .agent import build_agent
    from .offline import build_offline_model

    threads = load_thread(thread)
    agents: dict[str, Agent[ChatDeps, str]] = {"offline": build_agent(config, model=build_offline_model(config))}
    if with_llm:
        from .runtime import _llm_model

        agents[f"Claude ({config.agent.model})"] = build_agent(config, model=_llm_model(config))
    blocks = [f"You: {message}"]
    for label, agent in agents.items():
        history = threads.get(label, [])
        understood = explain_offline(config, history, message, deps) if label == "offline" else None
        try:
            turn = asyncio.run(run_turn(agent, message, deps, history))
        except Exception as exc:  # noqa: BLE001 - show the failure, keep the other model's answer
            blocks.append(f"── {label} ──\nFailed: {type(exc).__name__}: {exc}")
            continue
        threads[label] = turn.messages
        blocks.append(format_turn(label, turn, understood))
    save_thread(thread, threads)
    return "\n\n".join(blocks)
