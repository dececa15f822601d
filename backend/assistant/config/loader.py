"""Load and validate agent_config/: every file, every cross-reference, every template — all problems at once."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from .contact_check import scan_contact
from .errors import ConfigError, ConfigProblem, did_you_mean, in_file_order
from .model_names import check_model_name
from .models import AgentConfig, AgentSettings, FaqFile, ToolConfig, ToolsFile
from .placeholders import fill_placeholders
from .review import review
from .template_check import check_templates
from .widget_check import check_starters
from .yaml_source import YamlFile, read_yaml, validate

# The spec name that binds tools.yaml to the Python functions (assistant/agent.py makes it the agent's toolset).
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
            faq = FaqFile(faq=faq_entries, words=faq.words)
        problems += _check_agent(agent_file, agent)
        problems += scan_contact(agent.contact, directory, label)
        if tools is not None:
            problems += check_starters(agent_file, agent, tools.tools)
    if tools is not None:
        problems += _check_tools(tools_file, tools.tools)
    if faq_file is not None:
        problems += _check_faq_ids(faq_file)  # also when another entry is invalid: every mistake at once
        problems += _check_swallowed_entries(faq_file)
        if faq is not None:
            from ..offline.faq_words import check_faq_words  # offline mode's vocabulary, checked like the rest

            problems += check_faq_words(faq_file, faq.faq, faq.words)
    env, template_problems = check_templates(directory / "prompts", label, agent_file, agent, tools, faq)
    problems += template_problems
    intents, intent_problems = _load_intents(directory)
    problems += intent_problems
    if intents is not None and agent is not None and faq is not None and tools is not None:
        problems += _offline_checks(directory, agent, tools.tools, faq, faq_file, intents)
    if agent is not None and tools is not None:
        problems += review(directory, agent, tools.tools, intents)  # switched-off tools: info and warnings

    if any(p.is_error for p in problems):
        raise ConfigError(problems)
    return AgentConfig(
        directory=directory,
        agent=agent,
        tools=dict(tools.tools),
        faq=list(faq.faq),
        faq_words={key: list(words) for key, words in faq.words.items()},
        prompts=env,
        config_hash=config_hash(directory),
        intents=intents,
        notices=tuple(in_file_order(problems)),
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
    verdict = check_model_name(agent.spec.model)
    if verdict is not None:
        severity, message, hint = verdict
        problems.append(replace(file.problem(("spec", "model"), message, hint), severity=severity))  # type: ignore[arg-type]
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


def _check_faq_ids(file: YamlFile) -> list[ConfigProblem]:
    """Duplicate ids, read from the raw YAML so they are reported even when another entry is invalid."""
    entries = file.data.get("faq") if isinstance(file.data, dict) else None
    problems, seen = [], set()
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(entry_id, str):
            continue
        if entry_id in seen:
            problems.append(
                file.problem(
                    ("faq", index, "id"), f"FAQ id '{entry_id}' is used twice.", "give each FAQ entry its own id."
                )
            )
        seen.add(entry_id)
    return problems


# What the next entries look like when an unclosed quote has turned them into one long answer.
_SWALLOWED = re.compile(r"(?:^|\s)(?:- id:|id:|question:|answer:|tags:|alternates:)\s")


def _check_swallowed_entries(file: YamlFile) -> list[ConfigProblem]:
    """An unclosed quote makes YAML read the following entries as part of one answer (still valid YAML,
    fewer entries, customers shown 'tags: [...]'): refuse text that looks like YAML keys inside a text."""
    entries = file.data.get("faq") if isinstance(file.data, dict) else None
    problems = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        for key in ("question", "answer"):
            text = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(text, str) and _SWALLOWED.search(text):
                problems.append(
                    file.problem(
                        ("faq", index, key),
                        f"this {key} contains what look like the next entries ('{_SWALLOWED.search(text).group().strip()}'"
                        " …), so they are not read as entries of their own.",
                        "a quote (\" or ') is probably not closed at the end of this text; close it, or remove the quotes.",
                    )
                )
    return problems


def _offline_checks(
    directory: Path,
    agent: AgentSettings,
    tools: dict[str, ToolConfig],
    faq: FaqFile,
    faq_file: YamlFile | None,
    intents: Any,
) -> list[ConfigProblem]:
    """What offline mode would say: every reply template rendered with sample tool results, FAQ overlaps."""
    from ..offline.categories import check_categories
    from ..offline.faq_overlap import check_faq_overlap
    from ..offline.template_render_check import check_reply_templates

    categories = check_categories(intents.policy_questions.categories, (e.id for e in faq.faq), intents.source)
    return (
        check_reply_templates(directory, agent, intents, {entry.id: entry.answer for entry in faq.faq})
        + check_faq_overlap(faq.faq, faq_file, intents, faq.words)
        + categories
    )


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
