"""The registry's staff pages against the real registry: organisations, people, networks,
regions and responsibilities with their forms and field errors, and what each role may change —
a coordinator only what belongs to their networks, an admin everything, read-only nothing."""

from __future__ import annotations

import html
import io
import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from gateway_service import clock
from gateway_service.database import GatewayDatabase
from gateway_service.security.accounts import NewAccount, create_account, issue_api_token, list_accounts
from gateway_service.security.roles import Role
from gateway_service.testing import csrf_token_in, migrate, sign_in
from netzwerkstatt import tabular
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for
from tests.integration.gateway.conftest import browser_for
from tests.integration.gateway.ui_support import (
    call,
    field_error,
    gateway_running,
    hidden_id_in,
    post_form,
    staff_client,
    stale_notice,
    tag,
)


@pytest.fixture(scope="module")
async def registry_runtime(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[ServiceRuntime]:
    from registry_service.main import definition
    from registry_service.settings import RegistrySettings

    async with running(definition(settings_for(RegistrySettings, nats_server, postgres_server))) as runtime:
        yield runtime


@pytest.fixture(scope="module")
async def app(
    registry_runtime: ServiceRuntime, nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[FastAPI]:
    async with gateway_running(nats_server, postgres_server) as gateway:
        yield gateway


@dataclass
class Network:
    """A network with one member organisation, and an organisation outside it."""

    id: uuid.UUID
    name: str
    member: dict[str, Any]
    outsider: dict[str, Any]


@pytest.fixture
async def network(app: FastAPI) -> Network:
    suffix = tag()
    member = await call(
        app,
        "registry",
        "organisation.create",
        {
            "name": f"Volkshochschule Muldental {suffix}",
            "type": "adult_education_centre",
            "region_keys": ["14729"],
        },
    )
    outsider = await call(
        app,
        "registry",
        "organisation.create",
        {"name": f"Jobcenter Nordsachsen {suffix}", "type": "jobcenter", "region_keys": ["14730"]},
    )
    created = await call(
        app,
        "registry",
        "network.create",
        {
            "name": f"Regionalworkshop {suffix}",
            "kind": "regional_institutions",
            "coordinating_organisation_id": member["id"],
            "member_organisation_ids": [member["id"]],
            "region_keys": ["14729"],
        },
    )
    return Network(uuid.UUID(created["id"]), created["name"], member, outsider)


# -- organisations ----------------------------------------------------------------------------------


async def test_organisations_are_filtered_by_network_type_and_region(app: FastAPI, network: Network) -> None:
    async with staff_client(app, Role.READ_ONLY) as client:
        by_network = await client.get("/registry/organisations", params={"network_id": str(network.id)})
        assert network.member["name"] in by_network.text
        assert network.outsider["name"] not in by_network.text
        suffix = network.name.rsplit(" ", 1)[1]
        by_type = await client.get("/registry/organisations", params={"name": suffix, "type": "jobcenter"})
        assert network.outsider["name"] in by_type.text
        assert network.member["name"] not in by_type.text
        by_region = await client.get(
            "/registry/organisations", params={"name": suffix, "region": "Leipzig (Landkreis)"}
        )
        assert network.member["name"] in by_region.text
        assert network.outsider["name"] not in by_region.text
        by_region_key = await client.get(
            "/registry/organisations", params={"name": suffix, "region_key": "14729"}
        )
        assert network.member["name"] in by_region_key.text


async def test_the_organisation_filter_takes_every_field_left_empty(app: FastAPI, network: Network) -> None:
    """The filter form sends every field, "–" as an empty network: a page with the list, never raw JSON."""
    async with staff_client(app, Role.READ_ONLY) as client:
        empty = {"name": network.member["name"], "type": "", "region": "", "network_id": ""}
        page = await client.get("/registry/organisations", params=empty)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert network.member["name"] in page.text
        edited = await client.get("/registry/organisations", params={"page": "minus eins"})
        assert edited.status_code == 422
        assert edited.headers["content-type"].startswith("text/html")
        assert "Bitte eine ganze Zahl eingeben." in edited.text


async def test_organisations_and_people_are_sorted_by_a_column_and_paged_by_the_registry(
    app: FastAPI,
) -> None:
    """Column headers sort (the registry orders the whole list, not one page), page numbers and a
    page size keep the filter; an organisation of twelve lands on the second page of ten."""
    suffix = tag()
    for letter in "ABCDEFGHIJKL":
        body = {
            "name": f"{letter} Beratung {suffix}",
            "type": "migration_counselling",
            "region_keys": ["14713"],
        }
        organisation = await call(app, "registry", "organisation.create", body)
    for given in ("Anna", "Zora"):
        person = {"given_name": given, "family_name": f"Sortierprobe {suffix}"}
        await call(
            app,
            "registry",
            "person.create",
            person | {"memberships": [{"organisation_id": organisation["id"]}]},
        )
    async with staff_client(app, Role.READ_ONLY) as client:
        first = await client.get(
            "/registry/organisations", params={"name": suffix, "size": "10", "dir": "desc"}
        )
        assert first.status_code == 200
        names = re.findall(rf">([A-L]) Beratung {suffix}<", first.text)
        assert names == list("LKJIHGFEDC")
        assert 'aria-sort="descending"' in first.text
        second = re.search(r'href="([^"]*page=2[^"]*)"', first.text)
        assert second is not None
        page_two = await client.get(html.unescape(second.group(1)))
        assert re.findall(rf">([A-L]) Beratung {suffix}<", page_two.text) == ["B", "A"]
        people = await client.get(
            "/registry/people", params={"name": f"Sortierprobe {suffix}", "sort": "given_name", "dir": "desc"}
        )
        assert people.text.index("<td>Zora</td>") < people.text.index("<td>Anna</td>")
        unknown = await client.get(
            "/registry/people", params={"name": suffix, "sort": "email; drop", "size": "7"}
        )
        assert unknown.status_code == 200  # an order or size the list does not offer: the default


async def test_the_organisation_page_shows_its_networks_and_offers_no_changes_to_read_only(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.READ_ONLY) as client:
        page = await client.get(f"/registry/organisations/{network.member['id']}")
        assert page.status_code == 200
        assert network.name in page.text
        assert "/edit" not in page.text
        assert "Version" not in page.text  # the record's revision counter means nothing to readers
        assert (await client.get(f"/registry/organisations/{network.member['id']}/edit")).status_code == 403


async def test_the_registry_navigation_offers_the_import_only_to_those_who_may_import(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.READ_ONLY) as reader:
        page = await reader.get("/registry/organisations")
        assert page.status_code == 200
        assert 'href="/registry/people"' in page.text
        assert 'href="/registry/import"' not in page.text  # it would only answer "Keine Berechtigung"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as coordinator:
        page = await coordinator.get("/registry/organisations")
        assert 'href="/registry/import"' in page.text


async def test_an_address_without_a_street_reads_without_a_leading_comma(
    app: FastAPI, network: Network
) -> None:
    created = await call(
        app,
        "registry",
        "organisation.create",
        {
            "name": f"Welcome Center Muldental {tag()}",
            "type": "other",
            "region_keys": ["14729"],
            "address": {"postal_code": "04668", "city": "Grimma"},
        },
    )
    async with staff_client(app, Role.READ_ONLY) as reader:
        page = await reader.get(f"/registry/organisations/{created['id']}")
        assert re.search(r'<dd translate="no">\s*04668 Grimma</dd>', page.text), page.text
        assert ", 04668" not in page.text


async def test_a_coordinator_edits_an_organisation_of_their_network_but_not_one_outside(
    app: FastAPI, network: Network
) -> None:
    member, outsider = network.member, network.outsider
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        edited = await post_form(
            client,
            f"/registry/organisations/{member['id']}/edit",
            f"/registry/organisations/{member['id']}/edit",
            {
                "name": member["name"] + " e. V.",
                "type": "adult_education_centre",
                "region_keys": "14729",
                "street": "Beispielweg 1",
                "postal_code": "04668",
                "city": "Grimma",
                "contact_channels": "phone: +49 3437 555 0100 | Empfang\nwebsite: https://vhs.example.org",
                "version": str(member["version"]),
            },
        )
        assert edited.status_code == 303, edited.text
        page = await client.get(edited.headers["location"])
        assert member["name"] + " e. V." in page.text
        assert "https://vhs.example.org" in page.text
        assert "Empfang" in page.text

        assert (await client.get(f"/registry/organisations/{outsider['id']}/edit")).status_code == 403
        refused = await post_form(
            client,
            f"/registry/organisations/{member['id']}",
            f"/registry/organisations/{outsider['id']}/archive",
            {},
        )
        assert refused.status_code == 403
        assert "Keine Berechtigung" in refused.text
    unchanged = await call(app, "registry", "organisation.get", {"organisation_id": outsider["id"]})
    assert unchanged["archived"] is False


async def test_an_admin_archives_any_organisation(app: FastAPI, network: Network) -> None:
    outsider = network.outsider
    async with staff_client(app, Role.ADMIN) as client:
        asked = await post_form(
            client,
            f"/registry/organisations/{outsider['id']}",
            f"/registry/organisations/{outsider['id']}/archive",
            {},
        )
        assert asked.status_code == 200
        assert f"Organisation „{outsider['name']}“ wirklich archivieren?" in asked.text
        assert (await call(app, "registry", "organisation.get", {"organisation_id": outsider["id"]}))[
            "archived"
        ] is False
        archived = await post_form(
            client,
            f"/registry/organisations/{outsider['id']}",
            f"/registry/organisations/{outsider['id']}/archive",
            {"confirmed": "yes"},
        )
        assert archived.status_code == 303
        page = await client.get(archived.headers["location"])
        assert "archiviert" in page.text


async def test_a_coordinator_creates_an_organisation_in_their_network_and_then_edits_and_archives_it(
    app: FastAPI, network: Network
) -> None:
    name = f"Migrationsberatung Görlitz {tag()}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = await client.get("/registry/organisations/new")
        # Their only network is chosen already.
        assert chosen_option(form.text, "network_id") == str(network.id)
        assert f'<option value="{network.id}" selected>{network.name}</option>' in form.text
        created = await client.post(
            "/registry/organisations/new",
            data={
                "name": name,
                "type": "migration_counselling",
                "region_keys": "Görlitz",
                "network_id": chosen_option(form.text, "network_id"),
                "csrf_token": csrf_token_in(form.text),
            },
        )
        assert created.status_code == 303, created.text
        page = await client.get(created.headers["location"])
        assert name in page.text
        assert network.name in page.text
        organisation_id = created.headers["location"].split("/")[-1].split("?")[0]
        assert f'href="/registry/organisations/{organisation_id}/edit"' in page.text
        assert f'action="/registry/organisations/{organisation_id}/archive"' in page.text
        assert (await client.get(f"/registry/organisations/{organisation_id}/edit")).status_code == 200


async def test_the_contact_line_hint_names_the_kinds_in_german_as_the_form_writes_them_back(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = await client.get("/registry/organisations/new")
        hint = re.search(r'<p class="hint" id="channels-hint">([^<]*)</p>', form.text)
        assert hint is not None
        example = re.search(r"„([^“]*)“", html.unescape(hint.group(1)))
        assert example is not None
        assert example.group(1).startswith("Telefon: ")
        assert "Arten: E-Mail, Telefon, Fax, Website." in html.unescape(hint.group(1))
        for english in ("phone", "email", "website"):
            assert english not in hint.group(1)
        # The example is a line the form takes as it stands.
        created = await post_form(
            client,
            "/registry/organisations/new",
            "/registry/organisations/new",
            {
                "name": f"Beratungszentrum Muldental {tag()}",
                "type": "non_profit_provider",
                "region_keys": "Görlitz",
                "network_id": str(network.id),
                "contact_channels": example.group(1),
            },
        )
        assert created.status_code == 303, created.text


async def test_a_coordinator_must_choose_one_of_their_networks_for_a_new_organisation(
    app: FastAPI, network: Network
) -> None:
    name = f"Volkshochschule Oberlausitz {tag()}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        refused = await post_form(
            client,
            "/registry/organisations/new",
            "/registry/organisations/new",
            {"name": name, "type": "adult_education_centre", "region_keys": "Görlitz", "network_id": ""},
        )
        assert refused.status_code == 403
        assert field_error(refused.text, "network_id") == "Bitte eines Ihrer Netzwerke wählen."
        assert f'value="{name}"' in refused.text
    assert (await call(app, "registry", "organisation.list", {"name": name}))["total"] == 0


async def test_a_refused_organisation_edit_names_each_wrong_field_and_keeps_the_input(
    app: FastAPI, network: Network
) -> None:
    member = network.member
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = f"/registry/organisations/{member['id']}/edit"
        bad_line = await post_form(
            client,
            form,
            form,
            {"name": member["name"], "type": "adult_education_centre", "contact_channels": "pager 123"},
        )
        assert bad_line.status_code == 422
        assert "pager 123" in field_error(bad_line.text, "contact_channels")
        refused = await post_form(
            client, form, form, {"name": member["name"], "type": "castle", "region_keys": "99999"}
        )
        assert refused.status_code == 422
        for field in ("type", "region_keys"):
            assert field_error(refused.text, field), field
        assert field_error(refused.text, "region_keys") == "Diese Kreise kennen wir nicht: 99999"
        too_short = await post_form(client, form, form, {"name": "X", "type": "adult_education_centre"})
        assert too_short.status_code == 422
        assert field_error(too_short.text, "name")


async def test_an_unreadable_contact_line_is_named_together_with_the_registrys_refusals(
    app: FastAPI, network: Network
) -> None:
    """One sending names every problem of the organisation form: the contact line the page cannot
    read, the unknown district and the registry's own refusals; nothing is saved."""
    street = f"Postplatz {tag()}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        refused = await post_form(
            client,
            "/registry/organisations/new",
            "/registry/organisations/new",
            {
                "name": "",
                "type": "migration_counselling",
                "region_keys": "Görlitz, Atlantis",
                "street": street,
                "contact_channels": "Telefon 03581 123456\nE-Mail: mbe@example.org",
                "network_id": str(network.id),
            },
        )
        assert refused.status_code == 422
        assert field_error(refused.text, "contact_channels") == (
            "Diese Zeilen haben nicht die Form „Art: Wert“ mit einer bekannten Art: 1: „Telefon 03581 123456“"
        )
        assert field_error(refused.text, "name") == "Bitte mindestens 2 Zeichen eingeben."
        assert field_error(refused.text, "region_keys") == "Diese Kreise kennen wir nicht: Atlantis"
        assert f'value="{street}"' in refused.text
        member = network.member
        form = f"/registry/organisations/{member['id']}/edit"
        bad_line = {"name": "X", "type": "adult_education_centre", "contact_channels": "pager 123"}
        edited = await post_form(client, form, form, bad_line)
        assert edited.status_code == 422
        assert "pager 123" in field_error(edited.text, "contact_channels")
        assert field_error(edited.text, "name") == "Bitte mindestens 2 Zeichen eingeben."
    found = await call(app, "registry", "organisation.list", {"network_id": str(network.id), "limit": 200})
    assert all((item.get("address") or {}).get("street") != street for item in found["items"])
    unchanged = await call(app, "registry", "organisation.get", {"organisation_id": str(member["id"])})
    assert unchanged["name"] == member["name"]


async def test_the_organisation_form_names_a_too_short_name_with_the_registrys_field_checks(
    app: FastAPI, network: Network
) -> None:
    """A too short name together with a wrong postal code and e-mail address: one sending shows
    each at its field in German, keeps the input and saves nothing."""
    street = f"Postplatz {tag()}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        values = {
            "name": "X",
            "type": "migration_counselling",
            "region_keys": "Görlitz",
            "street": street,
            "postal_code": "2826",
            "contact_channels": "E-Mail: mbe-at-example.org",
            "network_id": str(network.id),
        }
        new = "/registry/organisations/new"
        refused = await post_form(client, new, new, values)
        assert refused.status_code == 422
        assert field_error(refused.text, "name") == "Bitte mindestens 2 Zeichen eingeben."
        assert field_error(refused.text, "address") == "Bitte eine fünfstellige Postleitzahl eingeben."
        assert field_error(refused.text, "contact_channels") == "Bitte eine gültige E-Mail-Adresse eingeben."
        assert f'value="{street}"' in refused.text
        form = f"/registry/organisations/{network.member['id']}/edit"
        edited = await post_form(client, form, form, values)
        assert edited.status_code == 422
        assert field_error(edited.text, "address") == "Bitte eine fünfstellige Postleitzahl eingeben."
    found = await call(app, "registry", "organisation.list", {"network_id": str(network.id), "limit": 200})
    assert all((item.get("address") or {}).get("street") != street for item in found["items"])


