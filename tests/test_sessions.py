"""The session engine (common/sessions.py): a new session is one INSERT, and a taken key is still refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.sessions import SessionStore


@pytest.mark.django_db
def test_a_new_session_is_written_without_a_select_first() -> None:
    store = SessionStore()
    with CaptureQueriesContext(connection) as queries:
        store.create()
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "SELECT" not in statements and "INSERT" in statements
    assert SessionStore(session_key=store.session_key).exists(store.session_key)


@pytest.mark.django_db
def test_a_key_already_taken_is_retried_with_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = SessionStore()
    taken.create()
    keys = iter([taken.session_key, "n" * 32])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))
    store = SessionStore()
    store.create()
    assert store.session_key == "n" * 32
    assert SessionStore(session_key=taken.session_key).exists(taken.session_key)  # the first owner keeps it
