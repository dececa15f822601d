"""The behaviour diff's comparison and report, and the eval scorecard's numbers, on hand-made runs (no agent)."""

from __future__ import annotations

from pathlib import Path

from tests.conversations.diff_report import compare, markdown_report, text_report
from tests.conversations.harness import ExpectedTool, Turn
from tests.conversations.runner import CaseRun, SideResult, TurnRun
from tests.conversations.scorecard import score


def _turn(reply: str, tools=(), problems=(), expected: Turn | None = None, seconds: float = 0.1) -> TurnRun:
    return TurnRun(
        user="hello?",
        reply=reply,
        tools=list(tools),
        problems=list(problems),
        seconds=seconds,
        line=7,
        expected=expected,
    )


def _side(cases: dict[str, list[TurnRun]], **kwargs) -> SideResult:
    side = SideResult(directory=Path("agent_config"), mode="offline", **kwargs)
    side.cases = {
        name: CaseRun(name=name, file="faq.yaml", group="tuned", turns=turns) for name, turns in cases.items()
    }
    return side


def test_only_cases_whose_reply_tools_or_result_changed_are_listed():
    base = _side({"same": [_turn("A")], "reworded": [_turn("within 48 hours")], "tools": [_turn("x", [("t", {})])]})
    new = _side(
        {
            "same": [_turn("A")],
            "reworded": [_turn("within two days", problems=["reply lacks '48 hours'"])],
            "tools": [_turn("x", [("t", {"a": 1})])],
        }
    )
    changes = compare(base, new)
    assert [(c.name, c.what) for c in changes] == [("reworded", ["reply", "PASS → FAIL"]), ("tools", ["tools"])]
    text = text_report("HEAD → working tree", [("offline", base, new)])
    assert "3 conversations, 2 changed." in text
    assert "before: within 48 hours" in text and "after:  within two days" in text
    assert "agent_config/conversations/faq.yaml, line 7 (turn 1, 'hello?'): reply lacks '48 hours'" in text
    assert "| reworded | faq.yaml | reply, PASS → FAIL |" in markdown_report("t", [("offline", base, new)])


def test_a_broken_config_is_reported_with_its_problems_instead_of_cases():
    base = _side({"a": [_turn("A")]})
    new = _side({}, problems=["agent_config/faq.yaml, line 94 (faq[7].id): FAQ id 'storage' is used twice."])
    text = text_report("t", [("offline", base, new)])
    assert "agent_config/ with your change has 1 problem(s)" in text
    assert "faq.yaml, line 94 (faq[7].id)" in text


def test_scorecard_counts_tool_choice_arguments_prices_and_latency():
    quote = Turn(
        user="q",
        tools=[ExpectedTool(name="get_pricing_estimate", args={"package_type": "petite"})],
        reply_contains=["$1,220.00"],
    )
    wrong_args = "get_pricing_estimate args {'package_type': 'full'} do not contain {'package_type': 'petite'}"
    side = _side(
        {
            "right": [
                _turn("Total: $1,220.00", [("get_pricing_estimate", {"package_type": "petite"})], expected=quote)
            ],
            "args": [
                _turn(
                    "Total: $2,490.00",
                    [("get_pricing_estimate", {"package_type": "full"})],
                    [wrong_args, "reply lacks '$1,220.00'"],
                    quote,
                    seconds=0.3,
                )
            ],
            "no-tool": [_turn("Sorry", [], ["tools called [], expected ['get_pricing_estimate']"], quote, seconds=0.2)],
        }
    )
    card = score(side)
    assert card["pass_rate"] == round(1 / 3, 4)
    assert card["tool_choice_accuracy"] == round(2 / 3, 4)
    assert card["tool_argument_accuracy"] == 0.5
    assert card["exact_price_accuracy"] == round(1 / 3, 4)
    assert card["latency_seconds"] == {"p50": 0.2, "p95": 0.3}
    assert card["by_category"] == {"faq.yaml": {"passed": 1, "total": 3, "rate": round(1 / 3, 4)}}
    assert card["held_out_pass_rate"] is None and card["tokens"] is None
