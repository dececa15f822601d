"""What the chat widget offers before the first message, from agent.yaml `widget` (GET /api/assistant/widget/).

Starters whose tool is switched off in tools.yaml are left out, so disabling a tool is one YAML edit.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .config import AgentConfig
from .config.placeholders import render_text, text_context


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StarterOffer(_Out):
    label: str
    message: str


class ContactOffer(_Out):
    phone: str
    email: str
    orders_email: str


class WidgetOffer(_Out):
    greeting: str
    intro: str
    starters: list[StarterOffer]
    offline_note: str
    max_chars: int
    contact: ContactOffer


def widget_offer(config: AgentConfig, *, first_name: str | None) -> WidgetOffer:
    """The widget's greeting (personal when `first_name` is given), starters, limits and contact details."""
    widget, contact = config.agent.widget, config.agent.contact
    enabled = config.enabled_tools()
    greeting = widget.greeting
    if first_name:
        greeting = render_text(widget.greeting_signed_in, {**text_context(contact, config.tools), "name": first_name})
    return WidgetOffer(
        greeting=greeting,
        intro=widget.intro,
        starters=[
            StarterOffer(label=s.label, message=s.message)
            for s in widget.starters
            if s.tool is None or s.tool in enabled
        ],
        offline_note=widget.offline_note,
        max_chars=config.agent.limits.max_message_chars,
        contact=ContactOffer(phone=contact.phone, email=contact.email, orders_email=contact.orders_email),
    )
