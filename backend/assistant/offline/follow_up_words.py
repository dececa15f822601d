"""intents.yaml `follow_ups:` — the words that say how a message relates to the conversation so far.

The rules that use them are in follow_ups.py; here only what staff can edit, checked at load.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class PackageSize(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    package: str = Field(min_length=1, description="A key of vocabulary.packages.")
    people: int | None = Field(None, ge=1, description="Most people this package suits (none = any number).")
    items: int | None = Field(None, ge=1, description="Most items this package suits (none = any number).")


class FollowUpWords(BaseModel):
    """intents.yaml `follow_ups:` — words that say how a message relates to the conversation so far."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    loose_service_words: list[str] = Field(
        default_factory=list,
        description="Service words that give way to a detail naming another service: 'move 12 items' is a "
        "Standard Delivery, 'send 3 bags to JFK' an Airport Transfer.",
    )
    change_words: list[str] = Field(
        default_factory=list, description="A follow-up changing one detail: 'make it 5 bags', 'same but to JFK'."
    )
    add_words: list[str] = Field(default_factory=list, description="A follow-up adding items: 'also a crib'.")
    remove_words: list[str] = Field(
        default_factory=list, description="Before an add-on, takes it away: 'without the COI', 'drop the packing'."
    )
    add_ons: dict[str, list[str]] = Field(
        default_factory=dict, description="Add-on slot: the words naming it (for remove_words)."
    )
    smallest_words: list[str] = Field(
        default_factory=list, description="'the smallest/cheapest Mini Move' = the first package in vocabulary."
    )
    largest_words: list[str] = Field(
        default_factory=list, description="'the biggest Mini Move' = the last package in vocabulary."
    )
    step_up_words: list[str] = Field(
        default_factory=list, description="'go one size up' after a quote: the next package in vocabulary."
    )
    step_down_words: list[str] = Field(
        default_factory=list, description="'one size down' after a quote: the package before it in vocabulary."
    )
    people_words: list[str] = Field(default_factory=list, description="'for 4 people': household size nouns.")
    compare_words: list[str] = Field(
        default_factory=list,
        description="With two or more packages named, price each: 'petite vs standard', 'difference between…'.",
    )
    only_words: list[str] = Field(
        default_factory=list, description="With items, they replace the earlier ones: 'just the peloton'."
    )
    return_words: list[str] = Field(
        default_factory=list, description="After an Airport Transfer, the same transfer from the airport."
    )
    place_back_words: list[str] = Field(
        default_factory=list,
        description="Words pointing back to the place of an earlier message: 'send 3 boxes there', 'from that "
        "ZIP'. With 'from' before them it is the pickup, else the delivery.",
    )
    package_sizes: list[PackageSize] = Field(
        default_factory=list, description="Smallest first: the package a Mini Move of N people or items fits."
    )

    def phrases(self) -> list[str]:
        """Every word here, so typo repair knows them ("never mind" is not a misspelt "mini")."""
        lists = [self.loose_service_words, self.change_words, self.add_words, self.remove_words, self.only_words,
                 self.compare_words,
                 self.smallest_words, self.largest_words, self.step_up_words, self.step_down_words,
                 self.people_words, self.return_words,
                 self.place_back_words, *self.add_ons.values()]  # fmt: skip
        return [phrase for words in lists for phrase in words]
