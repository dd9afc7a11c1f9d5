"""People: validated contact data, memberships (function, decision-maker, substitute, start date),
consents, notes; membership in an archived organisation refused; search."""

from __future__ import annotations

import uuid

from registry_helpers import RegistryApi, codes, fields, unique


async def test_a_person_is_registered_with_memberships_consents_and_normalised_contact_data(
    api: RegistryApi,
) -> None:
    organisation = await api.organisation(unique("Jobcenter"))
    substitute = await api.person()
    suffix = uuid.uuid4().hex[:8]
    person = await api.call(
        "person.create",
        {
            "given_name": "Nora",
            "family_name": f"Beispiel{suffix}",
            "form_of_address": "neutral",
            "title": "Dr.",
            "emails": [f"Nora.{suffix}@EXAMPLE.org", f"n.{suffix}@example.com"],
            "phone": "0341 555 0177",
            "language": "en",
            "memberships": [
                {
                    "organisation_id": organisation["id"],
                    "function": "Teamleitung",
                    "decision_maker": True,
                    "substitute_person_id": substitute["id"],
                    "start_date": "2024-10-01",
                }
            ],
            "consents": ["network_event_contact", "photos"],
            "notes": "Neu im Team",
        },
    )
    # Stored lower-cased: the address identifies the person (imports match by it).
    assert person["emails"] == [f"nora.{suffix}@example.org", f"n.{suffix}@example.com"]
    assert person["phone"] == "+493415550177"
    assert person["version"] == 1
    [membership] = person["memberships"]
    assert membership["organisation_name"] == organisation["name"]
    assert membership["decision_maker"] is True
    assert membership["substitute_person_id"] == substitute["id"]
    assert membership["start_date"] == "2024-10-01"
    assert {consent["kind"] for consent in person["consents"]} == {"network_event_contact", "photos"}


async def test_invalid_e_mail_phone_and_terms_are_named_per_field_and_nothing_is_written(
    api: RegistryApi,
) -> None:
    family_name = unique("Fehler").replace(" ", "")
    error = await api.fails(
        "person.create",
        {
            "given_name": "Falsch",
            "family_name": family_name,
            "form_of_address": "sir",
            "emails": ["kein-at-zeichen", "ok@example.org"],
            "phone": "0341 12",
            "language": "fr",
            "consents": ["marketing"],
            "memberships": [{"organisation_id": str(uuid.uuid4())}],
        },
    )
    assert error.code == "validation_error"
    assert codes(error) == {
        "form_of_address": "unknown_form_of_address",
        "emails.0": "invalid_email",
        "phone": "invalid_phone",
        "language": "unknown_language",
        "consents.0": "unknown_consents",
        "memberships.0.organisation_id": "unknown_organisation",
    }
    assert (await api.call("person.list", {"name": family_name}))["total"] == 0


async def test_a_person_carries_at_most_ten_addresses_of_smtp_length_and_a_phone_number_of_fifty(
    api: RegistryApi,
) -> None:
    family_name = unique("Grenze").replace(" ", "")
    error = await api.fails(
        "person.create",
        {
            "given_name": "Viele",
            "family_name": family_name,
            "emails": [f"p{index}@example.org" for index in range(50_000)],
            "phone": "0" * 51,
        },
    )
    assert codes(error) == {"emails": "too_long", "phone": "string_too_long"}
    error = await api.fails(
        "person.create",
        {"given_name": "Lang", "family_name": family_name, "emails": ["a" * 250 + "@example.org"]},
    )
    assert codes(error) == {"emails.0": "string_too_long"}
    assert (await api.call("person.list", {"name": family_name}))["total"] == 0


async def test_a_request_the_contract_refuses_names_the_registrys_own_problems_in_the_same_answer(
    api: RegistryApi,
) -> None:
    """An empty name or a too long title (the contract's) and a wrong e-mail address, phone number
    or term (the registry's) come back in one answer, each at its field; nothing is written."""
    family_name = unique("Zweimal").replace(" ", "")
    created = await api.fails(
        "person.create",
        {
            "given_name": "",
            "family_name": family_name,
            "title": "T" * 51,
            "emails": ["kein-at-zeichen", f"{family_name}@example.org", f"{family_name}@EXAMPLE.org"],
            "phone": "0341 12",
            "language": "fr",
        },
    )
    assert created.code == "validation_error"
    assert codes(created) == {
        "given_name": "string_too_short",
        "title": "string_too_long",
        "emails.0": "invalid_email",
        "emails.2": "duplicate",
        "phone": "invalid_phone",
        "language": "unknown_language",
    }
    assert (await api.call("person.list", {"name": family_name}))["total"] == 0
    person = await api.person()
    changed = await api.fails(
        "person.update",
        {"person_id": person["id"], "family_name": "", "emails": ["m@"], "phone": "abc"},
    )
    assert codes(changed) == {
        "family_name": "string_too_short",
        "emails.0": "invalid_email",
        "phone": "invalid_phone",
    }
    unchanged = await api.call("person.get", {"person_id": person["id"]})
    assert (unchanged["family_name"], unchanged["emails"], unchanged["version"]) == (
        person["family_name"],
        person["emails"],
        1,
    )


