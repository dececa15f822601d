"""Offline FAQ retrieval: BM25 ranking, typo repair, and an honest threshold (no answer beats a wrong one)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.offline.faq_search import FaqDoc, FaqIndex, stem


@pytest.fixture(scope="module")
def index(agent_config: Any) -> FaqIndex:
    return FaqIndex([FaqDoc(e.id, e.question, e.answer, tuple(e.alternates), tuple(e.tags)) for e in agent_config.faq])


@pytest.mark.parametrize(
    ("question", "faq_id"),
    [
        ("What is your cancellation policy?", "cancellation"),
        ("whats ur cancelation polcy", "cancellation"),
        ("do i get my mony back if i cancel", "cancellation"),
        ("should i tipp the drivr", "tipping"),
        ("Do you offer storage?", "storage"),
        ("what are your office hours on sunday", "office-hours"),
        ("How long does the driver wait?", "driver-wait"),
        ("where do I leave my bags at a hotel", "handoff-instructions"),
        ("which areas do you cover", "service-area"),
    ],
)
def test_varied_wordings_find_the_entry(index: FaqIndex, question: str, faq_id: str) -> None:
    hit = index.best(question, threshold=0.5)
    assert hit is not None and hit.doc.id == faq_id


@pytest.mark.parametrize(
    "question",
    ["what's the weather like", "Can you transport my cat to the vet?", "qwzx plorp frindle", "who won the game"],
)
def test_unrelated_questions_stay_below_the_threshold(index: FaqIndex, question: str) -> None:
    assert index.best(question, threshold=0.5) is None


def test_stemmer_folds_common_endings() -> None:
    assert {stem("tips"), stem("tipping"), stem("tipped")} == {"tip"}
    assert stem("policies") == "policy"


def test_empty_index_answers_nothing() -> None:
    assert FaqIndex([FaqDoc("a", "Question one?", "Answer one.")]).search("zzzz") == []


# ---- a question an entry lists word for word ---------------------------------------------------------------------

# Four entries that say "move" far more often than the one that lists "What can you move?": BM25 alone ranks the
# listing entry last, outside its best three, and every entry covers the question's one meaningful word.
MOVERS = [
    FaqDoc(f"sizing-{n}", f"Which {n} move package do I need?", "Move, move, move: a small move or a big move.",
           ("How big is a move?", "Is my move a small move?"), ("move",))
    for n in ("petite", "standard", "full", "custom")
]  # fmt: skip
SERVICES = FaqDoc("services", "What services do you offer?", "Deliveries, moves and airport transfers.",
                  ("What can you move?",))  # fmt: skip


def test_the_entry_listing_the_question_answers_it() -> None:
    index = FaqIndex([*MOVERS, SERVICES])
    hit = index.best("What can you move?", threshold=0.5)
    assert hit is not None and (hit.doc.id, hit.listed) == ("services", True)
    assert index.best("what can you guys move?", threshold=0.5).doc.id == "services"  # same meaningful words


def test_without_the_listing_preference_the_words_decide() -> None:
    # What the overlap check asks (a customer wording it a little differently gets this ranking).
    index = FaqIndex([*MOVERS, SERVICES])
    hit = index.best("What can you move?", threshold=0.5, prefer_listed=False)
    assert hit is not None and hit.doc.id.startswith("sizing-") and not hit.listed


def test_a_question_with_more_words_than_the_listed_one_is_ranked_as_usual() -> None:
    index = FaqIndex([*MOVERS, SERVICES])
    hit = index.best("What can you move in a small van?", threshold=0.3)
    assert hit is not None and hit.doc.id != "services" and not hit.listed


def _overlap_warnings(docs: list[FaqDoc]) -> list[str]:
    from types import SimpleNamespace

    from assistant.offline.faq_overlap import check_faq_overlap

    entries = [SimpleNamespace(id=d.id, question=d.question, answer=d.answer, alternates=list(d.alternates),
                               tags=list(d.tags)) for d in docs]  # fmt: skip
    intents = SimpleNamespace(settings=SimpleNamespace(faq_threshold=0.5))
    return [p.message for p in check_faq_overlap(entries, None, intents)]  # type: ignore[arg-type]


def test_the_overlap_warning_says_a_listed_question_still_reaches_its_entry() -> None:
    (warning,) = [w for w in _overlap_warnings([*MOVERS, SERVICES]) if "entry 'services'" in w]
    assert 'would answer questions worded like "What can you move?"' in warning
    assert "only those exact wordings still reach 'services'" in warning


def test_a_wording_two_entries_list_is_not_said_to_reach_both() -> None:
    bikes = FaqDoc("bikes", "Do you take bikes?", "Bikes go as specialty items.", ("Do you store bikes?",))
    storage = FaqDoc("storage", "Do you store things?", "No storage; bikes, boxes or bags.", ("Do you store bikes?",))
    (warning,) = _overlap_warnings([bikes, storage])
    assert '"Do you store bikes?"' in warning and "still reach" not in warning
