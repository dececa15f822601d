"""Argument pieces shared by several tools. Field descriptions are what the model reads in the tool schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ToolArgs(BaseModel):
    # Unknown argument names are rejected so a model that invents a field gets told, not ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


ZIP_DESCRIPTION = "US ZIP code: 5 digits, or ZIP+4 like 10001-1234."


class SpecialtyItemArg(ToolArgs):
    item_type: str = Field(
        description="Catalogue slug of the specialty item, e.g. peloton, surfboard, crib, wardrobe_box.",
        min_length=1,
        max_length=50,
    )
    quantity: int = Field(1, ge=1, le=20, description="How many of this item.")
