"""Each kind of mistake someone can make in agent_config/, and the message they get (snapshotted).

Every test breaks a fresh copy of the test fixture config (tests/fixtures/agent_config/) in one way; the report must name the file,
the line, the key path and, where it can, a fix.
"""

from __future__ import annotations

import pytest

MISTAKES = {
    "typo_in_key": ("tools.yaml", "    label: Fixture ZIP lookup…", "    lable: Fixture ZIP lookup…"),
    "wrong_enum_value": (
        "tools.yaml",
        "    auth: public\n    label: Fixture ZIP lookup…",
        "    auth: custmer\n    label: Fixture ZIP lookup…",
    ),
    "unknown_tool": ("tools.yaml", "  check_zip_coverage:", "  check_zip_coverag:"),
    "missing_required_field": ("agent.yaml", "  email: hello@fixture-tote.example\n", ""),
    "bad_yaml_indentation": ("faq.yaml", "    question: What are your hours?", "   question: What are your hours?"),
    "undefined_jinja_variable": (
        "prompts/visitor.md.j2",
        "signed in as {{ customer.first_name }}",
        "signed in as {{ customer.name }}",
    ),
    "misspelt_template_variable": ("prompts/visitor.md.j2", "Today is {{ today }}", "Today is {{ todya }}"),
    "jinja_syntax_error": ("prompts/visitor.md.j2", "{% endif %}\nTools you can use", "Tools you can use"),
    "visitor_variable_in_cached_prompt": (
        "prompts/system.md.j2",
        "## How to answer",
        "Today is {{ today }}.\n## How to answer",
    ),
    # An entry nothing else names: renaming one that intents.yaml's categories point to (the shipped file, linked
    # into the fixture) would snapshot that file's line numbers, and a staff edit there would fail this test.
    "duplicate_faq_id": ("faq.yaml", "  - id: time-windows", "  - id: storage"),
    "wrong_type": ("agent.yaml", "max_message_chars: 300", "max_message_chars: lots"),
    "out_of_range": ("agent.yaml", "temperature: 0.3", "temperature: 1.5"),
    "unknown_capability": ("agent.yaml", "- AssistantTools: {}", "- AssistantTool: {}"),
    "fallback_without_phone": ("agent.yaml", "ring {{ contact.phone }} or write", "write"),
    "duplicate_yaml_key": ("agent.yaml", "  max_tokens: 1024\n", "  max_tokens: 1024\n    max_tokens: 2048\n"),
    "missing_prompt_template": ("agent.yaml", "system_prompt: system.md.j2", "system_prompt: sytem.md.j2"),
    "invalid_faq_id": ("faq.yaml", "  - id: office-hours", "  - id: Office Hours"),
    "bool_as_text": (
        "tools.yaml",
        "    enabled: true\n    auth: public\n    label: Fixture dates…",
        "    enabled: sometimes\n    auth: public\n    label: Fixture dates…",
    ),
    "missing_colon_space": (
        "tools.yaml",
        "    auth: customer\n    label: Fixture bookings…",
        "    auth:customer\n    label: Fixture bookings…",
    ),
    "tools_capability_removed": (
        "agent.yaml",
        "  capabilities:\n    - AssistantTools: {}   # the tools listed in tools.yaml\n",
        "  capabilities: []\n",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_reported_with_file_line_and_hint(mistake, config_copy, snapshot):
    name, old, new = MISTAKES[mistake]
    config_copy.replace(name, old, new)
    report = config_copy.problems()
    assert f"agent_config/{name}" in report
    assert report == snapshot


def test_function_without_yaml_entry_is_reported(config_copy):
    text = config_copy.path("tools.yaml").read_text()
    start = text.index("  lookup_booking_history:")
    end = text.index("  build_booking_handoff:")
    config_copy.path("tools.yaml").write_text(text[:start] + text[end:])
    report = config_copy.problems()
    assert "tool 'lookup_booking_history' exists in the code but has no entry here." in report


def test_every_problem_is_reported_at_once(config_copy):
    for name in ("wrong_enum_value", "duplicate_faq_id", "out_of_range", "undefined_jinja_variable"):
        config_copy.replace(*MISTAKES[name])
    report = config_copy.problems()
    assert report.startswith("agent_config has 4 problems:")
    for fragment in (
        "'custmer' is not one of: public, customer.",
        "FAQ id 'storage' is used twice.",
        "must be at most 1.0, got 1.5.",
        "'name' is not something the template can use on a Customer",
    ):
        assert fragment in report


def test_the_documented_example_message(config_copy):
    """The message quoted in the README and house style, verbatim (line number aside)."""
    config_copy.replace(*MISTAKES["wrong_enum_value"])
    (problem,) = config_copy.problems().splitlines()[1:2]
    assert problem.startswith("agent_config/tools.yaml, line ")
    assert problem.endswith("(tools.check_zip_coverage.auth): 'custmer' is not one of: public, customer.")
    assert "  Hint: did you mean 'customer'?" in config_copy.problems()


def test_missing_file(config_copy):
    config_copy.path("faq.yaml").unlink()
    assert "agent_config/faq.yaml: file is missing." in config_copy.problems()
