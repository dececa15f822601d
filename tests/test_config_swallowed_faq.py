"""An unclosed quote in faq.yaml is valid YAML that swallows the next entries into one answer: refused."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.assistant import ConfigCopy


def test_an_unclosed_quote_that_swallows_entries_is_an_error_at_its_line(tmp_path: Path) -> None:
    copy = ConfigCopy(tmp_path)
    text = copy.path("faq.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: tipping")
    answer_line = text.index("    answer:", start)
    end = text.index("\n", answer_line)
    broken = text[:answer_line] + '    answer: "Tipping is optional, never expected' + text[end:]
    copy.path("faq.yaml").write_text(broken, encoding="utf-8")
    line = broken[:answer_line].count("\n") + 1
    report = copy.problems()
    assert f"faq.yaml, line {line} (faq[" in report and "look like the next entries" in report
    assert "a quote" in report and "not closed" in report
