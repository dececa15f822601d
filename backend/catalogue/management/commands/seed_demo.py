"""`manage.py seed_demo`: the catalogue plus demo customers, staff and bookings. Safe to run any number of times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bookings.models import Booking
from bookings.services import create_booking
from catalogue.availability import date_surcharge_rules
from catalogue.models import SurchargeRule
from catalogue.seeding import seed_catalogue
from common.clock import NEW_YORK, today_ny
from common.database import DatabaseNotReady, require_ready_database
from customers.models import CustomerProfile

CUSTOMER_PASSWORD = "totetaxi-demo"
STAFF_PASSWORD = "totetaxi-staff"
GUEST_EMAIL = "guest.carol@example.com"
# Demo bookings are priced as if booked this many days before pickup (so past bookings price cleanly).
BOOKED_DAYS_AHEAD = 10

CUSTOMERS = [
    {"username": "alice", "first_name": "Alice", "last_name": "Nguyen", "email": "alice@example.com",
     "phone": "(212) 555-0101"},
    {"username": "bob", "first_name": "Bob", "last_name": "Rivera", "email": "bob@example.com",
     "phone": "(718) 555-0102"},
]  # fmt: skip

ADDRESSES = {
    "10019": ("250 W 55th St", "New York", "NY"),
    "10023": ("201 W 72nd St", "New York", "NY"),
    "10003": ("55 E 10th St", "New York", "NY"),
    "10011": ("300 W 20th St", "New York", "NY"),
    "11215": ("410 7th Ave", "Brooklyn", "NY"),
    "11201": ("75 Henry St", "Brooklyn", "NY"),
    "11937": ("12 Main St", "East Hampton", "NY"),
    "11968": ("40 Jobs Ln", "Southampton", "NY"),
    "11954": ("15 S Euclid Ave", "Montauk", "NY"),
    "07030": ("700 Washington St", "Hoboken", "NJ"),
    "11430": ("JFK Airport", "Jamaica", "NY"),
    "07114": ("Newark Liberty International Airport", "Newark", "NJ"),
}

# (status, days from today, pickup zip, delivery zip, booking fields, specialty items)
ALICE = [
    ("completed", -60, "10019", "11215", {"service_type": "standard_delivery", "standard_delivery_item_count": 3}, {}),
    ("completed", -30, "10019", "11937", {"service_type": "mini_move", "package_type": "standard"}, {}),
    ("cancelled", 5, "10023", "11215", {"service_type": "standard_delivery", "standard_delivery_item_count": 2},
     {"surfboard": 1}),
    ("paid", 10, "10019", "11215", {"service_type": "standard_delivery", "standard_delivery_item_count": 4}, {}),
    ("confirmed", 14, "10023", "11430", {"service_type": "blade_transfer", "blade_bag_count": 3,
                                         "blade_airport": "JFK", "blade_terminal": "4"}, {}),
    ("pending", 20, "11201", "10003", {"service_type": "mini_move", "package_type": "petite", "coi_required": True},
     {}),
]  # fmt: skip
BOB = [
    ("completed", -45, "11215", "10011", {"service_type": "mini_move", "package_type": "petite"}, {}),
    ("cancelled", -10, "07114", "10011", {"service_type": "blade_transfer", "blade_bag_count": 2,
                                          "blade_airport": "EWR", "transfer_direction": "from_airport"}, {}),
    ("paid", 7, "07030", "11968", {"service_type": "mini_move", "package_type": "full", "include_packing": True}, {}),
    ("pending", 12, "10011", "11201", {"service_type": "standard_delivery", "standard_delivery_item_count": 2}, {}),
    ("confirmed", 16, "10011", "11954", {"service_type": "standard_delivery", "standard_delivery_item_count": 0},
     {"peloton": 1}),
]  # fmt: skip
GUEST = ("paid", 9, "10003", "11215", {"service_type": "standard_delivery", "standard_delivery_item_count": 5}, {})


class Command(BaseCommand):
    help = "Seed the catalogue (if missing), demo customers alice/bob, staff user and their bookings. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            require_ready_database()
        except DatabaseNotReady as exc:
            raise CommandError(str(exc)) from exc
        created = seed_catalogue()
        self.stdout.write(f"Catalogue: {sum(created.values())} rows created (existing rows kept).")
        today = today_ny()
        users = {spec["username"]: self._customer(spec) for spec in CUSTOMERS}
        self._staff()
        made = self._bookings(users["alice"], ALICE, today) + self._bookings(users["bob"], BOB, today)
        if not Booking.objects.filter(guest_email=GUEST_EMAIL).exists():
            guest = {"guest_first_name": "Carol", "guest_last_name": "Guest", "guest_email": GUEST_EMAIL,
                     "guest_phone": "(646) 555-0103"}  # fmt: skip
            self._book(None, GUEST, today, guest)
            made += 1
        self.stdout.write(
            f"Demo bookings: {made} created. Logins: alice / bob ({CUSTOMER_PASSWORD}), staff ({STAFF_PASSWORD})."
        )

    def _customer(self, spec: dict[str, str]) -> AbstractUser:
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"],
            defaults={k: spec[k] for k in ("first_name", "last_name", "email")},
        )
        if created:
            user.set_password(CUSTOMER_PASSWORD)
            user.save()
        CustomerProfile.objects.get_or_create(user=user, defaults={"phone": spec["phone"]})
        return user

    def _staff(self) -> None:
        user, created = get_user_model().objects.get_or_create(
            username="staff",
            defaults={"first_name": "Sam", "email": "staff@totetaxi.com", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(STAFF_PASSWORD)
            user.save()

    def _bookings(self, user: AbstractUser, plan: list[tuple], today: date) -> int:
        if Booking.objects.filter(customer=user).exists():
            return 0  # already seeded; never duplicate
        for position, entry in enumerate(plan):
            self._book(user, entry, today, {}, position=position)
        return len(plan)

    def _book(
        self, user: AbstractUser | None, entry: tuple, today: date, extra: dict[str, str], *, position: int = 0
    ) -> None:
        status, offset, pickup_zip, delivery_zip, service, specialty = entry
        pickup_date = _surcharge_free(today + timedelta(days=offset))
        planned = datetime.combine(pickup_date - timedelta(days=BOOKED_DAYS_AHEAD), time(10), tzinfo=NEW_YORK)
        # Never booked in the future; later plan entries count as booked later (distinct created_at order).
        booked_at = min(planned, timezone.now() - timedelta(hours=len(ALICE) + len(BOB) - position))
        fields = {
            **service, **extra, **_address("pickup", pickup_zip), **_address("delivery", delivery_zip),
            "status": status, "pickup_date": pickup_date,
        }  # fmt: skip
        if service["service_type"] == "blade_transfer":
            fields["blade_flight_date"] = pickup_date
            fields["blade_flight_time"] = time(14, 30)
        if service.get("standard_delivery_item_count"):
            fields["item_description"] = "Boxes and a suitcase"
        booking, _ = create_booking(fields=fields, customer=user, specialty_items=specialty, now=booked_at)
        # created_at is "when it was booked", so recent-bookings order reads naturally.
        Booking.objects.filter(pk=booking.pk).update(created_at=booked_at)


def _surcharge_free(day: date) -> date:
    """The first day from `day` that carries no weekend or peak-date surcharge. The demo bookings' totals are
    pinned by the conversation cases ("how much have I spent?"); they must not change with the weekday the demo
    happens to be seeded on (seeded on a Saturday, Bob's full move a week later cost $175 more)."""
    rules = list(SurchargeRule.objects.filter(is_active=True))
    while date_surcharge_rules(day, active_rules=rules):
        day += timedelta(days=1)
    return day


def _address(role: str, zip_code: str) -> dict[str, str]:
    line_1, city, state = ADDRESSES[zip_code]
    return {f"{role}_address_line_1": line_1, f"{role}_city": city, f"{role}_state": state, f"{role}_zip": zip_code}
