"""Render agent_config/prompts/*.j2 (Jinja2, StrictUndefined): the system prompt in two parts.

- the **static** part (`system.md.j2`: rules, catalogue, FAQ) is the same for every visitor and every day, so
  the model provider can cache it; it is rendered once per catalogue version (assistant/prompt_cache.py);
- the **visitor** part (`visitor.md.j2`: today's date, who is signed in, their tools) is rendered per turn
  without the database and sent after it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, ConfigDict

from common.clock import now_ny

from .config.models import AgentConfig, Contact, FaqEntry
from .prompt_facts import (
    AirportFact,
    AirportTransferFact,
    CatalogueFacts,
    ChargeFact,
    OrganizingFact,
    PackageFact,
    RegionFact,
    SpecialtyItemFact,
    StandardDeliveryFact,
    SurchargeFact,
    WindowFact,
    money,
)

# How the two parts are joined when they are shown as one text (PydanticAI joins instruction parts so).
PART_SEPARATOR = "\n\n"


class Customer(BaseModel):
    """Who is chatting, as the prompt may know it: a first name at most, never an id."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    signed_in: bool
    first_name: str | None


class _Context(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def as_template_vars(self) -> dict[str, Any]:
        # Models (not dicts) go in, so a misspelt attribute is undefined and StrictUndefined reports it.
        return {name: getattr(self, name) for name in type(self).model_fields}


class StaticPromptContext(_Context):
    """The variables system.md.j2 may use: nothing that differs between visitors or days."""

    catalogue: CatalogueFacts
    faq: list[FaqEntry]
    contact: Contact
    tone: str


class VisitorPromptContext(_Context):
    """The variables visitor.md.j2 may use."""

    today: str  # "Wednesday, November 25, 2026" (New York)
    today_iso: str
    customer: Customer
    tools: list[str]  # names of the tools this visitor may use


def make_environment(prompts_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(prompts_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain text for a model, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    return env


def static_context(config: AgentConfig, facts: CatalogueFacts) -> StaticPromptContext:
    return StaticPromptContext(catalogue=facts, faq=config.faq, contact=config.agent.contact, tone=config.agent.tone)


def visitor_context(
    config: AgentConfig, *, signed_in: bool, first_name: str | None, now: dt.datetime | None
) -> VisitorPromptContext:
    moment = now_ny(now)
    return VisitorPromptContext(
        today=moment.strftime("%A, %B %-d, %Y"),
        today_iso=moment.date().isoformat(),
        customer=Customer(signed_in=signed_in, first_name=first_name if signed_in else None),
        tools=[name for name, tool in config.enabled_tools().items() if tool.auth == "public" or signed_in],
    )


def render_static_prompt(config: AgentConfig, facts: CatalogueFacts) -> str:
    """system.md.j2 for these catalogue facts (no database access)."""
    template = config.prompts.get_template(config.agent.system_prompt)
    return template.render(static_context(config, facts).as_template_vars()).strip()


def render_visitor_prompt(
    config: AgentConfig, *, signed_in: bool, first_name: str | None, now: dt.datetime | None
) -> str:
    """visitor.md.j2 for one turn (no database access)."""
    context = visitor_context(config, signed_in=signed_in, first_name=first_name, now=now)
    return config.prompts.get_template(config.agent.visitor_prompt).render(context.as_template_vars()).strip()


def render_system_prompt(
    config: AgentConfig, *, user_id: int | None, first_name: str | None, now: dt.datetime | None
) -> str:
    """The whole system prompt as the model reads it: the static part, then the visitor part.

    Sync and reads the catalogue version (and, on a new version, the catalogue) from the database: for the
    CLI and tests. A chat turn gets the same text through assistant/prompt_cache.py without a thread.
    """
    from .prompt_cache import static_prompt_sync

    visitor = render_visitor_prompt(config, signed_in=user_id is not None, first_name=first_name, now=now)
    return static_prompt_sync(config, now=now) + PART_SEPARATOR + visitor


def example_facts() -> CatalogueFacts:
    """A catalogue with one of everything, so a load-time render reaches every branch of a template.

    Values are deliberately neutral: this only proves the template's variables exist, never what they say.
    """
    one = Decimal("1")
    organizing = OrganizingFact(name="Example", price=one, max_hours=1, organizer_count=1, supplies_allowance=one)
    return CatalogueFacts(
        packages=[
            PackageFact(
                package_type="example",
                name="Example",
                price=one,
                max_items=1,
                sizing_note="x",
                inclusions=["x"],
                coi_included=False,
                coi_fee=one,
                most_popular=True,
                packing=organizing,
                unpacking=organizing,
                time_windows=[WindowFact(label="x", price=one)],
            )
        ],
        tax_rate_percent=one,
        standard_delivery=StandardDeliveryFact(
            price_per_item=one, minimum_charge=one, same_day_flat_rate=one, coi_fee=one, max_weight_per_item_lbs=1
        ),
        specialty_items=[SpecialtyItemFact(slug="x", name="Example", price=one, description="x")],
        airport_transfer=AirportTransferFact(
            price_per_bag=one,
            minimum_bags=1,
            minimum_price=one,
            overweight_threshold_lbs=1,
            overweight_fee_per_bag=one,
            free_wait_minutes=1,
            wait_fee=one,
            wait_fee_interval_minutes=1,
            airports=[AirportFact(code="X", name="Example", terminals=["1"])],
        ),
        geographic_surcharge=one,
        booking_cutoff="x",
        weekend_surcharges=[SurchargeFact(name="x", when="x", charges=[ChargeFact(applies_to="x", amount="x")])],
        peak_surcharges=[SurchargeFact(name="x", when="x", charges=[ChargeFact(applies_to="x", amount="x")])],
        core_regions=[RegionFact(region="x", state="NY", places=["x"])],
        surcharge_regions=[RegionFact(region="x", state="NJ", places=["x"])],
    )
