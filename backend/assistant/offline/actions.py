"""What the offline planner decides for one message, and the conversation state it carries between messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class State:
    """What the conversation so far is about: the last tool intent, its details, and whether we asked."""

    intent: str | None = None
    slots: dict[str, Any] = field(default_factory=dict)
    pending: bool = False
    answered: str | None = None  # the intent whose tool result was the last reply (its offer awaits a "yes")
    suggested: dict[str, Any] = field(default_factory=dict)  # details a "yes" accepts ("did you mean 11954?")
    faq_question: str | None = None  # the FAQ question the last reply answered ("is that extra?" may mean it)


@dataclass(frozen=True)
class Say:
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Ask:
    intent: str
    question: str


@dataclass(frozen=True)
class CallTools:
    intent: str
    calls: list[tuple[str, dict[str, Any]]]
    # An FAQ answer said before the tools' reply ("can you ship surfboards?": yes, how, then the price).
    preface: dict[str, Any] | None = None


Action = Say | Ask | CallTools