async def test_a_stale_edit_is_refused_as_a_conflict_and_saved_again_on_purpose(
    app: FastAPI, network: Network
) -> None:
    """Refused with the input kept and the fields named that differ from what is stored now; the
    form then carries the version stored now, so a second save replaces it knowingly."""
    member = network.member
    changed = await call(
        app,
        "registry",
        "organisation.update",
        {"organisation_id": member["id"], "name": member["name"] + " 2"},
    )
    typed = {
        "name": member["name"] + " 3",
        "type": changed["type"],
        "region_keys": "Leipzig",
        "version": str(member["version"]),
    }
    async with staff_client(app, Role.ADMIN) as client:
        form = f"/registry/organisations/{member['id']}/edit"
        stale = await post_form(client, form, form, typed)
        notice = stale_notice(stale, changed["version"])
        assert "weichen ab: Name" in notice
        assert f'value="{typed["name"]}"' in html.unescape(stale.text)
        current = await call(app, "registry", "organisation.get", {"organisation_id": member["id"]})
        assert current["name"] == member["name"] + " 2"
        again = await client.post(
            form, data=typed | {"version": str(changed["version"]), "csrf_token": csrf_token_in(stale.text)}
        )
        assert again.status_code == 303, again.text
    saved = await call(app, "registry", "organisation.get", {"organisation_id": member["id"]})
    assert saved["name"] == typed["name"]


# -- people -----------------------------------------------------------------------------------------


def person_form(**values: str) -> dict[str, str]:
    return {
        "given_name": "Mara",
        "family_name": f"Beispiel-{tag()}",
        "form_of_address": "ms",
        "emails": f"mara.{tag()}@example.org",
        "phone": "+49 341 555 0199",
        "language": "de",
        "function": "Integrationsberatung",
        "consent_network_event_contact": "on",
        **values,
    }


