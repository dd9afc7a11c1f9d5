"""Regions as the registry serves them: the shipped reference regions plus custom regions defined by
staff. Also answers which region keys "touch" a region, for searching and for the
Schnittstellenpapier: an organisation serving Sachsen serves Leipzig too, and one serving Leipzig
belongs to a paper for Sachsen."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netzwerkstatt.contracts.registry import RegionView
from registry_service.domain.reference import Region, load_reference_regions
from registry_service.vocabulary import RegionKind, fold

CUSTOM_PREFIX = "c-"
_DISTRICT_KINDS = (RegionKind.LANDKREIS, RegionKind.KREISFREIE_STADT)


@dataclass(frozen=True)
class CustomRegion:
    key: str
    name: str
    district_keys: tuple[str, ...]


def custom_key(name: str) -> str:
    """A readable key for a custom region, e.g. ``c-raum-leipzig``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return f"{CUSTOM_PREFIX}{slug or 'region'}"


def is_custom_key(key: str) -> bool:
    return key.startswith(CUSTOM_PREFIX)


def problem_with_region_key(key: str, custom: Mapping[str, CustomRegion]) -> str | None:
    """Why ``key`` names no region (reference or custom), or None."""
    if key in custom or load_reference_regions().get(key) is not None:
        return None
    if is_custom_key(key):
        return f"there is no custom region with key {key!r}"
    return (
        f"{key!r} is no region key: use a Land key (e.g. 15), a 5-digit Kreisschlüssel (e.g. 15002), "
        "a Berlin Bezirk (e.g. 11000-08) or the key of a custom region"
    )


def problem_with_district_key(key: str) -> str | None:
    """Why ``key`` is neither a district (Landkreis, kreisfreie Stadt) nor a Berlin Bezirk, or None."""
    region = load_reference_regions().get(key)
    if region is not None and region.kind is RegionKind.BEZIRK:
        return None
    return load_reference_regions().validate_ags(key)


def view_of(key: str, custom: Mapping[str, CustomRegion]) -> RegionView | None:
    if key in custom:
        region = custom[key]
        return RegionView(
            key=region.key,
            name=region.name,
            kind=RegionKind.CUSTOM.value,
            district_keys=list(region.district_keys),
        )
    reference = load_reference_regions().get(key)
    if reference is None:
        return None
    return _reference_view(reference)


def _reference_view(region: Region) -> RegionView:
    return RegionView(
        key=region.key,
        name=region.name,
        kind=region.kind.value,
        parent_key=region.parent_key,
        code=region.code,
        district_keys=districts_in(region.key, {}),
    )


def search(
    text: str, kinds: Iterable[str] | None, custom: Mapping[str, CustomRegion], limit: int
) -> list[RegionView]:
    wanted = set(kinds) if kinds is not None else None
    reference_kinds = None if wanted is None else [RegionKind(kind) for kind in wanted if kind != "custom"]
    found = [_reference_view(region) for region in load_reference_regions().search(text, reference_kinds)]
    if wanted is None or RegionKind.CUSTOM.value in wanted:
        needle = fold(text)
        found.extend(
            view
            for region in sorted(custom.values(), key=lambda region: region.key)
            if needle in fold(region.name) and (view := view_of(region.key, custom)) is not None
        )
    return found[:limit]


def districts_in(key: str, custom: Mapping[str, CustomRegion]) -> list[str]:
    """The districts a region consists of: a Land's Kreise and Städte (Berlin: its Bezirke), a
    district itself (Berlin: its Bezirke), a custom region's districts."""
    catalogue = load_reference_regions()
    if key in custom:
        return sorted({district for part in custom[key].district_keys for district in districts_in(part, {})})
    region = catalogue.get(key)
    if region is None:
        return []
    if region.kind is RegionKind.LAND:
        return sorted(
            district
            for city in catalogue.districts_of_land(region.key)
            for district in districts_in(city.key, {})
        )
    bezirke = [child.key for child in catalogue.children_of(region.key) if child.kind is RegionKind.BEZIRK]
    return sorted(bezirke) or [region.key]


def ancestors(key: str) -> list[str]:
    catalogue = load_reference_regions()
    chain: list[str] = []
    region = catalogue.get(key)
    while region is not None and region.parent_key is not None:
        chain.append(region.parent_key)
        region = catalogue.get(region.parent_key)
    return chain


def touching(key: str, custom: Mapping[str, CustomRegion]) -> set[str]:
    """Every region key whose organisations or responsibilities concern region ``key``: the region,
    the regions inside it, and the regions it lies in (an office for the whole Land counts)."""
    inner = set(districts_in(key, custom))
    keys = {key, *inner}
    for part in list(inner):
        region = load_reference_regions().get(part)
        if region is not None and region.kind is RegionKind.BEZIRK and region.parent_key:
            keys.add(region.parent_key)
    for part in list(keys):
        keys.update(ancestors(part))
    keys.update(
        region.key for region in custom.values() if set(region.district_keys) & inner and region.key != key
    )
    return keys
