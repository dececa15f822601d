"""The bench's report: the table, the ratios to the baselines, the targets, reports/bench.json and the plot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from bench.servers import REPO

# Scenario timing the fake follows (bench/fake_llm.py): how long before the first text delta, on its own.
FAKE_FIRST_TEXT_MS = {"T": 300.0, "R": 1000.0}


def prices() -> dict[str, float]:
    data = yaml.safe_load((REPO / "agent_config" / "agent.yaml").read_text())
    return {"input": 3.0, "cache_write": 3.75, "cache_read": 0.30, "output": 15.0, **(data.get("prices") or {})}


def cost_per_1000_turns(row: dict[str, Any], price: dict[str, float]) -> float:
    dollars = (
        row["uncached_per_turn"] * price["input"]
        + row["cache_write_per_turn"] * price["cache_write"]
        + row["cache_read_per_turn"] * price["cache_read"]
        + row["output_per_turn"] * price["output"]
    ) / 1e6
    return dollars * 1000


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def one_line(row: dict[str, Any]) -> str:
    return (
        f"err {row['errors']} open {row['left_open']} TTFT p50 {_ms(row['ttft_p50_ms'])} p95 {_ms(row['ttft_p95_ms'])} ms"
        f" gap p95 {_ms(row['gap_p95_ms'])} ms CPU {row['cpu_ms_per_turn']:.1f} ms/turn"
        f" mem {row['kb_per_stream']:.0f} KB/stream"
    )


def _ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or not b else f"{a / b:.2f}x"


def _aggregate_cpu(rows: list[dict[str, Any]]) -> float:
    """CPU per turn over every turn of the run (each level runs at least 100)."""
    return sum(r["cpu_ms_per_turn"] * r["turns"] for r in rows) / sum(r["turns"] for r in rows)


def _memory(rows: list[dict[str, Any]]) -> float:
    """KB per open stream at the highest level (allocator noise dominates a handful of streams)."""
    return rows[-1]["kb_per_stream"]


def table(results: dict[str, Any]) -> list[str]:
    lines = []
    price = results["prices"]
    for scenario, rows in results["scenarios"].items():
        lines.append(f"\nScenario {scenario}  (ratios: product / B1, product / B2 at the same level)")
        lines.append(
            f"{'target':>8} {'streams':>7} {'err':>4} {'open':>4} {'TTFT p50':>9} {'TTFT p95':>9} {'gap p95':>8}"
            f" {'CPU ms/turn':>11} {'KB/stream':>9} {'write/read/uncached tok':>24} {'$/1k turns':>10}"
        )
        for index, streams in enumerate(results["levels"]):
            for name in ("B1", "B2", "product"):
                row = rows[name][index]
                tokens = (
                    f"{row['cache_write_per_turn']:.0f}/{row['cache_read_per_turn']:.0f}/{row['uncached_per_turn']:.0f}"
                )
                lines.append(
                    f"{name:>8} {streams:>7} {row['errors']:>4} {row['left_open']:>4} {_ms(row['ttft_p50_ms']):>7}ms"
                    f" {_ms(row['ttft_p95_ms']):>7}ms {_ms(row['gap_p95_ms']):>6}ms {row['cpu_ms_per_turn']:>11.1f}"
                    f" {row['kb_per_stream']:>9.0f} {tokens:>24} {cost_per_1000_turns(row, price):>10.2f}"
                )
            p, b1, b2 = rows["product"][index], rows["B1"][index], rows["B2"][index]
            lines.append(
                f"{'ratio':>8} {streams:>7}  CPU {_ratio(p['cpu_ms_per_turn'], b1['cpu_ms_per_turn'])} of B1,"
                f" {_ratio(p['cpu_ms_per_turn'], b2['cpu_ms_per_turn'])} of B2;"
                f" TTFT p50 {_ratio(p['ttft_p50_ms'], b1['ttft_p50_ms'])} of B1,"
                f" {_ratio(p['ttft_p50_ms'], b2['ttft_p50_ms'])} of B2"
            )
    return lines


def uncached_cost_per_1000_turns(row: dict[str, Any], price: dict[str, float]) -> float:
    """The same turn if no input token were cached: what prompt caching saves."""
    inputs = row["uncached_per_turn"] + row["cache_write_per_turn"] + row["cache_read_per_turn"]
    return (inputs * price["input"] + row["output_per_turn"] * price["output"]) / 1e6 * 1000


def cost_lines(results: dict[str, Any]) -> list[str]:
    price = results["prices"]
    lines = ["\nInput tokens and cost per turn of the product (fake's Anthropic-style accounting, agent.yaml prices):"]
    for scenario, rows in results["scenarios"].items():
        row = rows["product"][0]
        lines.append(
            f"  {scenario}: {row['requests_per_turn']:.1f} model requests; cache write {row['cache_write_per_turn']:.0f},"
            f" cache read {row['cache_read_per_turn']:.0f}, uncached {row['uncached_per_turn']:.0f} input tokens;"
            f" ${cost_per_1000_turns(row, price):.2f} per 1,000 turns"
            f" (${uncached_cost_per_1000_turns(row, price):.2f} without prompt caching)"
        )
    return lines


def targets(results: dict[str, Any]) -> list[tuple[str, bool | None, str]]:
    """(target, met?, what was measured). None: not measured in this run (e.g. a level was left out)."""
    checks: list[tuple[str, bool | None, str]] = []
    levels = results["levels"]
    for scenario, rows in results["scenarios"].items():
        p, b2 = _aggregate_cpu(rows["product"]), _aggregate_cpu(rows["B2"])
        checks.append((f"{scenario}: CPU per turn <= 1.0x B2", p <= b2, f"{p:.1f} vs {b2:.1f} ms ({p / b2:.2f}x)"))
        pm, bm = _memory(rows["product"]), _memory(rows["B2"])
        checks.append(
            (
                f"{scenario}: memory per open stream <= 1.3x B2",
                pm <= 1.3 * bm,
                f"{pm:.0f} vs {bm:.0f} KB ({_ratio(pm, bm)})",
            )
        )
        if 200 in levels:
            i = levels.index(200)
            errors, left = rows["product"][i]["errors"], rows["product"][i]["left_open"]
            checks.append((f"{scenario}: 200 streams, 0 errors and 0 left open", errors == 0 and left == 0,
                           f"{errors} errors, {left} left open"))  # fmt: skip
    if "T" in results["scenarios"] and 10 in levels:
        rows, i = results["scenarios"]["T"], levels.index(10)
        p, b1 = rows["product"][i]["ttft_p50_ms"], rows["B1"][i]["ttft_p50_ms"]
        met = None if p is None or b1 is None else p - b1 <= 20
        checks.append(("T: TTFT p50 overhead over B1 <= 20 ms at 10 streams", met, f"{_ms(p)} vs {_ms(b1)} ms"))
    if "R" in results["scenarios"] and 50 in levels:
        row = results["scenarios"]["R"]["product"][levels.index(50)]
        over = None if row["ttft_p95_ms"] is None else row["ttft_p95_ms"] - FAKE_FIRST_TEXT_MS["R"]
        checks.append(("R: 50 streams, TTFT p95 <= 1 s over the fake's delay", None if over is None else over <= 1000,
                       f"{_ms(over)} ms over {FAKE_FIRST_TEXT_MS['R']:.0f} ms"))  # fmt: skip
        gap = row["gap_p95_ms"]
        checks.append(("R: 50 streams, gap p95 <= 60 ms", None if gap is None else gap <= 60, f"{_ms(gap)} ms"))
        shares = [r["read_share_later_requests"] for r in results["scenarios"]["R"]["product"]]
        shares = [s for s in shares if s is not None]
        low = min(shares) if shares else None
        checks.append(("R: >= 80% of input tokens are cache reads from the 2nd request on",
                       None if low is None else low >= 0.8, "-" if low is None else f"lowest {low:.0%}"))  # fmt: skip
    return checks


def write(results: dict[str, Any], out: Path) -> None:
    results["targets"] = [{"target": t, "met": met, "measured": m} for t, met, m in targets(results)]
    (out / "bench.json").write_text(json.dumps(results, indent=2))
    lines = table(results) + cost_lines(results)
    lines.append("\nTargets (from one run on a shared machine: compare ratios, not absolute numbers):")
    for item in results["targets"]:
        mark = {True: "met", False: "NOT met", None: "not measured"}[item["met"]]
        lines.append(f"  [{mark:>12}] {item['target']}: {item['measured']}")
    print("\n".join(lines))
    (out / "bench.txt").write_text("\n".join(lines).lstrip() + "\n")
    try:
        plot(results, out / "bench.png")
        print(f"\nWrote {out / 'bench.json'}, {out / 'bench.txt'} and {out / 'bench.png'}")
    except ImportError:
        print(f"\nWrote {out / 'bench.json'} and {out / 'bench.txt'} (no plot: matplotlib is not installed)")


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scenarios = list(results["scenarios"])
    metrics = [
        ("ttft_p95_ms", "TTFT p95 (ms)"),
        ("gap_p95_ms", "token gap p95 (ms)"),
        ("cpu_ms_per_turn", "CPU ms per turn"),
    ]
    fig, axes = plt.subplots(
        len(scenarios), len(metrics), figsize=(4.2 * len(metrics), 3.4 * len(scenarios)), squeeze=False
    )
    styles = {"B1": ("#888888", "o--"), "B2": ("#1f77b4", "s--"), "product": ("#d62728", "^-")}
    for r, scenario in enumerate(scenarios):
        for c, (key, label) in enumerate(metrics):
            ax = axes[r][c]
            for name, (color, style) in styles.items():
                rows = results["scenarios"][scenario][name]
                xs = [row["streams"] for row in rows if row[key] is not None]
                ys = [row[key] for row in rows if row[key] is not None]
                ax.plot(xs, ys, style, color=color, label=name)
            ax.set_xscale("log")
            ax.minorticks_off()
            ax.set_xticks(results["levels"], [str(level) for level in results["levels"]])
            ax.set_title(f"{scenario}: {label}", fontsize=10)
            ax.set_xlabel("concurrent streams")
            ax.grid(alpha=0.3)
            if r == 0 and c == 0:
                ax.legend(fontsize=8)
    fig.suptitle("make bench: product vs B1 (raw relay) and B2 (bare Django + PydanticAI), same run", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
