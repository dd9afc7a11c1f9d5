"""Reference data shipped with the registry: Germany's Länder, districts and Berlin's Bezirke."""

from registry_service.reference.regions import (
    Region,
    RegionCatalogue,
    districts_of_land,
    find_region,
    load_reference_regions,
    search_regions,
    validate_ags,
)
from registry_service.vocabulary import RegionKind

__all__ = [
    "Region",
    "RegionCatalogue",
    "RegionKind",
    "districts_of_land",
    "find_region",
    "load_reference_regions",
    "search_regions",
    "validate_ags",
]
