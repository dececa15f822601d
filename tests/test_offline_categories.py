"""Policy categories (offline/categories.py): an unseen thing or situation answered by the entry of its kind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.config.yaml_source import read_yaml
from assistant.offline.categories import Categories, PolicyCategory, check_categories
from assistant.offline.extract import Vocabulary
from assistant.offline.faq_search import FaqDoc, FaqIndex
from assistant.offline.faq_words import FaqWords
from assistant.offline.places import PlaceIndex
from assistant.offline.policy import PolicyQuestions, PolicyReader

DOCS = [
    FaqDoc("banned", "What can't you carry?", "We can't carry tobacco or more than 8 gallons of liquid."),
    FaqDoc("claims", "What if something is damaged?", "We pay up to $150 per item."),
    FaqDoc("hours", "What are your hours?", "9 to 5."),
]
CATEGORIES = [
    PolicyCategory(name="it broke", faq="claims", words=["damaged", "cracked screen"]),
    PolicyCategory(name="can't carry", faq="banned", words=["tobacco", "keg", "liquid"], only_with=["bring", "pack"]),
]
VOCABULARY = Vocabulary(
    services={}, packages={}, specialty_items={}, airports={}, item_nouns=[], bag_nouns=[],
    permission_phrases=["can you", "can i"],
)  # fmt: skip


def index() -> FaqIndex:
    words = FaqWords({"tobacco": ["cigars"], "damaged": ["smashed"]}, DOCS)
    return FaqIndex(DOCS, words.rewrite, words.customer_words)


def found(text: str) -> str | None:
    hit = Categories(CATEGORIES, index()).find(text)
    return None if hit is None else hit.doc.id


def test_a_thing_named_in_the_categorys_words_or_read_as_one_gets_its_entry() -> None:
    assert found("can you bring a keg?") == "banned"
    assert found("can i pack my cigars in a bag?") == "banned"  # faq `words` read cigars as tobacco
    assert found("my tv came smashed, what now?") == "claims"


def test_a_situation_listed_first_outranks_the_thing() -> None:
    assert found("if the keg gets damaged when you bring it, who pays?") == "claims"


def test_only_with_keeps_a_category_to_questions_that_say_one_of_its_words() -> None:
    assert found("can you tell me about the keg party") is None


def test_the_reader_asks_categories_only_when_no_entry_matches_confidently() -> None:
    questions = PolicyQuestions(phrases=["what if"], faq_threshold=0.35, categories=CATEGORIES)
    reader = PolicyReader(questions, VOCABULARY, [], index(), 0.5)
    hit = reader.answer("can you bring our keg out east for the party?", {}, date(2026, 6, 1), PlaceIndex([]))
    assert hit is not None and hit.doc.id == "banned"
    hit = reader.answer("what are your hours?", {}, date(2026, 6, 1), PlaceIndex([]))
    assert hit is None or hit.doc.id == "hours"


def test_only_a_situation_marked_over_prices_answers_a_question_that_also_asks_for_a_price() -> None:
    # asks_tool: the message has counts a price tool could use ("one of my duffels") and its keywords.
    said, today, places = (
        "worst case you lose one of my duffels, how much would you pay?",
        date(2026, 6, 1),
        PlaceIndex([]),
    )
    plain = [PolicyCategory(name="it broke", faq="claims", words=["lose", "damaged"])]
    marked = [PolicyCategory(name="it broke", faq="claims", words=["lose", "damaged"], over_prices=True)]
    for categories, expected in ((plain, None), (marked, "claims")):
        questions = PolicyQuestions(phrases=["what if"], faq_threshold=0.35, categories=categories)
        reader = PolicyReader(questions, VOCABULARY, [], index(), 0.5)
        hit = reader.answer(said, {"bag_or_item_count": 1}, today, places, asks_tool=True)
        assert (hit and hit.doc.id) == expected
    hit = reader.answer("3 duffels to JFK, how much?", {"bag_or_item_count": 3}, today, places, asks_tool=True)
    assert hit is None  # no situation named: the price it is


def test_a_category_pointing_at_a_missing_entry_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "intents.yaml"
    path.write_text(
        "policy_questions:\n  categories:\n    - name: drinks\n      faq: no-such-entry\n      words: [keg]\n",
        encoding="utf-8",
    )
    file, _ = read_yaml(path, "agent_config/intents.yaml")
    categories = [PolicyCategory(name="drinks", faq="no-such-entry", words=["keg"])]
    (problem,) = check_categories(categories, ["banned", "claims"], file)
    assert (problem.file, problem.line) == ("agent_config/intents.yaml", 4)
    assert "no-such-entry" in problem.message and "banned" in (problem.hint or "")


def test_an_unshaped_question_gets_the_entry_only_when_its_kind_agrees() -> None:
    questions = PolicyQuestions(phrases=["what if"], faq_threshold=0.35, categories=CATEGORIES)
    reader = PolicyReader(questions, VOCABULARY, [], index(), 0.5)
    hit = reader.answer("my lamp got damaged, who pays?", {}, date(2026, 6, 1), PlaceIndex([]))
    assert hit is not None and hit.doc.id == "claims"
    assert reader.answer("your hours?", {}, date(2026, 6, 1), PlaceIndex([])) is None  # no kind, no shape


def test_unless_words_rule_a_category_out() -> None:
    categories = [PolicyCategory(name="it broke", faq="claims", words=["damaged"], unless=["was damaged in"])]
    assert Categories(categories, index()).find("what if my lamp is damaged") is not None
    assert Categories(categories, index()).find("which order was damaged in june") is None


def test_a_question_without_its_question_mark_is_still_a_question() -> None:
    questions = PolicyQuestions(phrases=["what if"], faq_threshold=0.35, categories=CATEGORIES)
    reader = PolicyReader(questions, VOCABULARY, [], index(), 0.5)
    hit = reader.answer("will you bring our keg out east", {}, date(2026, 6, 1), PlaceIndex([]))
    assert hit is not None and hit.doc.id == "banned"
    assert reader.answer("bring our keg out east", {}, date(2026, 6, 1), PlaceIndex([])) is None  # not asked
