"""Districts by name: what staff read and type instead of official keys. Names come from the official
reference data in ``netzwerkstatt.reference``, which reads them for the services too (the events
service's history import); where a Landkreis and a kreisfreie Stadt share a name (Leipzig, Kassel,
...) the Landkreis says so: "Leipzig (Landkreis)". Keys that are no shipped region (a custom
region's key) are shown and accepted as they are."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from gateway_service.i18n import Language, translate
from netzwerkstatt.reference import (
    DISTRICT_KINDS,
    fold,
    reference_regions,
    region_key_for,
    region_label,
)

__all__ = [
    "DISTRICT_KINDS",
    "Choice",
    "candidates_text",
    "choices",
    "fold",
    "key_for",
    "keys_for",
    "label",
    "labels",
    "lands",
]


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    land: str


def label(key: str) -> str:
    """The name staff read for a region key; a key that is no shipped region as it is."""
    return region_label(key)


def key_for(text: str) -> str | None:
    """The key a typed name (or key) means, or None when it names no shipped region."""
    return region_key_for(text)


def keys_for(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """The keys of typed names, and the names that match no region."""
    keys: list[str] = []
    unknown: list[str] = []
    for text in texts:
        key = key_for(text)
        if key is None:
            unknown.append(text)
        elif key not in keys:
            keys.append(key)
    return keys, unknown


@cache
def choices() -> tuple[Choice, ...]:
    """Every district (and Berlin Bezirk) for a pick list, sorted by name."""
    regions = reference_regions()
    return tuple(
        sorted(
            (
                Choice(
                    key, label(key), regions[region.parent_key].name if region.parent_key in regions else ""
                )
                for key, region in regions.items()
                if region.kind in DISTRICT_KINDS
            ),
            key=lambda choice: fold(choice.label),
        )
    )


def labels(keys: Iterable[str] | None) -> str:
    """Several regions by name: "Leipzig, Leipzig (Landkreis)"."""
    return ", ".join(label(key) for key in keys or ())


@cache
def lands() -> tuple[Choice, ...]:
    """The 16 Länder for a pick list of regions, sorted by name."""
    regions = reference_regions()
    return tuple(
        sorted(
            (Choice(key, label(key), "") for key, region in regions.items() if region.kind == "land"),
            key=lambda choice: fold(choice.label),
        )
    )


def candidates_text(keys: Iterable[str], language: Language) -> str:
    """Regions one name may mean, each with its kind and key: "Leipzig (Stadt, 14713) oder
    Landkreis Leipzig (14729)"."""
    regions = reference_regions()
    words = [
        translate(f"region_candidate.{regions[key].kind}", language).format(name=regions[key].name, key=key)
        if key in regions
        else key
        for key in keys
    ]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {translate('region_candidate.or', language)} {words[-1]}"
