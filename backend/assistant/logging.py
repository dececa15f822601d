"""One structured log line per chat turn. Never the message text at INFO: it can hold personal data."""

from __future__ import annotations

import json
import logging as _logging
from dataclasses import asdict, dataclass, field

logger = _logging.getLogger("assistant.turn")


@dataclass
class TurnLog:
    thread_id: str
    user: str  # "user:<id>" or "anon"
    mode: str
    outcome: str = "error"  # ok | interrupted | error:<code>
    tools: list[str] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    requests: int = 0
    duration_ms: int = 0
    ttft_ms: int | None = None


def log_turn(entry: TurnLog) -> None:
    logger.info("chat_turn %s", json.dumps(asdict(entry), sort_keys=True))
