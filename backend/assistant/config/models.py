"""The shape of every file in agent_config/. These models are the single source of the JSON Schema.

Each field's description is what an editor shows on hover (via agent_config/schema/*.json), so it is
written for the business staff who edit the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import jinja2
from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODEL = "anthropic:claude-sonnet-4-6"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---- agent.yaml -------------------------------------------------------------------------------


class ModelSettingsSection(_Strict):
    temperature: float = Field(0.3, ge=0, le=1, description="0 = always the same wording, 1 = most varied.")
    max_tokens: int = Field(1024, ge=64, le=8192, description="Longest reply the model may write, in tokens.")


class SpecSection(_Strict):
    """The PydanticAI AgentSpec part of agent.yaml (passed to `Agent.from_spec`)."""

    model: str = Field(DEFAULT_MODEL, description="Model used when ANTHROPIC_API_KEY is set, as provider:name.")
    name: str = Field("totetaxi-assistant", description="Name of the agent in logs and traces.")
    model_settings: ModelSettingsSection = Field(default_factory=ModelSettingsSection)
    retries: int = Field(2, ge=0, le=5, description="How often the model may fix a tool call it got wrong.")
    capabilities: list[dict[str, dict[str, Any]]] = Field(
        default_factory=lambda: [{"AssistantTools": {}}],
        description="PydanticAI capabilities. `AssistantTools: {}` binds the tools listed in tools.yaml.",
    )


class RateLimit(_Strict):
    messages: int = Field(ge=1, description="How many chat messages one visitor may send...")
    per_seconds: int = Field(ge=1, description="...within this many seconds (3600 = one hour).")


class Limits(_Strict):
    request_limit: int = Field(ge=1, le=50, description="Most model calls in one turn (tool round-trips count).")
    max_tool_calls_per_turn: int = Field(ge=0, le=50, description="Most tool calls in one turn.")
    history_messages: int = Field(ge=2, le=200, description="How many earlier messages the model sees.")
    history_ttl_seconds: int = Field(ge=60, description="How long a conversation is kept (86400 = 24 hours).")
    max_message_chars: int = Field(ge=1, le=10000, description="Longest message a visitor may send.")
    rate_limit: RateLimit


class Contact(_Strict):
    """The one place the phone and emails are written; elsewhere write {{ contact.phone }}, {{ contact.email }}."""

    phone: str = Field(description="Phone number customers can call, e.g. (631) 595-5100.")
    email: str = Field(description="General email, e.g. info@totetaxi.com.")
    orders_email: str = Field(description="Email for changes to an existing order.")
    fallback: str = Field(
        min_length=10,
        description="Said whenever the assistant cannot help or something breaks. Must contain the phone number "
        "(write {{ contact.phone }}).",
    )


class TokenPrices(_Strict):
    """What the model provider charges, in US dollars per million tokens (for cost estimates, never billing)."""

    input: float = Field(3.0, ge=0, description="Input tokens that are not read from or written to the prompt cache.")
    cache_write: float = Field(3.75, ge=0, description="Input tokens written to the prompt cache.")
    cache_read: float = Field(0.30, ge=0, description="Input tokens read from the prompt cache.")
    output: float = Field(15.0, ge=0, description="Tokens the model writes.")


class Starter(_Strict):
    label: str = Field(min_length=1, max_length=40, description="The button text, e.g. Get a price.")
    message: str = Field(min_length=1, max_length=200, description="What is sent when the customer clicks it.")
    tool: str | None = Field(
        None, description="The tool this starter needs (tools.yaml); the button disappears when it is switched off."
    )


class WidgetSection(_Strict):
    """What the chat widget shows before the first message. {{ contact.phone }} and {{ contact.email }} work here."""

    greeting: str = Field(min_length=2, max_length=80, description="Title for a visitor who is not signed in.")
    greeting_signed_in: str = Field(
        min_length=2, max_length=80, description="Title for a signed-in customer; {{ name }} is their first name."
    )
    intro: str = Field(min_length=2, max_length=200, description="One line under the greeting.")
    offline_note: str = Field(
        min_length=10, description="Banner shown when the assistant answers in quick-answer (offline) mode."
    )
    starters: list[Starter] = Field(
        default_factory=list, max_length=6, description="Conversation starter buttons, in order (at most 6)."
    )


class EvalSettings(_Strict):
    """`make eval` fails (exit 1) when the conversation cases pass less often than this."""

    min_pass_rate: float = Field(
        0.95, ge=0, le=1, description="Least share (0-1) of the tuned conversation cases that must pass."
    )
    min_held_out_pass_rate: float = Field(
        0.9, ge=0, le=1, description="Least share (0-1) of the held-out cases (conversations/held_out/) that must pass."
    )


class AgentSettings(_Strict):
    """agent.yaml"""

    spec: SpecSection = Field(default_factory=SpecSection)
    limits: Limits
    contact: Contact
    prices: TokenPrices = Field(
        default_factory=TokenPrices,
        description="The model's price list per million tokens; `make bench` and `make eval` estimate costs with it.",
    )
    eval: EvalSettings = Field(
        default_factory=EvalSettings, description="Pass-rate thresholds for `make eval` (the scorecard)."
    )
    sign_in_message: str = Field(
        min_length=10, description="What the assistant says when a booking question needs the customer to sign in."
    )
    tone: str = Field(min_length=10, description="How the assistant should sound; goes into the system prompt.")
    widget: WidgetSection = Field(description="The chat widget's greeting and conversation starters.")
    system_prompt: str = Field(
        "system.md.j2",
        description="Template in agent_config/prompts/ for the part of the system prompt that is the same for every "
        "visitor and every day (rules, catalogue, FAQ). It is cached by the model provider, so it cannot use "
        "today, customer or tools.",
    )
    visitor_prompt: str = Field(
        "visitor.md.j2",
        description="Template in agent_config/prompts/ for the part of the system prompt that changes per visitor "
        "or day (today's date, who is signed in, which tools they may use). Sent after the cached part.",
    )

    # Short names the rest of the code (and docs/contracts.md) use.
    @property
    def model(self) -> str:
        return self.spec.model

    @property
    def temperature(self) -> float:
        return self.spec.model_settings.temperature

    @property
    def max_tokens(self) -> int:
        return self.spec.model_settings.max_tokens


# ---- tools.yaml -------------------------------------------------------------------------------


class ToolConfig(_Strict):
    enabled: bool = Field(True, description="false = the model is never offered this tool.")
    description: str = Field(min_length=20, description="What the model reads to decide when to use the tool.")
    auth: Literal["public", "customer"] = Field(
        description="public = anyone; customer = only visitors who are signed in (never offered otherwise)."
    )
    label: str = Field(min_length=2, max_length=40, description="Shown in the chat while the tool runs.")


class ToolsFile(_Strict):
    """tools.yaml"""

    tools: dict[str, ToolConfig]


# ---- faq.yaml ---------------------------------------------------------------------------------


class FaqEntry(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Unique, lowercase-with-dashes, e.g. tipping.")
    question: str = Field(min_length=5)
    answer: str = Field(min_length=5, description="The facts; the assistant rephrases, it never contradicts them.")
    tags: list[str] = Field(default_factory=list, description="Topics, e.g. [cancellation, refunds].")
    alternates: list[str] = Field(
        default_factory=list, description="Other ways customers ask this (the offline mode matches on them)."
    )


class FaqFile(_Strict):
    """faq.yaml"""

    faq: list[FaqEntry]
    words: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Customers' words for what the answers talk about, e.g. electronics: [laptop, phone]. A question "
            "using a word on the right is matched as if it said the word on the left (offline mode)."
        ),
    )


# ---- the loaded whole -------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentConfig:
    """Everything in agent_config/, validated. Built only by `load_config`."""

    directory: Any  # pathlib.Path
    agent: AgentSettings
    tools: dict[str, ToolConfig]
    faq: list[FaqEntry]
    prompts: jinja2.Environment = field(repr=False)
    config_hash: str
    # Offline mode's intents (agent_config/intents.yaml), loaded by assistant.offline.config.load_intents;
    # None until that module exists or when the file is absent.
    intents: Any = None
    # Warnings and information lines from the check (ConfigProblem with severity warning/info): the config
    # is used, and `assistant check` / startup show them.
    notices: tuple[Any, ...] = ()
    # faq.yaml `words`: customers' words → the word the FAQ uses (offline FAQ retrieval).
    faq_words: dict[str, list[str]] = field(default_factory=dict)

    def tool(self, name: str) -> ToolConfig:
        return self.tools[name]

    def enabled_tools(self) -> dict[str, ToolConfig]:
        return {name: tool for name, tool in self.tools.items() if tool.enabled}

    def faq_by_id(self) -> dict[str, FaqEntry]:
        return {entry.id: entry for entry in self.faq}
