"""Intent matching and slot filling for offline mode — a pure function of the conversation's user messages.

The model keeps no state: every request replays the earlier user turns (from the server-side history the
agent passes in) through `step()`, which rebuilds what was being asked and which details are known. So a
customer can answer "Which package?" with "standard" and the quote still has their ZIPs and date.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from jinja2 import Environment, StrictUndefined

from .actions import Action, Ask, CallTools, Say, State
from .answer_then_quote import priced_after_answer
from .config import ADD_ON_SLOTS, Intent, IntentsConfig
from .counting import NUMBER_WORDS
from .dates import MONTHS, WEEKDAYS, without_dates
from .extract import expand_shorthand, extract_slots, find_phrase, normalise
from .faq_search import STOPWORDS, FaqHit, FaqIndex
from .follow_ups import reinterpret, without_change_words
from .keywords import keyword_score
from .places import PlaceIndex
from .policy import PolicyReader, whether_question
from .slots import complete_slots, related_slots
from .tool_args import quotes_named_things, tool_calls
from .typos import COMMON_WORDS, TypoRepair

__all__ = ["Action", "Ask", "CallTools", "Planner", "Say", "State", "complete_slots", "tool_calls"]

_ASK = Environment(undefined=StrictUndefined, autoescape=False)
# A message about the customer's own booking ("when is my driver coming?"), not about how pickups work.
_OWN = re.compile(r"\b(?:my|our)\b")
# "how much was that one?", "what did it cost?": a question about the booking just shown.
_BACK_REFERENCE = re.compile(
    r"\b(?:was|did|were)\b.*\b(?:that|it|this|those|them)\b|\b(?:that|this) one\b"
    r"|\bhow much (?:is|does|do i owe (?:on|for)) (?:it|that)\b|\bwhat(?:'s| is| does) (?:it|that) cost\b"
    r"|^(?:and|what about|how about) (?:the|my) [a-z -]+\??$"  # "and the petite move?" after a lookup
)
# Details that describe a booking already made ("the petite move", "the one with packing"), not a new quote's.
_DESCRIBES_BOOKING = {"upcoming", "booking_state", "service_type", "package_type", "include_packing",
                      "include_unpacking", "coi_required", "blade_airport", "transfer_direction"}  # fmt: skip
_MONTH_NAMES = ("january", "february", "march", "april", "june", "july", "august", "september", "october",
                "november", "december")  # fmt: skip


@dataclass(frozen=True)
class Planner:
    config: IntentsConfig
    faq: FaqIndex
    switched_off: frozenset[str] = frozenset()  # tools with `enabled: false` in tools.yaml
    places: PlaceIndex = field(init=False)
    typos: TypoRepair = field(init=False)
    policy: PolicyReader = field(init=False)

    def __post_init__(self) -> None:
        vocab = self.config.vocabulary
        phrases = [
            *(w for table in (vocab.services, vocab.packages, vocab.specialty_items, vocab.airports,
                              vocab.unlisted_items) for words in table.values() for w in words),
            *vocab.item_nouns, *vocab.bag_nouns,
            *(k for i in self.config.intents if not i.refuse for k in i.keywords),
            *WEEKDAYS, "tomorrow", "weekend", *(m for m in _MONTH_NAMES),
        ]  # fmt: skip
        places = PlaceIndex(self.config.places)
        targets = [w for phrase in phrases for w in re.findall(r"[a-z]+", phrase.lower())] + places.words
        faq_words = {w for d in self.faq.docs for w in re.findall(r"[a-z]+", f"{d.keys} {d.answer}".lower())}
        faq_words |= self.faq.customer_words  # faq.yaml `words`: "laptop" is not a typo of anything
        # Follow-up words are known, never targets: "never mind" is not a misspelt "mini", nor "changed" "change".
        follow_up_words = {w for phrase in self.config.follow_ups.phrases() for w in re.findall(r"[a-z]+", phrase)}
        known = faq_words | STOPWORDS | set(NUMBER_WORDS) | set(MONTHS) | follow_up_words | COMMON_WORDS
        object.__setattr__(self, "places", places)
        object.__setattr__(self, "typos", TypoRepair(targets, known))
        tool_keywords = [k for i in self.config.intents if i.tool is not None for k in i.keywords]
        tool_keywords += self.config.follow_ups.phrases()  # "instead", "also", "coi": a quote's follow-ups
        threshold = self.config.settings.faq_threshold
        policy = PolicyReader(self.config.policy_questions, vocab, tool_keywords, self.faq, threshold)
        object.__setattr__(self, "policy", policy)

    def plan(self, user_texts: Sequence[str], *, today: date, offered: Collection[str]) -> Action:
        """The action for the last message, after replaying the earlier ones to rebuild the state."""
        return self.replay(user_texts, today=today, offered=offered)[0]

    def replay(
        self, user_texts: Sequence[str], *, today: date, offered: Collection[str]
    ) -> tuple[Action, State, dict[str, Any]]:
        """The last message's action, the state after it, and the details that message itself stated."""
        state = State()
        action: Action = Say(self.config.replies.not_sure, {})
        for text in user_texts:
            action, state = self.step(text, state, today=today, offered=offered)
        return action, state, self.read(user_texts[-1], today) if user_texts else {}

    def read(self, text: str, today: date) -> dict[str, Any]:
        """The slots one message states, after typo repair and with place names as ZIPs."""
        return extract_slots(self.clean(text), self.config.vocabulary, today, self.places)

    def clean(self, text: str) -> str:
        """The message as every matcher reads it: normalised, shorthand spelt out ("r u" → "are you"), typos repaired."""
        return self.typos.text(expand_shorthand(normalise(text), self.config.vocabulary.shorthand))

    # ---- one message ----------------------------------------------------------------------------

    def step(self, text: str, state: State, *, today: date, offered: Collection[str]) -> tuple[Action, State]:
        action, new_state = self._step(text, state, today=today, offered=offered)
        suggested = new_state.suggested if new_state is not state else {}  # a suggestion lasts one turn
        faq = action.context.get("question") if isinstance(action, Say) and "faq_id" in action.context else None
        return action, replace(
            new_state,
            answered=action.intent if isinstance(action, CallTools) else None,
            suggested=suggested,
            faq_question=faq,
        )

    def _step(self, text: str, state: State, *, today: date, offered: Collection[str]) -> tuple[Action, State]:
        said = self.clean(text)
        slots = extract_slots(said, self.config.vocabulary, today, self.places)
        if state.suggested and not slots and self._is_yes(said):
            # "yes" to "Did you mean 11954?": the suggested details answer what we were asking.
            slots = dict(state.suggested)
        keyword_scores = {i.name: self._keyword_score(i, said) for i in self.config.intents}
        asks_price = any(keyword_scores[i.name] > 0 for i in self.config.intents if quotes_named_things(i))
        if state.faq_question and _ASKS_WHAT_IT_ADDS.search(said):
            # "what's a COI?" answered, then "ok and is that extra? its just 4 boxes": the quote with the COI
            for slot, words in self.config.follow_ups.add_ons.items():
                if slot not in slots and find_phrase(state.faq_question.lower(), words) is not None:
                    slots[slot] = True
        earlier = state.slots if state.intent is not None else {}
        slots = reinterpret(said, slots, earlier, self.config.follow_ups, self.config.vocabulary, asks_price=asks_price)
        scores = {
            i.name: keyword_scores[i.name] + sum(w for name, w in i.signals.items() if name in slots)
            for i in self.config.intents
        }
        threshold = self.config.settings.min_intent_score
        # Said in words (not read from counts: "a poem about boxes" counts no box to move)
        on_topic = any(not i.refuse and keyword_scores[i.name] >= threshold for i in self.config.intents)
        for intent in self.config.intents:
            if intent.refuse and scores[intent.name] >= threshold:
                if intent.unless_on_topic and (on_topic or self.policy.shaped(said) and self._names_our_things(said)):
                    continue
                return Say(intent.reply, {}), state
        typo = slots.get("zip_typo")
        if typo and typo.get("zip") is None and "zips" not in slots and "places" not in slots:
            suggestions = self._zip_suggestions(typo["typed"])
            context_name = state.intent if state.pending else None
            intent_name = context_name or self._zip_intent(scores)
            reply = Say(self.config.replies.zip_typo, {"typed": typo["typed"], "suggestions": suggestions})
            suggested = {"zips": [suggestions[0]["zip"]], "pickup_zip": suggestions[0]["zip"]} if suggestions else {}
            return reply, State(intent_name, state.slots, pending=True, suggested=suggested)
        accepting = self._accepts_yes(said, state, slots, keyword_scores)
        if accepting is not None:
            # "yes please" right after "Would you like me to open the booking form?": do what we offered.
            return self._run(accepting, slots, state, today=today, offered=offered)
        ranked = sorted(
            (i for i in self.config.intents if not i.refuse and scores[i.name] >= threshold),
            key=lambda i: scores[i.name],
            reverse=True,
        )  # sorted() is stable: on a tie the intent listed first in intents.yaml wins
        asks_if_allowed = whether_question(said, slots, self.config.vocabulary)
        faq_hit = self.faq.best(said, threshold=self.config.settings.faq_threshold, asks_if_allowed=asks_if_allowed)
        if faq_hit is not None and faq_hit.doc.id in self.policy.ruled_out(said, today=today, places=self.places):
            faq_hit = None  # "which of those did i cancel" asks about a booking, not the cancellation policy
        context = self.config.by_name(state.intent) if state.intent else None
        continuing = self._continues(context, state, slots)
        best = self._best(ranked, slots, state)
        if best is not None and context is not None and self._switches(best, context, slots):
            continuing = False  # "2 bags to JFK" after a ZIP check is a new question, not more ZIPs
        # "what if I'm not downstairs when the driver comes?", "fireworks for the 4th, can those go in my bags?"
        asks_tool = any(
            keyword_scores[i.name] > 0 and i.tool and any(w > 0 for name, w in i.signals.items() if name in slots)
            for i in self.config.intents
        )  # a signal pointing away ("a service named is no history question") asks for nothing
        if (
            continuing
            and not asks_price
            and slots.keys() <= {*ADD_ON_SLOTS, "service_type"}
            and self.policy.shaped(said)
        ):
            # "where do I send the sample COI?" during a quote asks how, not to add one ("what if I also need a
            # COI" adds it)
            follow_ups = self.config.follow_ups
            continuing = find_phrase(said, [*follow_ups.change_words, *follow_ups.add_words]) is not None or bool(
                slots.keys() & ADD_ON_SLOTS and _IF.search(said)
            )  # "and if the building makes us get a coi?": the quote with it
        # What the conversation is on: the service in the vocabulary's words ("airport" during a JFK quote), and
        # the FAQ question just answered ("can i pay for more" right after the liability answer)
        about = " ".join(self.config.vocabulary.services.get(str(state.slots.get("service_type")), []))
        about = f"{about} {(state.faq_question or '').lower()}"
        if continuing and self.policy.situation(said, today=today, places=self.places, context=about) is not None:
            continuing = False  # "if I book it today and change my mind, do I get my money back?" mid-quote
        if not continuing and faq_hit is not None and faq_hit.listed and not slots and (best is None or not best.tool):
            # The very question staff listed under an entry ("What does my doorman need?" under the COI) gets that
            # entry, before the topic categories of intents.yaml, which might read "doorman" as handing over; a
            # question a tool answers ("where is my booking?", "book it") still goes to the tool.
            return self._answer_faq(faq_hit, slots, state, offered, said, asks_price)
        if (
            not continuing
            and (hit := self.policy.answer(said, slots, today, self.places, asks_tool, about)) is not None
        ):
            return self._answer_faq(hit, slots, state, offered, said, asks_price)
        if (
            continuing
            and context is not None
            and (
                best is None
                or self._keyword_score(best, without_change_words(said, self.config.follow_ups)) <= 0
                or self._only_its_details(context, best, slots)
            )
        ):
            # Details only ("3 items", "from 07030 to 11937", "newark", "make it saturday"): they answer what we
            # were on; a change word that is also another intent's keyword ("make it") does not switch.
            return self._run(context, slots, state, today=today, offered=offered)
        if not asks_price and (changing := self._change_after(state, slots, said)) is not None:
            return Say(changing.reply, {"slots": slots}), state  # "cool can u bump it to 6 items" after a lookup
        if (looked_up := self._booking_asked_back(context, best, slots, said)) is not None:
            return self._run(looked_up, {}, state, today=today, offered=offered)
        if best is not None and best.tool is not None:
            named_signal = any(name in slots for name in best.pointers)
            # "How much is storage?" says "how much" but names no service: then the FAQ knows better.
            # "Can I ship a surfboard?" asks whether we do it: the FAQ's honest answer beats a price.
            # Signed out, a lookup can only say "sign in": an FAQ answer to what the tools don't know ("what time
            # does the driver come?") helps more.
            # ... unless they ask about their own ("when is my driver coming for my pickup?"): then only signing in helps.
            signed_out = best.tool not in offered and self.policy.own_words(faq_hit, said) and not _OWN.search(said)
            defers = signed_out or (best.faq_first and (not named_signal or asks_if_allowed))
            if not (defers and faq_hit is not None):
                action, after = self._run(best, slots, state, today=today, offered=offered)
                return self._with_side_question(action, said, today=today, context=about), after
        if continuing and context is not None:
            return self._run(context, slots, state, today=today, offered=offered)
        if faq_hit is not None and not self._day_only(said, slots, today):
            return self._answer_faq(faq_hit, slots, state, offered, said, asks_price)
        if best is not None:
            return self._run(best, slots, state, today=today, offered=offered)
        if "pickup_date" in slots and (on_date := self.config.settings.date_only_intent):  # "the 25th?"
            return self._run(self.config.by_name(on_date), slots, state, today=today, offered=offered)
        return Say(self.config.replies.not_sure, {}), state

    @staticmethod
    def _only_its_details(context: Intent, best: Intent, slots: dict[str, Any]) -> bool:
        """Does the message state only details of the intent we were on, none the other one points by ("can the crew
        come at exactly 9 instead" during a quote: "come" is the availability's word, the hour is the quote's)?"""
        relevant = related_slots(set(context.args.values()) | {s for q in context.requires for s in q.slots})
        return bool(slots) and slots.keys() <= relevant and not slots.keys() & best.signals.keys()

    def _change_after(self, state: State, slots: dict[str, Any], said: str) -> Intent | None:
        """The intent that answers a change asked right after an answer it lists in `changes_after`."""
        if state.answered is None or not slots:
            return None
        changer = next((i for i in self.config.intents if state.answered in i.changes_after), None)
        if changer is None or (changer.except_keywords and find_phrase(said, changer.except_keywords) is not None):
            return None  # "ok i need another one like it but 7 items" asks for a new one
        words = [*self.config.follow_ups.change_words, "bump", "push"]
        return changer if find_phrase(said, words) is not None else None

    def _booking_asked_back(
        self, context: Intent | None, best: Intent | None, slots: dict[str, Any], said: str
    ) -> Intent | None:
        """'and how much was that one?' right after a booking lookup: the same lookup again (it shows the total),
        not a new quote with no details."""
        if context is None or context.tool is None or not context.tool.startswith("lookup_booking"):
            return None
        if best is None or best.tool is None or best.name == context.name or slots.keys() - _DESCRIBES_BOOKING:
            return None
        return context if _BACK_REFERENCE.search(said) else None

    def _best(self, ranked: list[Intent], slots: dict[str, Any], state: State) -> Intent | None:
        """The top intent — unless only its keywords point to it, it lacks a detail it needs, and a runner-up
        has the details the message names: "Can you pick up at 10023?" names a ZIP, no date: coverage."""
        if not ranked:
            return None
        top = ranked[0]
        if top.tool is None or self._ready(top, slots, state) or any(name in slots for name in top.pointers):
            return top
        ready = next(
            (
                i
                for i in ranked[1:]
                if i.tool is not None and any(name in slots for name in i.pointers) and self._ready(i, slots, state)
            ),
            None,
        )
        return ready or top

    def _ready(self, intent: Intent, slots: dict[str, Any], state: State) -> bool:
        inherited = state.slots if state.intent == intent.name or state.intent in intent.carry_over_from else {}
        merged = complete_slots(inherited, slots)
        for question in intent.requires:
            applies = all(str(merged.get(k)) == v for k, v in question.when.items())
            if applies and not any(name in merged for name in question.slots):
                return False
        return True

    def _switches(self, best: Intent, context: Intent, slots: dict[str, Any]) -> bool:
        """Does the message name enough details of another intent that the one we were on can't use?"""
        if best.name == context.name:
            return False
        relevant = related_slots(set(context.args.values()) | {s for q in context.requires for s in q.slots})
        foreign = sum(w for name, w in best.signals.items() if name in slots and name not in relevant and w > 0)
        return foreign >= self.config.settings.min_intent_score

    def _day_only(self, said: str, slots: dict[str, Any], today: date) -> bool:
        """Does the FAQ match only the day named ("what about friday?" is not about office hours)?"""
        rest = without_dates(said, today, self.config.vocabulary.holidays) if "pickup_date" in slots else said
        return rest != said and self.faq.best(rest, threshold=self.config.settings.faq_threshold) is None

    def _is_yes(self, said: str) -> bool:
        match = find_phrase(said, self.config.affirmations)
        return match is not None and said[: match.start()].strip(" ,.!") == ""

    def _zip_intent(self, scores: dict[str, float]) -> str:
        """The intent a ZIP typo belongs to: the best-scoring one that takes a ZIP, else the coverage check."""
        takes_zip = [i for i in self.config.intents if {"zips", "pickup_zip"} & set(i.args.values())]
        scored = sorted((i for i in takes_zip if scores[i.name] > 0), key=lambda i: scores[i.name], reverse=True)
        fallback = self.config.for_tool("check_zip_coverage")
        return (scored[0] if scored else fallback or takes_zip[0]).name

    def _zip_suggestions(self, typed: str) -> list[dict[str, str]]:
        """ZIPs of places.yaml one digit away from a 4-digit entry: "1954" → 11954 (Montauk)."""
        known: dict[str, str] = {}
        for place in self.places.places:
            if place.zip is not None:
                known.setdefault(place.zip, place.name)
        candidates = {typed[:i] + d + typed[i:] for i in range(len(typed) + 1) for d in "0123456789"}
        return [{"zip": z, "name": known[z]} for z in sorted(candidates) if z in known][:3]

    def _accepts_yes(
        self, said: str, state: State, slots: dict[str, Any], keyword_scores: dict[str, float]
    ) -> Intent | None:
        """The intent a bare "yes" accepts: only right after an answer whose intent it lists in `yes_after`,
        and only when the message starts with a yes and asks for nothing else (no details, no tool keywords)."""
        if state.answered is None or slots:
            return None
        match = find_phrase(said, self.config.affirmations)
        if match is None or said[: match.start()].strip(" ,.!") != "":
            return None
        if any(keyword_scores[i.name] > 0 for i in self.config.intents if i.tool is not None):
            return None
        return next((i for i in self.config.intents if state.answered in i.yes_after), None)

    def _keyword_score(self, intent: Intent, said: str) -> float:
        return keyword_score(intent, said, fuzzy_cutoff=self.config.settings.fuzzy_keyword_score)

    @staticmethod
    def _continues(context: Intent | None, state: State, slots: dict[str, Any]) -> bool:
        """Does this message add details to the intent we were on (answering our question, or "and on Saturday?")?"""
        if context is None or not (state.pending or context.follow_up):
            return False
        relevant = set(context.args.values()) | {s for q in context.requires for s in q.slots} | {"bag_or_item_count"}
        return any(name in relevant for name in slots)

    def _names_our_things(self, said: str) -> bool:
        """Does the message name something the FAQ knows ('bags', 'driver', 'hotel')?"""
        return self.faq.best(said, threshold=self.config.policy_questions.faq_threshold) is not None

    def _answer_faq(
        self,
        hit: FaqHit,
        slots: dict[str, Any],
        state: State,
        offered: Collection[str],
        said: str = "",
        asks_price: bool = False,
    ) -> tuple[Action, State]:
        """The FAQ answer, and the price of what the message also describes after it (answer_then_quote.py)."""
        quote = self.config.for_tool(PRICE_TOOL)
        if quote is None or PRICE_TOOL not in offered:
            return self._faq(hit), state
        priced = priced_after_answer(
            hit,
            slots,
            said,
            asks_price=asks_price,
            item_words=self.config.vocabulary.specialty_items,
            refusing=self.policy.categories.refusing,
            ready=lambda job: self._ready(quote, job, State()),
        )
        if priced is None:
            return self._faq(hit), state
        preface = {"question": hit.doc.question, "answer": hit.doc.answer, "faq_id": hit.doc.id}
        return CallTools(quote.name, tool_calls(quote, priced), preface=preface), State(
            quote.name, priced, pending=False
        )

    def _with_side_question(self, action: Action, said: str, *, today: date, context: str) -> Action:
        """A quote asked with a policy question of a kind we know ("needs a COI for the petite move wed june 10.
        where do i send their sample form and whats the total"): the answer first, then the quote."""
        if not isinstance(action, CallTools) or action.preface is not None or not self.policy.shaped(said):
            return action
        hit = self.policy.categories.find(self.policy.topic(said, today=today, places=self.places), context=context)
        if hit is None or hit.doc.id in self.policy.categories.refusing:
            return action
        return replace(action, preface={"question": hit.doc.question, "answer": hit.doc.answer, "faq_id": hit.doc.id})

    def _faq(self, hit: FaqHit) -> Say:
        return Say(
            self.config.replies.faq, {"question": hit.doc.question, "answer": hit.doc.answer, "faq_id": hit.doc.id}
        )

    # ---- running an intent ----------------------------------------------------------------------

    def _run(
        self, intent: Intent, slots: dict[str, Any], state: State, *, today: date, offered: Collection[str]
    ) -> tuple[Action, State]:
        if intent.tool is None:
            return Say(intent.reply, {"slots": slots}), state
        inherited = state.slots if state.intent == intent.name or state.intent in intent.carry_over_from else {}
        merged = complete_slots(inherited, slots)
        if intent.each is not None and intent.each in slots:
            merged[intent.each] = slots[intent.each]  # "do you serve Brooklyn?" after 11954: only Brooklyn
        if intent.tool not in offered:
            if intent.tool in self.switched_off:  # staff switched it off: point to a person, never guess
                return Say(self.config.replies.tool_off, {"slots": merged}), State(intent.name, merged, pending=False)
            template = intent.signed_out_reply or self.config.replies.not_sure
            return Say(template, {"slots": merged}), State(intent.name, merged, pending=False)
        for question in intent.requires:
            applies = all(str(merged.get(k)) == v for k, v in question.when.items())
            if applies and not any(name in merged for name in question.slots):
                asked = _ask_template(question.ask).render(slots=merged)
                return Ask(intent.name, asked), State(intent.name, merged, pending=True)
        calls = tool_calls(intent, merged)
        if not calls and merged.get("places"):
            # Only an area with no single ZIP ("the Hamptons"): its note is the answer.
            return Say(intent.reply, {"results": [], "slots": merged}), State(intent.name, merged, pending=False)
        return CallTools(intent.name, calls), State(intent.name, merged, pending=False)


PRICE_TOOL = "get_pricing_estimate"
# A price question about "that": what the FAQ just explained ("is that extra?", "how much does it add?").
_ASKS_WHAT_IT_ADDS = re.compile(
    r"\b(?:is that|is it|does that|does it|would that|will that|what does that|how much does that|how much is that"
    r"|how much would that|how much does it)\b[^.?!]*\b(?:extra|add|adds|cost|costs|charge|more)\b"
    r"|\b(?:is that|is it) (?:included|free)\b"
)
_IF = re.compile(r"\bif\b")  # "and if the building makes us get a coi?": the quote with it


@functools.lru_cache(maxsize=256)
def _ask_template(text: str) -> Any:
    return _ASK.from_string(text)
