"""Policy questions (offline/policy.py): when the FAQ's answer beats a price, a date check or a lookup."""

from __future__ import annotations

from datetime import date

from assistant.offline.extract import Vocabulary
from assistant.offline.faq_search import FaqDoc, FaqIndex, query_tokens
from assistant.offline.faq_words import FaqWords
from assistant.offline.places import PlaceIndex
from assistant.offline.policy import PolicyQuestions, PolicyReader, left_out

DOCS = [
    FaqDoc("wait", "How long will the driver wait?", "The driver waits 10 minutes.", ("What if I'm not home?",)),
    FaqDoc("banned", "What can't you carry?", "We can't carry fireworks, plants or remains."),
    FaqDoc("sizing", "Which package do I need?", "Small suits 3 people; we can't move a Peloton in a move."),
    FaqDoc("boxes", "How many boxes can I send?", "Send as many boxes as you like."),
    FaqDoc("refunds", "Can I get a refund?", "Within 48 hours.", ("Do I get my money back?",)),
]
VOCABULARY = Vocabulary(
    services={"move": ["move"], "delivery": ["send"]},
    packages={"small": ["small"]},
    specialty_items={"peloton": ["peloton"]},
    airports={},
    item_nouns=["box", "boxes"],
    bag_nouns=[],
    permission_phrases=["can i", "can you"],
)
TODAY = date(2026, 6, 1)
NO_PLACES = PlaceIndex([])


def reader(phrases: tuple[str, ...] = ("what if", "is that a problem", "do i get")) -> PolicyReader:
    words = FaqWords({"plants": ["fig"]}, DOCS)
    faq = FaqIndex(DOCS, words.rewrite, words.customer_words)
    questions = PolicyQuestions(phrases=list(phrases), faq_threshold=0.35)
    return PolicyReader(questions, VOCABULARY, ["how many", "when can you", "least money", "my booking"], faq, 0.5)


def answer(text: str, slots: dict | None = None, **kwargs: bool) -> str | None:
    hit = reader().answer(text, slots or {}, TODAY, NO_PLACES, **kwargs)
    return None if hit is None else hit.doc.id


def test_a_policy_question_naming_what_only_the_faq_knows_gets_the_faq() -> None:
    assert answer("i won't be home when the driver comes, is that a problem?") == "wait"
    assert answer("can i put a fig in with my boxes?") == "banned"


def test_a_question_without_a_policy_shape_is_left_to_the_intents() -> None:
    assert answer("i won't be home when the driver comes") is None


def test_an_faq_covering_only_words_the_tools_know_does_not_win() -> None:
    # "boxes" and "send" are the quote's words: the boxes entry would answer it, but a price is what is asked.
    assert answer("can i send 4 boxes?") is None


def test_a_keyword_phrase_names_only_its_one_meaningful_word() -> None:
    # "least money" (a cheapest-price keyword) does not make "money" a tool's word; "my booking" does "booking".
    assert answer("i changed my mind, do i get my money back?") == "refunds"
    assert {"booking", "book"} & reader().tool_words and "money" not in reader().tool_words


def test_a_question_naming_one_booking_is_about_that_booking() -> None:
    assert answer("what if i'm not home for tt-000010?", {"booking_number": "TT-000010"}) is None


def test_asking_for_a_tool_in_its_own_words_keeps_the_tool() -> None:
    assert answer("what if i'm not home, is that a problem?", asks_tool=True) is None


def test_a_thing_the_price_would_leave_out_makes_the_faq_win() -> None:
    slots = {"service_type": "move", "package_type": "small", "specialty_items": [{"item_type": "peloton"}]}
    assert left_out({**slots, "service_type": "mini_move"}) == {"specialty_items"}
    assert left_out({**slots, "service_type": "standard_delivery"}) == set()
    assert left_out({"service_type": "mini_move", "package_type": "petite"}) == set()


def test_the_day_destination_and_booking_number_are_not_the_topic() -> None:
    topic = reader().topic("can you bring fireworks out to our beach house for the 4th? tt-000010", today=TODAY,
                           places=NO_PLACES)  # fmt: skip
    assert query_tokens(topic) == ["bring", "firework"]
    assert query_tokens(reader().topic("is a 60 lb bag over $150?", today=TODAY, places=NO_PLACES)) == [
        "lb", "bag", "$150"
    ]  # fmt: skip
    kept = reader().topic("can you hang on to my things?", today=TODAY, places=NO_PLACES)
    assert "my things" in kept


def test_a_stopwords_contraction_is_the_stopword() -> None:
    assert query_tokens("where's your office? I'll come") == ["office", "come"]
    assert query_tokens("my grandfather's ashes") == ["grandfather", "ash"]