async def test_a_coordinator_creates_a_person_with_a_membership_in_their_network(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = person_form(organisation_id=network.member["id"])
        created = await post_form(client, "/registry/people/new", "/registry/people/new", form)
        assert created.status_code == 303, created.text
        page = await client.get(created.headers["location"])
        assert form["family_name"] in page.text
        assert network.member["name"] in page.text
        assert "Integrationsberatung" in page.text
        assert "Einladungen zu Netzwerkveranstaltungen" in page.text
        listed = await client.get("/registry/people", params={"name": form["family_name"]})
        assert form["family_name"] in listed.text


async def test_an_e_mail_address_of_someone_already_registered_is_named_as_such(
    app: FastAPI, network: Network
) -> None:
    known = await new_person(app, network)
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = person_form(organisation_id=network.member["id"]) | {"emails": known["emails"][0]}
        refused = await post_form(client, "/registry/people/new", "/registry/people/new", form)
        assert refused.status_code == 409
        assert field_error(refused.text, "emails") == (
            "Diese E-Mail-Adresse gehört schon zu einer anderen Person im Register."
        )
        address = f"neu-{tag()}@example.org"
        twice = form | {"emails": f"{address}\n{address.upper()}"}
        repeated = await post_form(client, "/registry/people/new", "/registry/people/new", twice)
        assert field_error(repeated.text, "emails") == "Dieser Eintrag ist doppelt."  # typed twice


async def test_a_coordinator_may_not_place_a_person_outside_their_networks(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = person_form(organisation_id=network.outsider["id"])
        refused = await post_form(client, "/registry/people/new", "/registry/people/new", form)
        assert refused.status_code == 403
        without = await post_form(client, "/registry/people/new", "/registry/people/new", person_form())
        assert without.status_code == 422
        assert field_error(without.text, "organisation_id")
    found = await call(app, "registry", "person.list", {"name": form["family_name"]})
    assert found["total"] == 0


async def test_a_refused_person_form_names_the_fields(app: FastAPI, network: Network) -> None:
    async with staff_client(app, Role.ADMIN) as client:
        form = person_form(emails="keine-adresse", organisation_id="")
        refused = await post_form(client, "/registry/people/new", "/registry/people/new", form)
        assert refused.status_code == 422
        assert field_error(refused.text, "emails")
        assert "keine-adresse" in refused.text
        nameless = await post_form(
            client, "/registry/people/new", "/registry/people/new", person_form(given_name="")
        )
        assert nameless.status_code == 422
        assert field_error(nameless.text, "given_name")


async def test_the_person_form_names_every_problem_at_its_field_in_one_answer(
    app: FastAPI, network: Network
) -> None:
    """An empty name together with a wrong e-mail address and phone number: one sending shows each
    at its field in German, keeps the input and saves nothing; so does the edit form."""
    async with staff_client(app, Role.ADMIN) as client:
        form = person_form(given_name="", emails="keine-adresse", phone="0341 12", organisation_id="")
        refused = await post_form(client, "/registry/people/new", "/registry/people/new", form)
        assert refused.status_code == 422
        assert field_error(refused.text, "given_name") == "Bitte füllen Sie dieses Feld aus."
        assert field_error(refused.text, "emails") == "Bitte eine gültige E-Mail-Adresse eingeben."
        assert field_error(refused.text, "phone") == (
            "Bitte eine Telefonnummer mit Vorwahl eingeben, z. B. 0345 1234567."
        )
        assert "keine-adresse" in refused.text
        assert 'value="0341 12"' in refused.text
        person = await new_person(app, network)
        page = f"/registry/people/{person['id']}"
        edit = {"given_name": "Jona", "family_name": "", "emails": "m@", "phone": "abc", "version": "1"}
        edited = await post_form(client, page, f"{page}/edit", edit)
        assert edited.status_code == 422
        assert field_error(edited.text, "family_name") == "Bitte füllen Sie dieses Feld aus."
        assert field_error(edited.text, "emails") == "Bitte eine gültige E-Mail-Adresse eingeben."
        assert field_error(edited.text, "phone") == (
            "Bitte eine Telefonnummer mit Vorwahl eingeben, z. B. 0345 1234567."
        )
    found = await call(app, "registry", "person.list", {"name": form["family_name"]})
    assert found["total"] == 0
    unchanged = await call(app, "registry", "person.get", {"person_id": person["id"]})
    assert (unchanged["family_name"], unchanged["version"]) == (person["family_name"], 1)


async def test_a_coordinator_who_left_out_the_organisation_learns_every_other_problem_at_once(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = person_form(emails="keine-adresse", phone="0341 12", organisation_id="")
        refused = await post_form(client, "/registry/people/new", "/registry/people/new", form)
    assert refused.status_code == 422
    assert (
        field_error(refused.text, "organisation_id") == "Bitte wählen Sie eine Organisation Ihrer Netzwerke."
    )
    assert field_error(refused.text, "emails") == "Bitte eine gültige E-Mail-Adresse eingeben."
    assert (
        field_error(refused.text, "phone")
        == "Bitte eine Telefonnummer mit Vorwahl eingeben, z. B. 0345 1234567."
    )
    found = await call(app, "registry", "person.list", {"name": form["family_name"]})
    assert found["total"] == 0


async def test_membership_dates_are_taken_as_written_in_german(app: FastAPI, network: Network) -> None:
    async with staff_client(app, Role.ADMIN) as client:
        form = person_form(organisation_id=network.member["id"], start_date="01.09.2024")
        created = await post_form(client, "/registry/people/new", "/registry/people/new", form)
        assert created.status_code == 303, field_error(created.text, "start_date")
        page = created.headers["location"].split("?")[0]
        added = await post_form(
            client,
            page,
            f"{page}/memberships",
            {"organisation_id": network.outsider["id"], "start_date": "1.2.25"},
        )
        assert added.status_code == 303, field_error(added.text, "start_date")
        wrong = await post_form(
            client,
            "/registry/people/new",
            "/registry/people/new",
            person_form(organisation_id=network.member["id"], start_date="31.02.2024"),
        )
        assert wrong.status_code == 422
        assert "Datum" in field_error(wrong.text, "start_date")
        assert 'value="31.02.2024"' in wrong.text
        shown = await client.get(page)
        assert "01.09.2024 –" in shown.text  # the dates as read in German
        assert "<dd>Deutsch</dd>" in shown.text  # the person's language in words, not "de"
        edit_form = await client.get(f"{page}/edit")
        assert ">Englisch</option>" in edit_form.text
        assert ">en</option>" not in edit_form.text
    person = await call(app, "registry", "person.get", {"person_id": page.rsplit("/", 1)[1]})
    starts = {item["organisation_id"]: item["start_date"] for item in person["memberships"]}
    assert starts == {network.member["id"]: "2024-09-01", network.outsider["id"]: "2025-02-01"}


async def new_person(app: FastAPI, network: Network) -> dict[str, Any]:
    person: dict[str, Any] = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Jona",
            "family_name": f"Muster-{tag()}",
            "emails": [f"jona.{tag()}@example.org"],
            "memberships": [{"organisation_id": network.member["id"], "function": "Leitung"}],
        },
    )
    return person


async def test_memberships_are_added_and_ended_on_the_person_page(app: FastAPI, network: Network) -> None:
    person = await new_person(app, network)
    page = f"/registry/people/{person['id']}"
    async with staff_client(app, Role.ADMIN) as client:
        added = await post_form(
            client,
            page,
            f"{page}/memberships",
            {"organisation_id": network.outsider["id"], "function": "Beratung", "decision_maker": "on"},
        )
        assert added.status_code == 303, added.text
        end = f"{page}/memberships/{network.member['id']}/end"
        asked = await post_form(client, page, end, {})
        assert asked.status_code == 200
        assert f"bei {network.member['name']} wirklich beenden?" in asked.text
        ended = await post_form(client, page, end, {"confirmed": "yes"})
        assert ended.status_code == 303
    current = await call(app, "registry", "person.get", {"person_id": person["id"]})
    by_organisation = {item["organisation_id"]: item for item in current["memberships"]}
    assert by_organisation[network.outsider["id"]]["decision_maker"] is True
    assert by_organisation[network.member["id"]]["end_date"] is not None


async def test_a_membership_ends_on_the_day_given_in_german_and_not_before_it_began(
    app: FastAPI, network: Network
) -> None:
    """ "Beenden" has an end date field (left empty: today); an end before the membership's start is
    refused at the field of its row, keeping what was typed, and nothing ends."""
    person: dict[str, Any] = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Jona",
            "family_name": f"Muster-{tag()}",
            "emails": [f"jona.{tag()}@example.org"],
            "memberships": [{"organisation_id": network.member["id"], "start_date": "2024-03-01"}],
        },
    )
    page = f"/registry/people/{person['id']}"
    end = f"{page}/memberships/{network.member['id']}/end"
    async with staff_client(app, Role.ADMIN) as client:
        shown = await client.get(page)
        assert f'<label for="end_date-{network.member["id"]}">Ende</label>' in shown.text
        assert "Leer lassen: heute" in shown.text
        asked = await post_form(client, page, end, {"end_date": "28.02.2024"})
        assert asked.status_code == 200
        assert 'name="end_date" value="2024-02-28"' in asked.text  # carried to "Ja"
        assert "Sie endet am 28.02.2024 und bleibt" in asked.text
        early = await post_form(client, page, end, {"end_date": "28.02.2024", "confirmed": "yes"})
        assert early.status_code == 422
        assert field_error(early.text, "end_date") == "Das Ende muss nach dem Beginn liegen."
        assert 'value="2024-02-28"' in early.text
        assert 'aria-invalid="true"' in early.text
        wrong = await post_form(client, page, end, {"end_date": "31.02.2025"})  # not asked about
        assert wrong.status_code == 422
        assert "Datum" in field_error(wrong.text, "end_date")
        assert 'value="31.02.2025"' in wrong.text
        current = await call(app, "registry", "person.get", {"person_id": person["id"]})
        assert current["memberships"][0]["end_date"] is None
        ended = await post_form(client, page, end, {"end_date": "15.03.2025", "confirmed": "yes"})
        assert ended.status_code == 303
    current = await call(app, "registry", "person.get", {"person_id": person["id"]})
    assert current["memberships"][0]["end_date"] == "2025-03-15"


def membership_field_names(form_html: str) -> list[str]:
    """The names of a membership form's fields, in the order shown (the form token left out)."""
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', form_html)
    return [name for name in names if name != "csrf_token"]


async def test_a_further_membership_is_added_with_the_same_fields_and_checks_as_the_first(
    app: FastAPI, network: Network
) -> None:
    """The person page's form for a further membership asks what the new-person form asks for the
    first one (organisation, function, since when, decision-maker), and a refused one comes back
    like the first: the problem at its field, everything typed kept."""
    person = await new_person(app, network)
    page = f"/registry/people/{person['id']}"
    async with staff_client(app, Role.ADMIN) as client:
        new_form = (await client.get("/registry/people/new")).text
        first = re.search(r"<fieldset>\s*<legend>Mitgliedschaft</legend>(.*?)</fieldset>", new_form, re.S)
        further = re.search(
            rf'<form method="post" action="{page}/memberships"[^>]*>(.*?)</form>',
            (await client.get(page)).text,
            re.S,
        )
        assert first is not None
        assert further is not None
        assert membership_field_names(further.group(1)) == membership_field_names(first.group(1))
        assert membership_field_names(first.group(1)) == [
            "organisation_id",
            "function",
            "start_date",
            "decision_maker",
        ]
        typed = {"function": "Beratung", "start_date": "31.02.2025", "decision_maker": "on"}
        refused_first = await post_form(
            client,
            "/registry/people/new",
            "/registry/people/new",
            person_form(organisation_id=network.outsider["id"], **typed),
        )
        refused_further = await post_form(
            client, page, f"{page}/memberships", {"organisation_id": network.outsider["id"], **typed}
        )
        for refused in (refused_first, refused_further):
            assert refused.status_code == 422
            assert "Datum" in field_error(refused.text, "start_date")
            assert 'id="start_date" name="start_date" type="date" value="31.02.2025"' in refused.text
            assert 'name="function" value="Beratung"' in refused.text
            assert re.search(r'<input type="checkbox" id="decision_maker"[^>]* checked>', refused.text)
            assert f'<option value="{network.outsider["id"]}" selected>' in refused.text
    kept = await call(app, "registry", "person.get", {"person_id": person["id"]})
    assert [item["organisation_id"] for item in kept["memberships"]] == [network.member["id"]]


