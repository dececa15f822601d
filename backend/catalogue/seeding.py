"""Load catalogue/seed_data.py into the database. Idempotent: existing rows are left as staff edited them.

Takes an app registry so the data migration can pass its historical models and seed_demo the live ones.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as live_apps

from catalogue import seed_data

SINGLETON_PK = 1


def seed_catalogue(apps: Any = live_apps) -> dict[str, int]:
    """Create whatever catalogue rows are missing; return how many were created per model."""

    def model(name: str) -> Any:
        return apps.get_model("catalogue", name)

    created: dict[str, int] = {}

    def ensure(name: str, lookup: dict[str, Any], defaults: dict[str, Any]) -> Any:
        row, was_created = model(name).objects.get_or_create(**lookup, defaults=defaults)
        created[name] = created.get(name, 0) + int(was_created)
        return row

    packages = {}
    for spec in seed_data.MINI_MOVE_PACKAGES:
        fields = dict(spec)
        packages[spec["package_type"]] = ensure("MiniMovePackage", {"package_type": fields.pop("package_type")}, fields)
    for package_type, kind, name, price, hours, organizers, supplies in seed_data.ORGANIZING_SERVICES:
        ensure(
            "OrganizingService",
            {"package": packages[package_type], "kind": kind},
            {
                "name": name,
                "price": price,
                "max_hours": hours,
                "organizer_count": organizers,
                "supplies_allowance": supplies,
            },
        )
    for package_type, pickup_time, price in seed_data.TIME_WINDOW_PRICES:
        ensure("TimeWindowPrice", {"package": packages[package_type], "pickup_time": pickup_time}, {"price": price})
    ensure("StandardDeliveryConfig", {"pk": SINGLETON_PK}, seed_data.STANDARD_DELIVERY)
    ensure("AirportTransferConfig", {"pk": SINGLETON_PK}, seed_data.AIRPORT_TRANSFER)
    ensure("BusinessSettings", {"pk": SINGLETON_PK}, seed_data.BUSINESS_SETTINGS)
    for spec in seed_data.SPECIALTY_ITEMS:
        fields = dict(spec)
        ensure("SpecialtyItem", {"slug": fields.pop("slug")}, fields)
    for spec in seed_data.AIRPORTS:
        fields = dict(spec)
        ensure("Airport", {"code": fields.pop("code")}, fields)
    for spec in seed_data.SURCHARGE_RULES:
        fields = dict(spec)
        lookup = {"name": fields.pop("name"), "applies_to_service_type": fields.pop("applies_to_service_type")}
        ensure("SurchargeRule", lookup, fields)
    _seed_service_area(model("ServiceZip"), created)
    if any(created.values()) and apps is live_apps:
        # bulk_create sends no post_save: say so once, so cached prompts are rebuilt from the new rows.
        model("CatalogueVersion").bump()
    return created


def _seed_service_area(service_zip: Any, created: dict[str, int]) -> None:
    # 273 rows: one bulk insert of the missing ones instead of 273 round trips.
    existing = set(service_zip.objects.values_list("zip_code", flat=True))
    missing = [service_zip(**row) for row in seed_data.service_area_rows() if row["zip_code"] not in existing]
    service_zip.objects.bulk_create(missing)
    created["ServiceZip"] = len(missing)
