"""Regions served by request-reply: reference lookups by key and name, and custom regions."""

from __future__ import annotations

import uuid

from registry_helpers import RegistryApi, fields


async def test_sachsen_anhalt_is_served_with_its_14_districts(api: RegistryApi) -> None:
    land = await api.call("region.get", {"key": "15"})
    assert land["name"] == "Sachsen-Anhalt"
    assert land["kind"] == "land"
    assert len(land["district_keys"]) == 14
    assert {"15001", "15002", "15003", "15091"} <= set(land["district_keys"])


async def test_berlin_consists_of_its_12_bezirke(api: RegistryApi) -> None:
    berlin = await api.call("region.get", {"key": "11000"})
    assert len(berlin["district_keys"]) == 12
    neukoelln = await api.call("region.get", {"key": "11000-08"})
    assert (neukoelln["name"], neukoelln["kind"], neukoelln["parent_key"]) == ("Neukölln", "bezirk", "11000")


async def test_a_district_is_found_by_name_with_umlauts_folded(api: RegistryApi) -> None:
    found = await api.call("region.search", {"text": "Boerde"})
    assert found[0]["key"] == "15083"
    halle = await api.call("region.search", {"text": "Halle", "kinds": ["kreisfreie_stadt"]})
    assert [region["key"] for region in halle] == ["15002"]


async def test_an_unknown_key_is_not_found_with_a_hint(api: RegistryApi) -> None:
    error = await api.fails("region.get", {"key": "15999"})
    assert error.code == "not_found"
    assert fields(error) == {"key"}


async def test_an_unknown_region_kind_in_a_search_is_named(api: RegistryApi) -> None:
    error = await api.fails("region.search", {"text": "Halle", "kinds": ["county"]})
    assert fields(error) == {"kinds.0"}


async def test_staff_define_a_custom_region_from_districts(api: RegistryApi) -> None:
    name = f"Raum Leipzig {uuid.uuid4().hex[:6]}"
    created = await api.call("region.create_custom", {"name": name, "district_keys": ["14729", "14713"]})
    assert created["kind"] == "custom"
    assert created["key"].startswith("c-raum-leipzig-")
    assert created["district_keys"] == ["14713", "14729"]
    again = await api.call("region.get", {"key": created["key"]})
    assert again == created
    found = await api.call("region.search", {"text": name, "kinds": ["custom"]})
    assert [region["key"] for region in found] == [created["key"]]


async def test_a_custom_region_with_invalid_districts_is_refused_per_district(api: RegistryApi) -> None:
    name = f"Kaputt {uuid.uuid4().hex[:6]}"
    body = {"name": name, "district_keys": ["14713", "1471", "99001"]}
    error = await api.fails("region.create_custom", body)
    assert error.code == "validation_error"
    assert fields(error) == {"district_keys.1", "district_keys.2"}
    missing = await api.fails("region.get", {"key": f"c-kaputt-{name.split()[-1]}"})
    assert missing.code == "not_found"


async def test_a_custom_region_name_is_taken_only_once(api: RegistryApi) -> None:
    name = f"Region {uuid.uuid4().hex[:6]}"
    await api.call("region.create_custom", {"name": name, "district_keys": ["15002"]})
    error = await api.fails("region.create_custom", {"name": name, "district_keys": ["15003"]})
    assert error.code == "conflict"
    assert fields(error) == {"name"}