async def test_the_person_export_is_a_json_download_of_everything_held(
    app: FastAPI, network: Network
) -> None:
    person = await new_person(app, network)
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        download = await client.get(f"/registry/people/{person['id']}/export.json")
        assert download.status_code == 200
        assert "attachment" in download.headers["content-disposition"]
        # Named after whom it is about and the day, never by an id.
        family = re.sub(r"[^a-z0-9]+", "-", person["family_name"].lower()).strip("-")
        named = f"registerdaten-{person['given_name'].lower()}-{family}-{clock.today().isoformat()}.json"
        assert f'filename="{named}"' in download.headers["content-disposition"]
        assert person["id"] not in download.headers["content-disposition"]
        exported = json.loads(download.text)
        assert exported["person"]["family_name"] == person["family_name"]
    async with staff_client(app, Role.READ_ONLY) as client:
        assert (await client.get(f"/registry/people/{person['id']}/export.json")).status_code == 403


async def test_erasing_a_person_needs_the_name_typed_as_confirmation(app: FastAPI, network: Network) -> None:
    person = await new_person(app, network)
    page = f"/registry/people/{person['id']}/erase"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        wrong = await post_form(client, page, page, {"confirm_name": "Jemand anderes"})
        assert wrong.status_code == 422
        assert field_error(wrong.text, "confirm_name")
        assert (await call(app, "registry", "person.get", {"person_id": person["id"]}))["id"] == person["id"]
        erased = await post_form(client, page, page, {"confirm_name": f"Jona {person['family_name']}"})
        assert erased.status_code == 200
        assert "Person gelöscht" in erased.text
        gone = await client.get(f"/registry/people/{person['id']}")
        assert gone.status_code == 404


async def test_erasing_a_person_on_the_page_forgets_the_answers_kept_for_retries_about_them(
    app: FastAPI,
) -> None:
    _, token = await issue_api_token(app.state.database, f"tests-{tag()}", Role.ADMIN)
    family_name = f"Brinkhaus-{tag()}"
    body = {"given_name": "Jona", "family_name": family_name, "form_of_address": "mr"}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    async with browser_for(app) as api:
        api.headers["Authorization"] = f"Bearer {token}"
        created = await api.post("/api/people", json=body, headers=key)
        assert created.status_code == 201, created.text
        page = f"/registry/people/{created.json()['id']}/erase"
        async with staff_client(app, Role.ADMIN) as client:
            erased = await post_form(client, page, page, {"confirm_name": f"Jona {family_name}"})
            assert erased.status_code == 200, erased.text

        retried = await api.post("/api/people", json=body, headers=key)
        assert retried.status_code == 410
        assert retried.json()["error"]["details"][0]["code"] == "idempotency_answer_erased"
        assert family_name not in retried.text


async def test_a_confirmation_that_does_not_match_says_so_in_german_and_surrounding_spaces_are_ignored(
    app: FastAPI, network: Network
) -> None:
    person = await new_person(app, network)
    name = f"Jona {person['family_name']}"
    page = f"/registry/people/{person['id']}/erase"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        wrong = await post_form(client, page, page, {"confirm_name": " Jona Anders "})
        assert wrong.status_code == 422
        assert field_error(wrong.text, "confirm_name") == (
            f"„Jona Anders“ ist nicht der Name dieser Person ({name}). Bitte geben Sie Vor- und Nachnamen "
            "so ein, wie sie in der Überschrift stehen. Es wurde nichts gelöscht."
        )
        assert 'value="Jona Anders"' in wrong.text
        empty = await post_form(client, page, page, {"confirm_name": "  "})
        assert empty.status_code == 422
        assert field_error(empty.text, "confirm_name") == (
            f"Bitte geben Sie zur Bestätigung den Namen „{name}“ ein. Es wurde nichts gelöscht."
        )
        client.cookies.set("nw_lang", "en")
        english = await post_form(client, page, page, {"confirm_name": "Jona Anders"})
        said = html.unescape(field_error(english.text, "confirm_name"))
        assert said.startswith("“Jona Anders” is not this person's name")
        client.cookies.set("nw_lang", "de")
        assert (await call(app, "registry", "person.get", {"person_id": person["id"]}))["id"] == person["id"]
        erased = await post_form(
            client, page, page, {"confirm_name": f"  \u00a0jona  {person['family_name']}\t "}
        )
        assert erased.status_code == 200, erased.text
        assert "Person gelöscht" in erased.text


async def test_read_only_and_foreign_coordinators_may_not_erase(app: FastAPI, network: Network) -> None:
    person = await new_person(app, network)
    page = f"/registry/people/{person['id']}"
    async with staff_client(app, Role.READ_ONLY) as client:
        assert (await post_form(client, page, f"{page}/erase", {"confirm_name": "x"})).status_code == 403
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as client:
        assert (await client.get(f"{page}/erase")).status_code == 403
        edit = await post_form(client, page, f"{page}/edit", {"given_name": "Neu", "family_name": "Name"})
        assert edit.status_code == 403
    assert (await call(app, "registry", "person.get", {"person_id": person["id"]}))["given_name"] == "Jona"


async def test_a_person_shared_with_another_network_is_neither_erased_nor_taken_from_it(
    app: FastAPI, network: Network
) -> None:
    person = await new_person(app, network)
    await call(
        app,
        "registry",
        "person.membership.save",
        {"person_id": person["id"], "organisation_id": network.outsider["id"], "function": "Beratung"},
    )
    page = f"/registry/people/{person['id']}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        shown = await client.get(page)
        assert f"{page}/erase" not in shown.text
        assert f"{page}/memberships/{network.member['id']}/end" in shown.text
        assert f"{page}/memberships/{network.outsider['id']}/end" not in shown.text
        assert (await client.get(f"{page}/erase")).status_code == 403
        erase = await post_form(
            client, page, f"{page}/erase", {"confirm_name": f"Jona {person['family_name']}"}
        )
        end = await post_form(
            client, page, f"{page}/memberships/{network.outsider['id']}/end", {"confirmed": "yes"}
        )
    assert erase.status_code == 403
    assert "Löschen kann sie nur die Administration." in erase.text
    assert end.status_code == 403
    kept = await call(app, "registry", "person.get", {"person_id": person["id"]})
    assert all(item["end_date"] is None for item in kept["memberships"])


async def test_a_person_is_edited_with_their_consents(app: FastAPI, network: Network) -> None:
    person = await new_person(app, network)
    form = f"/registry/people/{person['id']}/edit"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        values = {
            "given_name": "Jona",
            "family_name": person["family_name"],
            "form_of_address": "neutral",
            "emails": person["emails"][0],
            "language": "en",
            "consent_contact_list_sharing": "on",
            "version": str(person["version"]),
        }
        saved = await post_form(client, form, form, values)
        assert saved.status_code == 303, saved.text
    current = await call(app, "registry", "person.get", {"person_id": person["id"]})
    assert current["language"] == "en"
    assert [consent["kind"] for consent in current["consents"]] == ["contact_list_sharing"]


async def test_a_person_changed_since_the_form_was_opened_names_what_differs_and_saves_on_purpose(
    app: FastAPI, network: Network
) -> None:
    person = await new_person(app, network)
    changed = await call(
        app, "registry", "person.update", {"person_id": person["id"], "phone": "+49 341 555 0123"}
    )
    form = f"/registry/people/{person['id']}/edit"
    typed = {
        "given_name": person["given_name"],
        "family_name": person["family_name"] + "-Lehmann",
        "form_of_address": person["form_of_address"],
        "emails": person["emails"][0],
        "language": person["language"],
        "version": str(person["version"]),
    }
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        stale = await post_form(client, form, form, typed)
        notice = stale_notice(stale, changed["version"])
        assert "weichen ab: Nachname, Telefon." in notice, notice
        again = await client.post(
            form, data=typed | {"version": str(changed["version"]), "csrf_token": csrf_token_in(stale.text)}
        )
        assert again.status_code == 303, again.text
    saved = await call(app, "registry", "person.get", {"person_id": person["id"]})
    assert (saved["family_name"], saved["phone"]) == (typed["family_name"], None)


async def test_phone_numbers_read_in_international_format_on_the_person_and_organisation_pages(
    app: FastAPI, network: Network
) -> None:
    """The registry holds phone and fax numbers in E.164 (+4930123456); the staff pages show them
    as people write them, the country and area code set apart (+49 30 123456), and so do the edit
    forms, whose numbers the registry takes back unchanged when the form is saved as it is."""
    organisation = await call(
        app,
        "registry",
        "organisation.update",
        {
            "organisation_id": network.member["id"],
            "contact_channels": [
                {"kind": "phone", "value": "0341 5550100", "label": "Empfang"},
                {"kind": "fax", "value": "0341 5550199"},
                {"kind": "email", "value": "empfang@vhs.example.org"},
            ],
        },
    )
    person = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Nora",
            "family_name": f"Telefon-{tag()}",
            "phone": "030 123456",
            "memberships": [{"organisation_id": network.member["id"]}],
        },
    )
    assert person["phone"] == "+4930123456"
    person_page = f"/registry/people/{person['id']}"
    organisation_page = f"/registry/organisations/{network.member['id']}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        shown_person = await client.get(person_page)
        shown_organisation = await client.get(organisation_page)
        person_form_page = await client.get(f"{person_page}/edit")
        organisation_form_page = await client.get(f"{organisation_page}/edit")
        assert "<dd>+49 30 123456</dd>" in shown_person.text
        assert '<dd translate="no">+49 341 5550100</dd>' in shown_organisation.text
        assert '<dd translate="no">+49 341 5550199</dd>' in shown_organisation.text
        assert '<dd translate="no">empfang@vhs.example.org</dd>' in shown_organisation.text
        assert 'name="phone" type="tel" value="+49 30 123456"' in person_form_page.text
        assert "Telefon: +49 341 5550100 | Empfang\nFax: +49 341 5550199" in html.unescape(
            organisation_form_page.text
        )
        for page in (shown_person, shown_organisation, person_form_page, organisation_form_page):
            assert "+4930123456" not in page.text
            assert "+493415550100" not in page.text
            assert "+493415550199" not in page.text
        contact_lines = re.search(
            r'<textarea id="contact_channels"[^>]*>([^<]*)</textarea>', organisation_form_page.text
        )
        assert contact_lines is not None
        saved_person = await post_form(
            client,
            f"{person_page}/edit",
            f"{person_page}/edit",
            {
                "given_name": "Nora",
                "family_name": person["family_name"],
                "form_of_address": "neutral",
                "phone": "+49 30 123456",
                "language": "de",
                "version": str(person["version"]),
            },
        )
        saved_organisation = await post_form(
            client,
            f"{organisation_page}/edit",
            f"{organisation_page}/edit",
            {
                "name": organisation["name"],
                "type": organisation["type"],
                "region_keys": "14729",
                "contact_channels": html.unescape(contact_lines.group(1)),
                "version": str(organisation["version"]),
            },
        )
        assert saved_person.status_code == 303, saved_person.text
        assert saved_organisation.status_code == 303, saved_organisation.text
    held_person = await call(app, "registry", "person.get", {"person_id": person["id"]})
    held_organisation = await call(
        app, "registry", "organisation.get", {"organisation_id": network.member["id"]}
    )
    assert held_person["phone"] == "+4930123456"
    assert [channel["value"] for channel in held_organisation["contact_channels"]] == [
        "+493415550100",
        "+493415550199",
        "empfang@vhs.example.org",
    ]


