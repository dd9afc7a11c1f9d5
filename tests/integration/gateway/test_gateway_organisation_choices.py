"""A coordinator is offered their own networks' organisations in the forms that ask for one (a new
person's membership, a further membership, a responsibility), however many organisations the registry
holds: the choice is asked of the registry by network, not cut from the first page of all of them. An
admin is offered every organisation and every person, page by page of the registry's list.
Its servers are its own, as it fills the registry with organisations."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from gateway_service.security.roles import Role
from gateway_service.web import hints
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.fixtures import servers_of_its_own
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for
from tests.integration.gateway.ui_support import call, gateway_running, staff_client, tag

module_servers_dir, nats_server, postgres_server = servers_of_its_own()

# More than a page of choices (the gateway's CHOICE_LIMIT), all named ahead of the network's own.
OTHERS = 210


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


async def test_a_coordinator_is_offered_their_networks_organisations_among_hundreds_of_others(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    suffix = tag()
    for start in range(0, OTHERS, 30):
        await asyncio.gather(
            *(
                call(
                    app,
                    "registry",
                    "organisation.create",
                    {"name": f"Arbeitskreis {index:03d} {suffix}", "type": "other", "region_keys": ["14729"]},
                )
                for index in range(start, min(start + 30, OTHERS))
            )
        )
    coordinating = await call(
        app,
        "registry",
        "organisation.create",
        {
            "name": f"Volkshochschule Muldental {suffix}",
            "type": "adult_education_centre",
            "region_keys": ["14729"],
        },
    )
    member = await call(
        app,
        "registry",
        "organisation.create",
        {"name": f"Zentrum für Weiterbildung {suffix}", "type": "other", "region_keys": ["14729"]},
    )
    network = await call(
        app,
        "registry",
        "network.create",
        {
            "name": f"Netzwerk Muldental {suffix}",
            "kind": "regional_institutions",
            "coordinating_organisation_id": coordinating["id"],
            "member_organisation_ids": [member["id"]],
            "region_keys": ["14729"],
        },
    )
    async with staff_client(app, Role.COORDINATOR, [network["id"]]) as client:
        pages = {
            path: html.unescape((await client.get(path)).text)
            for path in ("/registry/people/new", "/registry/responsibilities")
        }
    for path, page in pages.items():
        assert f'<option value="{member["id"]}"' in page, path
        assert f'<option value="{coordinating["id"]}"' in page, path
        assert "Arbeitskreis 000" not in page, path
    # An admin may choose any organisation: all of them are offered, page by page (pages of 50 here).
    monkeypatch.setattr(hints, "ORGANISATIONS_PER_REQUEST", 50)
    async with staff_client(app, Role.ADMIN) as admin:
        offered = html.unescape((await admin.get("/registry/people/new")).text)
    assert f'<option value="{member["id"]}"' in offered
    assert f"Arbeitskreis 000 {suffix}" in offered


async def test_a_coordinator_is_offered_their_networks_people_as_contact_among_hundreds_of_others(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    suffix = tag()
    elsewhere = await call(
        app,
        "registry",
        "organisation.create",
        {"name": f"Kammer Leipzig {suffix}", "type": "other", "region_keys": ["14713"]},
    )
    for start in range(0, OTHERS, 30):
        await asyncio.gather(
            *(
                call(
                    app,
                    "registry",
                    "person.create",
                    {
                        "given_name": "Alex",
                        "family_name": f"Adler {index:03d} {suffix}",
                        "memberships": [{"organisation_id": elsewhere["id"]}],
                    },
                )
                for index in range(start, min(start + 30, OTHERS))
            )
        )
    member = await call(
        app,
        "registry",
        "organisation.create",
        {"name": f"Bildungswerk Muldental {suffix}", "type": "other", "region_keys": ["14729"]},
    )
    network = await call(
        app,
        "registry",
        "network.create",
        {
            "name": f"Netzwerk Grimma {suffix}",
            "kind": "regional_institutions",
            "member_organisation_ids": [member["id"]],
            "region_keys": ["14729"],
        },
    )
    contact = await call(
        app,
        "registry",
        "person.create",
        {
            "given_name": "Kim",
            "family_name": f"Zander {suffix}",
            "memberships": [{"organisation_id": member["id"]}],
        },
    )
    async with staff_client(app, Role.COORDINATOR, [network["id"]]) as client:
        page = html.unescape((await client.get("/registry/responsibilities")).text)
    assert page.count(f'<option value="{contact["id"]}"') == 2  # contact and substitute
    assert f"Adler 000 {suffix}" not in page
    # under the organisation they belong to, which is the one a responsibility names them for
    group = f'<optgroup label="Bildungswerk Muldental {suffix}"><option value="{contact["id"]}" >Kim Zander'
    assert page.count(group) == 2
    # An admin may name anyone: all of them are offered, page by page (pages of 50 here), the last
    # by name too.
    monkeypatch.setattr(hints, "ORGANISATIONS_PER_REQUEST", 50)
    async with staff_client(app, Role.ADMIN) as admin:
        offered = html.unescape((await admin.get("/registry/responsibilities")).text)
    assert offered.count(f'<option value="{contact["id"]}"') == 2
    assert f"Adler 000 {suffix}" in offered
