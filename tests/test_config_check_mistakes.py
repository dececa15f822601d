"""Mistakes that used to pass `make check-config` and reach customers, each refused with file, line and hint.

Every test writes its own fixture text into a copy of agent_config/ (whole templates, a model name, FAQ
entries) and looks only at the problems in that file, so staff rewording the shipped config never breaks
these tests. Line numbers in the snapshots are those of the fixture text.
"""

from __future__ import annotations

import re

import pytest
import yaml

from assistant.config import ConfigError, load_config

QUOTE_WITH_TYPO = """\
Here's your estimate:
{% for item in result.line_items %}• {{ item.label }}: {{ item.amount | money }}
{% endfor %}Total: {{ result.totl | money }}
"""

UNCLOSED_IF = """\
{%- set first = result.days[0] -%}
{% if first.status == "blocked" %}
{{ first.date | nice_date }} can't be booked online.
{% for day in result.days %}
• {{ day.date | nice_date }}
{% endfor %}
Want a price for one of these dates?
"""

UNDEFINED_VARIABLE = "Thanks{% if frist_name %}, {{ first_name }}{% endif %}! Call {{ contact.phone }} any time.\n"


def _check(copy) -> tuple[list[str], list[str]]:
    """(errors, notices) of a config copy, as the lines `make check-config` prints."""
    try:
        config = load_config(copy.dir)
    except ConfigError as exc:
        return [str(p) for p in exc.problems], [str(p) for p in exc.notices]
    return [], [str(p) for p in config.notices]


def _in(lines: list[str], file: str) -> list[str]:
    return [line for line in lines if line.startswith(f"agent_config/{file}")]


def _intent_using(copy, template: str) -> str:
    intents = yaml.safe_load(copy.path("intents.yaml").read_text(encoding="utf-8"))["intents"]
    return next(i["name"] for i in intents if i["reply"] == template)


def _set_model(copy, model: str) -> int:
    """Point spec.model at `model`; returns the line it is on."""
    text = copy.path("agent.yaml").read_text(encoding="utf-8")
    match = re.search(r"^(\s+model:) *\S+", text, flags=re.MULTILINE)
    assert match, "agent.yaml has no spec.model line"
    copy.path("agent.yaml").write_text(text[: match.start()] + f"{match[1]} {model}" + text[match.end() :])
    return text[: match.start()].count("\n") + 1


def test_attribute_typo_in_an_offline_template(config_copy, snapshot):
    config_copy.path("prompts/offline/quote.j2").write_text(QUOTE_WITH_TYPO, encoding="utf-8")
    errors, _ = _check(config_copy)
    found = _in(errors, "prompts/offline/quote.j2")
    assert [
        line.replace(f"intent '{_intent_using(config_copy, 'quote.j2')}'", "intent '<intent>'") for line in found
    ] == snapshot


def test_undefined_variable_in_a_reply_without_a_tool(config_copy, snapshot):
    config_copy.path("prompts/offline/thanks.j2").write_text(UNDEFINED_VARIABLE, encoding="utf-8")
    errors, _ = _check(config_copy)
    found = _in(errors, "prompts/offline/thanks.j2")
    assert [
        line.replace(f"intent '{_intent_using(config_copy, 'thanks.j2')}'", "intent '<intent>'") for line in found
    ] == snapshot


def test_unclosed_if_is_reported_where_it_opens(config_copy, snapshot):
    config_copy.path("prompts/offline/availability.j2").write_text(UNCLOSED_IF, encoding="utf-8")
    errors, _ = _check(config_copy)
    assert _in(errors, "prompts/offline/availability.j2") == snapshot


def test_unclosed_if_in_the_system_prompt_too(config_copy):
    path = config_copy.path("prompts/system.md.j2")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "{% if tone %}", "A line the if never closes."]) + "\n", encoding="utf-8")
    (problem,) = _in(_check(config_copy)[0], "prompts/system.md.j2")
    opening = len(lines) + 1
    assert problem.startswith(f"agent_config/prompts/system.md.j2, line {opening}: template syntax error: this {{% if")
    assert "Hint: add {% endif %}" in problem


