"""Official reference data every service may read: Germany's Länder, its 400 districts and Berlin's
Bezirke (see README.md in this folder). The registry builds its region catalogue from these files;
the gateway shows district names and groups districts by Land with them."""

from __future__ import annotations

import csv
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
