"""The client IP behind the rate limit and the sign-in throttle: a forwarded header counts only from a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from common.client_ip import client_ip


def _request(remote: str, **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **{f"HTTP_{k}": v for k, v in headers.items()})


def test_socket_address_by_default(settings):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "", []
    assert client_ip(_request("10.0.0.1", X_FORWARDED_FOR="6.6.6.6", FLY_CLIENT_IP="7.7.7.7")) == "10.0.0.1"


def test_a_header_without_trusted_proxies_is_ignored(settings):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "X-Forwarded-For", []
    assert client_ip(_request("10.0.0.1", X_FORWARDED_FOR="6.6.6.6")) == "10.0.0.1"


def test_a_header_from_an_untrusted_address_is_ignored(settings):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "X-Forwarded-For", ["10.9.0.0/16"]
    assert client_ip(_request("127.0.0.1", X_FORWARDED_FOR="6.6.6.6")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("6.6.6.6", "6.6.6.6"),
        ("spoofed-by-client, 6.6.6.6", "6.6.6.6"),  # the right-most entry is the one our proxy wrote
        ("6.6.6.6, 10.9.3.4", "6.6.6.6"),  # a second trusted hop is skipped
        ("", "10.9.0.1"),  # header absent: the socket address
    ],
)
def test_forwarded_for_from_a_trusted_proxy(settings, forwarded, expected):
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "X-Forwarded-For", ["10.9.0.0/16"]
    assert client_ip(_request("10.9.0.1", X_FORWARDED_FOR=forwarded)) == expected


def test_fly_client_ip_behind_fly(settings):
    # On Fly.io the app is reachable only through Fly's proxy, which always overwrites Fly-Client-IP.
    settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "Fly-Client-IP", ["*"]
    assert client_ip(_request("172.16.0.2", FLY_CLIENT_IP="203.0.113.9", X_FORWARDED_FOR="1.1.1.1")) == "203.0.113.9"
    assert client_ip(_request("172.16.0.2")) == "172.16.0.2"
