"""The shipped regions reference data: complete, consistent and searchable."""

import pytest

from registry_service.domain.reference import (
    ReferenceDataError,
    Region,
    RegionCatalogue,
    districts_of_land,
    find_region,
    load_reference_regions,
    search_regions,
    validate_ags,
)
from registry_service.vocabulary import RegionKind

# Official figures, state of 2024: (Landkreise, kreisfreie Städte) per Land.
DISTRICTS_PER_LAND = {
    "01": ("Schleswig-Holstein", "SH", 11, 4),
    "02": ("Hamburg", "HH", 0, 1),
    "03": ("Niedersachsen", "NI", 37, 8),
    "04": ("Bremen", "HB", 0, 2),
    "05": ("Nordrhein-Westfalen", "NW", 31, 22),
    "06": ("Hessen", "HE", 21, 5),
    "07": ("Rheinland-Pfalz", "RP", 24, 12),
    "08": ("Baden-Württemberg", "BW", 35, 9),
    "09": ("Bayern", "BY", 71, 25),
    "10": ("Saarland", "SL", 6, 0),
    "11": ("Berlin", "BE", 0, 1),
    "12": ("Brandenburg", "BB", 14, 4),
    "13": ("Mecklenburg-Vorpommern", "MV", 6, 2),
    "14": ("Sachsen", "SN", 10, 3),
    "15": ("Sachsen-Anhalt", "ST", 11, 3),
    "16": ("Thüringen", "TH", 17, 5),
}


def test_there_are_16_laender_with_their_names_and_codes() -> None:
    lands = load_reference_regions().of_kind(RegionKind.LAND)
    assert {land.key: (land.name, land.code) for land in lands} == {
        key: (name, code) for key, (name, code, _, _) in DISTRICTS_PER_LAND.items()
    }


@pytest.mark.parametrize("land_key", sorted(DISTRICTS_PER_LAND))
def test_each_land_has_its_official_number_of_landkreise_and_kreisfreie_staedte(land_key: str) -> None:
    _, _, landkreise, cities = DISTRICTS_PER_LAND[land_key]
    districts = districts_of_land(land_key)
    assert sum(d.kind is RegionKind.LANDKREIS for d in districts) == landkreise
    assert sum(d.kind is RegionKind.KREISFREIE_STADT for d in districts) == cities


def test_germany_has_294_landkreise_and_106_kreisfreie_staedte() -> None:
    catalogue = load_reference_regions()
    assert len(catalogue.of_kind(RegionKind.LANDKREIS)) == 294
    assert len(catalogue.of_kind(RegionKind.KREISFREIE_STADT)) == 106
    assert sum(len(districts_of_land(key)) for key in DISTRICTS_PER_LAND) == 400


def test_every_district_key_has_five_digits_and_starts_with_its_land_key() -> None:
    for kind in (RegionKind.LANDKREIS, RegionKind.KREISFREIE_STADT):
        for district in load_reference_regions().of_kind(kind):
            assert district.key.isdigit(), district
            assert len(district.key) == 5, district
            assert district.parent_key == district.key[:2], district


def test_region_keys_are_unique_and_names_unique_within_a_land_and_kind() -> None:
    regions = list(load_reference_regions())
    assert len({region.key for region in regions}) == len(regions)
    named = [(region.parent_key, region.kind, region.name) for region in regions]
    assert len(set(named)) == len(named)


def test_berlin_has_12_bezirke_under_its_district_key() -> None:
    bezirke = load_reference_regions().children_of("11000")
    assert len(bezirke) == 12
    assert all(bezirk.kind is RegionKind.BEZIRK for bezirk in bezirke)
    assert [bezirk.key for bezirk in bezirke] == [f"11000-{number:02d}" for number in range(1, 13)]
    assert find_region("11000-08") is not None
    assert find_region("11000-08").name == "Neukölln"  # type: ignore[union-attr]


def test_special_regional_bodies_count_as_landkreise() -> None:
    for key, name in (
        ("05334", "Städteregion Aachen"),
        ("03241", "Region Hannover"),
        ("10041", "Regionalverband Saarbrücken"),
    ):
        region = find_region(key)
        assert region is not None
        assert (region.name, region.kind) == (name, RegionKind.LANDKREIS)


def test_eisenach_is_no_longer_a_kreisfreie_stadt() -> None:
    assert find_region("16056") is None
    assert search_regions("Eisenach") == []


def test_hamburg_and_berlin_are_one_kreisfreie_stadt_each_and_bremen_has_two() -> None:
    assert [d.name for d in districts_of_land("02")] == ["Hamburg"]
    assert [d.name for d in districts_of_land("11")] == ["Berlin"]
    assert [d.name for d in districts_of_land("04")] == ["Bremen", "Bremerhaven"]


def test_lookup_by_key_ignores_surrounding_spaces_and_misses_unknown_keys() -> None:
    halle = find_region(" 15002 ")
    assert halle is not None
    assert (halle.name, halle.kind, halle.parent_key) == ("Halle (Saale)", RegionKind.KREISFREIE_STADT, "15")
    assert find_region("15099") is None


def test_search_by_name_ignores_case_and_umlaut_spelling() -> None:
    assert [r.key for r in search_regions("halle")] == ["15002"]
    assert [r.key for r in search_regions("MUENCHEN")] == ["09162", "09184"]
    assert [r.key for r in search_regions("munchen")] == ["09162", "09184"]
    assert "08111" in [r.key for r in search_regions("stuttgart")]
    assert [r.key for r in search_regions("Thueringen")] == ["16"]


def test_search_puts_exact_matches_before_partial_ones_and_can_filter_by_kind() -> None:
    names = [region.name for region in search_regions("Leipzig")]
    assert names == ["Leipzig", "Leipzig"]
    assert [r.key for r in search_regions("sachsen")][:1] == ["14"]
    only_landkreise = search_regions("leipzig", kinds=[RegionKind.LANDKREIS])
    assert [r.key for r in only_landkreise] == ["14729"]
    assert search_regions("   ") == []


def test_districts_of_an_unknown_land_is_an_error_naming_the_key() -> None:
    with pytest.raises(KeyError, match="17"):
        districts_of_land("17")


@pytest.mark.parametrize("key", ["15002", "01001", "09780", "16077", "11000"])
def test_existing_district_keys_are_valid(key: str) -> None:
    assert validate_ags(key) is None


@pytest.mark.parametrize(
    ("key", "message_part"),
    [
        ("1500", "expected the 5-digit Kreisschlüssel"),
        ("15002-1", "expected the 5-digit Kreisschlüssel"),
        ("abcde", "expected the 5-digit Kreisschlüssel"),
        ("17001", "17, which is no Land key"),
        ("15099", "no district with key 15099 in Sachsen-Anhalt"),
        ("16056", "no district with key 16056 in Thüringen"),
        ("15", "expected the 5-digit Kreisschlüssel"),
    ],
)
def test_invalid_district_keys_are_explained(key: str, message_part: str) -> None:
    message = validate_ags(key)
    assert message is not None
    assert message_part in message


def test_the_reference_data_is_loaded_once() -> None:
    assert load_reference_regions() is load_reference_regions()


def test_a_catalogue_refuses_two_regions_with_the_same_key() -> None:
    twice = Region(key="15002", name="Halle (Saale)", kind=RegionKind.KREISFREIE_STADT, parent_key="15")
    with pytest.raises(ReferenceDataError, match="15002"):
        RegionCatalogue([twice, twice])
