"""`python -m bench.memprofile [--app product|b2] [--streams 100]`: what an open stream keeps in memory.

One process serves the app under uvicorn with tracemalloc on, against a slow fake Anthropic API (the
T scenario with 500 ms between deltas, so every stream is mid-reply at once). After a warm-up round it
opens `--streams` chats, waits until every one's model request has reached the fake (and 2 s more), and
prints the allocation sites that grew, per stream; then the same once every stream has ended, to show
what a finished turn leaves behind. Compare `--app product` with `--app b2`; only the ratios mean
anything, tracemalloc itself slows the process down. History, locks and rate limits go to REDIS_URL when set.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.load import Target, csrf, one_stream
from bench.servers import REPO, control, free_port

SLOW_FAKE = "import asyncio, sys, bench.fake_llm as f; f.SCENARIOS['T']['interval'] = 0.5; asyncio.run(f.main(int(sys.argv[1])))"


def environment(app: str, fake_port: int, workdir: Path) -> None:
    os.environ.update(
        {
            "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{fake_port}",
            "ANTHROPIC_API_KEY": "bench-fake-key",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_HTTPS": "0",
        }
    )
    if app == "b2":
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.b2.settings"
        return
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ASSISTANT_RUNTIME_FACTORY"] = "bench.runtime:build"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'mem.sqlite3'}")
    sys.path.insert(0, str(REPO / "backend"))
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=REPO / "backend", check=True, stdout=subprocess.DEVNULL
        )


async def wave(target: Target, streams: int, auth: str) -> list[asyncio.Task]:
    return [
        asyncio.create_task(one_stream(target, auth, f"memory {i} {secrets.token_hex(4)}", timeout=120))
        for i in range(streams)
    ]


def top(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, streams: int, limit: int) -> None:
    stats = after.compare_to(before, "traceback")
    total = sum(s.size_diff for s in stats)
    print(f"  grew {total / 1024:.0f} KB in all, {total / 1024 / streams:.1f} KB per stream")
    for stat in stats[:limit]:
        if stat.size_diff <= 0:
            break
        frames = [f for f in stat.traceback if "site-packages/asyncio" not in f.filename][-6:]
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
        print(f"  {stat.size_diff / 1024 / streams:7.2f} KB/stream  {stat.count_diff / streams:6.1f} blocks  {where}")


async def serve_and_measure(app_name: str, streams: int, limit: int, fake_port: int) -> None:
    import uvicorn

    if app_name == "b2":
        from bench.b2.asgi import application
    else:
        from config.asgi import application
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    target = (
        Target("127.0.0.1", port, "/chat")
        if app_name == "b2"
        else Target("127.0.0.1", port, "/api/assistant/chat/", csrf=True)
    )
    auth = ""
    if target.csrf:
        cookie, token = await csrf(target.host, target.port)
        auth = f"Cookie: {cookie}\r\nX-CSRFToken: {token}\r\n"
    await asyncio.gather(*await wave(target, 20, auth))  # warm-up: imports, caches, the allocator's arenas
    await asyncio.to_thread(control, fake_port, "/_bench/usage")
    gc.collect()
    tracemalloc.start(12)
    before = tracemalloc.take_snapshot()
    tasks = await wave(target, streams, auth)
    asked = 0
    while asked < streams:  # every stream's model request has reached the fake: all are mid-reply
        await asyncio.sleep(0.5)
        asked += len(json.loads(await asyncio.to_thread(control, fake_port, "/_bench/usage")))
    await asyncio.sleep(2)
    gc.collect()
    open_snapshot = tracemalloc.take_snapshot()
    print(f"{app_name}: {streams} streams open")
    top(before, open_snapshot, streams, limit)
    results = await asyncio.gather(*tasks)
    await asyncio.sleep(1)
    gc.collect()
    ended = tracemalloc.take_snapshot()
    print(f"{app_name}: after they ended ({sum(r.ok for r in results)}/{streams} ok)")
    top(before, ended, streams, limit)
    server.should_exit = True
    await serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=["product", "b2"], default="product")
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    fake_port = free_port()
    fake = subprocess.Popen([sys.executable, "-c", SLOW_FAKE, str(fake_port)], cwd=REPO)
    try:
        with tempfile.TemporaryDirectory() as workdir:
            environment(args.app, fake_port, Path(workdir))
            import django

            django.setup()
            logging.getLogger("assistant.turn").setLevel(logging.WARNING)  # one line per turn otherwise
            time.sleep(0.5)
            asyncio.run(serve_and_measure(args.app, args.streams, args.top, fake_port))
    finally:
        fake.terminate()
        fake.wait()


if __name__ == "__main__":
    main()