async def test_an_e_mail_address_belongs_to_one_person_only(api: RegistryApi) -> None:
    first = await api.person()
    error = await api.fails(
        "person.create",
        {"given_name": "Zweite", "family_name": "Person", "emails": [first["emails"][0].upper()]},
    )
    assert error.code == "conflict"
    assert fields(error) == {"emails.0"}
    assert [detail.code for detail in error.details] == ["email_taken"]


async def test_membership_in_an_archived_organisation_is_refused(api: RegistryApi) -> None:
    organisation = await api.organisation(unique("Beendetes Projekt"), type="iq_subproject")
    await api.call("organisation.archive", {"organisation_id": organisation["id"]})
    person = await api.person()
    error = await api.fails(
        "person.membership.save", {"person_id": person["id"], "organisation_id": organisation["id"]}
    )
    assert error.code == "rule_violation"
    assert codes(error) == {"organisation_id": "archived_organisation"}
    unchanged = await api.call("person.get", {"person_id": person["id"]})
    assert unchanged["memberships"] == []
    assert unchanged["version"] == 1
    on_creation = await api.fails(
        "person.create",
        {"given_name": "A", "family_name": "B", "memberships": [{"organisation_id": organisation["id"]}]},
    )
    assert codes(on_creation) == {"memberships.0.organisation_id": "archived_organisation"}


async def test_a_membership_is_changed_and_ended(api: RegistryApi) -> None:
    organisation = await api.organisation(unique("Migrationsberatung"), type="migration_counselling")
    person = await api.person()
    joined = await api.call(
        "person.membership.save",
        {"person_id": person["id"], "organisation_id": organisation["id"], "function": "Beratung"},
    )
    promoted = await api.call(
        "person.membership.save",
        {
            "person_id": person["id"],
            "organisation_id": organisation["id"],
            "function": "Leitung",
            "decision_maker": True,
        },
    )
    assert [m["function"] for m in promoted["memberships"]] == ["Leitung"]
    assert promoted["version"] == joined["version"] + 1
    ended = await api.call(
        "person.membership.end",
        {"person_id": person["id"], "organisation_id": organisation["id"], "end_date": "2030-01-31"},
    )
    assert ended["memberships"][0]["end_date"] == "2030-01-31"
    again = await api.fails(
        "person.membership.end", {"person_id": person["id"], "organisation_id": organisation["id"]}
    )
    assert codes(again) == {"organisation_id": "no_membership"}


async def test_an_update_changes_only_the_fields_given(api: RegistryApi) -> None:
    person = await api.person(phone="+49 341 555 0101", consents=["photos"])
    changed = await api.call(
        "person.update",
        {"person_id": person["id"], "family_name": "Neuname", "consents": ["network_event_contact"]},
    )
    assert changed["family_name"] == "Neuname"
    assert changed["phone"] == "+493415550101"
    assert [consent["kind"] for consent in changed["consents"]] == ["network_event_contact"]
    assert changed["version"] == 2
    unchanged = await api.call(
        "person.update",
        {"person_id": person["id"], "family_name": "Neuname", "emails": [person["emails"][0].upper()]},
    )
    assert unchanged["version"] == 2
    bad = await api.fails("person.update", {"person_id": person["id"], "phone": "abc"})
    assert fields(bad) == {"phone"}


async def test_people_are_found_by_organisation_region_and_decision_making(api: RegistryApi) -> None:
    tag = uuid.uuid4().hex[:8]
    organisation = await api.organisation(f"Jobcenter {tag}", region_keys=["15003"])
    boss = await api.person(
        family_name=f"Chefin{tag}",
        memberships=[{"organisation_id": organisation["id"], "decision_maker": True}],
    )
    await api.person(family_name=f"Team{tag}", memberships=[{"organisation_id": organisation["id"]}])
    in_region = await api.call("person.list", {"name": tag, "region_key": "15003"})
    assert in_region["total"] == 2
    deciding = await api.call(
        "person.list", {"name": tag, "organisation_id": organisation["id"], "decision_makers_only": True}
    )
    assert [item["id"] for item in deciding["items"]] == [boss["id"]]
    elsewhere = await api.call("person.list", {"name": tag, "region_key": "15002"})
    assert elsewhere["total"] == 0
