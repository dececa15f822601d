"""{{ contact.phone }}-style placeholders in the YAML texts, filled in once when agent_config/ loads.

The phone and the emails are written once, in agent.yaml `contact`; every other text (the fallback, the
sign-in message, FAQ answers, the widget's lines) names them with a placeholder, so a new number is one
edit. `tools_enabled.<tool>` lets a text mention a tool only while it is switched on.
"""

from __future__ import annotations

from typing import Any

import jinja2

from .errors import ConfigProblem, did_you_mean
from .models import AgentSettings, FaqEntry, ToolConfig
from .yaml_source import Loc, YamlFile

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)
SAMPLE_NAME = "Alex"  # stands in for {{ name }} in widget.greeting_signed_in when checking it


class _UnknownTools(dict):
    """tools.yaml is broken (reported already): treat every tool as on, so texts are still checked."""

    def __missing__(self, key: str) -> bool:
        return True


def tool_switches(tools: dict[str, Any]) -> dict[str, bool]:
    """Every tool in the code → on? (one missing from tools.yaml counts as off; the loader reports it)."""
    from ..tools.registry import TOOL_FUNCTIONS

    return {name: bool(name in tools and tools[name].enabled) for name in TOOL_FUNCTIONS}


def text_context(contact: Any, tools: dict[str, ToolConfig] | None) -> dict[str, Any]:
    """What a YAML text may use: contact.phone/email/orders_email and tools_enabled.<tool name>."""
    enabled = _UnknownTools() if tools is None else tool_switches(tools)
    return {
        "contact": {"phone": contact.phone, "email": contact.email, "orders_email": contact.orders_email},
        "tools_enabled": enabled,
    }


def render_text(text: str, context: dict[str, Any]) -> str:
    if "{" not in text:
        return text
    return _ENV.from_string(text).render(context)


def fill_placeholders(
    agent_file: YamlFile,
    agent: AgentSettings,
    faq_file: YamlFile | None,
    faq: list[FaqEntry] | None,
    tools: dict[str, ToolConfig] | None,
) -> tuple[AgentSettings, list[FaqEntry] | None, list[ConfigProblem]]:
    """The settings and FAQ with every placeholder filled in, plus a problem for each text that cannot be."""
    context = text_context(agent.contact, tools)
    problems: list[ConfigProblem] = []

    def fill(file: YamlFile, loc: Loc, text: str, extra: dict[str, Any] | None = None) -> str:
        try:
            rendered = render_text(text, {**context, **(extra or {})})
        except jinja2.TemplateSyntaxError as exc:
            problems.append(file.problem(loc, f"this text has a broken placeholder: {exc.message}.", _HINT_SYNTAX))
            return text
        except jinja2.UndefinedError as exc:
            problems.append(file.problem(loc, _undefined_message(exc, context, extra), _hint_undefined(exc, context)))
            return text
        return text if extra else rendered

    contact = agent.contact.model_copy(
        update={"fallback": fill(agent_file, ("contact", "fallback"), agent.contact.fallback)}
    )
    widget = agent.widget
    # greeting_signed_in keeps its {{ name }}: it is filled per visitor (assistant/widget_offer.py); check it now.
    fill(agent_file, ("widget", "greeting_signed_in"), widget.greeting_signed_in, {"name": SAMPLE_NAME})
    widget = widget.model_copy(
        update={
            "greeting": fill(agent_file, ("widget", "greeting"), widget.greeting),
            "intro": fill(agent_file, ("widget", "intro"), widget.intro),
            "offline_note": fill(agent_file, ("widget", "offline_note"), widget.offline_note),
            "starters": [
                starter.model_copy(
                    update={
                        "label": fill(agent_file, ("widget", "starters", i, "label"), starter.label),
                        "message": fill(agent_file, ("widget", "starters", i, "message"), starter.message),
                    }
                )
                for i, starter in enumerate(widget.starters)
            ],
        }
    )
    agent = agent.model_copy(
        update={
            "contact": contact,
            "sign_in_message": fill(agent_file, ("sign_in_message",), agent.sign_in_message),
            "widget": widget,
        }
    )
    if faq is not None and faq_file is not None:
        faq = [
            entry.model_copy(update={"answer": fill(faq_file, ("faq", i, "answer"), entry.answer)})
            for i, entry in enumerate(faq)
        ]
    return agent, faq, problems


_HINT_SYNTAX = "write placeholders as {{ contact.phone }}, with two braces on each side."


def _undefined_message(exc: jinja2.UndefinedError, context: dict[str, Any], extra: dict[str, Any] | None) -> str:
    names = sorted([*context, *(extra or {})])
    return f"unknown placeholder ({exc.message}). Placeholders you can use: {', '.join(names)}."


def _hint_undefined(exc: jinja2.UndefinedError, context: dict[str, Any]) -> str:
    raw = exc.message or ""
    word = raw.split("'")[-2] if raw.count("'") >= 2 else ""
    choices = [*context["contact"], *context["tools_enabled"]]
    guess = did_you_mean(word, choices)
    options = "contact.phone, contact.email, contact.orders_email, tools_enabled.<tool name>"
    return (f"{guess} " if guess else "") + f"use one of: {options}."
