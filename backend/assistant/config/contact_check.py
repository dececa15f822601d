"""The phone number and emails are written once (agent.yaml `contact`); any other one is a mistake.

A text that still says an old number would send customers to it. Every file in agent_config/ (and, from
`assistant check`, the website's templates and scripts) is scanned for phone-like and email-like strings;
one that differs from the configured contact is reported with its file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .errors import ConfigProblem
from .models import Contact

PHONE = re.compile(r"(?<![\w])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SKIPPED_DIRS = {"schema", "conversations"}  # generated schemas; test cases (not shown to customers)
TEXT_SUFFIXES = {".yaml", ".yml", ".j2", ".md", ".html", ".js", ".txt"}
COMMENT_PREFIXES = ("#", "//", "/*", "*", "{#")


def digits(phone: str) -> str:
    only = re.sub(r"\D", "", phone)
    return only[1:] if len(only) == 11 and only.startswith("1") else only


def scan_contact(
    contact: Contact, root: Path, shown_as: str, *, skip: Iterable[str] = SKIPPED_DIRS
) -> list[ConfigProblem]:
    """Every phone/email under `root` that is not the configured one (`shown_as` prefixes the file names)."""
    phone = digits(contact.phone)
    emails = {contact.email.lower(), contact.orders_email.lower()}
    problems: list[ConfigProblem] = []
    skipped = set(skip)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES):
        relative = path.relative_to(root)
        if skipped & set(relative.parts[:-1]) or path.name.startswith("."):
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith(COMMENT_PREFIXES):
                continue
            display = f"{shown_as}/{relative.as_posix()}"
            for match in PHONE.finditer(line):
                if digits(match.group()) != phone:
                    problems.append(_problem(display, number, f"the phone number {match.group()}", contact.phone))
            for match in EMAIL.finditer(line):
                if match.group().lower() not in emails:
                    problems.append(_problem(display, number, f"the email {match.group()}", contact.email))
    return problems


def _problem(file: str, line: int, what: str, configured: str) -> ConfigProblem:
    return ConfigProblem(
        file,
        line,
        None,
        f"{what} is not the one in agent.yaml `contact` ({configured}).",
        "write {{ contact.phone }}, {{ contact.email }} or {{ contact.orders_email }} instead, so the number "
        "and emails are only ever changed in agent.yaml.",
    )
