"""The processes `make bench` runs: the fake Anthropic API, and three gunicorn servers measured against it.

- product: the production server (gunicorn.conf.py, config.asgi) with the real runtime;
- B1: a raw ASGI relay (bench/b1.py), the floor;
- B2: a bare Django async view relaying a plain PydanticAI agent (bench/b2/).
All three run under the same gunicorn.conf.py (uvicorn workers, 2 by default) and call the same fake.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLK_TCK


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    workers: list[int]

    @property
    def pids(self) -> list[int]:
        return [self.process.pid, *self.workers]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_fake(port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.fake_llm", "--port", str(port)],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_for_port(port, process, log)
    return process


def start_gunicorn(name: str, app: str, cwd: Path, env: dict[str, str], log: Path, *, workers: int) -> Server:
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [gunicorn, "-c", str(REPO / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", app],
            cwd=cwd,
            env={**env, "GUNICORN_WORKERS": str(workers)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_for_port(port, process, log)
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < workers:
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise SystemExit(f"{name}: gunicorn workers did not start; see {log}")
        time.sleep(0.2)
    return Server(name, process, port, children(process.pid))


def wait_healthy(server: Server, path: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{server.port}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise SystemExit(f"{server.name} did not become healthy in 60 s; see {log}")


def _wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"process on port {port} exited; see {log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"nothing listened on port {port} within 60 s; see {log}")


def control(port: int, path: str, body: bytes = b"") -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def service_urls(run_id: str) -> dict[str, str]:
    """PostgreSQL and Redis for the product when they answer on this machine (else SQLite, embedded stores)."""
    urls: dict[str, str] = {}
    if os.environ.get("BENCH_DATABASE_URL"):
        urls["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    elif _answers(5432):
        try:
            import psycopg

            name = f"totetaxi_bench_{run_id}"
            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
            urls["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        except Exception as exc:  # noqa: BLE001 — no usable PostgreSQL: fall back to SQLite and say so
            print(f"PostgreSQL not usable ({exc}); the product runs on SQLite.")
    if os.environ.get("BENCH_REDIS_URL"):
        urls["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    elif _answers(6379):
        urls["REDIS_URL"] = "redis://127.0.0.1:6379/13"
    return urls


def drop_database(url: str) -> None:
    if "totetaxi_bench_" not in url:
        return
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    except Exception as exc:  # noqa: BLE001
        print(f"could not drop the bench database: {exc}")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False
