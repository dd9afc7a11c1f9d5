"""Germany's regions as shipped reference data: typed, cached, searchable.

The official CSV files in ``netzwerkstatt.reference`` are the source (see README.md there).
Loading checks them, so a typo in the data fails loudly at start-up instead of producing a wrong
lookup later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from pydantic import BaseModel, ConfigDict

from netzwerkstatt.reference import read_rows
from registry_service.vocabulary import RegionKind, fold

LAND_KEY = re.compile(r"\d{2}")
DISTRICT_KEY = re.compile(r"\d{5}")
BEZIRK_KEY = re.compile(r"\d{5}-\d{2}")

# Shown first in search results: the bigger unit before the smaller.
_KIND_ORDER = {
    RegionKind.LAND: 0,
    RegionKind.KREISFREIE_STADT: 1,
    RegionKind.LANDKREIS: 2,
    RegionKind.BEZIRK: 3,
    RegionKind.CUSTOM: 4,
}


class ReferenceDataError(ValueError):
    """The shipped reference files contradict themselves."""


class Region(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    name: str
    kind: RegionKind
    parent_key: str | None = None
    code: str | None = None
    """Two-letter abbreviation; Länder only (e.g. "ST")."""


class RegionCatalogue:
    """An immutable set of regions with the lookups the registry needs."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self._by_key: dict[str, Region] = {}
        for region in regions:
            if region.key in self._by_key:
                raise ReferenceDataError(f"region key {region.key!r} occurs twice")
            self._by_key[region.key] = region
        self._folded_names = {key: fold(region.name) for key, region in self._by_key.items()}

    def __len__(self) -> int:
        return len(self._by_key)

    def __iter__(self) -> Iterator[Region]:
        return iter(self._by_key.values())

    def get(self, key: str) -> Region | None:
        return self._by_key.get(key.strip())

    def of_kind(self, kind: RegionKind) -> list[Region]:
        return [region for region in self if region.kind is kind]

    def children_of(self, parent_key: str) -> list[Region]:
        return [region for region in self if region.parent_key == parent_key]

    def districts_of_land(self, land_key: str) -> list[Region]:
        """Landkreise and kreisfreie Städte of a Land, ordered by key."""
        land = self.get(land_key)
        if land is None or land.kind is not RegionKind.LAND:
            raise KeyError(f"no Land with key {land_key!r}; Land keys run from 01 to 16")
        districts = [
            region
            for region in self.children_of(land.key)
            if region.kind in (RegionKind.LANDKREIS, RegionKind.KREISFREIE_STADT)
        ]
        return sorted(districts, key=lambda region: region.key)

    def search(self, text: str, kinds: Iterable[RegionKind] | None = None) -> list[Region]:
        """Regions whose name contains ``text``: exact matches first, then prefixes, then the rest."""
        needle = fold(text)
        if not needle:
            return []
        wanted = set(kinds) if kinds is not None else None
        ranked: list[tuple[int, int, str, Region]] = []
        for key, folded in self._folded_names.items():
            region = self._by_key[key]
            if needle not in folded or (wanted is not None and region.kind not in wanted):
                continue
            closeness = 0 if folded == needle else 1 if folded.startswith(needle) else 2
            ranked.append((closeness, _KIND_ORDER[region.kind], key, region))
        return [region for *_, region in sorted(ranked, key=lambda item: item[:3])]

    def validate_ags(self, key: str) -> str | None:
        """Why ``key`` is no district's Kreisschlüssel, or None when it is one."""
        candidate = key.strip()
        if not DISTRICT_KEY.fullmatch(candidate):
            return (
                f"{key!r} is not a district key: expected the 5-digit Kreisschlüssel "
                "(e.g. 15002 for Halle (Saale))"
            )
        land = self.get(candidate[:2])
        if land is None or land.kind is not RegionKind.LAND:
            return f"district key {candidate} starts with {candidate[:2]}, which is no Land key (01 to 16)"
        district = self.get(candidate)
        if district is None or district.kind not in (RegionKind.LANDKREIS, RegionKind.KREISFREIE_STADT):
            return f"there is no district with key {candidate} in {land.name}"
        return None


@cache
def load_reference_regions() -> RegionCatalogue:
    """All shipped regions: 16 Länder, 400 districts and Berlin's 12 Bezirke (read once)."""
    lands = [
        Region(key=row["key"], name=row["name"], kind=RegionKind.LAND, code=row["code"])
        for row in _read_rows("lands.csv")
    ]
    districts = [
        Region(key=row["key"], name=row["name"], kind=RegionKind(row["kind"]), parent_key=row["land_key"])
        for row in _read_rows("districts.csv")
    ]
    bezirke = [
        Region(key=row["key"], name=row["name"], kind=RegionKind.BEZIRK, parent_key=row["parent_key"])
        for row in _read_rows("berlin_bezirke.csv")
    ]
    catalogue = RegionCatalogue([*lands, *districts, *bezirke])
    _check_consistency(catalogue)
    return catalogue


def find_region(key: str) -> Region | None:
    return load_reference_regions().get(key)


def search_regions(text: str, kinds: Iterable[RegionKind] | None = None) -> list[Region]:
    return load_reference_regions().search(text, kinds)


def districts_of_land(land_key: str) -> list[Region]:
    return load_reference_regions().districts_of_land(land_key)


def validate_ags(key: str) -> str | None:
    return load_reference_regions().validate_ags(key)


def _read_rows(file_name: str) -> list[dict[str, str]]:
    return read_rows(file_name)


def _check_consistency(catalogue: RegionCatalogue) -> None:
    expected_key = {
        RegionKind.LAND: LAND_KEY,
        RegionKind.LANDKREIS: DISTRICT_KEY,
        RegionKind.KREISFREIE_STADT: DISTRICT_KEY,
        RegionKind.BEZIRK: BEZIRK_KEY,
    }
    for region in catalogue:
        pattern = expected_key.get(region.kind)
        if pattern is not None and not pattern.fullmatch(region.key):
            raise ReferenceDataError(f"{region.kind} {region.name!r} has a malformed key {region.key!r}")
        if region.parent_key is None:
            continue
        parent = catalogue.get(region.parent_key)
        if parent is None or not region.key.startswith(parent.key):
            raise ReferenceDataError(
                f"{region.name!r} ({region.key}) does not belong under parent {region.parent_key!r}"
            )
