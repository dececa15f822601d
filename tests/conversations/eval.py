"""`make eval`: run agent_config/conversations/**/*.yaml against the configured model and print a pass/fail table.

With ANTHROPIC_API_KEY set that is Claude (falling back to offline mode on provider errors); without it,
offline mode — the same cases the suite runs. Uses the configured database (migrated and seeded with the
idempotent demo data first), so run it on a development database, never production.

    python -m tests.conversations.eval [-k substring] [-v]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _setup_django() -> None:
    sys.path.insert(0, str(REPO / "backend"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", stdout=io.StringIO())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", default="", help="only cases whose name contains this text")
    parser.add_argument("-v", action="store_true", help="print every failure in full")
    options = parser.parse_args(argv)
    _setup_django()

    from django.contrib.auth import get_user_model

    from assistant.deps import ChatDeps
    from assistant.runtime import get_runtime
    from tests.conversations.harness import load_cases, run_case

    runtime = get_runtime()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["alice", "bob"])}
    cases = [c for c in load_cases() if options.k in c.name]
    print(f"Running {len(cases)} conversations in {runtime.mode} mode ({runtime.model_name})\n")
    width = max((len(c.name) for c in cases), default=10)
    failed = 0
    for case in cases:
        deps = ChatDeps.for_user(runtime.config, users.get(case.user), now=case.now_ny)
        started = time.perf_counter()
        try:
            failures = asyncio.run(run_case(case, runtime.agent, deps))
        except Exception as exc:  # noqa: BLE001 - a crashing case is a failed case, the table goes on
            failures = [f"crashed: {type(exc).__name__}: {exc}"]
        seconds = time.perf_counter() - started
        failed += bool(failures)
        status = "PASS" if not failures else "FAIL"
        first = "" if not failures else failures[0].splitlines()[0][:100]
        print(f"{status}  {case.name:<{width}}  {seconds:5.1f}s  {first}")
        if failures and options.v:
            print("      " + "\n      ".join(line for f in failures for line in f.splitlines()))
    print(f"\n{len(cases) - failed}/{len(cases)} passed ({runtime.mode} mode)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
