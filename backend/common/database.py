"""What the configured database is, and whether it is ready for commands that read it.

Commands that need the database call `require_ready_database()` first, so a fresh checkout says
"run make migrate" in one line instead of a `no such table` traceback.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError

SETUP_COMMAND = "make migrate"


class DatabaseNotReady(Exception):
    """The database is unreachable or not migrated; the message says what to run."""


def describe_database(alias: str = DEFAULT_DB_ALIAS) -> str:
    """'SQLite (var/db.sqlite3)' or 'PostgreSQL (127.0.0.1:5432/test)': never a password."""
    settings = connections[alias].settings_dict
    engine = settings["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite ({settings['NAME']})"
    kind = {"postgresql": "PostgreSQL", "mysql": "MySQL"}.get(engine, engine)
    host = settings.get("HOST") or "local socket"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"{kind} ({host}{port}/{settings['NAME']})"


def require_ready_database(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Raise DatabaseNotReady (one readable sentence) unless the database answers and is fully migrated."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseNotReady(
            f"Cannot reach the database {describe_database(alias)}: {reason}. "
            "Start it, or check DATABASE_URL (unset = SQLite in var/)."
        ) from exc
    if not pending:
        return
    applied = executor.loader.applied_migrations
    state = "is not set up yet" if not applied else f"has {len(pending)} migration(s) not applied"
    raise DatabaseNotReady(
        f"The database {describe_database(alias)} {state}. Run: {SETUP_COMMAND} (or make run, which also seeds demo data)."
    )
