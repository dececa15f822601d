"""What "the store went away" looks like from either backend (Redis, or the database).

Before a stream starts the view answers these with a JSON 503 `unavailable`; during a stream the turn
ends with an `error` event (`unavailable`, retryable). A programming error is none of these: it stays
a 500 / `internal_error` with a traceback in the log.
"""

from __future__ import annotations

import redis.exceptions
from django.db import InterfaceError, OperationalError

STORE_OUTAGE: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,  # refused, reset, closed by the server, still loading
    redis.exceptions.TimeoutError,
    OperationalError,  # the database server went away, or refused the connection
    InterfaceError,  # the connection was already closed (e.g. terminated by the server)
)
