"""Render agent_config/prompts/*.j2 (Jinja2, StrictUndefined) with the run's context.

Rendered per run, not cached: it costs a handful of small queries, and it means a price changed in the
admin is in the very next turn's prompt (and the pricing tool reads the same rows).
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
    load_catalogue_facts,
    money,
)


class Customer(BaseModel):
    """Who is chatting, as the prompt may know it: a first name at most, never an id."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    signed_in: bool
    first_name: str | None


class PromptContext(BaseModel):
    """The variables a prompt template may use. Anything else is an error (StrictUndefined)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    today: str  # "Wednesday, November 25, 2026" (New York)
    today_iso: str
    customer: Customer
    catalogue: CatalogueFacts
    faq: list[FaqEntry]
    contact: Contact
    tone: str
    tools: list[str]  # names of the tools this visitor may use

    def as_template_vars(self) -> dict[str, Any]:
        # Models (not dicts) go in, so a misspelt attribute is undefined and StrictUndefined reports it.
        return {name: getattr(self, name) for name in type(self).model_fields}


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


def prompt_context(
    config: AgentConfig,
    *,
    signed_in: bool,
    first_name: str | None,
    now: dt.datetime | None,
    facts: CatalogueFacts | None = None,
) -> PromptContext:
    moment = now_ny(now)
    return PromptContext(
        today=moment.strftime("%A, %B %-d, %Y"),
        today_iso=moment.date().isoformat(),
        customer=Customer(signed_in=signed_in, first_name=first_name if signed_in else None),
        catalogue=facts if facts is not None else load_catalogue_facts(today=moment.date()),
        faq=config.faq,
        contact=config.agent.contact,
        tone=config.agent.tone,
        tools=[name for name, tool in config.enabled_tools().items() if tool.auth == "public" or signed_in],
    )


def render_system_prompt(
    config: AgentConfig, *, user_id: int | None, first_name: str | None, now: dt.datetime | None
) -> str:
    """The system prompt for one run (reads the catalogue from the database)."""
    context = prompt_context(config, signed_in=user_id is not None, first_name=first_name, now=now)
    return config.prompts.get_template(config.agent.system_prompt).render(context.as_template_vars())


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
