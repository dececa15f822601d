"""The start-up banner: what a newcomer needs to know the moment the server is up.

Printed once per server start (uvicorn in `make run`, the gunicorn master in `make serve`) and written to
the `assistant` log; `assistant check` prints the same "answering" line so nobody mistakes offline mode
for Claude.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from common.database import describe_database

from .config import AgentConfig

logger = logging.getLogger("assistant.startup")

DEMO_LOGINS = (
    ("customer", "alice", "totetaxi-demo"),
    ("customer", "bob", "totetaxi-demo"),
    ("staff", "staff", "totetaxi-staff"),
)


def answering_model(config: AgentConfig) -> str:
    """Which model will actually answer, from the same rule the runtime uses (assistant.runtime)."""
    if not os.environ.get("ANTHROPIC_API_KEY"):
        return "offline mode — no ANTHROPIC_API_KEY (deterministic replies from agent_config/)"
    provider, _, name = config.agent.model.partition(":")
    base_url = os.environ.get("ANTHROPIC_BASE_URL")
    where = f" via {base_url}" if base_url else ""
    return f"Claude {name} ({provider}{where}), offline mode if the provider fails"


def describe_store() -> str:
    """Where conversations, rate limits and stream locks live; a Redis password is never shown."""
    if not settings.REDIS_URL:
        return "the database (no REDIS_URL)"
    parts = urlsplit(settings.REDIS_URL)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return f"Redis ({urlunsplit((parts.scheme, netloc, parts.path, '', ''))})"


def server_url() -> str:
    explicit = os.environ.get("TOTETAXI_PUBLIC_URL")
    if explicit:
        return explicit
    host = os.environ.get("HOST", "127.0.0.1")
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{os.environ.get('PORT', '8000')}"


def facts(config: AgentConfig, *, url: str | None = None) -> dict[str, str]:
    return {
        "URL": url or server_url(),
        "answering": answering_model(config),
        "database": describe_database(),
        "chat store": describe_store(),
        "config": f"agent_config/ hash {config.config_hash[:12]}" + _warning_count(config),
    }


def _warning_count(config: AgentConfig) -> str:
    count = sum(1 for notice in config.notices if notice.severity == "warning")
    return f", {count} warning{'s' if count != 1 else ''} (make check-config)" if count else ""


def banner(config: AgentConfig, *, url: str | None = None, demo_logins: bool = True) -> str:
    lines = ["ToteTaxi Assistant is up"] + [f"  {key:<10} {value}" for key, value in facts(config, url=url).items()]
    if demo_logins and settings.DEBUG:
        logins = ", ".join(f"{user}/{password} ({role})" for role, user, password in DEMO_LOGINS)
        lines.append(f"  demo       sign in at /signin/: {logins}")
    return "\n".join(lines)


def announce(config: AgentConfig, *, url: str | None = None) -> None:
    """Print the banner to stdout and write the same facts to the log as one record."""
    print(banner(config, url=url), flush=True)
    logger.info("started: %s", "; ".join(f"{key}={value}" for key, value in facts(config, url=url).items()))
