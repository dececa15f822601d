"""The contact line the catalogue's messages end with, from agent_config/agent.yaml `contact` (its one source),
and how a customer reaches a person when that config cannot be loaded.

BusinessSettings in the admin used to hold a second copy of the phone; staff now change it only in agent.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from common import yaml_loader


def contact_text() -> str:
    """ "call (631) 595-5100 or email info@totetaxi.com" with the configured phone and email."""
    from assistant.runtime import get_config

    contact = get_config().agent.contact
    return f"call {contact.phone} or email {contact.email}"


@dataclass(frozen=True)
class ReachUs:
    """A phone and/or an email a customer can use when the assistant cannot answer."""

    phone: str | None
    email: str | None

    def sentence(self) -> str:
        """ "Please call (631) 595-5100 or email info@totetaxi.com." (whichever of the two is known)."""
        ways = [f"call {self.phone}"] * bool(self.phone) + [f"email {self.email}"] * bool(self.email)
        return f"Please {' or '.join(ways)}."

    def as_json(self) -> dict[str, str | None]:
        return {"phone": self.phone, "email": self.email}

    @property
    def tel(self) -> str | None:
        """The phone as a tel: link target, +1 and digits."""
        if not self.phone:
            return None
        digits = re.sub(r"\D", "", self.phone)
        return "+" + (digits if len(digits) == 11 else "1" + digits)


def reach_us(config: Any = None) -> ReachUs | None:
    """The business's phone and email, even with a broken agent_config/, in the order they are trusted:
    the loaded config (`config`, or the process's when it loads); the `contact` section of agent.yaml read
    on its own (a typo in tools.yaml or faq.yaml leaves it readable); the TOTETAXI_FALLBACK_PHONE /
    TOTETAXI_FALLBACK_EMAIL settings (README, "Configuration"); else None."""
    if config is None:
        from assistant.runtime import get_config

        try:
            config = get_config()
        except Exception:  # noqa: BLE001 — broken or unreadable config: the next sources below
            config = None
    if config is not None:
        return ReachUs(phone=config.agent.contact.phone, email=config.agent.contact.email)
    found = _contact_section(Path(settings.AGENT_CONFIG_DIR) / "agent.yaml")
    if found is not None:
        return found
    phone, email = settings.ASSISTANT_FALLBACK_PHONE or None, settings.ASSISTANT_FALLBACK_EMAIL or None
    return ReachUs(phone=phone, email=email) if phone or email else None


def _contact_section(path: Path) -> ReachUs | None:
    """agent.yaml's contact.phone / contact.email when that file parses and they look like a phone and an
    email; never more of the file (its other values may be what is broken)."""
    try:
        data = yaml_loader.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    contact = data.get("contact") if isinstance(data, dict) else None
    if not isinstance(contact, dict):
        return None
    phone, email = contact.get("phone"), contact.get("email")
    phone = phone.strip() if isinstance(phone, str) and len(re.sub(r"\D", "", phone)) >= 10 else None
    email = (
        email.strip() if isinstance(email, str) and re.fullmatch(r"[^@\s{}]+@[^@\s{}]+\.\w+", email.strip()) else None
    )
    return ReachUs(phone=phone, email=email) if phone or email else None
