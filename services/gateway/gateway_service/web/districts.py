"""Districts by name: what staff read and type instead of official keys. Names come from the official
reference data in ``netzwerkstatt.reference``; where a Landkreis and a kreisfreie Stadt share a name
(Leipzig, Kassel, ...) the Landkreis says so: "Leipzig (Landkreis)". Keys that are no shipped region
(a custom region's key) are shown and accepted as they are."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from netzwerkstatt.reference import ReferenceRegion, reference_regions

# Kinds staff choose as a district (host of an edition, a region of an organisation).
DISTRICT_KINDS = ("kreisfreie_stadt", "landkreis", "bezirk")


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    land: str


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form for matching what people type."""
    lowered = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(char for char in lowered if not unicodedata.combining(char)).split())


@cache
def _labels() -> dict[str, str]:
    regions = reference_regions()
    shared_names = Counter(region.name for region in regions.values() if region.kind != "land")
    labels: dict[str, str] = {}
    for key, region in regions.items():
        labels[key] = _label(region, shared_names[region.name] > 1)
    return labels


def _label(region: ReferenceRegion, name_shared: bool) -> str:
    if region.kind == "landkreis" and name_shared:
        return f"{region.name} (Landkreis)"
    if region.kind == "bezirk":
        return f"Berlin-{region.name}"
    return region.name


def label(key: str) -> str:
    """The name staff read for a region key; a key that is no shipped region as it is."""
    return _labels().get(key, key)


@cache
def _by_text() -> dict[str, str]:
    regions = reference_regions()
    found: dict[str, str] = {}
    for key, text in _labels().items():
        found.setdefault(fold(text), key)
    for key, region in regions.items():  # a bare name: the city before the Landkreis of that name
        found.setdefault(fold(region.name), key)
    return found


def key_for(text: str) -> str | None:
    """The key a typed name (or key) means, or None when it names no shipped region."""
    wanted = text.strip()
    if wanted in reference_regions():
        return wanted
    return _by_text().get(fold(wanted))


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
