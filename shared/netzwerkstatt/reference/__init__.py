"""Official reference data every service may read: Germany's Länder, its 400 districts and Berlin's
Bezirke (see README.md in this folder). The registry builds its region catalogue from these files;
the gateway shows district names and groups districts by Land with them; the gateway's forms and the
events service's imports read a district typed by name with ``region_key_for``."""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ReferenceRegion:
    key: str
    name: str
    kind: str  # land, landkreis, kreisfreie_stadt, bezirk
    parent_key: str | None = None
    code: str | None = None  # the Länder's two-letter abbreviation


def read_rows(file_name: str) -> list[dict[str, str]]:
    """The rows of one of the shipped CSV files (``lands.csv``, ``districts.csv``, ``berlin_bezirke.csv``)."""
    text = resources.files(__name__).joinpath(file_name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def reference_regions() -> dict[str, ReferenceRegion]:
    """Every shipped region by its key (read once)."""
    regions = [
        ReferenceRegion(row["key"], row["name"], "land", code=row["code"]) for row in read_rows("lands.csv")
    ]
    regions += [
        ReferenceRegion(row["key"], row["name"], row["kind"], parent_key=row["land_key"])
        for row in read_rows("districts.csv")
    ]
    regions += [
        ReferenceRegion(row["key"], row["name"], "bezirk", parent_key=row["parent_key"])
        for row in read_rows("berlin_bezirke.csv")
    ]
    return {region.key: region for region in regions}


def region_name(key: str) -> str | None:
    """The name of a shipped region, or None for a key that is not one (e.g. a custom region)."""
    region = reference_regions().get(key)
    return region.name if region else None


# -- districts by name ---------------------------------------------------------------------------------

# Kinds chosen as a district (host of an edition, a region of an organisation).
DISTRICT_KINDS = ("kreisfreie_stadt", "landkreis", "bezirk")
# "Landkreis Leipzig", "LK Leipzig", "Kreis Leipzig": the Landkreis; "Stadt Leipzig": the city.
_KIND_WORDS = {
    "landkreis": "landkreis",
    "lk": "landkreis",
    "kreis": "landkreis",
    "stadt": "kreisfreie_stadt",
    "land": "land",  # "Land Berlin": the Land of a city state, whose bare name is the city
}


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form for matching what people type."""
    lowered = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in lowered if not unicodedata.combining(char)).split())


def _label(region: ReferenceRegion, name_shared: bool) -> str:
    if region.kind == "landkreis" and name_shared:
        return f"{region.name} (Landkreis)"
    if region.kind == "land" and name_shared:
        return f"{region.name} (Land)"
    if region.kind == "bezirk":
        return f"Berlin-{region.name}"
    return region.name


@cache
def region_labels() -> dict[str, str]:
    """The name people read for every shipped region: where a Landkreis and a kreisfreie Stadt share a
    name (Leipzig, Kassel, ...) the Landkreis says so, "Leipzig (Landkreis)", as does a city state's
    Land, "Berlin (Land)"; a Bezirk is "Berlin-Neukölln"."""
    regions = reference_regions()
    shared_names = Counter(region.name for region in regions.values() if region.kind != "land")
    # A city state's Land shares its name with its city: "Berlin (Land)" beside "Berlin".
    return {
        key: _label(region, shared_names[region.name] > (0 if region.kind == "land" else 1))
        for key, region in regions.items()
    }


def region_label(key: str) -> str:
    """The name people read for a region key; a key that is no shipped region as it is."""
    return region_labels().get(key, key)


@cache
def _keys_by_text() -> dict[str, str]:
    regions = reference_regions()
    found: dict[str, str] = {}
    # A name a Land shares with its city (Berlin, Hamburg, Bremen) is the city: the district the
    # lists suggest and events and organisations take; the Land is "Land Berlin" or its key.
    labels = sorted(region_labels().items(), key=lambda item: regions[item[0]].kind == "land")
    for key, text in labels:
        found.setdefault(fold(text), key)
    for key, region in regions.items():  # a bare name: the city before the Landkreis of that name
        found.setdefault(fold(region.name), key)
    for key, region in regions.items():  # "Landkreis Leipzig", "Stadt Leipzig"
        for word, kind in _KIND_WORDS.items():
            if region.kind == kind:
                found.setdefault(fold(f"{word} {region.name}"), key)
    return found


def region_key_for(text: str) -> str | None:
    """The key a typed name (or key) means, or None when it names no shipped region. A bare name
    shared by a city and a Landkreis means the city ("Leipzig"); the Landkreis is "Leipzig
    (Landkreis)" or "Landkreis Leipzig". A city state's name means the city ("Berlin"), its Land is
    "Land Berlin"."""
    wanted = text.strip()
    if wanted in reference_regions():
        return wanted
    return _keys_by_text().get(fold(wanted))


def is_district(key: str) -> bool:
    """A shipped Landkreis, kreisfreie Stadt or Berlin Bezirk."""
    region = reference_regions().get(key)
    return region is not None and region.kind in DISTRICT_KINDS
