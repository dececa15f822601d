"""places.yaml: place names → ZIPs for offline mode. Machinery on small fixture files; the shipped file for invariants."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.offline.places import Place, PlaceIndex, load_places
from assistant.offline.typos import TypoRepair

REPO_CONFIG = Path(__file__).resolve().parents[1] / "agent_config"


def test_longest_name_wins_and_positions_are_kept() -> None:
    index = PlaceIndex(
        [Place(name="Greenwich", zip="06830"), Place(name="Greenwich Village", also=["west village"], zip="10014")]
    )
    found = index.find("from greenwich village to greenwich")
    assert [(m.place.name, m.start) for m in found] == [("Greenwich Village", 5), ("Greenwich", 26)]
    assert index.find("hell's kitchen") == []  # unknown names find nothing


def test_mistakes_in_places_yaml_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "places.yaml").write_text("places:\n  - {name: Montauk}\n  - {name: Quogue, zip: '1195'}\n")
    _, problems = load_places(tmp_path)
    assert "places.yaml, line 3 (places[1].zip)" in "\n".join(str(p) for p in problems)
    (tmp_path / "places.yaml").write_text(
        "places:\n  - {name: Montauk, zip: '11954'}\n  - {name: Hamptons}\n  - {name: Montauk Point, also: [montauk]}\n",
        encoding="utf-8",
    )
    _, problems = load_places(tmp_path)
    report = "\n".join(str(p) for p in problems)
    assert "line 3 (places[1]): 'Hamptons' has neither a zip nor a note." in report
    assert "line 4 (places[2]): the name 'montauk' is also used by places[0]." in report


def test_typo_repair_only_touches_unknown_words_towards_targets() -> None:
    repair = TypoRepair(targets=["standard", "delivery", "much", "hamptons", "fridge"], known=["there", "frindle"])
    assert repair.text("how mcuh does a standrad delivry cost to the hamptns") == (
        "how much does a standard delivery cost to the hamptons"
    )
    assert repair.text("qwzx plorp frindle there") == "qwzx plorp frindle there"


def test_shipped_places_name_every_town_of_the_service_area() -> None:
    """Every town the seeded service-area rows name is a place, with the ZIP the rows give it."""
    from catalogue.seed_data import service_area_rows

    places, problems = load_places(REPO_CONFIG)
    assert problems == []
    zips = {p.name.lower(): p.zip for p in places.places}
    towns = {row["place"].lower(): row["zip_code"] for row in service_area_rows() if row["place"]}
    assert towns, "the seed names towns"
    for town, zip_code in towns.items():
        assert zips.get(town) == zip_code, f"{town} ({zip_code}) is missing from agent_config/places.yaml"


@pytest.mark.parametrize("region", ["Manhattan", "Brooklyn", "New Jersey", "Connecticut", "the Hamptons"])
def test_shipped_places_name_every_region(region: str) -> None:
    places, _ = load_places(REPO_CONFIG)
    assert region in {p.name for p in places.places}


@pytest.mark.parametrize(
    ("said", "side"),
    [
        ("and if the drop off is in 11954 instead?", "delivery_zip"),
        ("delivery address would be 11954", "delivery_zip"),
        ("the pickup is at 11954", "pickup_zip"),
        ("a delivery from 11954", "pickup_zip"),
    ],
)
def test_a_side_word_a_few_words_before_one_place_names_its_side(said: str, side: str) -> None:
    from assistant.offline.locations import location_slots

    assert location_slots(said, None) == {"zips": ["11954"], side: "11954"}


def test_a_name_followed_by_its_zip_keeps_the_word_before_the_name() -> None:
    from assistant.offline.locations import location_slots

    index = PlaceIndex([Place(name="Shelter Island", zip="11964")])
    slots = location_slots("10 bags delivered to shelter island 11964 from 10036", index)
    assert (slots["pickup_zip"], slots["delivery_zip"]) == ("10036", "11964")


def test_typo_repair_treats_a_word_and_its_plural_as_one_target() -> None:
    repair = TypoRepair(["suitcase", "suitcases", "slots"], known=[])
    assert repair.word("suitcaes") == "suitcase"  # as close to both forms: not ambiguous
    assert repair.word("slot") == "slot"  # a target's singular is no typo


def test_a_region_asked_about_in_passing_is_not_a_side_of_the_route() -> None:
    from assistant.offline.locations import location_slots

    index = PlaceIndex(
        [
            Place(name="New Jersey", also=["jersey", "nj"], zip="07302", note="We serve four counties."),
            Place(name="Connecticut", also=["ct"], zip="06830", note="We serve two counties."),
            Place(name="Hoboken", zip="07030"),
            Place(name="Greenwich", zip="06830"),
        ]
    )
    slots = location_slots("do u go to jersey? hoboken 07030 to 10011, 2 boxes", index)
    assert (slots["pickup_zip"], slots["delivery_zip"]) == ("07030", "10011")
    slots = location_slots("can you go nj to ct? from hoboken to greenwich 06830", index)
    assert (slots["pickup_zip"], slots["delivery_zip"]) == ("07030", "06830")
    slots = location_slots("do you go to jersey?", index)  # the region alone is still the place asked about
    assert slots["delivery_zip"] == "07302"
