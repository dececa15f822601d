"""`make accept` (second half): bring the conversation cases in line with what agent_config/ now answers.

For every case that fails with the working tree's config (offline mode):
- a `tools:` expectation that no longer matches is rewritten in place to the tools now called (the rest
  of the YAML file, comments included, is untouched; the pull request diff shows the change);
- a `reply_contains` phrase that is no longer in the reply (or a `reply_excludes` phrase that now is)
  can't be guessed safely, so it is listed as `file, line N` with the new reply to copy a phrase from.

    python -m tests.conversations.accept [-k substring]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from common import yaml_loader
from tests.conversations.runner import REPO, CaseRun, run_side, setup_django

CASES = REPO / "agent_config" / "conversations"


def _turn_nodes(path: Path) -> dict[str, list[yaml.MappingNode]]:
    """Case name → its turns' YAML nodes (with positions in the file)."""
    root = yaml_loader.compose(path.read_text(encoding="utf-8"))
    found: dict[str, list[yaml.MappingNode]] = {}
    for case in root.value if isinstance(root, yaml.SequenceNode) else []:
        fields = {k.value: v for k, v in case.value}
        if "name" in fields and isinstance(fields.get("turns"), yaml.SequenceNode):
            found[fields["name"].value] = list(fields["turns"].value)
    return found


def _expected_tools(calls: list[tuple[str, dict]], old: list[dict] | None) -> str:
    """The new `tools:` value (YAML flow style): names, and the argument keys the case checked before."""
    checked = {t.get("name"): set((t.get("args") or {}).keys()) for t in old or []}
    items = []
    for name, args in calls:
        keys = checked.get(name)
        kept = {k: v for k, v in args.items() if keys is None or k in keys} if keys else {}
        items.append({"name": name, **({"args": kept} if kept else {})})
    return json.dumps(items, ensure_ascii=False)


def accept(runs: list[CaseRun]) -> tuple[list[str], list[str]]:
    """(lines rewritten automatically, lines a person must update)."""
    done, todo = [], []
    for file in sorted({r.file for r in runs}):
        path = CASES / file
        text = path.read_text(encoding="utf-8")
        nodes = _turn_nodes(path)
        raw_cases = {c["name"]: c for c in yaml_loader.safe_load(text) or []}
        edits: list[tuple[int, int, str]] = []
        for run in (r for r in runs if r.file == file):
            for number, (turn, node) in enumerate(zip(run.turns, nodes.get(run.name, []), strict=False), 1):
                fields = {k.value: (k, v) for k, v in node.value}
                expected = raw_cases[run.name]["turns"][number - 1]
                where = f"agent_config/conversations/{file}"
                for problem in turn.problems:
                    if problem.startswith(("tools called", "tools ")) or " args " in problem:
                        key, value = fields["tools"]
                        new = _expected_tools(turn.tools, expected.get("tools"))
                        edits.append((value.start_mark.index, value.end_mark.index, new))
                        done.append(
                            f"{where}, line {key.start_mark.line + 1} ({run.name}, turn {number}): tools → {new}"
                        )
                        break
                for problem in turn.problems:
                    if problem.startswith(("reply lacks", "reply contains forbidden")):
                        key_name = "reply_contains" if problem.startswith("reply lacks") else "reply_excludes"
                        key, _ = fields.get(key_name, (node, None))
                        reply = turn.reply.replace("\n", " ")
                        todo.append(
                            f"{where}, line {key.start_mark.line + 1} ({run.name}, turn {number}): {problem}.\n"
                            f"  New reply: {reply[:400]}\n"
                            f"  Hint: replace that phrase with the fact as the new reply says it, or remove it."
                        )
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
        if edits:
            path.write_text(text, encoding="utf-8")
    return done, todo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", default="", help="only cases whose name contains this text")
    options = parser.parse_args(argv)
    setup_django()
    side = run_side(REPO / "agent_config", only=options.k)
    if side.problems:
        print("agent_config/ has problems; fix them first (make check-config):\n" + "\n".join(side.problems))
        return 1
    failing = [run for run in side.failing() if run.crashed is None]
    done, todo = accept(failing)
    for line in done:
        print(f"updated  {line}")
    if todo:
        print("\nThese expectations need a person (a phrase can't be guessed safely):")
        print("\n".join(todo))
    crashed = [run for run in side.failing() if run.crashed]
    for run in crashed:
        print(f"\nCRASHED {run.file}: {run.name}: {run.crashed}")
    print(
        f"\n{len(side.cases) - len(failing) - len(crashed)}/{len(side.cases)} cases passed before accepting; "
        f"{len(done)} expectation(s) updated, {len(todo)} to update by hand."
    )
    return 1 if todo or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
