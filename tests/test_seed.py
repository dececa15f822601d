"""Seed data: the catalogue is data (migration + seed_demo, idempotent) and no business number lives in code."""

from __future__ import annotations

import ast
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from bookings.models import Booking
from bookings.selectors import booking_history
from bookings.services import quote_request_for
from catalogue import seed_data
from catalogue.availability import date_surcharge_rules
from catalogue.models import (
    Airport,
    BusinessSettings,
    MiniMovePackage,
    OrganizingService,
    ServiceZip,
    SpecialtyItem,
    SurchargeRule,
    TimeWindowPrice,
)
from catalogue.pricing import quote
from catalogue.seeding import seed_catalogue
from common.clock import today_ny

BACKEND = Path(__file__).resolve().parent.parent / "backend"


@pytest.mark.django_db
def test_migration_seeded_the_catalogue() -> None:
    assert MiniMovePackage.objects.count() == 3
    assert OrganizingService.objects.count() == 6
    assert TimeWindowPrice.objects.count() == len(seed_data.TIME_WINDOW_PRICES)
    assert set(SpecialtyItem.objects.values_list("slug", flat=True)) == {"peloton", "surfboard", "crib", "wardrobe_box"}
    assert {a.code: a.terminals for a in Airport.objects.all()} == {"JFK": ["1", "4", "5", "7", "8"],
                                                                  "EWR": ["A", "B", "C"]}  # fmt: skip
    assert SurchargeRule.objects.count() == len(seed_data.SURCHARGE_RULES)
    assert ServiceZip.objects.count() == 273
    settings = BusinessSettings.load()
    assert (settings.tax_rate, settings.booking_cutoff_hour, settings.busy_threshold) == (Decimal("0.0825"), 18, 8)


@pytest.mark.django_db
def test_seeding_again_creates_nothing_and_keeps_staff_edits() -> None:
    MiniMovePackage.objects.filter(package_type="petite").update(base_price=Decimal("1095.00"))
    created = seed_catalogue()
    assert set(created.values()) == {0}
    assert MiniMovePackage.objects.get(package_type="petite").base_price == Decimal("1095.00")


@pytest.mark.django_db
def test_seeding_restores_a_deleted_row() -> None:
    SpecialtyItem.objects.filter(slug="crib").delete()
    assert seed_catalogue()["SpecialtyItem"] == 1
    assert SpecialtyItem.objects.get(slug="crib").price == Decimal("350.00")


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_complete() -> None:
    call_command("seed_demo", stdout=_Sink())
    counts = (get_user_model().objects.count(), Booking.objects.count())
    call_command("seed_demo", stdout=_Sink())
    assert (get_user_model().objects.count(), Booking.objects.count()) == counts
    assert counts == (3, len(_plan("ALICE")) + len(_plan("BOB")) + 1)

    alice = authenticate(username="alice", password="totetaxi-demo")
    bob = authenticate(username="bob", password="totetaxi-demo")
    staff = authenticate(username="staff", password="totetaxi-staff")
    assert alice and bob and staff
    assert (alice.first_name, bob.first_name) == ("Alice", "Bob")
    assert alice.customer_profile.phone and bob.customer_profile.phone
    assert staff.is_staff and staff.is_superuser and not alice.is_staff

    for user in (alice, bob):
        statuses = set(Booking.objects.filter(customer=user).values_list("status", flat=True))
        assert {"completed", "paid", "confirmed", "pending", "cancelled"} <= statuses
        history = booking_history(user_id=user.id)
        assert history.completed >= 1 and history.upcoming >= 1
    today = today_ny()
    assert Booking.objects.filter(customer=alice, status="completed", pickup_date__lt=today).exists()
    assert Booking.objects.filter(customer=alice, status="paid", pickup_date__gte=today).exists()
    assert Booking.objects.filter(status="confirmed").exists()
    assert Booking.objects.filter(customer__isnull=True, guest_email__isnull=False).count() == 1


@pytest.mark.django_db
def test_seeded_totals_come_from_the_one_calculator() -> None:
    call_command("seed_demo", stdout=_Sink())
    for booking in Booking.objects.prefetch_related("specialty_lines__item"):
        fields = {f.name: getattr(booking, f.name) for f in Booking._meta.concrete_fields}
        specialty = {line.item.slug: line.quantity for line in booking.specialty_lines.all()}
        expected = quote(quote_request_for(fields, specialty), now=booking.created_at)
        assert booking.total_price == expected.total, booking.booking_number
        assert booking.created_at.date() <= today_ny()


@pytest.mark.django_db
@pytest.mark.parametrize("seeded_on", [date(2026, 12, 5), date(2026, 12, 7), date(2026, 9, 10)])
def test_demo_totals_do_not_depend_on_the_day_the_demo_is_seeded(seeded_on: date, monkeypatch) -> None:
    """Conversation cases pin the demo customers' totals: no seeded pickup may carry a weekend or peak-date
    surcharge, whichever weekday (or peak season: the US Open runs Sep 14-22) the demo is seeded on."""
    monkeypatch.setattr("catalogue.management.commands.seed_demo.today_ny", lambda: seeded_on)
    call_command("seed_demo", stdout=_Sink())
    rules = list(SurchargeRule.objects.filter(is_active=True))
    for booking in Booking.objects.all():
        assert not date_surcharge_rules(booking.pickup_date, active_rules=rules), booking.booking_number


def _plan(name: str) -> list[tuple]:
    from catalogue.management.commands import seed_demo

    return getattr(seed_demo, name)


class _Sink:
    def write(self, text: str) -> None:
        self.text = text


# ---- "no business number in Python outside the seed data" ----------------------------------------------------------

BUSINESS_NUMBERS = {995, 1725, 2490, 285, 1400, 1130, 2535, 2265, 5070, 4525, 360, 175, 0.0825, 8.25}
BUSINESS_TEXT = re.compile(
    r"(?<![\w.])(995|1,?725|2,?490|285|1,?400|1,?130|2,?535|2,?265|5,?070|4,?525|360|175|0\.0825|8\.25)(?![\d])"
)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def business_literals(source: str) -> list[tuple[int, object]]:
    """Numbers and string fragments in code (docstrings and comments are prose, not logic)."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in skip or isinstance(node.value, bool):
            continue
        value = node.value
        if (isinstance(value, int | float) and value in BUSINESS_NUMBERS) or (
            isinstance(value, str) and BUSINESS_TEXT.search(value)
        ):
            found.append((node.lineno, value))
    return sorted(found, key=lambda item: item[0])


def test_the_check_itself_catches_prices() -> None:
    assert business_literals('PRICE = Decimal("1725.00")\nfee = 175\nrate = 0.0825\ns = f"{x} costs $2,490"') == [
        (1, "1725.00"), (2, 175), (3, 0.0825), (4, " costs $2,490"),
    ]  # fmt: skip
    assert business_literals('"""Docstring: $995."""\nx = 18  # $285 in a comment\n') == []


def test_no_business_number_in_python_outside_seed_data() -> None:
    offenders = []
    for path in sorted(BACKEND.rglob("*.py")):
        if path.name == "seed_data.py" or "migrations" in path.parts:
            continue
        offenders += [f"{path.relative_to(BACKEND)}:{line}: {value!r}"
                      for line, value in business_literals(path.read_text())]  # fmt: skip
    assert offenders == [], "Business numbers belong in catalogue/seed_data.py (then the DB):\n" + "\n".join(offenders)
