"""Load and validate agent_config/: every file, every cross-reference, every template — all problems at once."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .contact_check import scan_contact
from .errors import ConfigError, ConfigProblem, did_you_mean
from .models import AgentConfig, AgentSettings, FaqEntry, FaqFile, ToolConfig, ToolsFile
from .placeholders import fill_placeholders
from .template_check import check_templates
from .widget_check import check_starters
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
        agent, faq_entries, found = fill_placeholders(
            agent_file, agent, faq_file, faq.faq if faq is not None else None, tools.tools if tools else None
        )
        problems += found
        if faq is not None:
            faq = FaqFile(faq=faq_entries)
        problems += _check_agent(agent_file, agent)
        problems += scan_contact(agent.contact, directory, label)
        if tools is not None:
            problems += check_starters(agent_file, agent, tools.tools)
    if tools is not None:
        problems += _check_tools(tools_file, tools.tools)
    if faq is not None:
        problems += _check_faq(faq_file, faq.faq)
    env, template_problems = check_templates(directory / "prompts", label, agent_file, agent, tools, faq)
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
