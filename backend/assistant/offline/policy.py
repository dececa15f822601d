"""Policy questions in the customer's own words: when the FAQ's answer beats a price, a date check or a lookup.

"can I throw my gas leaf blower in with the boxes?", "what happens if I'm not downstairs when the driver comes?",
"which mini move should I get for my studio?" name things the tools act on (a box, a driver, a package), yet ask
how a policy works. Such a question — it has one of intents.yaml `policy_questions.phrases` — gets the FAQ entry
it matches (at the lower `policy_questions.faq_threshold`) when that entry answers what no tool can: it covers a
word of the question no tool intent's keywords or vocabulary know ("gas-powered", "hotel", "tip"), or the tool
would leave out something the customer named (a Peloton in a Mini Move is priced without it).
The day and the places of such a question are its occasion, not its topic ("fireworks for the 4th out to
Montauk"): the FAQ is asked without them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .categories import Categories, PolicyCategory
from .dates import MONTHS, WEEKDAYS, without_dates
from .extract import Vocabulary, find_phrase
from .faq_search import ACTION_WORDS, STOPWORDS, FaqHit, FaqIndex, stem
from .places import PlaceIndex
from .slots import SERVICE_SLOTS, implied_service

# Details that make a question concrete: "can I send 2 surfboards from 10001 to 11954?" wants a price,
# "can I send a surfboard?" wants to know whether we do it (the FAQ).
DETAIL_SLOTS = frozenset({
    "zips", "pickup_zip", "delivery_zip", "pickup_date", "standard_delivery_item_count", "blade_bag_count",
    "bag_or_item_count", "package_type", "places",
})  # fmt: skip


def whether_question(said: str, slots: dict[str, Any], vocabulary: Vocabulary) -> bool:
    """'Can I ship…?', 'do you take…?' with no counts, ZIPs or dates: a question of whether, not how much."""
    phrases = vocabulary.permission_phrases
    return bool(phrases) and find_phrase(said, phrases) is not None and not (DETAIL_SLOTS & slots.keys())


class PolicyQuestions(BaseModel):
    """intents.yaml `policy_questions:` — the shapes of a question about how a policy works."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrases: list[str] = Field(
        default_factory=list,
        description="Words of a question about a policy ('what happens if', 'is that a problem', 'should I', "
        "'how does'): with an FAQ match that no tool can answer, the FAQ wins over prices, dates and lookups.",
    )
    faq_threshold: float = Field(
        0.35, gt=0, le=1, description="Least FAQ match confidence (0-1) for a policy question (below settings')."
    )
    categories: list[PolicyCategory] = Field(
        default_factory=list,
        description="Kinds of things and situations an FAQ answer covers (liquids, valuables, 'it broke'), tried "
        "in order when no entry matches a policy question confidently: naming one gets its entry.",
    )


# Words of when, which the date reader and the tools understand: "can you pick up tomorrow morning?" asks for a
# date, not for the FAQ entry that mentions mornings.
WHEN_WORDS = (*WEEKDAYS, *MONTHS, "today", "tonight", "tomorrow", "morning", "afternoon", "evening", "weekend",
              "weekday", "week", "month", "date", "day", "holiday")  # fmt: skip


# "out to our beach house", "into the new place", "from my old apartment": where a thing goes is the route, not
# the question ("can I send a cooler of frozen steaks out to the beach house?" asks about the steaks). Only
# after a determiner, so "ok to send plants" keeps its verb, and not "hang on to my things" (storage); up to a
# comma, a preposition or the end.
_DESTINATION = re.compile(
    r"(?<!\bon )\b(?:to|into|from)\s+(?:the|my|our|your|his|her|their|a|an)\s+[^,.?!;]*?"
    r"(?=\s+(?:for|on|by|in|with|before|after|when|while|and|but|so|because|if|next|this)\b|[,.?!;]|$)"
)
# Places a policy answer is about, not a route's end: "can the driver grab our bags from the hotel?"
_POLICY_PLACES = re.compile(r"\b(?:hotel|airbnb|lobby|front desk|terminal|office|warehouse|storage)\b")


def _unless_policy_place(destination: re.Match[str]) -> str:
    return destination.group(0) if _POLICY_PLACES.search(destination.group(0)) else " "


_BOOKING_NUMBER = re.compile(r"\btt-?\d+\b")
# A question typed without its question mark: "will the driver call me before", "what hours can i call".
_QUESTION_START = re.compile(
    r"^(?:(?:hi|hey|hello|ok|okay|so|and|also|quick question|question)[,!.]?\s+)*"
    r"(?:what|what's|how|when|where|who|why|which|will|would|can|could|do|does|did|is|are|should|any|if)\b"
    # ...or a question after a comma: "we're hosting a dinner the night of delivery, will our stuff be there"
    r"|.*[,.;]\s*(?:what|what's|how|when|where|who|will|would|can|could|do|does|is|are|should)\b"
)
# "like 60 pounds", "3 boxes": the customer's quantities, which an answer's numbers ("50–60 pieces") match by chance.
_COUNT = re.compile(r"(?<![$\d])\b\d+\b(?![\d%])")