# -- networks, regions, responsibilities --------------------------------------------------------------


async def test_the_network_coordinator_adds_a_member_and_a_funded_sub_project(
    app: FastAPI, network: Network
) -> None:
    page = f"/registry/networks/{network.id}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        shown = await client.get(page)
        assert network.member["name"] in shown.text
        assert "Koordinierende Organisation" in shown.text
        added = await post_form(
            client, page, f"{page}/members", {"organisation_id": network.outsider["id"], "action": "add"}
        )
        assert added.status_code == 303
        too_short = await post_form(client, page, f"{page}/sub-projects", {"name": "X"})
        assert too_short.status_code == 422
        assert field_error(too_short.text, "sp-name") == ""
        assert field_error(too_short.text, "name")
        project = {
            "name": "Anerkennungsberatung Muldental",
            "organisation_id": network.member["id"],
            "programme": "Integration durch Qualifizierung (IQ)",
            "funders": "Bundesministerium für Arbeit und Soziales, Europäischer Sozialfonds Plus",
            "start_date": "01.01.2023",
            "end_date": "31.12.2028",
        }
        assert (await post_form(client, page, f"{page}/sub-projects", project)).status_code == 303
        shown = await client.get(page)
        assert network.outsider["name"] in shown.text
        assert "Europäischer Sozialfonds Plus" in shown.text
        assert "01.01.2023 – 31.12.2028" in shown.text
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as client:
        refused = await post_form(
            client, page, f"{page}/members", {"organisation_id": network.member["id"], "action": "remove"}
        )
        assert refused.status_code == 403
    current = await call(app, "registry", "network.get", {"network_id": str(network.id)})
    assert network.member["id"] in current["member_organisation_ids"]
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        removal = {"organisation_id": network.outsider["id"], "action": "remove"}
        asked = await post_form(client, page, f"{page}/members", removal)
        assert asked.status_code == 200
        assert (
            f"{network.outsider['name']} wirklich aus dem Netzwerk „{network.name}“ entfernen?" in asked.text
        )
        current = await call(app, "registry", "network.get", {"network_id": str(network.id)})
        assert network.outsider["id"] in current["member_organisation_ids"]
        removed = await post_form(client, page, f"{page}/members", removal | {"confirmed": "yes"})
        assert removed.status_code == 303
    current = await call(app, "registry", "network.get", {"network_id": str(network.id)})
    assert network.outsider["id"] not in current["member_organisation_ids"]


async def test_a_sub_project_submitted_twice_and_an_archived_member_are_refused_in_german(
    app: FastAPI, network: Network
) -> None:
    page = f"/registry/networks/{network.id}"
    archived = await call(
        app,
        "registry",
        "organisation.create",
        {"name": f"Alt {tag()}", "type": "jobcenter", "region_keys": ["14729"]},
    )
    await call(app, "registry", "organisation.archive", {"organisation_id": archived["id"]})
    project = {"name": "Anerkennungsberatung Muldental", "start_date": "01.01.2023", "end_date": "31.12.2028"}
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        assert (await post_form(client, page, f"{page}/sub-projects", project)).status_code == 303
        twice = await post_form(client, page, f"{page}/sub-projects", project)
        assert twice.status_code == 422
        assert field_error(twice.text, "name") == (
            "Dieses Teilprojekt hat das Netzwerk schon: gleicher Name, und die Förderzeiträume "
            "überschneiden sich."
        )
        joining = await post_form(
            client, page, f"{page}/members", {"organisation_id": archived["id"], "action": "add"}
        )
        assert joining.status_code == 422
        assert field_error(joining.text, "organisation_id") == (
            "Diese Organisation ist archiviert und kann nicht in das Netzwerk aufgenommen werden."
        )
    current = await call(app, "registry", "network.get", {"network_id": str(network.id)})
    assert len(current["sub_projects"]) == 1
    assert current["member_organisation_ids"] == [network.member["id"]]


async def test_regions_are_looked_up_by_key_or_name_and_custom_regions_are_checked(app: FastAPI) -> None:
    async with staff_client(app, Role.COORDINATOR) as client:
        by_key = await client.get("/registry/regions", params={"q": "14713"})
        assert "Leipzig" in by_key.text
        by_name = await client.get("/registry/regions", params={"q": "Halle"})
        assert "Halle (Saale)" in by_name.text
        refused = await post_form(
            client,
            "/registry/regions",
            "/registry/regions",
            {"name": f"Raum {tag()}", "district_keys": "99999"},
        )
        assert refused.status_code == 422
        assert field_error(refused.text, "district_keys")
        unknown_names = await post_form(
            client,
            "/registry/regions",
            "/registry/regions",
            {"name": f"Raum {tag()}", "district_keys": "Gibtsnicht, Leipzig, Auchnicht"},
        )
        assert unknown_names.status_code == 422
        assert (
            field_error(unknown_names.text, "district_keys")
            == "Diese Kreise kennen wir nicht: Gibtsnicht, Auchnicht"
        )
        name = f"Raum Leipzig {tag()}"
        created = await post_form(
            client, "/registry/regions", "/registry/regions", {"name": name, "district_keys": "14713, 14729"}
        )
        assert created.status_code == 303
        assert name in (await client.get(created.headers["location"])).text


async def test_responsibilities_are_assigned_with_contacts_and_gaps_are_marked(
    app: FastAPI, network: Network
) -> None:
    person = await new_person(app, network)
    label = f"Wohnungssuche {tag()}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        page = "/registry/responsibilities"
        topic = await post_form(
            client, page, "/registry/topics", {"label_de": label, "label_en": f"Finding housing {tag()}"}
        )
        assert topic.status_code == 303
        code = parse_qs(urlsplit(topic.headers["location"]).query)["topic"][0]
        assert code == label.lower().replace(" ", "_")
        bad_topic = await post_form(client, page, "/registry/topics", {"label_de": "a", "label_en": "b"})
        assert bad_topic.status_code == 422
        assert field_error(bad_topic.text, "label_de")
        assert field_error(bad_topic.text, "label_en")
        assigned = await post_form(
            client,
            page,
            page,
            {
                "topic": code,
                "organisation_id": network.member["id"],
                "region": "Leipzig (Landkreis)",
                "contact_person_id": person["id"],
            },
        )
        assert assigned.status_code == 303, assigned.text
        listed = await client.get(page, params={"topic": code})
        assert label in listed.text
        assert person["family_name"] in listed.text
        contact_link = f'href="/registry/people/{person["id"]}"'
        by_name = await client.get(page, params={"topic": code, "region": "Landkreis Leipzig"})
        assert contact_link in by_name.text
        assert 'value="Leipzig (Landkreis)"' in by_name.text
        elsewhere = await client.get(page, params={"topic": code, "region": "Görlitz"})
        assert contact_link not in elsewhere.text
        unknown = await client.get(page, params={"topic": code, "region": "Atlantis"})
        assert unknown.status_code == 422
        assert field_error(unknown.text, "filter_region").startswith("„Atlantis“ kennen wir nicht.")
        nowhere = await post_form(
            client,
            page,
            page,
            {"topic": code, "organisation_id": network.member["id"], "region": "Atlantis"},
        )
        assert nowhere.status_code == 422
        assert field_error(nowhere.text, "region").startswith("„Atlantis“ kennen wir nicht.")
        assert 'value="Atlantis"' in nowhere.text
        outside = await post_form(
            client,
            page,
            page,
            {"topic": code, "organisation_id": network.outsider["id"], "region": "Nordsachsen"},
        )
        assert outside.status_code == 403
    async with staff_client(app, Role.ADMIN) as client:
        gap = await post_form(
            client,
            page,
            page,
            {"topic": code, "organisation_id": network.outsider["id"], "region": "Nordsachsen"},
        )
        assert gap.status_code == 303
        listed = await client.get(page, params={"topic": code})
        assert "keine Ansprechperson" in listed.text
        duties = await call(app, "registry", "responsibility.list", {"topic": code})
        duty = next(row for row in duties["items"] if row["organisation_id"] == network.outsider["id"])
        remove = f"{page}/{duty['id']}/remove"
        asked = await post_form(client, page, remove, {"organisation_id": network.outsider["id"]})
        assert asked.status_code == 200
        assert (
            f"Zuständigkeit „{label}“ von {network.outsider['name']} für Nordsachsen wirklich entfernen?"
        ) in asked.text
        assert "Ja, entfernen" in asked.text
        assert len((await call(app, "registry", "responsibility.list", {"topic": code}))["items"]) == 2
        removed = await post_form(
            client, page, remove, {"organisation_id": network.outsider["id"], "confirmed": "yes"}
        )
        assert removed.status_code == 303
    assert len((await call(app, "registry", "responsibility.list", {"topic": code}))["items"]) == 1


async def test_entering_a_responsibility_that_exists_asks_before_replacing_its_contacts(
    app: FastAPI, network: Network
) -> None:
    contact, substitute = await new_person(app, network), await new_person(app, network)
    page = "/registry/responsibilities"
    form = {
        "topic": "recognition_of_qualifications",
        "organisation_id": network.member["id"],
        "region": "Görlitz",
    }
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        first = await post_form(
            client,
            page,
            page,
            form | {"contact_person_id": contact["id"], "substitute_person_id": substitute["id"]},
        )
        assert first.status_code == 303, first.text
        # The same topic, organisation and region again, without contacts: it would replace them.
        asked = await post_form(client, page, page, form)
        assert asked.status_code == 200
        assert "ersetzen?" in asked.text
        assert f"{contact['given_name']} {contact['family_name']}" in asked.text
        assert f"{substitute['given_name']} {substitute['family_name']}" in asked.text
        assert "Ja, ersetzen" in asked.text
        kept = await call(app, "registry", "responsibility.list", {"organisation_id": network.member["id"]})
        assert [(row["contact_person_id"], row["substitute_person_id"]) for row in kept["items"]] == [
            (contact["id"], substitute["id"])
        ]
        # The same contacts again change nothing and are not asked about.
        same = await post_form(
            client,
            page,
            page,
            form | {"contact_person_id": contact["id"], "substitute_person_id": substitute["id"]},
        )
        assert same.status_code == 303
        replaced = await post_form(client, page, page, form | {"confirmed": "yes"})
        assert replaced.status_code == 303
    after = await call(app, "registry", "responsibility.list", {"organisation_id": network.member["id"]})
    assert [(row["contact_person_id"], row["substitute_person_id"]) for row in after["items"]] == [
        (None, None)
    ]


