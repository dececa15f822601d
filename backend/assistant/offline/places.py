"""agent_config/places.yaml: the names customers give places ("Montauk", "Park Slope", "Jersey City") → a ZIP.

Geography is knowledge, so it is declared in config; whether a ZIP is served and what it costs stays in the
catalogue (the coverage and pricing tools answer that from the ZIP). An area whose ZIPs differ in surcharge
("the Hamptons") has no single ZIP: it carries a `note` the reply shows and a price waits for the town.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.config.errors import ConfigProblem
from assistant.config.yaml_source import read_yaml, validate


class Place(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2, description="The name the reply uses, e.g. 'Montauk'.")
    also: list[str] = Field(default_factory=list, description="Other names and spellings customers use.")
    zip: str | None = Field(
        None,
        pattern=r"^[0-9]{5}$",
        description="The ZIP that stands for the place in coverage checks and quotes. Leave it out for an "
        "area whose ZIPs differ (then give a note).",
    )
    note: str | None = Field(None, description="Said with coverage answers and quotes for this place.")


class PlacesFile(BaseModel):
    """places.yaml"""

    model_config = ConfigDict(extra="forbid", frozen=True)

    places: list[Place] = Field(default_factory=list)


@dataclass(frozen=True)
class PlaceMention:
    place: Place
    start: int
    end: int


def load_places(directory: Path) -> tuple[PlacesFile, list[ConfigProblem]]:
    """places.yaml in `directory` (optional: without it offline mode knows ZIP codes only)."""
    path = Path(directory) / "places.yaml"
    if not path.exists():
        return PlacesFile(), []
    file, problems = read_yaml(path, f"{Path(directory).name}/places.yaml")
    if file is None:
        return PlacesFile(), problems
    model, more = validate(file, PlacesFile)
    problems += more
    if model is None:
        return PlacesFile(), problems
    assert isinstance(model, PlacesFile)
    seen: dict[str, int] = {}
    for index, place in enumerate(model.places):
        if place.zip is None and not place.note:
            problems.append(
                file.problem(
                    ("places", index),
                    f"'{place.name}' has neither a zip nor a note.",
                    "give the ZIP that stands for it, or a note saying which towns differ.",
                )
            )
        for name in (place.name, *place.also):
            key = _key(name)
            if key in seen and seen[key] != index:
                problems.append(
                    file.problem(
                        ("places", index),
                        f"the name '{name}' is also used by places[{seen[key]}].",
                        "keep each name on one place only.",
                    )
                )
            seen.setdefault(key, index)
    return model, problems


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", _flat(name.lower())).strip()


def _flat(text: str) -> str:
    """Apostrophes and dots as spaces, keeping every position ("hell's" → "hell s", "st. james" → "st  james")."""
    return text.replace("'", " ").replace(".", " ")


class PlaceIndex:
    """Finds place names in normalised text, longest name first, whole words only (one compiled pattern)."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.places = list(places)
        self._by_key: dict[str, Place] = {}
        for place in self.places:
            for name in (place.name, *place.also):
                if _key(name):
                    self._by_key.setdefault(_key(name), place)
        names = sorted(self._by_key, key=len, reverse=True)
        alternation = "|".join(r"\s+".join(re.escape(w) for w in name.split()) for name in names)
        self._pattern = re.compile(r"\b(?:" + alternation + r")\b") if names else None
        self.words = sorted({w for name in names for w in name.split()})

    def find(self, text: str) -> list[PlaceMention]:
        """Every place named in `text` (already normalised), in the order they appear, none overlapping."""
        if self._pattern is None:
            return []
        return [
            PlaceMention(self._by_key[re.sub(r"\s+", " ", m.group(0))], m.start(), m.end())
            for m in self._pattern.finditer(_flat(text))
        ]
