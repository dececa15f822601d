"""Password guessing is throttled on /signin/ and /admin/login/: a clear 429 page, per (IP, username), expiring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture
def throttle(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="root@example.com")


def _guess(client: Client, path: str, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post(path, {"username": username, "password": password, "next": "/"}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("path", ["/signin/", "/admin/login/"])
def test_wrong_passwords_lock_the_pair_out_even_for_the_right_password(client, throttle, superuser, path):
    for _ in range(2):
        assert _guess(client, path, "root", "wrong").status_code == 200  # the form again, with its error
    locked = _guess(client, path, "root", "wrong")  # the limit-th failure already answers the lockout
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert locked["Retry-After"] == str(15 * 60)

    right = _guess(client, path, "root", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_address_or_account_is_not_locked_out(client, throttle, superuser):
    for _ in range(3):
        _guess(client, "/signin/", "root", "wrong")
    assert _guess(Client(), "/signin/", "root", PASSWORD, ip="203.0.113.5").status_code == 302
    get_user_model().objects.create_user(username="alice", password=PASSWORD)
    assert _guess(Client(), "/signin/", "alice", PASSWORD).status_code == 302


def test_the_lockout_expires(client, throttle, superuser):
    for _ in range(3):
        _guess(client, "/signin/", "root", "wrong")
    assert _guess(client, "/signin/", "root", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    signed_in = _guess(client, "/signin/", "root", PASSWORD)
    assert signed_in.status_code == 302
    assert not AccessAttempt.objects.exists()  # a success clears the count


def test_a_success_resets_the_count(client, throttle, superuser):
    for _ in range(2):
        _guess(client, "/signin/", "root", "wrong")
    assert _guess(client, "/signin/", "root", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert _guess(client, "/signin/", "root", "wrong").status_code == 200


def test_the_throttle_counts_the_trusted_client_ip_not_a_spoofed_header(client, throttle, superuser):
    # No proxy configured: X-Forwarded-For is the client's own word and changes nothing.
    for n in range(3):
        client.post(
            "/signin/",
            {"username": "root", "password": "wrong"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert _guess(client, "/signin/", "root", PASSWORD).status_code == 429


def test_a_request_without_an_address_still_signs_in(client, throttle, superuser):
    # Client.force_login() and a unix-socket ASGI server give no client address: axes records none, and
    # PostgreSQL (inet column) is never asked to store "unknown".
    from django.test import RequestFactory

    from common.signin_throttle import client_ip_address

    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR")
    assert client_ip_address(request) is None
    client.force_login(superuser)
    assert client.get("/").wsgi_request.user.is_authenticated
