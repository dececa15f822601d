"""`contact` in every page: the phone and emails from agent_config/agent.yaml, the one place they are written."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest


def contact(request: HttpRequest) -> dict[str, Any]:
    from assistant.runtime import get_config

    try:
        configured = get_config().agent.contact
    except Exception:  # noqa: BLE001 — a broken agent_config/ is reported by the health check; pages still render
        return {"contact": None}
    digits = re.sub(r"\D", "", configured.phone)
    tel = "+" + (digits if len(digits) == 11 else "1" + digits)
    return {"contact": {"phone": configured.phone, "tel": tel, "email": configured.email}}
