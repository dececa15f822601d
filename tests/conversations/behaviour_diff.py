"""`make behaviour-diff BASE=<git ref>`: what a change to agent_config/ does to the assistant's answers.

Runs every conversation case (agent_config/conversations/**) twice — with agent_config/ as it is at BASE
(extracted with `git archive`) and as it is in the working tree — and reports, for a reviewer who does
not read Python: which cases changed their reply, their tools or their pass/fail, old and new side by
side; what changed that offline replies cannot show (tool descriptions, the system prompt); and any
config problem of either side with its file and line. Each side is judged by its own cases, matched by
name. Offline mode always; Claude too when ANTHROPIC_API_KEY is set.

    python -m tests.conversations.behaviour_diff --base HEAD [--markdown reports/behaviour-diff.md]

Exit status 1 when the working tree's config is broken or a case fails with it (accept intended changes
with `make accept`), else 0. The markdown report is also appended to $GITHUB_STEP_SUMMARY when set.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.conversations.runner import REPO, SideResult, run_side, setup_django

from .diff_report import markdown_report, text_report


def extract_base(ref: str, into: Path) -> Path:
    """agent_config/ as committed at `ref`, in a temp dir (raises SystemExit with a readable message)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref, "agent_config"], cwd=REPO, capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise SystemExit(f"Cannot read agent_config/ at '{ref}': {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "agent_config"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="HEAD", help="git ref to compare with (default HEAD)")
    parser.add_argument("--markdown", default=str(REPO / "reports" / "behaviour-diff.md"))
    options = parser.parse_args(argv)
    setup_django()
    with tempfile.TemporaryDirectory(prefix="behaviour-diff-") as tmp:
        base_dir = extract_base(options.base, Path(tmp))
        modes = ["offline", *(["llm"] if os.environ.get("ANTHROPIC_API_KEY") else [])]
        sections = []
        for mode in modes:
            base: SideResult = run_side(base_dir, mode=mode)
            new: SideResult = run_side(REPO / "agent_config", mode=mode)
            sections.append((mode, base, new))
    title = f"agent_config/ at {options.base} → working tree"
    print(text_report(title, sections))
    markdown = markdown_report(title, sections)
    out = Path(options.markdown)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown, encoding="utf-8")
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
    print(f"\nMarkdown report: {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")
    broken = any(new.problems or new.failing() for _, _, new in sections)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
