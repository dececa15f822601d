"""Offline mode's config: intents.yaml and prompts/offline/*.j2 are checked like the rest of agent_config/.

Each test breaks a copy of the shipped config in one way; the report names file, line, key and a fix.
"""

from __future__ import annotations

import pytest

MISTAKES = {
    "unknown_tool": ("intents.yaml", "tool: check_zip_coverage", "tool: check_zip_coverag",
                     "intents.yaml, line", "(intents[6].tool): 'check_zip_coverag' is not one of", "did you mean 'check_zip_coverage'?"),
    "unknown_slot": ("intents.yaml", "args: {booking_number: booking_number}", "args: {booking_number: booking_numbr}",
                     "intents.yaml, line", "(intents[3].args.booking_number): 'booking_numbr' is not a slot", "did you mean 'booking_number'?"),
    "missing_template": ("intents.yaml", "reply: quote.j2", "reply: qoute.j2",
                         "intents.yaml, line", "(intents[2].reply): template 'qoute.j2' is not in", "did you mean 'quote.j2'?"),
    "typo_in_key": ("intents.yaml", "    follow_up: true\n    args:\n      service_type", "    folow_up: true\n    args:\n      service_type",
                    "intents.yaml, line", "(intents[2].folow_up): unknown key 'folow_up'", "did you mean 'follow_up'?"),
    "carry_over_from_unknown_intent": ("intents.yaml", "carry_over_from: [zip_check,", "carry_over_from: [zip_chek,",
                                       "intents.yaml, line", "(intents[2].carry_over_from[0]): no intent is named 'zip_chek'", "did you mean 'zip_check'?"),
    "yes_after_unknown_intent": ("intents.yaml", "yes_after: [price_quote]", "yes_after: [price_qoute]",
                                 "intents.yaml, line", "(intents[5].yes_after[0]): no intent is named 'price_qoute'", "did you mean 'price_quote'?"),
    "affirmation_not_quoted": ("intents.yaml", 'affirmations: ["yes",', "affirmations: [yes,",
                               "intents.yaml, line", "(affirmations[0]): expected text, got True"),
    "package_size_unknown_package": ("intents.yaml", "- {package: petite, people: 3", "- {package: petit, people: 3",
                                     "intents.yaml, line", "(follow_ups.package_sizes[0].package): 'petit' is not a package",
                                     "did you mean 'petite'?"),
    "remove_word_no_unquoted": ("intents.yaml", 'remove_words: [without, "no",', "remove_words: [without, no,",
                                "intents.yaml, line", "(follow_ups.remove_words[1]): expected text, got False"),
    "date_only_intent_unknown": ("intents.yaml", "date_only_intent: availability", "date_only_intent: availabilty",
                                 "intents.yaml, line", "(settings.date_only_intent): no intent is named 'availabilty'",
                                 "did you mean 'availability'?"),
    "holiday_rule_not_a_rule": ("intents.yaml", "day: first monday of september", "day: 1st monday in september",
                                "intents.yaml, line", "holidays[", "'1st monday in september' is not a day rule"),
    "template_syntax": ("prompts/offline/thanks.j2", "{% if first_name %}", "{% if first_name %",
                        "prompts/offline/thanks.j2, line 1", "template syntax error", "Hint:"),
}  # fmt: skip


@pytest.mark.parametrize("name", MISTAKES)
def test_intents_mistakes_are_reported_with_file_line_and_hint(name: str, config_copy) -> None:  # noqa: ANN001
    file, old, new, *expected = MISTAKES[name]
    config_copy.replace(file, old, new)
    report = config_copy.problems()
    for text in expected:
        assert text in report, report


def test_line_numbers_point_at_the_broken_line(config_copy) -> None:  # noqa: ANN001
    config_copy.replace("intents.yaml", "reply: quote.j2", "reply: qoute.j2")
    lines = config_copy.path("intents.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "qoute.j2" in text)
    assert f"intents.yaml, line {line} (intents[2].reply)" in config_copy.problems()


def test_the_shipped_config_loads_with_intents(agent_config) -> None:  # noqa: ANN001
    from assistant.offline.config import IntentsConfig

    assert isinstance(agent_config.intents, IntentsConfig)
    tools = {i.tool for i in agent_config.intents.intents if i.tool}
    assert tools == set(agent_config.tools)  # every tool is reachable offline


def test_a_new_intent_and_faq_entry_need_yaml_only(config_copy) -> None:  # noqa: ANN001
    """Business staff add an FAQ entry and a reply-only intent; offline mode uses both without code changes."""
    from assistant.config import load_config
    from assistant.offline import build_responder

    config_copy.replace(
        "faq.yaml",
        "faq:\n",
        "faq:\n  - id: gift-cards\n    question: Do you sell gift cards?\n    answer: Yes, gift cards are sold by phone.\n"
        "    alternates:\n      - Can I buy a voucher?\n",
    )
    config_copy.replace(
        "intents.yaml",
        "  - name: greeting\n",
        "  - name: compliment\n    description: Customer says something nice.\n    keywords: [you're the best]\n"
        "    reply: compliment.j2\n\n  - name: greeting\n",
    )
    config_copy.path("prompts/offline/compliment.j2").write_text("Thank you, that made our day.\n")
    responder = build_responder(load_config(config_copy.dir))
    from datetime import date

    from assistant.offline.intents import Say

    def reply(text: str) -> str:
        action = responder.planner.plan([text], today=date(2026, 6, 1), offered=set())
        assert isinstance(action, Say)
        return responder.replies.render(action.template, first_name=None, **action.context)

    assert reply("can i buy a gift card?") == "Yes, gift cards are sold by phone."
    assert reply("you're the best") == "Thank you, that made our day."


def test_a_question_listed_in_faq_yaml_beats_a_category_word(config_copy) -> None:  # noqa: ANN001
    """Staff list "Does my concierge need paperwork?" under a new entry; the category that reads "concierge" as
    something else (added here, so the test does not lean on the shipped categories) no longer takes it."""
    from datetime import date

    from assistant.config import load_config
    from assistant.offline import build_responder

    config_copy.replace(
        "faq.yaml",
        "faq:\n",
        "faq:\n  - id: fixture-paperwork\n    question: What paperwork does a building want?\n"
        "    answer: Fixture paperwork answer.\n    alternates:\n      - Does my concierge need paperwork?\n"
        "  - id: fixture-lobby\n    question: Where do I hand things over?\n    answer: Fixture lobby answer.\n",
    )
    config_copy.replace(
        "intents.yaml",
        "  categories:\n",
        "  categories:\n    - name: fixture lobby\n      faq: fixture-lobby\n      words: [concierge]\n",
    )
    planner = build_responder(load_config(config_copy.dir)).planner

    def entry(text: str) -> str | None:
        action = planner.plan([text], today=date(2026, 6, 1), offered=set())
        return action.context.get("faq_id")

    assert entry("does my concierge need paperwork?") == "fixture-paperwork"  # listed, word for word
    assert entry("my concierge, will she be there?") == "fixture-lobby"  # the category still reads the rest
