"""The contact line the catalogue's messages end with, from agent_config/agent.yaml `contact` (its one source).

BusinessSettings in the admin used to hold a second copy of the phone; staff now change it only in agent.yaml.
"""

from __future__ import annotations


def contact_text() -> str:
    """ "call (631) 595-5100 or email info@totetaxi.com" with the configured phone and email."""
    from assistant.runtime import get_config

    contact = get_config().agent.contact
    return f"call {contact.phone} or email {contact.email}"
