"""Prompt templates: compile every one, and render the system prompt with example data to catch unknown variables.

Jinja reports errors in programmer terms ("'Customer object' has no attribute 'name'"); this module says
it in terms of the variables a template may use, with the template's line number.
"""

from __future__ import annotations

import re
import types
from pathlib import Path
from typing import Any

import jinja2

from .errors import ConfigProblem, did_you_mean
from .models import AgentSettings, Contact, FaqEntry, FaqFile, ToolConfig, ToolsFile
from .template_syntax import syntax_problem
from .yaml_source import YamlFile


def check_templates(
    prompts_dir: Path,
    label: str,
    agent_file: YamlFile | None,
    agent: AgentSettings | None,
    tools: ToolsFile | None,
    faq: FaqFile | None,
) -> tuple[jinja2.Environment, list[ConfigProblem]]:
    from ..prompts import make_environment

    env = make_environment(prompts_dir)
    problems = []
    names = sorted(p.name for p in prompts_dir.glob("*.j2")) if prompts_dir.is_dir() else []
    compiled = set()
    for name in names:
        try:
            env.get_template(name)
            compiled.add(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(syntax_problem(env, exc, f"{label}/prompts/{name}"))
    for setting in ("system_prompt", "visitor_prompt"):
        template_name = _template_name(setting, agent, agent_file)
        if template_name not in names:
            if agent_file is not None:
                problems.append(
                    agent_file.problem(
                        (setting,),
                        f"there is no template '{template_name}' in {label}/prompts/.",
                        did_you_mean(template_name, names),
                    )
                )
        elif template_name in compiled:
            # Render even when another file is broken, so template mistakes show up in the same run.
            problems += _render_check(
                env,
                f"{label}/prompts/{template_name}",
                template_name,
                setting,
                agent,
                tools.tools if tools is not None else {},
                faq.faq if faq is not None else [],
            )
    return env, problems


def _template_name(setting: str, agent: AgentSettings | None, agent_file: YamlFile | None) -> str:
    if agent is not None:
        return getattr(agent, setting)
    raw = agent_file.data.get(setting) if agent_file is not None and isinstance(agent_file.data, dict) else None
    return raw if isinstance(raw, str) else AgentSettings.model_fields[setting].default


def _render_check(
    env: jinja2.Environment,
    display: str,
    template_name: str,
    setting: str,
    agent: AgentSettings | None,
    tools: dict[str, ToolConfig],
    faq: list[FaqEntry],
) -> list[ConfigProblem]:
    """Render with example data (the visitor part once anonymous and once signed in) to catch unknown variables."""
    from ..prompts import example_facts, static_context, visitor_context

    if agent is None:  # agent.yaml is broken (reported already): stand-ins keep the template check going
        stand_in = Contact.model_construct(phone="x", email="x", orders_email="x", fallback="x")
        agent = types.SimpleNamespace(contact=stand_in, tone="x")  # type: ignore[assignment]
    probe: Any = types.SimpleNamespace(agent=agent, faq=faq, enabled_tools=lambda: tools)
    template = env.get_template(template_name)
    if setting == "system_prompt":
        contexts: list[Any] = [static_context(probe, example_facts())]
    else:
        contexts = [
            visitor_context(probe, signed_in=signed_in, first_name="Example" if signed_in else None, now=None)
            for signed_in in (False, True)
        ]
    for context in contexts:
        try:
            template.render(context.as_template_vars())
        except jinja2.UndefinedError as exc:
            message, hint = _explain_undefined(exc.message or "", context, setting)
            return [ConfigProblem(display, _template_line(exc, template.filename), None, message, hint)]
        except Exception as exc:  # a filter or expression error inside the template
            return [
                ConfigProblem(
                    display, _template_line(exc, template.filename), None, f"the template failed to render: {exc}."
                )
            ]
    return []


_VISITOR_VARIABLES = ("today", "today_iso", "customer", "tools")
_STATIC_VARIABLES = ("catalogue", "faq", "contact", "tone")


def _explain_undefined(raw: str, context: Any, setting: str = "system_prompt") -> tuple[str, str]:
    """Jinja's "'X object' has no attribute 'y'" / "'y' is undefined", told in terms of the template's variables."""
    variables = list(context.as_template_vars())
    misplaced = re.match(r"^'(\w+)' is undefined$", raw)
    if misplaced and setting == "system_prompt" and misplaced.group(1) in _VISITOR_VARIABLES:
        return (
            f"'{misplaced.group(1)}' changes per visitor or per day, so it cannot be in the cached part of the prompt.",
            "move that line to the visitor template (agent.yaml `visitor_prompt`, normally visitor.md.j2).",
        )
    if misplaced and setting == "visitor_prompt" and misplaced.group(1) in _STATIC_VARIABLES:
        return (
            f"'{misplaced.group(1)}' belongs in the cached part of the prompt, not the visitor template.",
            "move that line to the main template (agent.yaml `system_prompt`, normally system.md.j2).",
        )
    attribute = re.match(r"^'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'$", raw)
    if attribute:
        owner, name = attribute.groups()
        fields = _fields_by_class(context).get(owner, [])
        return (
            f"'{name}' is not something the template can use on a {owner}; it has: {', '.join(fields)}.",
            did_you_mean(name, fields) or "use one of those names.",
        )
    undefined = re.match(r"^'(\w+)' is undefined$", raw)
    if undefined:
        name = undefined.group(1)
        return (
            f"'{name}' is not a variable the template can use.",
            did_you_mean(name, variables) or "variables you can use: " + ", ".join(variables) + ".",
        )
    return f"{raw}.", "variables you can use: " + ", ".join(variables) + "."


def _fields_by_class(model: Any) -> dict[str, list[str]]:
    from pydantic import BaseModel

    found: dict[str, list[str]] = {}

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel) and type(value).__name__ not in found:
            found[type(value).__name__] = list(type(value).model_fields)
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(model)
    return found


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    # Jinja rewrites tracebacks so frames of the template carry its own file name and line numbers.
    line, tb = None, exc.__traceback__
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
