"""Kinds of things and situations a policy answer covers (intents.yaml `policy_questions.categories`).

A customer names their own thing ("a keg", "my son's dirt bike", "a box of cigars") or tells their own situation
("if the screen cracks", "I overslept"): words no FAQ entry uses, which sink its match confidence however well the
answer fits. Staff declare the kinds an answer covers — liquids, gas-powered vehicles, tobacco, valuables — and
the words that belong to each; a policy-shaped question naming one gets that entry. Categories are tried in file
order, so a situation ("are you liable if it breaks?") listed first outranks the thing it happens to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.config.errors import ConfigProblem

from .faq_search import FaqDoc, FaqHit, FaqIndex, stem


class PolicyCategory(BaseModel):
    """One kind of thing or situation and the FAQ entry that answers for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="What the kind is, for people: 'liquids', 'valuables'.")
    faq: str = Field(min_length=1, description="The id of the faq.yaml entry that answers for this kind.")
    words: list[str] = Field(
        min_length=1,
        description="Things of this kind or words telling this situation, in general words first ('alcohol', "
        "'vehicle', 'broken'); a word also matches its plural. Words under faq.yaml `words` count as what they "
        "stand for there.",
    )
    over_prices: bool = Field(
        False,
        description="A situation the customer is in (it got lost, they cancel): its answer wins even when the "
        "message also has counts a price could use ('if you lose one of my 3 bags, how much do I get?').",
    )
    refuses: bool = Field(
        False,
        description="Its answer says we don't carry the thing named (fireworks, a keg): no price follows it, even "
        "when the message also describes a job ('a box of fireworks out to montauk for the 4th').",
    )
    unless: list[str] = Field(
        default_factory=list,
        description="Words that make the category not apply: 'which of my orders got cancelled?' asks about a "
        "booking, not the cancellation policy.",
    )
    only_with: list[str] = Field(
        default_factory=list,
        description="When set, the category answers only a question that also says one of these words: things we "
        "can't carry are asked about with a word of carrying ('bring', 'pack', 'send'), not 'can you water my "
        "plants while I'm away'.",
    )


class Categories:
    """Finds the first category a question names. Built once per planner."""

    def __init__(self, categories: Sequence[PolicyCategory], faq: FaqIndex) -> None:
        docs = {d.id: d for d in faq.docs}
        self._faq = faq
        self.refusing = frozenset(c.faq for c in categories if c.refuses)  # entries no price may follow
        self._rules: list[
            tuple[FaqDoc, re.Pattern[str], frozenset[str], re.Pattern[str] | None, re.Pattern[str] | None, bool]
        ] = []
        for category in categories:
            doc = docs.get(category.faq)
            if doc is None:
                continue  # reported by check_categories; a half-loaded config never reaches here
            phrases = {w.lower().strip() for w in category.words}  # _pattern orders them longest first
            # A one-word member also matches when the FAQ's `words` read the customer's word as it ("cigars" is
            # read as "tobacco"): staff list a kind once, not every brand of it.
            single = frozenset(stem(p) for p in phrases if " " not in p and "-" not in p)
            needed = _pattern(category.only_with) if category.only_with else None
            unless = _pattern(category.unless) if category.unless else None
            self._rules.append((doc, _pattern(phrases), single, needed, unless, category.over_prices))

    def find(self, topic: str, *, over_prices: bool = False, context: str = "") -> FaqHit | None:
        """The entry of the first category `topic` names (of those marked `over_prices` only, when asked), or None.
        `context`: words of what the conversation is already about ("airport" during an airport quote), which
        satisfy `only_with` too: "one of them is probably 60 lbs, is that a problem?" after a JFK price."""
        read = set(self._faq.read(topic))
        for doc, pattern, single, needed, unless, situation in self._rules:
            if (needed is not None and not (needed.search(topic) or needed.search(context))) or (
                over_prices and not situation
            ):
                continue
            if unless is not None and unless.search(topic):
                continue
            if pattern.search(topic) or read & single:
                return FaqHit(doc=doc, score=0.0, confidence=1.0)
        return None

    def ruled_out(self, topic: str) -> set[str]:
        """FAQ ids a category's `unless` words rule out for `topic`: "which of those did i cancel" names the
        cancellation kind, but asks about a booking, so the cancellation policy is no answer however well worded."""
        read = set(self._faq.read(topic))
        return {
            doc.id
            for doc, pattern, single, _needed, unless, _situation in self._rules
            if unless is not None and unless.search(topic) and (pattern.search(topic) or read & single)
        }


def _pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of `phrases` as whole words, also with a plural or verb ending ("breaks", "packed")."""
    ordered = sorted({p.lower().strip() for p in phrases}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    return re.compile(r"\b(?:" + alternatives + r")(?:e?s|ed|ing)?\b")


def check_categories(
    categories: Iterable[PolicyCategory], faq_ids: Iterable[str], intents_file: Any
) -> list[ConfigProblem]:
    """A category pointing at an FAQ id that doesn't exist would never answer."""
    known = sorted(set(faq_ids))
    problems = []
    for i, category in enumerate(categories):
        if category.faq not in known:
            message = f"category '{category.name}' points to FAQ entry '{category.faq}', which faq.yaml does not have."
            hint = f"use one of: {', '.join(known)}."
            loc = ("policy_questions", "categories", i, "faq")
            problems.append(
                intents_file.problem(loc, message, hint)
                if intents_file is not None
                else ConfigProblem("intents.yaml", None, None, message, hint)
            )
    return problems
