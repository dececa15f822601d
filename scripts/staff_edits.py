"""The seven everyday staff edits of issue 14, each alone on a clean copy of HEAD, then the test suite.

    .venv/bin/python scripts/staff_edits.py            # every edit, the whole Python suite each time
    .venv/bin/python scripts/staff_edits.py --fast     # only the tests that read the shipped agent_config/
    .venv/bin/python scripts/staff_edits.py 3 5        # just edits 3 and 5

Each edit runs in a throwaway `git worktree` of HEAD (commit first: uncommitted work is not in it) that
borrows this checkout's .venv and node_modules. No Python file is touched by any edit. Exit status 1 when
any edit leaves the suite red.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The tests that read the shipped agent_config/ (everything else runs on tests/fixtures/agent_config/).
SHIPPED_CONFIG_TESTS = [
    "tests/test_shipped_config.py",
    "tests/test_conversations.py",
    "tests/test_config_loader.py",
    "tests/test_assistant_cli.py",
]

THANKSGIVING = """
  - id: thanksgiving
    question: Are you open on Thanksgiving?
    answer: >-
      We are closed on Thanksgiving Day. The days before and after it are peak dates; call
      {{ contact.phone }} to plan a holiday move.
    tags: [holidays, thanksgiving]
    alternates:
      - Do you work on Thanksgiving?
      - Can you deliver on Thanksgiving Day?
      - Are you closed for Thanksgiving?
"""

# (title, file, old text, new text); old text None = append new text.
EDITS: list[tuple[str, str, str | None, str]] = [
    (
        "reword the cancellation FAQ answer",
        "agent_config/faq.yaml",
        "You get a full refund if you cancel within 48 hours of booking",
        "Cancel within 48 hours of booking and we refund you in full",
    ),
    ("add an FAQ entry (Thanksgiving)", "agent_config/faq.yaml", None, THANKSGIVING),
    (
        "change the phone number (agent.yaml contact.phone)",
        "agent_config/agent.yaml",
        "phone: (631) 595-5100",
        "phone: (631) 555-0188",
    ),
    (
        "change tone",
        "agent_config/agent.yaml",
        "Warm, concise and concierge-like",
        "Friendly, brisk and practical",
    ),
    (
        "disable check_availability",
        "agent_config/tools.yaml",
        "  check_availability:\n    enabled: true",
        "  check_availability:\n    enabled: false",
    ),
    ("change a tool's label", "agent_config/tools.yaml", "label: Checking dates…", "label: Looking at the calendar…"),
    ("rate limit 20 → 5 per hour", "agent_config/agent.yaml", "    messages: 20\n", "    messages: 5\n"),
]


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def apply(tree: Path, file: str, old: str | None, new: str) -> None:
    path = tree / file
    text = path.read_text(encoding="utf-8")
    if old is None:
        text = text.rstrip("\n") + "\n" + new
    else:
        if old not in text:
            raise SystemExit(f"{file}: the text to edit is gone ({old!r}); update scripts/staff_edits.py")
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def one(number: int, fast: bool) -> bool:
    title, file, old, new = EDITS[number - 1]
    with tempfile.TemporaryDirectory(prefix=f"staff-edit-{number}-") as tmp:
        tree = Path(tmp) / "tree"
        run(["git", "worktree", "add", "--detach", str(tree), "HEAD"], REPO).check_returncode()
        try:
            for shared in (".venv", "node_modules"):
                if (REPO / shared).exists():
                    (tree / shared).symlink_to(REPO / shared)
            apply(tree, file, old, new)
            changed = run(["git", "diff", "--name-only"], tree).stdout.split()
            assert not [f for f in changed if f.endswith(".py")], changed
            check = run([str(REPO / ".venv/bin/python"), "backend/manage.py", "assistant", "check"], tree)
            tests = SHIPPED_CONFIG_TESTS if fast else []
            started = time.monotonic()
            result = run(
                [str(REPO / ".venv/bin/python"), "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup",
                 "-p", "no:cacheprovider", *tests],
                tree,
            )  # fmt: skip
            summary = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
            ok = result.returncode == 0 and check.returncode == 0
            print(f"{number}. {title}: edited {', '.join(changed)}")
            notes = [line for line in check.stdout.splitlines() if line.startswith(("info:", "warning:"))]
            print(
                f"   assistant check: {'ok' if check.returncode == 0 else 'FAILED'}"
                + "".join(f"\n     {n}" for n in notes)
            )
            if check.returncode:
                print("   " + (check.stderr or check.stdout).strip().replace("\n", "\n   "))
            print(
                f"   suite{' (shipped-config tests)' if fast else ''}: {summary} [{time.monotonic() - started:.0f} s]"
            )
            if result.returncode:
                failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
                print("   " + "\n   ".join(failed[:20]))
            return ok
        finally:
            run(["git", "worktree", "remove", "--force", str(tree)], REPO)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("edits", nargs="*", type=int, help="edit numbers (1-7); default all")
    parser.add_argument("--fast", action="store_true", help="run only the tests that read the shipped config")
    args = parser.parse_args()
    results = [one(n, args.fast) for n in (args.edits or range(1, len(EDITS) + 1))]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
