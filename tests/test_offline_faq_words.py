"""faq.yaml `words`: customers' words read as the FAQ's, named things found in answers, and the check's messages."""

from __future__ import annotations

from pathlib import Path

from assistant.offline.faq_search import FaqDoc, FaqIndex
from assistant.offline.faq_words import FaqWords
from tests.fixtures.assistant import ConfigCopy

DOCS = [
    FaqDoc("liability", "What if something is damaged?", "We pay up to a limit. We do not cover electronics or art."),
    FaqDoc("banned", "What can't you carry?", "We can't carry fireworks, plants or remains."),
    FaqDoc("hours", "When are you open?", "Monday to Friday, 8 to 6.", ("Are you open on weekends?",)),
    FaqDoc("refunds", "Can I get a refund?", "Within 48 hours.", ("Do I get my money back?",)),
]
WORDS = {
    "electronics": ["laptop", "gaming console"],
    "damaged": ["broken", "smashed"],
    "remains": ["ashes", "urn"],
    "refund": ["money back"],
    "carry": ["come along"],
}


def index(words: dict[str, list[str]] = WORDS) -> FaqIndex:
    vocabulary = FaqWords(words, DOCS)
    return FaqIndex(DOCS, vocabulary.rewrite, vocabulary.customer_words)


def test_customer_words_and_phrases_read_as_the_faqs_words() -> None:
    vocabulary = FaqWords(WORDS, DOCS)
    assert vocabulary.rewrite("my Laptops got broken") == ["electronic", "damag"]
    assert vocabulary.rewrite("will my gaming consoles come along?") == ["electronic", "carry"]


def test_a_phrase_an_entry_already_uses_is_left_as_it_is() -> None:
    # "money back" matches the refunds alternate word for word; rewriting it to one word would weaken that.
    assert FaqWords(WORDS, DOCS).rewrite("money back please") == ["money", "back"]


def test_a_question_in_customers_words_finds_the_entry_it_could_not_before() -> None:
    question = "is my laptop covered if it gets smashed"
    assert index({}).best(question, threshold=0.5) is None
    hit = index().best(question, threshold=0.5)
    assert hit is not None and hit.doc.id == "liability"


def test_an_owner_named_with_s_does_not_count_against_the_thing() -> None:
    hit = index().best("can you carry my grandfather's ashes", threshold=0.5)
    assert hit is not None and hit.doc.id == "banned"


def test_compound_words_end_in_a_word_the_entries_use() -> None:
    assert index().split_compounds(["houseplant", "along"]) == ["plant", "along"]


def test_a_whether_question_finds_the_one_entry_naming_the_thing() -> None:
    question = "on friday can fireworks come along"
    assert index().best(question, threshold=0.5) is None
    hit = index().best(question, threshold=0.5, asks_if_allowed=True)
    assert hit is not None and hit.doc.id == "banned"


def test_a_whether_question_about_something_else_stays_unsure() -> None:
    # "water" and "away" are words no entry knows: the question is not about carrying plants.
    assert index().best("can you water my plants while im away", threshold=0.5, asks_if_allowed=True) is None


def _problems_with_words(tmp_path: Path, words: str) -> tuple[str, str]:
    copy = ConfigCopy(tmp_path)
    text = copy.path("faq.yaml").read_text(encoding="utf-8").rstrip("\n") + "\n\nwords:\n" + words
    copy.path("faq.yaml").write_text(text, encoding="utf-8")
    return text, copy.problems()


def test_a_word_no_entry_uses_is_an_error_at_its_line(tmp_path: Path) -> None:
    text, report = _problems_with_words(tmp_path, "  zeppelins: [blimp, airship]\n")
    line = text[: text.index("  zeppelins:")].count("\n") + 1
    assert f"faq.yaml, line {line} (words.zeppelins)" in report and "appears in no FAQ" in report


def test_a_customer_word_under_two_faq_words_is_reported(tmp_path: Path) -> None:
    _, report = _problems_with_words(tmp_path, "  tipping: [gratuity]\n  driver: [gratuity]\n")
    assert "'gratuity' is listed under both 'tipping' and 'driver'" in report


def test_the_words_section_must_be_lists_of_words(tmp_path: Path) -> None:
    _, report = _problems_with_words(tmp_path, "  tipping: 5\n")
    assert "words.tipping" in report


def test_a_thing_named_only_in_an_answer_finds_that_entry_and_question_words_do_not() -> None:
    hit = index().naming_in_answer("can fireworks come along")
    assert hit is not None and hit.doc.id == "banned"
    assert index().naming_in_answer("are you open") is None  # "open" is a question's word, not a named thing
