"""Discount codes: applied to the pre-discount total of a quote, never below zero (domain.md §5)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db.models import Q

from catalogue.choices import ServiceType
from catalogue.models import DiscountCode
from catalogue.pricing import LineItem, Quote
from common.clock import now_ny
from common.errors import InvalidDiscountError
from common.money import number_text, truncate_cents, usd

ZERO = Decimal("0")
PERCENT = Decimal("100")


def find_code(code: str, *, now: datetime | None = None) -> DiscountCode:
    text = (code or "").strip()
    row = DiscountCode.objects.filter(code__iexact=text, is_active=True).first() if text else None
    if row is None:
        raise InvalidDiscountError(f'We couldn\'t find the discount code "{text}".', field="discount_code")
    moment = now_ny(now)
    if row.valid_from and moment < row.valid_from:
        raise InvalidDiscountError(
            f"Discount code {row.code} starts on {now_ny(row.valid_from).date().isoformat()}.", field="discount_code"
        )
    if row.valid_until and moment > row.valid_until:
        raise InvalidDiscountError(
            f"Discount code {row.code} expired on {now_ny(row.valid_until).date().isoformat()}.", field="discount_code"
        )
    return row


def times_used(row: DiscountCode, email: str) -> int:
    from bookings.models import Booking, BookingStatus

    return (
        Booking.objects.filter(discount_code__iexact=row.code, is_deleted=False)
        .exclude(status=BookingStatus.CANCELLED)
        .filter(Q(guest_email__iexact=email) | Q(customer__email__iexact=email))
        .count()
    )


def apply_discount(result: Quote, *, code: str, email: str | None = None, now: datetime | None = None) -> Quote:
    """The quote with a negative "discount" line added. Raises InvalidDiscountError when the code can't be used."""
    row = find_code(code, now=now)
    if row.service_types and result.service_type not in row.service_types:
        raise InvalidDiscountError(
            f"Discount code {row.code} doesn't apply to {ServiceType(result.service_type).label}.",
            field="discount_code",
        )
    if row.minimum_order is not None and result.total < row.minimum_order:
        raise InvalidDiscountError(
            f"Discount code {row.code} needs an order of at least {usd(row.minimum_order)} "
            f"(this one is {usd(result.total)}).",
            field="discount_code",
        )
    if email and row.per_email_limit is not None and times_used(row, email) >= row.per_email_limit:
        raise InvalidDiscountError(
            f"Discount code {row.code} has already been used with {email}.", field="discount_code"
        )
    if row.discount_type == DiscountCode.Kind.PERCENTAGE:
        amount = truncate_cents(result.total * row.value / PERCENT)
        if row.max_discount is not None:
            amount = min(amount, row.max_discount)
        label = f"Discount {row.code} ({number_text(row.value)}%)"
    else:
        amount = row.value
        label = f"Discount {row.code}"
    amount = min(amount, result.total)
    lines = [*result.line_items, LineItem(code="discount", label=label, amount=-amount)]
    return result.model_copy(update={"line_items": lines, "total": max(result.total - amount, ZERO)})
