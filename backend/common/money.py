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


def usd(amount: Decimal) -> str:
    """Human text: `Decimal("1725.00")` → `"$1,725"`, `Decimal("208.72")` → `"$208.72"`."""
    amount = amount.quantize(CENT)
    text = f"{amount:,.2f}"
    return "$" + (text[:-3] if text.endswith(".00") else text)


def number_text(value: Decimal) -> str:
    """`Decimal("10.00")` → `"10"`, `Decimal("8.2500")` → `"8.25"` (never scientific notation)."""
    return format(value.normalize(), "f")
