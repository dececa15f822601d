"""Money is Decimal inside; it becomes a two-decimal dollar string only at the edges (tools, API, CLI)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")


def dollars(amount: Decimal) -> str:
    """`Decimal("1220")` → `"1220.00"`."""
    return str(amount.quantize(CENT))


def truncate_cents(amount: Decimal) -> Decimal:
    """Drop fractions of a cent, as the business does for tax (int(cents * rate))."""
    return amount.quantize(CENT, rounding=ROUND_DOWN)
