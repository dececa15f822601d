"""The seeded catalogue (domain.md §1–4). THE ONLY Python file allowed to hold business numbers.

Staff edit these values in the Django admin afterwards; the seed never overwrites an existing row.
Money is given as strings so it becomes Decimal exactly.
"""

from __future__ import annotations

# [A1] The old prompt text said Standard $1,950 / Full $3,250; the live catalogue, tests and real charges
# say $1,725 / $2,490, which is what is seeded.
MINI_MOVE_PACKAGES = [
    {
        "package_type": "petite",
        "name": "Petite",
        "base_price": "995.00",
        "max_items": 15,
        "max_item_weight_lbs": 50,
        "coi_included": False,
        "coi_fee": "50.00",
        "priority_scheduling": False,
        "protective_wrapping": False,
        "dedicated_van": False,
        "is_most_popular": False,
        "sort_order": 1,
        "description": "A few pieces in a shared van.",
        "sizing_note": "Up to 3 people, 8–15 pieces. No Pelotons.",
        "inclusions": ["Up to 15 items (each under 50 lb)", "Shared van", "COI available (+$50)"],
    },
    {
        "package_type": "standard",
        "name": "Standard",
        "base_price": "1725.00",
        "max_items": 30,
        "max_item_weight_lbs": 50,
        "coi_included": True,
        "coi_fee": "0.00",
        "priority_scheduling": True,
        "protective_wrapping": True,
        "dedicated_van": False,
        "is_most_popular": True,
        "sort_order": 2,
        "description": "Our most popular move.",
        "sizing_note": "Up to 5 people, 15–30 pieces. No Pelotons.",
        "inclusions": [
            "Up to 30 items (each under 50 lb)",
            "COI included",
            "Protective wrapping",
            "Priority scheduling",
            "Optional 1-hour pickup window (+$175)",
        ],
    },
    {
        "package_type": "full",
        "name": "Full Move",
        "base_price": "2490.00",
        "max_items": None,
        "max_item_weight_lbs": 50,
        "coi_included": True,
        "coi_fee": "0.00",
        "priority_scheduling": True,
        "protective_wrapping": True,
        "dedicated_van": True,
        "is_most_popular": False,
        "sort_order": 3,
        "description": "A dedicated van, as much as fits.",
        "sizing_note": "6+ people, 50–60 pieces. No Pelotons.",
        "inclusions": [
            "Unlimited items within the van",
            "Dedicated van",
            "COI included",
            "Protective wrapping",
            "Priority scheduling",
            "Free 1-hour pickup window",
        ],
    },
]

# (package_type, kind, name, price, max_hours, organizers, supplies allowance) — migration 0003 prices [A2].
ORGANIZING_SERVICES = [
    ("petite", "packing", "Petite Packing", "1400.00", 4, 2, "250.00"),
    ("petite", "unpacking", "Petite Unpacking", "1130.00", 4, 2, "0.00"),
    ("standard", "packing", "Standard Packing", "2535.00", 8, 2, "250.00"),
    ("standard", "unpacking", "Standard Unpacking", "2265.00", 8, 2, "0.00"),
    ("full", "packing", "Full Packing", "5070.00", 8, 4, "500.00"),
    ("full", "unpacking", "Full Unpacking", "4525.00", 8, 4, "0.00"),
]

# (package_type, pickup_time, price). Missing combinations are free.
TIME_WINDOW_PRICES = [
    ("petite", "morning", "0.00"),
    ("petite", "no_time_preference", "0.00"),
    ("standard", "morning", "0.00"),
    ("standard", "morning_specific", "175.00"),
    ("full", "morning", "0.00"),
    ("full", "morning_specific", "0.00"),
]

STANDARD_DELIVERY = {
    "price_per_item": "95.00",
    "minimum_charge": "285.00",
    "same_day_flat_rate": "360.00",
    "coi_fee": "50.00",
    "max_weight_per_item_lbs": 50,
    "max_description_chars": 500,
}

SPECIALTY_ITEMS = [
    {
        "slug": "peloton",
        "name": "Peloton / Large Equipment",
        "price": "500.00",
        "sort_order": 1,
        "description": "Peloton bikes and other large fitness equipment.",
    },
    {"slug": "surfboard", "name": "Surfboard", "price": "350.00", "sort_order": 2, "description": ""},
    {"slug": "crib", "name": "Crib", "price": "350.00", "sort_order": 3, "description": "Foldable cribs."},
    {"slug": "wardrobe_box", "name": "Wardrobe Box", "price": "275.00", "sort_order": 4, "description": ""},
]

AIRPORT_TRANSFER = {
    "price_per_bag": "75.00",
    "minimum_bags": 2,
    "minimum_price": "150.00",
    "overweight_threshold_lbs": 50,
    "overweight_fee_per_bag": "120.00",  # [A6]: $120, settled at pickup
    "free_wait_minutes": 10,
    "wait_fee": "50.00",
    "wait_fee_interval_minutes": 30,
    "early_flight_before": "13:00",
    "early_ready_time": "05:00",
    "late_ready_time": "10:00",
}

AIRPORTS = [
    {
        "code": "JFK",
        "name": "John F. Kennedy International",
        "zip_code": "11430",
        "terminals": ["1", "4", "5", "7", "8"],
    },
    {"code": "EWR", "name": "Newark Liberty International", "zip_code": "07114", "terminals": ["A", "B", "C"]},
]

BUSINESS_SETTINGS = {
    "tax_rate": "0.0825",
    "geographic_surcharge": "175.00",
    "booking_cutoff_hour": 18,
    "busy_threshold": 8,
    "max_availability_days": 30,
    "timezone": "America/New_York",
}