async def test_a_contact_or_substitute_outside_the_responsible_organisation_is_named_in_german(
    app: FastAPI, network: Network
) -> None:
    member = await new_person(app, network)
    outsider = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Ole",
            "family_name": f"Draußen-{tag()}",
            "memberships": [{"organisation_id": network.outsider["id"]}],
        },
    )
    page = "/registry/responsibilities"
    form = {
        "topic": "residence_law",
        "organisation_id": network.member["id"],
        "region": "Leipzig (Landkreis)",
    }
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        refused = await post_form(
            client,
            page,
            page,
            form | {"contact_person_id": outsider["id"], "substitute_person_id": member["id"]},
        )
        assert refused.status_code == 422
        assert field_error(refused.text, "contact_person_id") == html.escape(
            "Die Ansprechperson muss derzeit Mitglied der zuständigen Organisation sein; "
            "diese Person ist es nicht."
        )
        assert field_error(refused.text, "substitute_person_id") == ""
        swapped = await post_form(
            client,
            page,
            page,
            form | {"contact_person_id": member["id"], "substitute_person_id": outsider["id"]},
        )
        assert swapped.status_code == 422
        assert field_error(swapped.text, "substitute_person_id").startswith(
            "Die Vertretung muss derzeit Mitglied der zuständigen Organisation sein"
        )
    listed = await call(app, "registry", "responsibility.list", {"organisation_id": network.member["id"]})
    assert listed["total"] == 0


# -- Schnittstellenpapier -----------------------------------------------------------------------------


async def test_a_network_paper_is_previewed_with_its_gaps_issued_listed_and_downloaded(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        preview = await client.get(
            "/registry/interface-papers/preview", params={"network_id": str(network.id)}
        )
        assert preview.status_code == 200
        assert "Vorschau" in preview.text
        assert network.member["name"] in preview.text
        assert 'class="gap"' in preview.text  # statutory institutions are missing from this network
        issued = await post_form(
            client,
            f"/registry/interface-papers/preview?network_id={network.id}",
            "/registry/interface-papers",
            {"network_id": str(network.id), "title": f"Schnittstellenpapier {network.name}"},
        )
        assert issued.status_code == 303, issued.text
        paper_page = issued.headers["location"].split("?")[0]
        shown = await client.get(issued.headers["location"])
        assert "Die Fassung wurde ausgestellt." in shown.text
        listed = await client.get("/registry/interface-papers")
        assert f"Schnittstellenpapier {network.name}" in listed.text
        for file_format, media_type in (
            ("csv", "text/csv"),
            ("html", "text/html"),
            ("xlsx", "spreadsheetml"),
        ):
            download = await client.get(f"{paper_page}/file.{file_format}")
            assert download.status_code == 200
            assert media_type in download.headers["content-type"]
            assert "attachment" in download.headers["content-disposition"]
        csv_text = (await client.get(f"{paper_page}/file.csv")).content.decode("utf-8-sig")
        assert csv_text.startswith("Art;Thema;Institution;Region;Regionsschlüssel;Ansprechperson")
        assert "Keine Regelinstitution vom Typ „Jobcenter“ erfasst" in csv_text
        html = (await client.get(f"{paper_page}/file.html")).text
        assert "<h2>Zuständigkeiten und Ansprechpersonen</h2>" in html
        assert "<td>Volkshochschule</td>" in html  # the organisation type in words
        assert "adult_education_centre" not in html
        assert "missing_institution_type" not in html
        # In English, read in the reader's language (the UI's, or ?language= on the JSON API).
        client.cookies.set("nw_lang", "en")
        english = (await client.get(f"{paper_page}/file.csv")).content.decode("utf-8-sig")
        assert english.startswith("Type;Topic;Institution;Region;Region key;Contact person")
        assert "No statutory institution of the type “Jobcenter” recorded" in english
        assert "Statutory institution" in (await client.get(f"{paper_page}/file.html")).text
        client.cookies.set("nw_lang", "de")
        api_file = f"/api/interface-papers/{paper_page.rsplit('/', 1)[1]}/file"
        printable = await client.get(f"{api_file}.html", params={"language": "en"})
        assert printable.status_code == 200
        assert printable.headers["content-disposition"].startswith("inline")
        assert "<h2>Responsibilities and contact persons</h2>" in printable.text
        sheet = await client.get(f"{api_file}.xlsx")
        assert sheet.headers["content-type"].startswith(tabular.XLSX_MEDIA_TYPE)
        sheets = load_workbook(io.BytesIO(sheet.content)).sheetnames
        assert sheets == ["Zuständigkeiten", "Institutionen", "Lücken"]


async def test_the_issue_form_sent_twice_issues_one_paper_and_both_sendings_lead_to_it(
    app: FastAPI, network: Network
) -> None:
    """The form carries the paper's id, chosen when the preview is shown: a double click or a
    reload sends the same id, and the registry issues the paper once for it."""
    preview_page = f"/registry/interface-papers/preview?network_id={network.id}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        preview = await client.get(preview_page)
        paper_id = hidden_id_in(preview.text)
        form = {
            "id": paper_id,
            "network_id": str(network.id),
            "title": f"Schnittstellenpapier {network.name}",
            "csrf_token": csrf_token_in(preview.text),
        }
        first = await client.post("/registry/interface-papers", data=form)
        second = await client.post("/registry/interface-papers", data=form)
        assert first.status_code == second.status_code == 303, second.text
        assert first.headers["location"] == second.headers["location"]
        assert first.headers["location"] == f"/registry/interface-papers/{paper_id}?issued=1"
        shown = await client.get(second.headers["location"])
        assert "Die Fassung wurde ausgestellt." in shown.text
        another = hidden_id_in((await client.get(preview_page)).text)
        assert another != paper_id  # the next preview is the form of the next paper
    listed = await call(app, "registry", "interface_paper.list", {"network_id": str(network.id)})
    assert [(item["id"], item["version"]) for item in listed["items"]] == [(paper_id, 1)]


async def test_the_papers_phone_numbers_read_in_international_format(app: FastAPI, network: Network) -> None:
    """The registry holds numbers in E.164; the paper's page and its printable file show them
    readably, the country and area code set apart."""
    await call(
        app,
        "registry",
        "organisation.update",
        {
            "organisation_id": network.member["id"],
            "contact_channels": [{"kind": "phone", "value": "0341 5550100"}],
        },
    )
    person = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Nora",
            "family_name": f"Telefon-{tag()}",
            "phone": "030 123456",
            "consents": ["contact_list_sharing"],
            "memberships": [{"organisation_id": network.member["id"]}],
        },
    )
    assert person["phone"] == "+4930123456"
    await call(
        app,
        "registry",
        "responsibility.assign",
        {
            "topic": "integration_courses",
            "organisation_id": network.member["id"],
            "region_key": "14729",
            "contact_person_id": person["id"],
        },
    )
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        preview = await client.get(
            "/registry/interface-papers/preview", params={"network_id": str(network.id)}
        )
        issued = await post_form(
            client,
            f"/registry/interface-papers/preview?network_id={network.id}",
            "/registry/interface-papers",
            {"network_id": str(network.id)},
        )
        shown = await client.get(issued.headers["location"])
        printable = await client.get(f"{issued.headers['location'].split('?')[0]}/file.html")
    for page in (preview.text, shown.text, printable.text):
        assert "+49 30 123456" in page
        assert "+49 341 5550100" in page
        assert "+4930123456" not in page
        assert "+493415550100" not in page


async def test_an_untitled_paper_and_an_erased_contact_are_worded_in_the_readers_language(
    app: FastAPI, network: Network
) -> None:
    person = await new_person(app, network)
    await call(
        app,
        "registry",
        "responsibility.assign",
        {
            "topic": "work_permit",
            "organisation_id": network.member["id"],
            "region_key": "14729",
            "contact_person_id": person["id"],
        },
    )
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        preview_page = f"/registry/interface-papers/preview?network_id={network.id}"
        preview = await client.get(preview_page)
        assert f"<h1>Schnittstellenpapier {html.escape(network.name)}" in preview.text
        assert 'name="title" value=""' in preview.text  # nobody issues the German default as a title
        issued = await post_form(
            client, preview_page, "/registry/interface-papers", {"network_id": str(network.id), "title": ""}
        )
        assert issued.status_code == 303, issued.text
        paper_page = issued.headers["location"].split("?")[0]
        paper_id = paper_page.rsplit("/", 1)[1]
        stored = await call(app, "registry", "interface_paper.get", {"paper_id": paper_id})
        assert stored["title"] is None
        listed = await client.get("/registry/interface-papers")
        assert f"Schnittstellenpapier {html.escape(network.name)}</a>" in listed.text

        await call(app, "registry", "person.erase", {"person_id": person["id"]})
        redacted = await call(app, "registry", "interface_paper.get", {"paper_id": paper_id})
        assert redacted["entries"][0]["contact"]["name"] is None
        german = await client.get(paper_page)
        assert "Gelöschte Person" in german.text
        assert "[gelöscht]" not in german.text
        assert "Gelöschte Person" in (await client.get(f"{paper_page}/file.csv")).content.decode("utf-8-sig")
        client.cookies.set("nw_lang", "en")
        english = await client.get(paper_page)
        assert f"<h1>Interface paper {html.escape(network.name)}" in english.text
        assert "Erased person" in english.text
        assert "Schnittstellenpapier" not in english.text.split("<main", 1)[1]
        printable = (await client.get(f"{paper_page}/file.html")).text
        assert f"<h1>Interface paper {html.escape(network.name)}</h1>" in printable
        assert "Erased person" in printable
        assert (
            f"Interface paper {html.escape(network.name)}</a>"
            in (await client.get("/registry/interface-papers")).text
        )


async def test_a_paper_of_a_region_is_previewed_by_the_districts_name(app: FastAPI, network: Network) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        form = await client.get("/registry/interface-papers")
        assert 'placeholder="14713"' not in form.text
        assert '<datalist id="region-choices">' in form.text
        assert '<option value="Leipzig (Landkreis)">Sachsen</option>' in form.text
        preview = await client.get(
            "/registry/interface-papers/preview", params={"region": "Leipzig (Landkreis)"}
        )
        assert preview.status_code == 200, preview.text
        assert network.member["name"] in preview.text
        assert 'name="region_key" value="14729"' in preview.text


