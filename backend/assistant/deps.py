"""What one agent run knows about its caller. Customer tools read the user from here, never from the model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .config.models import AgentConfig


@dataclass(kw_only=True)
class ChatDeps:
    config: AgentConfig
    user_id: int | None = None
    first_name: str | None = None
    # "Now" for every date rule in this run (cutoffs, past dates, today's date in the prompt); None = real time.
    now: datetime | None = None
    # The catalogue version the view read for this turn (None: read it when the run starts).
    catalogue_stamp: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    @classmethod
    def for_user(cls, config: AgentConfig, user: Any, *, now: datetime | None = None) -> ChatDeps:
        """Deps for a Django user (anonymous users and None give an anonymous run)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return cls(config=config, now=now)
        first_name = (user.first_name or "").strip() or user.get_username()
        return cls(config=config, user_id=user.pk, first_name=first_name, now=now)