_WEEKEND = {
    "surcharge_type": "weekend",
    "calculation_type": "fixed_amount",
    "applies_saturday": True,
    "applies_sunday": True,
}
# Per-service amounts of the weekend and 2026 peak rules.
DATE_SURCHARGE_AMOUNTS = {"mini_move": "175.00", "standard_delivery": "50.00"}
WEEKEND_RULES = [
    {**_WEEKEND, "name": "Weekend", "applies_to_service_type": service, "fixed_amount": amount}
    for service, amount in DATE_SURCHARGE_AMOUNTS.items()
]
# (name, specific_date or (start, end)) — the 2026 peak-date command.
PEAK_DATES_2026 = [
    ("Memorial Day", "2026-05-25"),
    ("End of June", "2026-06-30"),
    ("July 1", "2026-07-01"),
    ("Independence Day", "2026-07-04"),
    ("End of July", "2026-07-31"),
    ("End of August", "2026-08-31"),
    ("Labor Day", "2026-09-07"),
    ("US Open", ("2026-09-14", "2026-09-22")),
]
PEAK_RULES = [
    {
        "name": name,
        "surcharge_type": "peak_date",
        "calculation_type": "fixed_amount",
        "applies_to_service_type": service,
        "fixed_amount": amount,
        **({"start_date": when[0], "end_date": when[1]} if isinstance(when, tuple) else {"specific_date": when}),
    }
    for name, when in PEAK_DATES_2026
    for service, amount in DATE_SURCHARGE_AMOUNTS.items()
]
# Seeded "geographic" rules in the source: no date or weekday, so they never match (kept for fidelity).
DORMANT_RULES = [
    {
        "name": "CT/NJ geographic",
        "surcharge_type": "peak_date",
        "calculation_type": "fixed_amount",
        "applies_to_service_type": "all",
        "fixed_amount": "220.00",
        "description": "Legacy rule without dates; never applies (the ZIP surcharge is used instead).",
    },
    {
        "name": "Amagansett/Montauk geographic",
        "surcharge_type": "peak_date",
        "calculation_type": "fixed_amount",
        "applies_to_service_type": "all",
        "fixed_amount": "120.00",
        "description": "Legacy rule without dates; never applies (the ZIP surcharge is used instead).",
    },
]
SURCHARGE_RULES = WEEKEND_RULES + PEAK_RULES + DORMANT_RULES

# ZIP service area: (zone, region, state, ZIP spec). Spec items are "10001", "10001-10007" (inclusive range)
# or "11932 Bridgehampton" (ZIP with its town).
SERVICE_AREA = [
    (
        "core",
        "Manhattan",
        "NY",
        "10001-10007 10009-10014 10016-10036 10038-10040 10044 10065 10069 10075 10103 10110-10112 10115 10119 "
        "10128 10152-10154 10162 10165 10167-10174 10177 10199 10271 10278-10282",
    ),
    ("core", "Brooklyn", "NY", "11201 11203-11226 11228-11239 11241-11243 11245 11247 11249 11251 11252 11256"),
    (
        "core",
        "Hamptons West",
        "NY",
        "11972:Speonk 11946:Hampton_Bays 11959:Quogue 11977:Westhampton 11978:Westhampton_Beach "
        "11968:Southampton 11976:Water_Mill 11932:Bridgehampton 11962:Sagaponack 11963:Sag_Harbor "
        "11975:Wainscott 11937:East_Hampton",
    ),
    (
        "surcharge",
        "Essex NJ",
        "NJ",
        "07003 07004 07006 07007 07009 07017-07019 07021 07028 07039-07044 07050-07052 07068 07078 07079 "
        "07101-07112 07114 07175 07184 07188 07189 07191-07193 07195 07198 07199",
    ),
    (
        "surcharge",
        "Union NJ",
        "NJ",
        "07016 07023 07027 07033 07036 07060 07062 07063 07065 07066 07076 07081 07083 07088 07090 07092 "
        "07201-07206 07208 07901 07974",
    ),
    (
        "surcharge",
        "Morris NJ",
        "NJ",
        "07005 07035 07054 07801 07834 07856 07866 07869 07928 07932 07936 07940 07950 07960 07981",
    ),
    ("surcharge", "Hudson NJ", "NJ", "07002 07030 07032 07047 07086 07087 07093 07094 07302 07304-07307 07310"),
    (
        "surcharge",
        "Fairfield CT",
        "CT",
        "06604-06608 06610-06612 06614 06615 06807 06820 06824 06825 06830 06831 06840 06850 06851 "
        "06853-06855 06877 06880 06883 06897 06901-06903 06905-06907",
    ),
    ("surcharge", "New Haven CT", "CT", "06401 06418 06460 06477 06484 06510-06513 06515 06516 06519"),
    ("surcharge", "Hamptons East", "NY", "11930:Amagansett 11954:Montauk 11964:Shelter_Island"),
]


def service_area_rows() -> list[dict[str, str]]:
    """Expand SERVICE_AREA into one row per ZIP (keeping leading zeros: ZIPs are strings)."""
    rows: list[dict[str, str]] = []
    for zone, region, state, spec in SERVICE_AREA:
        for token in spec.split():
            code, _, place = token.partition(":")
            first, _, last = code.partition("-")
            width = len(first)
            for number in range(int(first), int(last or first) + 1):
                rows.append(
                    {
                        "zip_code": f"{number:0{width}d}",
                        "zone": zone,
                        "region": region,
                        "state": state,
                        "place": place.replace("_", " "),
                    }
                )
    return rows