async def test_a_paper_needs_a_region_or_a_network_and_only_its_coordinators_issue_a_network_paper(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [uuid.uuid4()]) as client:
        neither = await client.get("/registry/interface-papers/preview")
        assert neither.status_code == 422
        assert field_error(neither.text, "region") == "Entweder eine Region oder ein Netzwerk angeben."
        unknown = await client.get("/registry/interface-papers/preview", params={"region": "Atlantis"})
        assert unknown.status_code == 422
        assert field_error(unknown.text, "region").startswith("„Atlantis“ kennen wir nicht.")
        assert 'value="Atlantis"' in unknown.text
        preview = await client.get(
            "/registry/interface-papers/preview", params={"network_id": str(network.id)}
        )
        assert "Fassung ausstellen" not in preview.text
        refused = await post_form(
            client,
            "/registry/interface-papers",
            "/registry/interface-papers",
            {"network_id": str(network.id)},
        )
        assert refused.status_code == 403
    papers = await call(app, "registry", "interface_paper.list", {"network_id": str(network.id)})
    assert papers["total"] == 0


# -- import -----------------------------------------------------------------------------------------


def organisations_csv(suffix: str, *rows: str) -> bytes:
    header = "Name;Typ;Region;E-Mail;Telefon;PLZ;Ort"
    return "\n".join([header, *rows]).replace("{tag}", suffix).encode("utf-8")


def chosen_option(page: str, select: str) -> str:
    """The value a browser sends for a select: its selected option's, else the first's."""
    options = page.split(f'<select id="{select}"')[1].split("</select>")[0]
    picked = re.search(r'<option value="([^"]*)" selected', options) or re.search(
        r'<option value="([^"]*)"', options
    )
    return picked.group(1) if picked else ""


async def upload(client: Any, kind: str, content: bytes) -> Any:
    page = await client.get("/registry/import")
    return await client.post(
        "/registry/import",
        data={
            "kind": kind,
            "network_id": chosen_option(page.text, "network_id"),
            "csrf_token": page.text.split('name="csrf_token" value="')[1].split('"')[0],
        },
        files={"file": ("akteure.csv", content, "text/csv")},
    )


async def confirm_import(client: Any, checked: Any) -> None:
    """Confirms the checked file as the report page's button does (the file comes back in a field)."""
    confirm = {
        "kind": "organisations",
        "file_name": "akteure.csv",
        "content_base64": checked.text.split('name="content_base64" value="')[1].split('"')[0],
        "network_id": checked.text.split('name="network_id" value="')[1].split('"')[0],
        "csrf_token": checked.text.split('name="csrf_token" value="')[1].split('"')[0],
    }
    done = await client.post("/registry/import/run", data=confirm)
    assert done.status_code == 200
    assert "Import abgeschlossen" in done.text


async def test_an_import_is_checked_row_by_row_before_anything_is_saved(
    app: FastAPI, network: Network
) -> None:
    suffix = tag()
    broken = organisations_csv(
        suffix,
        "Jobcenter {tag};Jobcenter;14713;jc-{tag}@example.org;0341 555 0100;04129;Leipzig",
        "Burg {tag};Burg;14713;;;;",
        "Volkshochschule Nord {tag};Volkshochschule;4713;;;;",
    )
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        report = await upload(client, "organisations", broken)
        assert report.status_code == 200
        # Each problem in words, at the column as the file heads it: no field code, no English.
        assert "<td>3</td><td>Typ</td><td>Den Typ „Burg“ kennen wir nicht;" in report.text
        assert "<td>4</td><td>Region</td><td>Die Region „4713“ kennen wir nicht." in report.text
        assert "organisation_type" not in report.text
        assert "unknown" not in report.text
        assert 'class="gap-row"' in report.text
        assert "Jetzt importieren" not in report.text
        assert (await call(app, "registry", "organisation.list", {"name": suffix}))["total"] == 0

        good = organisations_csv(
            suffix,
            "Jobcenter {tag};Jobcenter;14713;jc-{tag}@example.org;0341 555 0100;04129;Leipzig",
            "Volkshochschule {tag};Volkshochschule;14713;;;;",
        )
        checked = await upload(client, "organisations", good)
        assert "Jetzt importieren" in checked.text
        await confirm_import(client, checked)
    assert (await call(app, "registry", "organisation.list", {"name": suffix}))["total"] == 2


async def test_the_import_page_lists_the_columns_it_understands(app: FastAPI) -> None:
    async with staff_client(app, Role.ADMIN) as client:
        page = await client.get("/registry/import")
        assert "Spalten, die der Import versteht" in page.text
        region_row = page.text.split('<th scope="row">Region</th>')[1].split("</tr>")[0]
        assert "Kreis, Kreise, Landkreis" in region_row
        assert "<td>ja</td>" in region_row
        assert "Landkreis Leipzig" in region_row
        assert '<th scope="row">Vorname</th>' in page.text


async def test_an_import_reads_a_kreise_column_and_names_the_candidates_of_an_ambiguous_name(
    app: FastAPI,
) -> None:
    suffix = tag()
    content = (
        f"Name;Art;Kreise\nProbe Import {suffix} e.V.;Freier Träger / Verein;Leipzig\n"
        f"Probe Import 2 {suffix};Jobcenter;Landkreis Leipzig\n"
    ).encode()
    async with staff_client(app, Role.ADMIN) as client:
        report = await upload(client, "organisations", content)
        assert report.status_code == 200
        assert "Nicht verwendete Spalten" not in report.text
        assert (
            "<td>2</td><td>Kreise</td><td>„Leipzig“ passt auf mehrere Regionen: Leipzig (Stadt, 14713) "
            "oder Landkreis Leipzig (14729)." in report.text
        )
        assert "<td>3</td>" not in report.text


async def test_a_file_of_nearly_the_4_mb_the_page_allows_is_checked_and_imported(
    app: FastAPI, network: Network
) -> None:
    suffix = tag()
    note = "Notiz " * 16_000  # a column the import ignores, ~96 KB a row
    rows = [f"Volkshochschule {n} {{tag}};Volkshochschule;14713;;;;;{note}" for n in range(40)]
    content = organisations_csv(suffix, *rows).replace(b";Ort\n", b";Ort;Bemerkung\n", 1)
    assert 3_500_000 < len(content) < 4 * 1024 * 1024
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        checked = await upload(client, "organisations", content)
        assert checked.status_code == 200, checked.text[-2000:]
        assert "Jetzt importieren" in checked.text
        await confirm_import(client, checked)
    assert (await call(app, "registry", "organisation.list", {"name": suffix}))["total"] == 40


async def test_a_readable_file_without_the_expected_columns_is_told_which_columns_are_expected(
    app: FastAPI, network: Network
) -> None:
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        foreign = await upload(client, "organisations", "foo;bar\nÄpfel;Birnen\n".encode())
        assert foreign.status_code == 422
        message = field_error(foreign.text, "file")
        assert message.startswith("Die Datei hat keine der erwarteten Spalten. Erwartet werden: Name, ")
        assert "lässt sich nicht lesen" not in foreign.text
        no_name = await upload(client, "organisations", b"Typ;Region\nJobcenter;15002\n")
        assert field_error(no_name.text, "file") == "In der Datei fehlen diese Spalten: Name."
        twice = await upload(client, "organisations", b"Name;Typ;Art\nJobcenter Halle;jobcenter;jobcenter\n")
        assert "meinen beide" in field_error(twice.text, "file")
        not_text = await upload(client, "organisations", "Name;Typ\nStraße;BA\n".encode("cp1252"))
        assert "nicht in UTF-8 gespeichert (Zeile 2)" in field_error(not_text.text, "file")


async def test_an_upload_without_a_file_is_named_and_people_imports_are_for_admins(app: FastAPI) -> None:
    async with staff_client(app, Role.COORDINATOR) as client:
        page = await client.get("/registry/import")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        missing = await client.post("/registry/import", data={"kind": "organisations", "csrf_token": token})
        assert missing.status_code == 422
        assert field_error(missing.text, "file") == "Bitte eine Datei auswählen."
        people = await upload(client, "people", b"Vorname;Nachname\nMara;Beispiel\n")
        assert people.status_code == 403
    async with staff_client(app, Role.READ_ONLY) as client:
        assert (await client.get("/registry/import")).status_code == 403


async def test_an_admin_gives_a_new_coordinator_their_networks_which_decide_what_they_may_change(
    app: FastAPI, network: Network
) -> None:
    email, password = f"koordination-{tag()}@example.org", f"Pw-{uuid.uuid4().hex}"
    async with staff_client(app, Role.ADMIN) as admin:
        form = await admin.get("/admin/accounts")
        assert network.name in form.text
        created = await post_form(
            admin,
            "/admin/accounts",
            "/admin/accounts",
            {
                "email": email,
                "display_name": "Kim Koordination",
                "role": "coordinator",
                "password": password,
                "network_ids": str(network.id),
            },
        )
        assert created.status_code == 303, created.text
        listed = await admin.get("/admin/accounts")
        assert listed.text.count(network.name) >= 2  # in the new account's row, and as a choice
    async with browser_for(app) as coordinator:
        assert (await sign_in(coordinator, email, password)).status_code == 303
        assert (
            await coordinator.get(f"/registry/organisations/{network.member['id']}/edit")
        ).status_code == 200
        assert (
            await coordinator.get(f"/registry/organisations/{network.outsider['id']}/edit")
        ).status_code == 403


