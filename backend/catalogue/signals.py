"""Every save or delete of a catalogue row bumps the catalogue version (admin, seeding, shell alike).

QuerySet.update() and bulk_create() send no signals: code that changes the catalogue that way calls
`CatalogueVersion.bump()` itself (catalogue/seeding.py does).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save


def _bump(sender: Any, **kwargs: Any) -> None:
    from catalogue.models import CatalogueVersion

    CatalogueVersion.bump()


def connect() -> None:
    from catalogue.models import CatalogueVersion

    for model in apps.get_app_config("catalogue").get_models():
        if model is not CatalogueVersion:
            post_save.connect(_bump, sender=model, dispatch_uid=f"catalogue-version-save-{model.__name__}")
            post_delete.connect(_bump, sender=model, dispatch_uid=f"catalogue-version-delete-{model.__name__}")
