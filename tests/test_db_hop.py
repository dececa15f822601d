"""Database work from async code hands its connection back before the hop returns (common/db_hop.py), so a
stream never holds one: with the stores in the database every open stream used to keep a connection."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from common.db_hop import db_hop

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_hop_releases_the_connection_it_used():
    used = {}

    def count_users() -> int:
        used["handler"] = connection  # this thread's connection handler
        count = get_user_model().objects.count()
        used["open_during"] = connection.connection is not None
        return count

    assert await db_hop(count_users) == 0
    assert used["open_during"] is True
    assert used["handler"].connection is None


async def test_the_connection_is_released_when_the_work_fails():
    used = {}

    def fail() -> None:
        used["handler"] = connection
        get_user_model().objects.count()
        raise LookupError("after a query")

    with pytest.raises(LookupError):
        await db_hop(fail)
    assert used["handler"].connection is None


async def test_a_server_database_hands_it_back_to_a_pool():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no pool: a released connection is a closed file")

    def stats() -> dict[str, int]:
        get_user_model().objects.count()
        return connection.pool.get_stats()

    before = await db_hop(stats)
    for _ in range(5):
        after = await db_hop(stats)
    assert after["connections_num"] == before["connections_num"]  # reused, not a new connection per hop
