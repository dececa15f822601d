"""When the assistant cannot answer: which check failed, what a customer is told, what an operator sees.

A broken agent_config/ must neither take the website down nor leave a customer without a way to reach a
person: /api/ answers a JSON 503 `unavailable` with a `reason` category and the `contact` to use, and
/api/assistant/health/ names the failed check. Config problems quote staff's own text and other start-up
errors can quote paths or URLs, so what anyone may read is the check, the category and a count; the file,
line and hint go to staff, to DEBUG and to the log (assistant/health.py, assistant/apps.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

from django.http import JsonResponse

from assistant.history_stores.outage import STORE_OUTAGE
from common.contact import reach_us
from common.http import error_response

logger = logging.getLogger("assistant.unavailable")

Check = Literal["config", "agent", "store"]
Reason = Literal["config_invalid", "agent_unavailable", "store_down"]
CUSTOMER_TEXT = "The assistant is unavailable right now."


@dataclass(frozen=True)
class Failure:
    check: Check  # the health check that failed
    reason: Reason  # the category an /api/ client is told
    summary: str  # safe for anyone to read
    details: tuple[str, ...]  # file, line and hint of each problem, or the error: staff, DEBUG and the log


def describe(exc: BaseException) -> Failure:
    from assistant.config import ConfigError

    if isinstance(exc, ConfigError):
        count = len(exc.problems)
        return Failure(
            "config",
            "config_invalid",
            f"agent_config has {count} problem{'s' if count != 1 else ''}; the assistant will not answer until "
            "it is fixed (make check-config lists them).",
            tuple(str(problem) for problem in exc.problems),
        )
    if isinstance(exc, STORE_OUTAGE):
        return Failure("store", "store_down", "The conversation store does not answer.", (_error_line(exc),))
    return Failure(
        "agent", "agent_unavailable", f"The assistant could not be built ({type(exc).__name__}).", (_error_line(exc),)
    )


def customer_text(config: Any = None) -> tuple[str, Any]:
    """What the customer reads, and the ReachUs it names (None when no phone or email is known at all)."""
    reach = reach_us(config)
    if config is not None:  # the configured fallback text, which the check makes sure gives the phone
        return f"{CUSTOMER_TEXT} Please try again later. {config.agent.contact.fallback}", reach
    if reach is not None:
        return f"{CUSTOMER_TEXT} {reach.sentence()}", reach
    return f"{CUSTOMER_TEXT} Please try again later.", None


def unavailable_response(exc: BaseException, *, config: Any = None) -> JsonResponse:
    """The JSON 503 for a runtime that could not load (`config` None) or a store outage (`config` loaded)."""
    failure = describe(exc)
    if failure.check == "config":
        # Expected until staff fix it, and logged in full at start-up: one line per refused request, no traceback.
        logger.warning("assistant unavailable (%s): %s", failure.reason, failure.summary)
    else:
        logger.error("assistant unavailable (%s)", failure.reason, exc_info=exc)
    text, reach = customer_text(config)
    return error_response(
        503, "unavailable", text, reason=failure.reason, contact=reach.as_json() if reach is not None else None
    )


def _error_line(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".replace("\n", " ")