async def test_an_admin_changes_an_existing_coordinators_networks_and_their_session_follows(
    app: FastAPI, network: Network
) -> None:
    email, password = f"koordination-{tag()}@example.org", f"Pw-{uuid.uuid4().hex}"
    account = NewAccount(email=email, display_name="Robin Koordination", role=Role.COORDINATOR)
    created = await create_account(app.state.database, account, password)
    edit = f"/registry/organisations/{network.member['id']}/edit"
    async with browser_for(app) as coordinator:
        assert (await sign_in(coordinator, email, password)).status_code == 303
        assert (await coordinator.get(edit)).status_code == 403
        async with staff_client(app, Role.ADMIN) as admin:
            changed = await post_form(
                admin,
                "/admin/accounts",
                f"/admin/accounts/{created.id}/networks",
                {"network_ids": str(network.id)},
            )
            assert changed.status_code == 303
            listed = await admin.get(changed.headers["location"])
            row = listed.text.split(f'id="account-{created.id}"')[1].split("</tr>")[0]
            assert network.name in row
            assert "checked" in row.split(str(network.id))[1][:40]
        assert (await coordinator.get(edit)).status_code == 200
        async with staff_client(app, Role.ADMIN) as admin:
            await post_form(admin, "/admin/accounts", f"/admin/accounts/{created.id}/networks", {})
        assert (await coordinator.get(edit)).status_code == 403
    async with staff_client(app, Role.COORDINATOR, [network.id]) as coordinator:
        page = await coordinator.get("/registry/organisations")
        refused = await coordinator.post(
            f"/admin/accounts/{created.id}/networks",
            data={"network_ids": str(network.id), "csrf_token": csrf_token_in(page.text)},
        )
        assert refused.status_code == 403


async def test_the_demo_coordinator_looks_after_the_demo_networks(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    from gateway_service.demo import seed_demo
    from gateway_service.settings import GatewaySettings
    from netzwerkstatt import demo

    settings = settings_for(
        GatewaySettings, nats_server, postgres_server, demo_password=f"Demo-{uuid.uuid4().hex}"
    )
    await migrate(settings)
    await seed_demo(settings)
    database = GatewayDatabase(settings)
    try:
        accounts = {str(account.email): account for account in await list_accounts(database)}
    finally:
        await database.dispose()
    coordinator = accounts["koordination@example.org"]
    assert demo.network("integrationskoordination-sachsen-anhalt").id in coordinator.network_ids
    assert set(coordinator.network_ids) == {network.id for network in demo.NETWORKS}
    assert accounts["admin@example.org"].network_ids == []


async def test_a_new_topic_is_named_in_german_and_english_only_and_its_code_follows_from_the_german(
    app: FastAPI, network: Network
) -> None:
    label = f"Anerkennung ausländischer Abschlüsse {tag()}"
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        page = await client.get("/registry/responsibilities")
        form = page.text.split('action="/registry/topics"', 1)[1].split("</form>", 1)[0]
        assert re.findall(r'<input id="([a-z_]+)"', form) == ["label_de", "label_en"]
        assert "housing_search" not in page.text
        assert ">Code<" not in page.text
        first = await post_form(
            client,
            "/registry/responsibilities",
            "/registry/topics",
            {"label_de": label, "label_en": f"Recognition {tag()}"},
        )
        # Another name whose letters make the same code.
        again = await post_form(
            client,
            "/registry/responsibilities",
            "/registry/topics",
            {"label_de": label.replace(" ", " – ", 1), "label_en": f"Recognition {tag()}"},
        )
    expected = label.lower().replace("ä", "ae").replace("ü", "ue").replace(" ", "_")
    assert first.headers["location"] == f"/registry/responsibilities?topic={expected}"
    assert again.headers["location"] == f"/registry/responsibilities?topic={expected}_2"


async def test_a_responsibility_without_a_topic_chosen_asks_to_choose_one_and_keeps_the_other_choices(
    app: FastAPI, network: Network
) -> None:
    page = "/registry/responsibilities"
    chosen = {"topic": "", "organisation_id": network.member["id"], "region": "Leipzig (Landkreis)"}
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        refused = await post_form(client, page, page, chosen)
    assert refused.status_code == 422, refused.text
    assert field_error(refused.text, "topic") == "Bitte ein Thema wählen."
    assert "Bitte einen Text eingeben." not in refused.text
    assert f'<option value="{network.member["id"]}" selected>' in refused.text
    assert 'value="Leipzig (Landkreis)"' in refused.text
    listed = await call(app, "registry", "responsibility.list", {"organisation_id": network.member["id"]})
    assert listed["total"] == 0


async def test_a_topic_named_like_another_is_refused_at_its_name_and_the_form_keeps_what_was_typed(
    app: FastAPI, network: Network
) -> None:
    label, english = f"Wohnungssuche {tag()}", f"Finding housing {tag()}"
    await call(app, "registry", "topic.create", {"label_de": label, "label_en": english})
    before = (await call(app, "registry", "topic.list", {"limit": 500}))["items"]
    typed = {"label_de": f" {label.lower()}  ", "label_en": f"Housing search {tag()}"}
    async with staff_client(app, Role.COORDINATOR, [network.id]) as client:
        refused = await post_form(client, "/registry/responsibilities", "/registry/topics", typed)
    assert refused.status_code == 409, refused.text
    assert field_error(refused.text, "label_de").startswith(
        f"Ein Thema namens „{label.lower()}“ gibt es schon"
    )
    assert not field_error(refused.text, "label_en")
    assert f'value="{label.lower()}"' in refused.text
    assert f'value="{typed["label_en"]}"' in refused.text
    assert (await call(app, "registry", "topic.list", {"limit": 500}))["items"] == before


async def test_an_account_is_not_given_a_network_the_registry_does_not_know(
    app: FastAPI, network: Network
) -> None:
    gateway_database = app.state.database
    nothing = "00000000-0000-0000-0000-000000000001"
    email = f"niemand-{tag()}@example.org"
    async with staff_client(app, Role.ADMIN) as admin:
        refused = await post_form(
            admin,
            "/admin/accounts",
            "/admin/accounts",
            {
                "email": email,
                "display_name": "Kim Koordination",
                "role": "coordinator",
                "password": f"Pw-{uuid.uuid4().hex}",
                "network_ids": [str(network.id), nothing],
            },
        )
        assert refused.status_code == 422
        assert field_error(refused.text, "network_ids") == "Dieses Netzwerk gibt es nicht."
        assert email not in {account.email for account in await list_accounts(gateway_database)}
        existing = (await list_accounts(gateway_database))[0]
        changed = await post_form(
            admin, "/admin/accounts", f"/admin/accounts/{existing.id}/networks", {"network_ids": nothing}
        )
        assert changed.status_code == 422
        assert "Dieses Netzwerk gibt es nicht." in changed.text
    after = next(account for account in await list_accounts(gateway_database) if account.id == existing.id)
    assert after.network_ids == existing.network_ids


async def test_a_confirmed_import_that_the_registry_changed_meanwhile_names_its_rows_in_german(
    app: FastAPI,
) -> None:
    suffix = tag()
    name = f"Probe Verein {suffix}"
    organisation = {"name": name, "type": "non_profit_provider", "region_keys": ["14713"]}
    await call(app, "registry", "organisation.create", organisation)
    row = f"Lina;Probe{suffix};lina.{suffix}@example.org;{name}"
    content = f"Vorname;Nachname;E-Mail;Organisation\n{row}\n".encode()
    async with staff_client(app, Role.ADMIN) as client:
        checked = await upload(client, "people", content)
        assert "Jetzt importieren" in checked.text
        # Meanwhile a second organisation of that name is registered: the row's organisation is
        # no longer one.
        await call(app, "registry", "organisation.create", organisation | {"region_keys": ["14729"]})
        confirm = {
            "kind": "people",
            "file_name": "akteure.csv",
            "content_base64": checked.text.split('name="content_base64" value="')[1].split('"')[0],
            "network_id": "",
            "csrf_token": checked.text.split('name="csrf_token" value="')[1].split('"')[0],
        }
        refused = await client.post("/registry/import/run", data=confirm)
    assert refused.status_code == 409
    assert "Seit der Prüfung hat sich das Register geändert" in refused.text
    assert f"<td>2</td><td>Organisation</td><td>2 Organisationen heißen „{name}“" in refused.text
    assert (await call(app, "registry", "person.list", {"name": f"Probe{suffix}"}))["total"] == 0


# -- a new network ----------------------------------------------------------------------------------


async def test_an_admin_sets_up_a_network_with_its_kind_coordinating_organisation_and_regions_by_name(
    app: FastAPI, network: Network
) -> None:
    name = f"Integrationskoordination Sachsen {tag()}"
    async with staff_client(app, Role.ADMIN) as admin:
        page = await admin.get("/registry/networks")
        assert "Neues Netzwerk" in page.text
        assert f'<option value="{network.outsider["id"]}"' in page.text  # every organisation for an admin
        form = {
            "id": hidden_id_in(page.text),
            "name": name,
            "kind": "integration_coordinators",
            "coordinating_organisation_id": network.outsider["id"],
            "region_names": "Nordsachsen, Landkreis Leipzig",
        }
        created = await post_form(admin, "/registry/networks", "/registry/networks", form)
        assert created.status_code == 303, created.text
        assert created.headers["location"] == f"/registry/networks/{form['id']}"
        # sent twice (a double click, a reload): one network
        again = await post_form(admin, "/registry/networks", "/registry/networks", form)
        assert again.headers["location"] == created.headers["location"]
        shown = await admin.get(created.headers["location"])
    assert name in shown.text
    stored = await call(app, "registry", "network.get", {"network_id": form["id"]})
    assert (stored["kind"], stored["coordinating_organisation_id"]) == (
        "integration_coordinators",
        network.outsider["id"],
    )
    assert sorted(stored["region_keys"]) == ["14729", "14730"]
    listed = await call(app, "registry", "network.list", {"name": name})
    assert listed["total"] == 1


async def test_a_new_network_that_cannot_be_set_up_is_said_at_its_field_and_the_input_stays(
    app: FastAPI, network: Network
) -> None:
    name = f"Netzwerk {tag()}"
    async with staff_client(app, Role.ADMIN) as admin:
        unknown = await post_form(
            admin,
            "/registry/networks",
            "/registry/networks",
            {"name": name, "kind": "integration_coordinators", "region_names": "Nordsachsen, Atlantis"},
        )
        assert unknown.status_code == 422
        assert "Atlantis" in field_error(unknown.text, "region_keys")
        assert 'value="Nordsachsen, Atlantis"' in unknown.text
        assert f'value="{name}"' in unknown.text
        no_kind = await post_form(
            admin, "/registry/networks", "/registry/networks", {"name": name, "kind": ""}
        )
        assert no_kind.status_code == 422
        assert field_error(no_kind.text, "kind")
    async with staff_client(app, Role.COORDINATOR, [network.id]) as coordinator:
        listing = await coordinator.get("/registry/networks")
        assert "Neues Netzwerk" not in listing.text
        refused = await post_form(
            coordinator,
            "/registry/networks",
            "/registry/networks",
            {"name": name, "kind": "integration_coordinators", "region_names": ""},
        )
        assert refused.status_code == 403
    assert (await call(app, "registry", "network.list", {"name": name}))["total"] == 0
