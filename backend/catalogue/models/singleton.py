"""One-row configuration tables (settings staff edit in the admin, never in code)."""

from __future__ import annotations

from typing import Self

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class SingletonModel(models.Model):
    SINGLETON_PK = 1

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # Always the same row, so a second "add" in the admin edits the one configuration.
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> Self:
        row = cls.objects.filter(pk=cls.SINGLETON_PK).first()
        if row is None:
            raise ImproperlyConfigured(
                f"{cls._meta.verbose_name} is missing: run `manage.py migrate` (it seeds the catalogue) "
                "or `manage.py seed_demo`."
            )
        return row
