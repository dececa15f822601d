"""The catalogue version a turn's prompt is for: remembered for CATALOGUE_STAMP_SECONDS, forgotten on a save."""

from __future__ import annotations

import pytest

from catalogue import version_stamp
from catalogue.models import CatalogueVersion


@pytest.fixture
def clock(monkeypatch, settings):
    settings.CATALOGUE_STAMP_SECONDS = 2
    now = [1000.0]
    monkeypatch.setattr(version_stamp, "clock", lambda: now[0])
    version_stamp.forget()
    yield now
    version_stamp.forget()


def test_the_stamp_is_remembered_for_a_while_then_read_again(db, clock, django_assert_num_queries):
    assert version_stamp.remembered() is None
    with django_assert_num_queries(1):
        first = version_stamp.current()
    clock[0] += 1.9
    with django_assert_num_queries(0):
        assert version_stamp.current() == first == version_stamp.remembered()
    CatalogueVersion.objects.update(stamp="changed-by-another-worker")  # no signal, as in another process
    clock[0] += 0.2
    assert version_stamp.remembered() is None
    with django_assert_num_queries(1):
        assert version_stamp.current() == "changed-by-another-worker"


def test_a_catalogue_save_in_this_process_is_seen_at_once(db, clock):
    from catalogue.models import SpecialtyItem
    from catalogue.seeding import seed_catalogue

    seed_catalogue()
    before = version_stamp.current()
    item = SpecialtyItem.objects.first()
    item.save()  # what the admin does
    assert version_stamp.remembered() is None
    assert version_stamp.current() != before


def test_no_version_row_is_never_remembered(db, clock):
    CatalogueVersion.objects.all().delete()
    assert version_stamp.current() == ""
    assert version_stamp.remembered() is None
