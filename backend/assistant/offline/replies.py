"""Offline replies: Jinja templates in agent_config/prompts/offline/ rendered from tool results and slots.

Templates are data the business edits; this module only supplies the environment (strict: a typo in a
variable name fails loudly in the tests, not silently in front of a customer), two filters and tidy
whitespace. Nothing here invents a fact: every number comes from a tool result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE_DIR = Path("prompts") / "offline"


def money(value: Any) -> str:
    """ "1220.00" → "$1,220.00" (the amount exactly as the tool computed it, with a thousands separator)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"${amount:,.2f}"


def nice_date(value: Any) -> str:
    """ "2026-06-20" → "Saturday, June 20, 2026": the reply always names the weekday the customer meant."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def environment(config_directory: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config_directory / TEMPLATE_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text: the widget renders replies as text, never as HTML
        keep_trailing_newline=False,
    )
    env.filters["money"] = money
    env.filters["nice_date"] = nice_date
    return env


def tidy(text: str) -> str:
    """Strip line ends and collapse runs of blank lines left by template conditionals."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


class Replies:
    def __init__(self, env: jinja2.Environment, base_context: dict[str, Any]) -> None:
        self.env = env
        self.base_context = base_context

    def render(self, template: str, **context: Any) -> str:
        return tidy(self.env.get_template(template).render({**self.base_context, **context}))


# Words per streamed piece. The whole reply is ready at once, so a piece per word shows nothing more in the widget,
# while PydanticAI 2.x costs ~285 µs per delta (serving-facts.md): a few words a piece cuts that by this factor.
WORDS_PER_CHUNK = 6


def chunks(text: str) -> Iterator[str]:
    """Pieces of a few words (each keeps its trailing whitespace and ends at a word boundary), so the reply
    streams the way the LLM's does, in order, never splitting a word."""
    words = re.findall(r"\S+\s*|\s+", text)
    yield from ("".join(words[i : i + WORDS_PER_CHUNK]) for i in range(0, len(words), WORDS_PER_CHUNK))
