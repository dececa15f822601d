"""`python -m bench.run [--quick] [--levels 10,25,50,100,200]`: the production server against two
baselines on one fake Anthropic API, in the same run, interleaved level by level.

For scenarios T (300 ms, 50 text deltas 20 ms apart) and R (a get_pricing_estimate round trip, then 100
deltas) and each concurrency level: server CPU ms per turn (utime+stime of gunicorn master + workers),
memory per open stream, TTFT p50/p95, inter-token gap p95, errors, streams left open after `done`, and
the input tokens per turn (cache write / read / uncached, from the fake's Anthropic-style accounting)
with the cost per 1,000 turns from agent.yaml's price table. Writes reports/bench.json and
reports/bench.png and prints the table and the targets, as ratios to B1 (raw relay) and B2 (bare Django +
PydanticAI). The machine is shared: compare ratios from one run, not absolute numbers across runs.
Each level starts all three servers afresh and warms them up, so memory per stream is what that level
adds to a warmed-up idle process, never hidden by a heap an earlier level already grew. A level below 100
streams runs its round of concurrent streams again until 100 turns have run, for a CPU figure that clock
ticks do not blur.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench import report
from bench.load import StreamTiming, Target, run_level
from bench.servers import (
    REPO,
    Server,
    control,
    cpu_seconds,
    drop_database,
    free_port,
    rss_kb,
    service_urls,
    start_fake,
    start_gunicorn,
    wait_healthy,
)

FULL_LEVELS = [10, 25, 50, 100, 200]
QUICK_LEVELS = [10, 50, 200]
STREAM_TIMEOUT_SECONDS = 60.0
# CPU time is read in clock ticks (10 ms) per process, so the CPU of one round of 10 turns was off by up to
# ±3 ms a turn from rounding alone; lower levels repeat their round until this many turns have run.
MIN_TURNS_PER_LEVEL = 100


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def measure(server: Server, target: Target, streams: int, ramp: float) -> dict[str, Any]:
    baseline_rss = rss_kb(server.workers)
    cpu_before = cpu_seconds(server.pids)
    peak = baseline_rss
    running = True

    async def sample() -> None:
        nonlocal peak
        while running:
            peak = max(peak, rss_kb(server.workers))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    started = time.perf_counter()
    timings: list[StreamTiming] = []
    while len(timings) < MIN_TURNS_PER_LEVEL:  # rounds of `streams` concurrent turns, one for 100 streams or more
        timings += await run_level(target, streams, ramp_seconds=ramp, timeout=STREAM_TIMEOUT_SECONDS)
    wall = time.perf_counter() - started
    running = False
    await sampler
    cpu = cpu_seconds(server.pids) - cpu_before
    ok = [t for t in timings if t.ok]
    ttfts = [t.ttft * 1000 for t in ok if t.ttft is not None]
    gaps = [g * 1000 for t in ok for g in t.gaps]
    return {
        "streams": streams,
        "turns": len(timings),
        "errors": len(timings) - len(ok),
        "left_open": sum(t.left_open for t in timings),
        "ttft_p50_ms": percentile(ttfts, 0.5),
        "ttft_p95_ms": percentile(ttfts, 0.95),
        "gap_p95_ms": percentile(gaps, 0.95),
        "tokens_per_stream": sum(len(t.tokens) for t in ok) / max(len(ok), 1),
        # Per completed turn: a failed stream's CPU still counts, so failures make this worse, never better.
        "cpu_ms_per_turn": cpu * 1000 / max(len(ok), 1),
        "kb_per_stream": max(0, peak - baseline_rss) / streams,
        "wall_s": wall,
    }


def token_stats(usage: list[dict[str, Any]], turns: int) -> dict[str, float]:
    """Input tokens per turn split as Anthropic bills them, and the share of cache reads from the 2nd request on."""
    write = sum(u["cache_creation_input_tokens"] for u in usage)
    read = sum(u["cache_read_input_tokens"] for u in usage)
    uncached = sum(u["input_tokens"] for u in usage)
    later = [u for u in usage if u["after_tool"]]
    later_total = sum(
        u["cache_creation_input_tokens"] + u["cache_read_input_tokens"] + u["input_tokens"] for u in later
    )
    first = [u for u in usage if not u["after_tool"]]
    first_total = sum(
        u["cache_creation_input_tokens"] + u["cache_read_input_tokens"] + u["input_tokens"] for u in first
    )
    return {
        "requests_per_turn": len(usage) / turns,
        "cache_write_per_turn": write / turns,
        "cache_read_per_turn": read / turns,
        "uncached_per_turn": uncached / turns,
        "output_per_turn": sum(u["output_tokens"] for u in usage) / turns,
        "read_share_later_requests": (sum(u["cache_read_input_tokens"] for u in later) / later_total)
        if later_total
        else None,
        "read_share_first_requests": (sum(u["cache_read_input_tokens"] for u in first) / first_total)
        if first_total
        else None,
    }


def prepare_product(env: dict[str, str]) -> None:
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=REPO / "backend",
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # only the bench's own Redis database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"levels {QUICK_LEVELS}, shorter warm-up")
    parser.add_argument("--levels", help=f"concurrent streams per level (default {FULL_LEVELS})")
    parser.add_argument("--scenarios", default="T,R")
    parser.add_argument("--ramp", type=float, default=0.5, help="seconds over which a level's streams start")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(REPO / "reports"))
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")] if args.levels else (QUICK_LEVELS if args.quick else FULL_LEVELS)
    if max(levels) > 500:
        raise SystemExit("levels above 500 streams are outside what this bench is bounded for")
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]

    run_id = uuid.uuid4().hex[:8]
    workdir = Path(tempfile.mkdtemp(prefix="totetaxi-bench-"))
    fake_port = free_port()
    services = service_urls(run_id)
    base_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "backend")]),
        "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{fake_port}",
        "ANTHROPIC_API_KEY": "bench-fake-key",  # the fake's: the bench never calls a real model
        "GUNICORN_LOG_LEVEL": "warning",
        "DJANGO_DEBUG": "0",
        # Production settings over plain http on 127.0.0.1, signed with a throwaway key (config/startup_guard.py).
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
    }
    product_env = {
        **base_env,
        "DATABASE_URL": services.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "ASSISTANT_RUNTIME_FACTORY": "bench.runtime:build",
    }
    if "REDIS_URL" in services:
        product_env["REDIS_URL"] = services["REDIS_URL"]
    else:
        product_env.pop("REDIS_URL", None)
    print(f"Bench {run_id}: product on {product_env['DATABASE_URL'].split('@')[-1]}, "
          f"store {'Redis' if 'REDIS_URL' in product_env else 'database'}; work dir {workdir}", flush=True)  # fmt: skip
    prepare_product(product_env)

    fake = start_fake(fake_port, workdir / "fake.log")
    processes: list[Server] = []

    def start_servers() -> dict[str, tuple[Server, Target]]:
        """Fresh processes for every level: a heap grown by an earlier level would hide what this one adds."""
        product = start_gunicorn("product", "config.asgi:application", REPO / "backend", product_env,
                                 workdir / "product.log", workers=args.workers)  # fmt: skip
        processes.append(product)
        wait_healthy(product, "/api/assistant/health/", workdir / "product.log")
        b1 = start_gunicorn("B1", "bench.b1:app", REPO, base_env, workdir / "b1.log", workers=args.workers)
        processes.append(b1)
        b2_env = {**base_env, "DJANGO_SETTINGS_MODULE": "bench.b2.settings"}
        b2 = start_gunicorn("B2", "bench.b2.asgi:application", REPO, b2_env, workdir / "b2.log", workers=args.workers)
        processes.append(b2)
        return {
            "B1": (b1, Target("127.0.0.1", b1.port, "/chat")),
            "B2": (b2, Target("127.0.0.1", b2.port, "/chat")),
            "product": (product, Target("127.0.0.1", product.port, "/api/assistant/chat/", csrf=True)),
        }

    def stop_servers() -> None:
        while processes:
            processes.pop().stop()

    try:
        results: dict[str, Any] = {"scenarios": {}, "levels": levels, "workers": args.workers, "run_id": run_id}
        started = time.monotonic()
        for scenario in scenarios:
            control(fake_port, "/_bench/scenario", scenario.encode())
            rows: dict[str, list[dict[str, Any]]] = {"B1": [], "B2": [], "product": []}
            for streams in levels:
                targets = start_servers()
                # Warm-up: imports, first prompt render, allocator. Two rounds, so that every worker has served
                # turns whichever of them the kernel handed the first connections to.
                for _server, target in targets.values():
                    for _round in range(2):
                        asyncio.run(run_level(target, 20, ramp_seconds=args.ramp, timeout=STREAM_TIMEOUT_SECONDS))
                control(fake_port, "/_bench/usage")
                for name, (server, target) in targets.items():
                    row = asyncio.run(measure(server, target, streams, args.ramp))
                    row.update(token_stats(json.loads(control(fake_port, "/_bench/usage")), row["turns"]))
                    rows[name].append(row)
                    print(f"  {scenario} {name:>7} {streams:>4} streams: {report.one_line(row)}", flush=True)
                    time.sleep(0.5)
                stop_servers()
            results["scenarios"][scenario] = rows
        results["elapsed_s"] = time.monotonic() - started
        results["prices"] = report.prices()
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        report.write(results, out)
    finally:
        stop_servers()
        fake.terminate()
        fake.wait(timeout=10)
        if "DATABASE_URL" in services:
            drop_database(services["DATABASE_URL"])
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
