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
