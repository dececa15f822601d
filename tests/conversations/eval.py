"""`make eval`: run agent_config/conversations/**/*.yaml against the configured model and write a scorecard.

With ANTHROPIC_API_KEY set that is Claude (falling back to offline mode on provider errors); without it,
offline mode — the same cases the suite runs. Writes reports/eval.json and reports/eval.html (pass rate by
category and held-out apart, tool choice and argument accuracy, exact prices, latency p50/p95, tokens and
estimated cost with a model) and exits 1 when a pass rate is under agent.yaml's `eval` thresholds.
Uses the configured database (migrated and seeded with the idempotent demo data first), so run it on a
development database, never production.

    python -m tests.conversations.eval [-k substring] [-v]
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from tests.conversations.runner import REPO, run_side, setup_django
from tests.conversations.scorecard import render_html, score

REPORTS = REPO / "reports"


def _progress(number: int, total: int, name: str) -> None:
    width = 30
    filled = int(width * number / total) if total else width
    line = f"\r[{'#' * filled}{'.' * (width - filled)}] {number}/{total} {name[:40]:<40}"
    sys.stderr.write(line + ("\n" if number == total else ""))
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", default="", help="only cases whose name contains this text")
    parser.add_argument("-v", action="store_true", help="print every failure in full")
    options = parser.parse_args(argv)
    setup_django()
    mode = "llm" if os.environ.get("ANTHROPIC_API_KEY") else "offline"
    side = run_side(REPO / "agent_config", mode=mode, only=options.k, progress=_progress)
    if side.problems:
        print("agent_config/ has problems (make check-config):\n" + "\n".join(side.problems))
        return 1
    card = score(side)
    settings = side.settings.eval
    thresholds = {"min_pass_rate": settings.min_pass_rate, "min_held_out_pass_rate": settings.min_held_out_pass_rate}
    page = render_html(card, thresholds)
    card["thresholds"] = thresholds
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "eval.json").write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
    (REPORTS / "eval.html").write_text(page, encoding="utf-8")

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    print(f"\nEval in {mode} mode ({side.model_name}): {card['cases']} conversations")
    for name, row in card["by_category"].items():
        print(f"  {name:<32} {row['passed']:>3}/{row['total']:<3} {pct(row['rate'])}")
    print(
        f"pass rate {pct(card['pass_rate'])} (threshold {pct(thresholds['min_pass_rate'])}), "
        f"held-out {pct(card['held_out_pass_rate'])} of {card['held_out_cases']} (threshold "
        f"{pct(thresholds['min_held_out_pass_rate'])}), practice {pct(card['practice_pass_rate'])} of "
        f"{card['practice_cases']}"
    )
    print(
        f"tool choice {pct(card['tool_choice_accuracy'])}, arguments {pct(card['tool_argument_accuracy'])}, "
        f"exact prices {pct(card['exact_price_accuracy'])}"
    )
    print(
        f"latency p50 {card['latency_seconds']['p50']}s, p95 {card['latency_seconds']['p95']}s"
        + (f"; tokens {card['tokens']}, ≈ ${card['estimated_cost_usd']}" if card["tokens"] else "")
    )
    for name, lines in card["failures"].items():
        print(f"FAIL {name}: {lines[0] if lines else ''}")
        if options.v:
            print("      " + "\n      ".join(lines[1:]))
    print("Scorecard: reports/eval.json, reports/eval.html")
    below = (card["pass_rate"] or 0) < thresholds["min_pass_rate"] or (
        card["held_out_pass_rate"] is not None and card["held_out_pass_rate"] < thresholds["min_held_out_pass_rate"]
    )
    if below:
        print("Below the eval threshold set in agent_config/agent.yaml (eval:).")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
