"""Every way a turn can fail, mapped to the `error` event: a code, a customer-readable message, retryable."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pydantic_ai.conversation_store import ConversationConflict
from pydantic_ai.exceptions import (
    ModelAPIError,
    ModelHTTPError,
    RunTimedOut,
    UnexpectedModelBehavior,
    UsageLimitExceeded,
)

from assistant.history_stores.outage import STORE_OUTAGE

logger = logging.getLogger("assistant.turn")


@dataclass(frozen=True)
class TurnFailure:
    code: str
    message: str
    retryable: bool

    def payload(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "retryable": self.retryable}


def describe_failure(exc: BaseException, *, contact: str) -> TurnFailure:
    code, text, retryable = _classify(exc)
    if code == "internal_error":
        logger.exception("chat turn failed", exc_info=exc)
    else:
        logger.warning("chat turn failed: %s: %s", code, type(exc).__name__)
    return TurnFailure(code=code, message=f"{text} {contact}".strip(), retryable=retryable)


def _classify(exc: BaseException) -> tuple[str, str, bool]:
    if isinstance(exc, RunTimedOut):
        return "timeout", "The assistant took too long to answer.", True
    if isinstance(exc, ModelHTTPError):
        if exc.status_code in (429, 529) or exc.status_code >= 500:
            return "model_unavailable", "The assistant is very busy right now. Please try again in a moment.", True
        return "model_error", "The assistant could not answer that.", False
    if isinstance(exc, ModelAPIError):
        return "model_unavailable", "The assistant could not be reached. Please try again in a moment.", True
    if isinstance(exc, UsageLimitExceeded):
        return "limit_reached", "That question needed more steps than the assistant may take in one answer.", False
    if isinstance(exc, UnexpectedModelBehavior):
        return "model_error", "The assistant gave an answer it could not finish.", True
    if isinstance(exc, STORE_OUTAGE):
        return "unavailable", "This conversation could not be saved just now. Please try again in a moment.", True
    if isinstance(exc, ConversationConflict):
        return "conflict", "This conversation changed in another window. Please reload it.", False
    return "internal_error", "Something went wrong on our side.", True
