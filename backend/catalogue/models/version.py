"""The catalogue's version: one row whose stamp changes on every save of any catalogue row.

Caches of what is derived from the catalogue (the system prompt's facts) key on this stamp, so an admin
edit is in the assistant's prompt without a restart: at once in the process that saved it, within
CATALOGUE_STAMP_SECONDS in the others (catalogue/version_stamp.py). A random stamp rather than a
counter: a rolled-back transaction restores the old stamp, and a later change can never reuse one that
a cache already holds for different rows.
"""

from __future__ import annotations

import uuid

from django.db import models, transaction


def new_stamp() -> str:
    return uuid.uuid4().hex


class CatalogueVersion(models.Model):
    SINGLETON_PK = 1

    stamp = models.CharField(max_length=32, default=new_stamp)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "catalogue version"

    def __str__(self) -> str:
        return self.stamp

    @classmethod
    def bump(cls) -> str:
        """A new stamp (creates the row when a flush or a fresh database removed it)."""
        from catalogue import version_stamp

        stamp = new_stamp()
        cls.objects.update_or_create(pk=cls.SINGLETON_PK, defaults={"stamp": stamp})
        # This process's turns see it now; and again once committed, in case one read the old stamp meanwhile.
        version_stamp.forget()
        transaction.on_commit(version_stamp.forget)
        return stamp

    @classmethod
    def current(cls) -> str:
        """One indexed read. "" when the row is missing (a flushed test database): nothing may be cached then."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).values_list("stamp", flat=True).first() or ""
