"""The `make eval` scorecard: numbers from one run of every conversation case, as JSON and as a small HTML page.

Other parts of the project can add a section (e.g. feedback counts per day) by appending a function to
`EXTRA_SECTIONS`: it gets the scorecard dict and returns (title, json-able data, html fragment) or None.
"""

from __future__ import annotations

import html
import re
import statistics
from collections.abc import Callable
from typing import Any

from tests.conversations.runner import SideResult

EXTRA_SECTIONS: list[Callable[[dict[str, Any]], tuple[str, Any, str] | None]] = []
_PRICE = re.compile(r"\$\d")


def _rate(passed: int, total: int) -> float | None:
    return round(passed / total, 4) if total else None


def score(side: SideResult) -> dict[str, Any]:
    cases = list(side.cases.values())
    by_category: dict[str, list[bool]] = {}
    for case in cases:
        key = case.file
        by_category.setdefault(key, []).append(case.passed)
    turns = [t for c in cases for t in c.turns]
    tool_turns = [t for t in turns if t.expected is not None and t.expected.tools is not None]
    chose_right = [t for t in tool_turns if [n for n, _ in t.tools] == [e.name for e in t.expected.tools]]
    with_args = [t for t in chose_right if any(e.args for e in t.expected.tools)]
    args_right = [t for t in with_args if not any(" args " in p for p in t.problems)]
    price_turns = [
        t for t in turns if t.expected is not None and any(_PRICE.search(p) for p in t.expected.reply_contains)
    ]
    prices_right = [
        t
        for t in price_turns
        if all(p.lower() in t.reply.lower() for p in t.expected.reply_contains if _PRICE.search(p))
    ]
    seconds = sorted(t.seconds for t in turns)
    tuned = [c for c in cases if c.group == "tuned"]
    practice = [c for c in cases if c.group == "practice"]
    held = [c for c in cases if c.group == "held_out"]
    tokens_in, tokens_out = sum(t.input_tokens for t in turns), sum(t.output_tokens for t in turns)
    cost = None
    if side.mode == "llm" and side.prices is not None:
        cost = round((tokens_in * side.prices.input + tokens_out * side.prices.output) / 1_000_000, 4)
    card: dict[str, Any] = {
        "mode": side.mode,
        "model": side.model_name,
        "config_problems": side.problems,
        "cases": len(cases),
        "pass_rate": _rate(sum(c.passed for c in tuned), len(tuned)),
        "held_out_pass_rate": _rate(sum(c.passed for c in held), len(held)),
        "held_out_cases": len(held),
        "practice_pass_rate": _rate(sum(c.passed for c in practice), len(practice)),
        "practice_cases": len(practice),
        "by_category": {
            k: {"passed": sum(v), "total": len(v), "rate": _rate(sum(v), len(v))}
            for k, v in sorted(by_category.items())
        },
        "tool_choice_accuracy": _rate(len(chose_right), len(tool_turns)),
        "tool_argument_accuracy": _rate(len(args_right), len(with_args)),
        "exact_price_accuracy": _rate(len(prices_right), len(price_turns)),
        "turns": len(turns),
        "latency_seconds": {
            "p50": round(statistics.median(seconds), 4) if seconds else None,
            "p95": round(seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))], 4) if seconds else None,
        },
        "tokens": {"input": tokens_in, "output": tokens_out} if side.mode == "llm" else None,
        "estimated_cost_usd": cost,
        "failures": {c.name: c.failures() for c in cases if not c.passed},
        "extra": {},
    }
    return card


def render_html(card: dict[str, Any], thresholds: dict[str, float]) -> str:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{v['passed']}/{v['total']}</td><td>{pct(v['rate'])}</td></tr>"
        for k, v in card["by_category"].items()
    )
    failures = "".join(
        f"<li><b>{html.escape(name)}</b><ul>{''.join(f'<li>{html.escape(f)}</li>' for f in lines)}</ul></li>"
        for name, lines in card["failures"].items()
    )
    extras = ""
    for section in EXTRA_SECTIONS:
        produced = section(card)
        if produced is not None:
            title, data, fragment = produced
            card["extra"][title] = data
            extras += f"<h2>{html.escape(title)}</h2>{fragment}"
    cost = card["estimated_cost_usd"]
    latency = card["latency_seconds"]
    return f"""<!doctype html><html lang="en"><meta charset="utf-8"><title>ToteTaxi assistant eval</title>
<style>body{{font:15px system-ui;margin:2rem;max-width:60rem}}td,th{{padding:.2rem .8rem;text-align:left}}
.ok{{color:#176b2c}}.bad{{color:#a11}}</style>
<h1>Assistant eval — {html.escape(card["mode"])} ({html.escape(card["model"])})</h1>
<table>
<tr><th>pass rate (tuned cases)</th><td class="{"ok" if (card["pass_rate"] or 0) >= thresholds["min_pass_rate"] else "bad"}">{pct(card["pass_rate"])}</td><td>threshold {pct(thresholds["min_pass_rate"])}</td></tr>
<tr><th>held-out pass rate</th><td>{pct(card["held_out_pass_rate"])}</td><td>{card["held_out_cases"]} cases, threshold {pct(thresholds["min_held_out_pass_rate"])}</td></tr>
<tr><th>practice pass rate</th><td>{pct(card["practice_pass_rate"])}</td><td>{card["practice_cases"]} cases (earlier held-out rounds, since tuned on)</td></tr>
<tr><th>tool choice accuracy</th><td>{pct(card["tool_choice_accuracy"])}</td></tr>
<tr><th>tool argument accuracy</th><td>{pct(card["tool_argument_accuracy"])}</td></tr>
<tr><th>exact price accuracy</th><td>{pct(card["exact_price_accuracy"])}</td></tr>
<tr><th>latency per turn</th><td>p50 {latency["p50"]}s</td><td>p95 {latency["p95"]}s</td></tr>
<tr><th>tokens</th><td>{card["tokens"] or "— (offline mode)"}</td><td>{f"≈ ${cost}" if cost is not None else ""}</td></tr>
</table>
<h2>By category</h2><table><tr><th>file</th><th>passed</th><th>rate</th></tr>{rows}</table>
{extras}
<h2>Failures</h2><ul>{failures or "<li>none</li>"}</ul></html>
"""
