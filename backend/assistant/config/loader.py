"""Load and validate agent_config/: every file, every cross-reference, every template — all problems at once."""

from __future__ import annotations

import hashlib
import re
import types
from pathlib import Path
from typing import Any

import jinja2

from .errors import ConfigError, ConfigProblem, did_you_mean
from .models import AgentConfig, AgentSettings, Contact, FaqEntry, FaqFile, ToolConfig, ToolsFile
from .yaml_source import YamlFile, read_yaml, validate

# The custom capability (assistant.agent.AssistantTools) that binds tools.yaml to the Python functions.
TOOLS_CAPABILITY = "AssistantTools"
SCHEMA_DIR = "schema"


def load_config(directory: Path) -> AgentConfig:
    """Parse and check agent_config/. Raises ConfigError listing every problem found."""
    directory = Path(directory)
    label = directory.name
    problems: list[ConfigProblem] = []

    def load(name: str, model: type) -> tuple[YamlFile | None, Any]:
        file, found = read_yaml(directory / name, f"{label}/{name}")
        problems.extend(found)
        if file is None:
            return None, None
        instance, found = validate(file, model)
        problems.extend(found)
        return file, instance

    agent_file, agent = load("agent.yaml", AgentSettings)
    tools_file, tools = load("tools.yaml", ToolsFile)
    faq_file, faq = load("faq.yaml", FaqFile)

    if agent is not None:
        problems += _check_agent(agent_file, agent)
    if tools is not None:
        problems += _check_tools(tools_file, tools.tools)
    if faq is not None:
        problems += _check_faq(faq_file, faq.faq)
    env, template_problems = _check_templates(directory / "prompts", label, agent_file, agent, tools, faq)
    problems += template_problems
    intents, intent_problems = _load_intents(directory)
    problems += intent_problems

    if problems:
        raise ConfigError(problems)
    return AgentConfig(
        directory=directory,
        agent=agent,
        tools=dict(tools.tools),
        faq=list(faq.faq),
        prompts=env,
        config_hash=config_hash(directory),
        intents=intents,
    )


