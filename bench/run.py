"""`python -m bench.run [--levels 10,25,50]`: the production server (gunicorn + uvicorn workers, the real
middleware, sessions, CSRF, rate limit, history store, real agent and prompt) streaming a synthetic model,
measured from a raw-socket client on loopback.

Prints per concurrency level: TTFT p50/p95, token-gap p95, CPU ms per stream, memory per open stream,
errors — and the ratio of each to the reference measurements of a bare Django + PydanticAI view on this
kind of machine (the numbers below; the bench never reads them from anywhere else at run time).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import StreamTiming, run_level

REPO = Path(__file__).resolve().parent.parent
# Reference: Django async view + PydanticAI run_stream_events + FunctionModel (50 tokens, 300 ms, 20 ms),
# default middleware, one uvicorn worker, 2-core machine (measured 2026-11-25).
REFERENCE = {"cpu_ms_per_stream": 12.4, "kb_per_stream": 160.0, "ttft_p95_budget_ms": 400.0, "gap_p95_budget_ms": 25.0}
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLK_TCK


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def prepare_database(env: dict[str, str]) -> None:
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run(manage + command, cwd=REPO / "backend", env=env, check=True, stdout=subprocess.DEVNULL)


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [gunicorn, "-c", str(REPO / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", "config.asgi:application"],
            cwd=REPO / "backend",
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/assistant/health/", timeout=2) as response:
                if response.status == 200 and len(children(server.pid)) >= int(env.get("GUNICORN_WORKERS", "2")):
                    return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {log}")
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not become healthy in 60 s; see {log}")


async def measure(port: int, workers: list[int], streams: int, ramp: float) -> dict[str, float]:
    baseline_rss = rss_kb(workers)
    cpu_before = cpu_seconds(workers)
    peak = baseline_rss
    running = True

    async def sample() -> None:
        nonlocal peak
        while running:
            peak = max(peak, rss_kb(workers))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    timings: list[StreamTiming] = await run_level("127.0.0.1", port, streams, ramp_seconds=ramp)
    running = False
    await sampler
    cpu_after = cpu_seconds(workers)
    ok = [t for t in timings if t.status == 200 and t.ended_with == "done"]
    ttfts = [t.ttft * 1000 for t in ok if t.ttft is not None]
    gaps = [g * 1000 for t in ok for g in t.gaps]
    return {
        "streams": streams,
        "errors": len(timings) - len(ok),
        "ttft_p50_ms": percentile(ttfts, 0.5),
        "ttft_p95_ms": percentile(ttfts, 0.95),
        "gap_p95_ms": percentile(gaps, 0.95),
        "cpu_ms_per_stream": (cpu_after - cpu_before) * 1000 / streams,
        "kb_per_stream": max(0, peak - baseline_rss) / streams,
    }


def report(rows: list[dict[str, float]]) -> None:
    header = (
        f"{'streams':>7} {'err':>4} {'TTFT p50':>9} {'TTFT p95':>9} {'gap p95':>8} {'CPU ms/str':>10} {'KB/str':>7}"
    )
    print(header)
    for row in rows:
        print(
            f"{row['streams']:>7.0f} {row['errors']:>4.0f} {row['ttft_p50_ms']:>7.0f}ms {row['ttft_p95_ms']:>7.0f}ms "
            f"{row['gap_p95_ms']:>6.1f}ms {row['cpu_ms_per_stream']:>10.1f} {row['kb_per_stream']:>7.0f}"
        )
    print("\nRatios to the reference (bare Django + PydanticAI view; >1 = more expensive / slower):")
    for row in rows:
        print(
            f"  {row['streams']:>4.0f} streams: CPU {row['cpu_ms_per_stream'] / REFERENCE['cpu_ms_per_stream']:.2f}x"
            f"  memory {row['kb_per_stream'] / REFERENCE['kb_per_stream']:.2f}x"
            f"  TTFT p95 {row['ttft_p95_ms'] / REFERENCE['ttft_p95_budget_ms']:.2f}x of the 400 ms budget"
            f"  gap p95 {row['gap_p95_ms'] / REFERENCE['gap_p95_budget_ms']:.2f}x of the 25 ms budget"
        )
    print("\nServer CPU includes what the reference had none of: sessions, CSRF, rate limit, the history store")
    print("(load + save per turn), the real system prompt rendered from the DB, and one log line per turn.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="10,25,50", help="concurrent streams per level, comma-separated")
    parser.add_argument("--ramp", type=float, default=0.5, help="seconds over which a level's streams start")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",") if level.strip()]
    if max(levels) > 500:
        raise SystemExit("levels above 500 streams are outside what this bench is bounded for")

    workdir = Path(tempfile.mkdtemp(prefix="totetaxi-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "backend")]),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
        "ASSISTANT_RUNTIME_FACTORY": "bench.runtime:build",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_LOG_LEVEL": "warning",
        "DJANGO_DEBUG": "0",
        # Production settings over plain http on 127.0.0.1, signed with a throwaway key (config/startup_guard.py).
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
    }
    env.pop("ANTHROPIC_API_KEY", None)  # the bench never calls a real model
    print(f"Preparing a bench database in {workdir} …", flush=True)
    prepare_database(env)
    port = free_port()
    log = workdir / "server.log"
    server = start_server(env, port, log)
    try:
        workers = children(server.pid)
        # warm-up: imports, first prompt render, and the allocator growing to a working size
        asyncio.run(run_level("127.0.0.1", port, min(levels), ramp_seconds=args.ramp))
        rows = [asyncio.run(measure(port, workers, streams, args.ramp)) for streams in levels]
        print(
            f"\ngunicorn x{args.workers} uvicorn workers on 127.0.0.1:{port}; synthetic model 50 tokens, 300 ms + 20 ms/token\n"
        )
        report(rows)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
