"""Service area: is a ZIP served, in which zone, and what surcharge each address adds (domain.md §3)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from catalogue.choices import ServiceType, TransferDirection, Zone
from catalogue.models import BusinessSettings, ServiceZip
from common.errors import InvalidZipError, OutsideServiceAreaError
from common.money import usd

# Five digits, optionally ZIP+4. No zero-padding: "7030" is a typo, not 07030.
# [0-9], not \d: \d also matches full-width and other scripts' digits, which are no ZIP we could look up.
ZIP_RE = re.compile(r"^([0-9]{5})(?:-[0-9]{4})?$")
ZERO = Decimal("0")


class ZipCoverage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    zip_code: str
    serviceable: bool
    zone: Literal["core", "surcharge", "outside"]
    region: str | None
    place: str | None
    surcharge: Decimal
    reason: str


class RouteCoverage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pickup: ZipCoverage | None
    delivery: ZipCoverage | None
    serviceable: bool
    geographic_surcharge: Decimal
    reason: str


def normalise_zip(raw: object, *, field: str = "zip_code") -> str:
    """Trim and drop a ZIP+4 suffix; anything else malformed is an InvalidZipError."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise InvalidZipError("Please give a 5-digit ZIP code (for example 10001).", field=field)
    match = ZIP_RE.match(text)
    if match is None:
        raise InvalidZipError(
            f'"{text}" is not a valid ZIP code. Please use 5 digits, like 10001 or 07030.', field=field
        )
    return match.group(1)


def check_zip(zip_code: str, *, field: str = "zip_code") -> ZipCoverage:
    code = normalise_zip(zip_code, field=field)
    row = ServiceZip.objects.filter(zip_code=code).first()
    settings = BusinessSettings.load()
    if row is None:
        return ZipCoverage(
            zip_code=code,
            serviceable=False,
            zone="outside",
            region=None,
            place=None,
            surcharge=ZERO,
            reason=f"ZIP {code} is outside our online service area. For a custom quote, {settings.contact_text}.",
        )
    name = f"{row.place} ({row.region})" if row.place else row.region
    if row.zone == Zone.SURCHARGE:
        fee = settings.geographic_surcharge
        return ZipCoverage(
            zip_code=code,
            serviceable=True,
            zone="surcharge",
            region=row.region,
            place=row.place or None,
            surcharge=fee,
            reason=f"ZIP {code} is in {name}, which we serve with a {usd(fee)} surcharge per address.",
        )
    return ZipCoverage(
        zip_code=code,
        serviceable=True,
        zone="core",
        region=row.region,
        place=row.place or None,
        surcharge=ZERO,
        reason=f"ZIP {code} is in {name}, our core service area (no surcharge).",
    )


def require_serviceable(zip_code: str, *, field: str) -> ZipCoverage:
    """check_zip, but outside the area is an error (every booking and quote path checks its addresses)."""
    coverage = check_zip(zip_code, field=field)
    if not coverage.serviceable:
        raise OutsideServiceAreaError(coverage.reason, field=field)
    return coverage


def check_route(
    *,
    pickup_zip: str,
    delivery_zip: str,
    service_type: str = ServiceType.STANDARD_DELIVERY,
    transfer_direction: str = TransferDirection.TO_AIRPORT,
) -> RouteCoverage:
    """Each address alone; both must be served. Airport transfers check only the customer's side, no fee."""
    if service_type == ServiceType.BLADE_TRANSFER:
        if transfer_direction == TransferDirection.FROM_AIRPORT:
            delivery = check_zip(delivery_zip, field="delivery_zip")
            return _airport_route(pickup=None, delivery=delivery, side=delivery)
        pickup = check_zip(pickup_zip, field="pickup_zip")
        return _airport_route(pickup=pickup, delivery=None, side=pickup)

    pickup = check_zip(pickup_zip, field="pickup_zip")
    delivery = check_zip(delivery_zip, field="delivery_zip")
    serviceable = pickup.serviceable and delivery.serviceable
    surcharge = pickup.surcharge + delivery.surcharge if serviceable else ZERO
    if not serviceable:
        reason = " ".join(c.reason for c in (pickup, delivery) if not c.serviceable)
    elif surcharge:
        count = sum(1 for c in (pickup, delivery) if c.surcharge)
        reason = f"Both addresses are served; {count} in the surcharge area adds {usd(surcharge)}."
    else:
        reason = "Both addresses are in our core service area (no surcharge)."
    return RouteCoverage(
        pickup=pickup, delivery=delivery, serviceable=serviceable, geographic_surcharge=surcharge, reason=reason
    )


def _airport_route(*, pickup: ZipCoverage | None, delivery: ZipCoverage | None, side: ZipCoverage) -> RouteCoverage:
    reason = (
        f"{side.reason} Airport transfers never carry the geographic surcharge." if side.serviceable else side.reason
    )
    return RouteCoverage(
        pickup=pickup, delivery=delivery, serviceable=side.serviceable, geographic_surcharge=ZERO, reason=reason
    )