@pytest.mark.parametrize(
    ("model", "severity"),
    [
        ("anthropic:claude-sonnet-9", "error"),  # no such version: a typo
        ("antropic:claude-sonnet-4-6", "error"),  # provider typo
        ("anthropic:claude-sonet-4-6", "error"),  # model typo
        ("claude-sonnet-4-6", "error"),  # no provider
        ("anthropic:claude-sonnet-4-20250514", "warning"),  # dated, not in PydanticAI's short list
    ],
)
def test_model_names_are_checked_against_pydantic_ai(config_copy, snapshot, model, severity):
    line = _set_model(config_copy, model)
    errors, notices = _check(config_copy)
    found = _in(errors if severity == "error" else notices, "agent.yaml")
    assert [f.replace(f"line {line} ", "line <model> ") for f in found] == snapshot
    assert all(f"line {line} (spec.model)" in f for f in found) and found


def test_a_model_pydantic_ai_lists_is_fine(config_copy):
    _set_model(config_copy, "anthropic:claude-sonnet-4-6")
    errors, notices = _check(config_copy)
    assert not _in(errors + notices, "agent.yaml")


def test_duplicate_faq_id_is_reported_when_the_file_has_other_errors(config_copy):
    entries = [
        {"id": "fixture-one", "question": "First fixture question?", "answer": "First fixture answer."},
        {"id": "fixture-one", "question": "Second fixture question?", "answer": "Second fixture answer."},
        {"id": "fixture-two", "question": "?", "answer": "Too short a question above."},
    ]
    text = config_copy.path("faq.yaml").read_text(encoding="utf-8")
    faq = yaml.safe_load(text)
    faq["faq"] += entries
    config_copy.path("faq.yaml").write_text(yaml.safe_dump(faq, sort_keys=False), encoding="utf-8")
    errors, _ = _check(config_copy)
    found = _in(errors, "faq.yaml")
    assert any("FAQ id 'fixture-one' is used twice." in line for line in found), found
    assert any("question" in line and "at least 5 characters" in line for line in found), found


def test_a_new_faq_entry_that_captures_another_entrys_questions_is_a_warning(config_copy):
    holidays = {
        "id": "fixture-holidays",
        "question": "Which public holidays do you work?",
        "answer": "We work every public holiday except Thanksgiving; peak dates carry a surcharge.",
        "tags": ["holiday"],
        "alternates": ["Are you working on Labor Day?", "Do you deliver on Memorial Day?"],
    }
    # A staff member adds Thanksgiving and, to be helpful, mentions the other holidays in its wording.
    thanksgiving = {
        "id": "fixture-thanksgiving",
        "question": "Are you working on Thanksgiving?",
        "answer": "We are closed on Thanksgiving Day itself.",
        "tags": ["labor day", "memorial day", "deliver", "working"],
        "alternates": [
            "Are you working on Thanksgiving or Labor Day?",
            "Do you deliver on Thanksgiving or Memorial Day?",
            "Working on a holiday like Labor Day or Memorial Day?",
        ],
    }
    faq = yaml.safe_load(config_copy.path("faq.yaml").read_text(encoding="utf-8"))
    faq["faq"].append(holidays)
    config_copy.path("faq.yaml").write_text(yaml.safe_dump(faq, sort_keys=False), encoding="utf-8")
    # Only overlaps taking the fixture entry's questions count here (the shipped entries are staff's).
    before = [n for n in _check(config_copy)[1] if "which entry 'fixture-holidays'" in n]
    assert before == []  # on its own, the holidays entry answers its own questions

    faq["faq"].append(thanksgiving)
    config_copy.path("faq.yaml").write_text(yaml.safe_dump(faq, sort_keys=False), encoding="utf-8")
    errors, notices = _check(config_copy)
    assert not _in(errors, "faq.yaml")  # a warning, not an error
    (warning,) = [n for n in notices if "which entry 'fixture-holidays'" in n]
    assert "warning: FAQ entry 'fixture-thanksgiving' would answer" in warning
    assert '"Are you working on Labor Day?"' in warning and "entry 'fixture-holidays'" in warning
    assert "Hint: make the alternates of 'fixture-thanksgiving' more specific" in warning


def test_warnings_do_not_stop_the_config_loading(config_copy):
    _set_model(config_copy, "anthropic:claude-sonnet-4-20250514")
    config = load_config(config_copy.dir)
    assert any(n.severity == "warning" and n.key_path == "spec.model" for n in config.notices)
