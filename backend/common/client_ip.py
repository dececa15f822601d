"""Who is asking: the client address the chat rate limit and the sign-in throttle count against.

The socket address by default. A forwarded header is believed only when the request arrives from a
configured proxy (TRUSTED_PROXIES) and CLIENT_IP_HEADER names the header that proxy sets: a header
anyone can send would let a client pick its own rate-limit identity or dodge a sign-in lockout.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies if p != "*")


def _is_trusted(address: str, proxies: tuple[str, ...]) -> bool:
    if "*" in proxies:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(proxies))


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the proxy-set header when REMOTE_ADDR is a trusted proxy.

    For a list header (X-Forwarded-For) the right-most address that is not itself a trusted proxy is the
    client: entries to its left were written by the client and prove nothing.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    header = getattr(settings, "CLIENT_IP_HEADER", "") or ""
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    if not header or not proxies or not _is_trusted(remote, proxies):
        return remote
    addresses = [part.strip() for part in request.headers.get(header, "").split(",") if part.strip()]
    for address in reversed(addresses):
        if not _is_trusted(address, tuple(p for p in proxies if p != "*")):
            return address
    return remote