class PolicyReader:
    """Built once per planner: which words the tools understand, so an FAQ's own words can be told apart."""

    def __init__(
        self,
        questions: PolicyQuestions,
        vocabulary: Vocabulary,
        tool_keywords: Sequence[str],
        faq: FaqIndex,
        threshold: float,
    ) -> None:
        """`tool_keywords`: the keywords of intents that call a tool and the follow-up words of a quote;
        `threshold`: the FAQ threshold of any question, tried first."""
        self.questions = questions
        self.threshold = threshold
        self.vocabulary = vocabulary
        self.faq = faq
        # A keyword phrase names its one meaningful word ("my order" → order, "pickup from" → pickup); a phrase of
        # several ("least money", "come back") names none of them alone: "money back" is the FAQ's question.
        said = [k for k in tool_keywords if sum(w not in STOPWORDS for w in re.findall(r"[a-z0-9']+", k)) == 1]
        said += [
            *(w for table in (vocabulary.services, vocabulary.packages, vocabulary.specialty_items,
                              vocabulary.airports) for words in table.values() for w in words),
            *vocabulary.item_nouns, *vocabulary.bag_nouns, *(h.name for h in vocabulary.holidays), *WHEN_WORDS,
        ]  # fmt: skip
        # As the FAQ reads them too ("service" is read as the entries' "services"), so the two can be compared.
        words = {stem(w) for phrase in said for w in re.findall(r"[a-z0-9]+", phrase.lower()) if w not in STOPWORDS}
        self.tool_words = frozenset(words | {w for phrase in said for w in faq.read(phrase)})
        self.categories = Categories(questions.categories, faq)
        # One message's topic is asked for by several checks of a step (and again each time the conversation is
        # replayed): computed once per message and day.
        self._topics = functools.lru_cache(maxsize=256)(self._topic)

    def shaped(self, said: str) -> bool:
        """Is the message asked as a policy question ('what if…', 'can I…', 'should I…')?"""
        phrases = [*self.questions.phrases, *self.vocabulary.permission_phrases]
        return bool(phrases) and find_phrase(said, phrases) is not None

    def answer(
        self,
        said: str,
        slots: dict[str, Any],
        today: date,
        places: PlaceIndex,
        asks_tool: bool = False,
        context: str = "",
    ) -> FaqHit | None:
        """The FAQ entry that answers a policy question better than any tool, or None. `asks_tool`: the message
        asks for a tool in its words, with its details ("can I get a quote for the petite package…")."""
        if "booking_number" in slots:
            return None  # a question naming one booking is about that booking
        shaped = self.shaped(said)
        if not shaped and "?" not in said and not _QUESTION_START.match(said):
            return None
        topic = self.topic(said, today=today, places=places)
        if asks_tool:
            # Only a situation the customer is in outweighs the price their counts ask for: "worst case you lose
            # one of my duffels, how much would you reimburse?"
            return self.categories.find(topic, over_prices=True, context=context)
        # The customer's own thing or situation ("a keg", "if the screen cracks") sinks the confidence of the
        # entry that covers its kind: the kind decides when no entry matches the words well.
        top = self.faq.search(topic)
        confident = top[0] if top and top[0].confidence >= self.threshold else None
        if (situation := self.categories.find(topic, over_prices=True, context=context)) is not None and (
            confident is None or confident.doc.id != situation.doc.id
        ):
            return situation  # what outweighs a price outweighs a closer-worded entry too: fireworks are a no
        kind = self.categories.find(topic, context=context)
        if kind is not None and confident is not None and confident.doc.id == kind.doc.id:
            return confident  # a confident match of the kind's own entry is asked too, shaped or not
        if kind is not None and (confident is None or shaped or _QUESTION_START.match(said)):
            return kind  # asked as a policy question, the kind it names decides over words matched by chance
        if not shaped:
            return None
        # A confident match first (and the one entry naming the thing asked about), then a weaker one.
        ruled_out = self.categories.ruled_out(topic)
        for hit in (
            self.faq.best(topic, threshold=self.threshold, asks_if_allowed=True),
            self.faq.best(topic, threshold=self.questions.faq_threshold),
        ):
            if hit is not None and hit.doc.id not in ruled_out and (self.own_words(hit, topic) or left_out(slots)):
                return hit
        return None

    def situation(self, said: str, *, today: date, places: PlaceIndex, context: str = "") -> FaqHit | None:
        """The entry of a situation the customer is in ('change my mind, do I get my money back?'), asked as a
        policy question: it outweighs carrying on with a quote."""
        if not self.shaped(said):
            return None
        return self.categories.find(self.topic(said, today=today, places=places), over_prices=True, context=context)

    def ruled_out(self, said: str, *, today: date, places: PlaceIndex) -> set[str]:
        """FAQ ids the message's own words say it is not asking about (a category's `unless`)."""
        return self.categories.ruled_out(self.topic(said, today=today, places=places))

    def own_words(self, hit: FaqHit | None, said: str) -> set[str]:
        """Words of the question the entry covers and no tool knows: what only the FAQ can answer."""
        if hit is None:
            return set()
        known = self.tool_words | ACTION_WORDS
        return {faq for own, faq in self.faq.covered(hit, said) if own not in known and faq not in known}

    def topic(self, said: str, *, today: date, places: PlaceIndex) -> str:
        """The message without the days, places, destinations, booking numbers and counts it names: what it asks
        about."""
        return self._topics(said, today, places)

    def _topic(self, said: str, today: date, places: PlaceIndex) -> str:
        text = without_dates(said, today, self.vocabulary.holidays, say_today=True)
        for mention in places.find(text):
            text = text[: mention.start] + " " * (mention.end - mention.start) + text[mention.end :]
        return _COUNT.sub(" ", _BOOKING_NUMBER.sub(" ", _DESTINATION.sub(_unless_policy_place, text)))


# Things a customer names by what they are (not how many): a price that can't include one doesn't answer.
NAMED_THINGS = ("specialty_items",)


def left_out(slots: dict[str, Any]) -> set[str]:
    """Things the customer named that the service's price can't include (a Peloton in a Mini Move)."""
    service = slots.get("service_type") or implied_service(slots)
    if service not in SERVICE_SLOTS:
        return set()
    return {name for name in NAMED_THINGS if name in slots and name not in SERVICE_SLOTS[service]}
