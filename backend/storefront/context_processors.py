"""`contact` in every page: the phone and emails from agent_config/agent.yaml, the one place they are written."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def contact(request: HttpRequest) -> dict[str, Any]:
    from common.contact import reach_us

    # A broken agent_config/ still leaves the footer a way to reach a person (common/contact.py says whence).
    found = reach_us()
    if found is None:
        return {"contact": None}
    return {"contact": {"phone": found.phone, "tel": found.tel, "email": found.email}}