def config_hash(directory: Path) -> str:
    """sha256 over every config file (names and bytes); identifies the config a conversation ran with."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(directory).rglob("*") if p.is_file()):
        relative = path.relative_to(directory)
        if relative.parts[0] == SCHEMA_DIR or path.name.startswith("."):
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# ---- cross-checks -----------------------------------------------------------------------------


def _check_agent(file: YamlFile, agent: AgentSettings) -> list[ConfigProblem]:
    from pydantic_ai.capabilities import CAPABILITY_TYPES

    problems = []
    known = sorted(
        {name for cls in CAPABILITY_TYPES.values() if (name := cls.get_serialization_name())} | {TOOLS_CAPABILITY}
    )
    names = []
    for index, entry in enumerate(agent.spec.capabilities):
        loc = ("spec", "capabilities", index)
        if len(entry) != 1:
            problems.append(
                file.problem(loc, "each capability is one name with its options, e.g. '- AssistantTools: {}'.")
            )
            continue
        ((name, options),) = entry.items()
        names.append(name)
        if name not in known:
            problems.append(
                file.problem(
                    (*loc, name),
                    f"'{name}' is not a known capability.",
                    did_you_mean(name, known) or f"known capabilities: {', '.join(known)}.",
                )
            )
        elif name == TOOLS_CAPABILITY and options:
            problems.append(
                file.problem(
                    (*loc, name),
                    f"{TOOLS_CAPABILITY} takes no options; tools are switched on and off in tools.yaml.",
                    "write 'AssistantTools: {}'.",
                )
            )
    if TOOLS_CAPABILITY not in names:
        problems.append(
            file.problem(
                ("spec", "capabilities"),
                f"'{TOOLS_CAPABILITY}' is missing, so the assistant would have no tools.",
                "add '- AssistantTools: {}' to the list.",
            )
        )
    if ":" not in agent.spec.model:
        problems.append(
            file.problem(
                ("spec", "model"),
                f"'{agent.spec.model}' is not a model name.",
                "write it as provider:name, e.g. anthropic:claude-sonnet-4-20250514.",
            )
        )
    phone = agent.contact.phone
    if phone not in agent.contact.fallback:
        problems.append(
            file.problem(
                ("contact", "fallback"),
                f"the fallback text does not mention {phone}.",
                "customers need a way to reach a person; include the phone number.",
            )
        )
    return problems


def _check_tools(file: YamlFile, tools: dict[str, ToolConfig]) -> list[ConfigProblem]:
    from ..tools.registry import TOOL_FUNCTIONS

    problems = []
    for name in tools:
        if name not in TOOL_FUNCTIONS:
            problems.append(
                file.problem(
                    ("tools", name),
                    f"there is no tool called '{name}' in the code.",
                    did_you_mean(name, TOOL_FUNCTIONS) or f"tools that exist: {', '.join(TOOL_FUNCTIONS)}.",
                )
            )
    for name in TOOL_FUNCTIONS:
        if name not in tools:
            problems.append(
                file.problem(
                    ("tools",),
                    f"tool '{name}' exists in the code but has no entry here.",
                    f"add '{name}:' with description, auth and label (set 'enabled: false' to switch it off).",
                )
            )
    return problems


def _check_faq(file: YamlFile, faq: list[FaqEntry]) -> list[ConfigProblem]:
    problems, seen = [], set()
    for index, entry in enumerate(faq):
        if entry.id in seen:
            problems.append(
                file.problem(
                    ("faq", index, "id"), f"FAQ id '{entry.id}' is used twice.", "give each FAQ entry its own id."
                )
            )
        seen.add(entry.id)
    return problems


def _check_templates(
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
            problems.append(
                ConfigProblem(
                    f"{label}/prompts/{name}",
                    exc.lineno,
                    None,
                    f"template syntax error: {(exc.message or '').rstrip('.')}.",
                    "check that every {{ has a }} and every {% if %}/{% for %} is closed.",
                )
            )
    template_name = _system_prompt_name(agent, agent_file)
    if template_name not in names:
        if agent_file is not None:
            problems.append(
                agent_file.problem(
                    ("system_prompt",),
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
            agent,
            tools.tools if tools is not None else {},
            faq.faq if faq is not None else [],
        )
    return env, problems


def _system_prompt_name(agent: AgentSettings | None, agent_file: YamlFile | None) -> str:
    if agent is not None:
        return agent.system_prompt
    raw = agent_file.data.get("system_prompt") if agent_file is not None and isinstance(agent_file.data, dict) else None
    return raw if isinstance(raw, str) else AgentSettings.model_fields["system_prompt"].default


def _render_check(
    env: jinja2.Environment,
    display: str,
    template_name: str,
    agent: AgentSettings | None,
    tools: dict[str, ToolConfig],
    faq: list[FaqEntry],
) -> list[ConfigProblem]:
    """Render once anonymous and once signed in, with example catalogue facts, to catch unknown variables."""
    from ..prompts import example_facts, prompt_context

    if agent is None:  # agent.yaml is broken (reported already): stand-ins keep the template check going
        stand_in = Contact.model_construct(phone="x", email="x", orders_email="x", fallback="x")
        agent = types.SimpleNamespace(contact=stand_in, tone="x")  # type: ignore[assignment]
    probe = types.SimpleNamespace(agent=agent, faq=faq, enabled_tools=lambda: tools)
    template = env.get_template(template_name)
    for signed_in in (False, True):
        context = prompt_context(
            probe, signed_in=signed_in, first_name="Example" if signed_in else None, now=None, facts=example_facts()
        )  # type: ignore[arg-type]
        try:
            template.render(context.as_template_vars())
        except jinja2.UndefinedError as exc:
            message, hint = _explain_undefined(exc.message or "", context)
            return [ConfigProblem(display, _template_line(exc, template.filename), None, message, hint)]
        except Exception as exc:  # a filter or expression error inside the template
            return [
                ConfigProblem(
                    display, _template_line(exc, template.filename), None, f"the template failed to render: {exc}."
                )
            ]
    return []


def _explain_undefined(raw: str, context: Any) -> tuple[str, str]:
    """Jinja's "'X object' has no attribute 'y'" / "'y' is undefined", told in terms of the template's variables."""
    variables = list(context.as_template_vars())
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


def _load_intents(directory: Path) -> tuple[Any, list[ConfigProblem]]:
    """intents.yaml belongs to the offline mode; its loader lives there and reports problems the same way."""
    path = directory / "intents.yaml"
    if not path.exists():
        return None, []
    try:
        from ..offline.config import load_intents
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("assistant.offline"):
            return None, []  # offline mode not installed in this checkout yet
        raise
    return load_intents(directory)
