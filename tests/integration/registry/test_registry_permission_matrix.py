"""The permission matrix of the registry, generated from its operations registry: every operation
that changes something, asked over NATS as the gateway would, by an admin, the coordinator of a
network the aggregate belongs to, a coordinator of another network, read-only staff and an API
token of each role. Refusals come back as ``forbidden``; the others pass the rule (a rule of the
domain may still answer). What belongs to no network (topics, custom regions) any coordinator may
add; a new organisation joins one of the coordinator's networks. An operation that changes
something and has no case fails the first test."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from registry_helpers import RegistryApi, unique

from netzwerkstatt import subjects
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.principal import Access, Principal, Role
from registry_service.api import operations

Body = dict[str, Any]
Scene = dict[str, Any]
Case = Callable[[RegistryApi, Scene], Awaitable[Body]]

CASES: dict[str, Case] = {}
OF_NO_NETWORK = {"topic.create", "region.create_custom"}


def case(name: str) -> Callable[[Case], Case]:
    def register(factory: Case) -> Case:
        CASES[subjects.operation("registry", name)] = factory
        return factory

    return register


async def scene(api: RegistryApi) -> Scene:
    """A network with a member organisation and a person working there."""
    member = await api.organisation()
    network = await api.call(
        "network.create",
        {
            "name": unique("Netzwerk"),
            "kind": "regional_institutions",
            "member_organisation_ids": [member["id"]],
        },
    )
    person = await api.person(memberships=[{"organisation_id": member["id"]}])
    return {"network": network, "member": member, "person": person}


@case("organisation.create")
async def _organisation_create(api: RegistryApi, at: Scene) -> Body:
    return {
        "name": unique("Volkshochschule"),
        "type": "adult_education_centre",
        "region_keys": ["14713"],
        "network_id": at["network"]["id"],
    }


@case("organisation.update")
async def _organisation_update(api: RegistryApi, at: Scene) -> Body:
    return {"organisation_id": at["member"]["id"], "name": unique("Jobcenter Leipzig")}


@case("organisation.archive")
async def _organisation_archive(api: RegistryApi, at: Scene) -> Body:
    return {"organisation_id": at["member"]["id"]}


@case("person.create")
async def _person_create(api: RegistryApi, at: Scene) -> Body:
    return {
        "given_name": "Mara",
        "family_name": unique("Beispiel"),
        "memberships": [{"organisation_id": at["member"]["id"]}],
    }


@case("person.update")
async def _person_update(api: RegistryApi, at: Scene) -> Body:
    return {"person_id": at["person"]["id"], "phone": "+49 341 1234"}


@case("person.membership.save")
async def _membership_save(api: RegistryApi, at: Scene) -> Body:
    return {"person_id": at["person"]["id"], "organisation_id": at["member"]["id"], "function": "Teamleitung"}


@case("person.membership.end")
async def _membership_end(api: RegistryApi, at: Scene) -> Body:
    return {"person_id": at["person"]["id"], "organisation_id": at["member"]["id"]}


@case("person.erase")
async def _erase(api: RegistryApi, at: Scene) -> Body:
    return {"person_id": at["person"]["id"]}


@case("person.export")
async def _export(api: RegistryApi, at: Scene) -> Body:
    return {"person_id": at["person"]["id"]}


@case("network.create")
async def _network_create(api: RegistryApi, at: Scene) -> Body:
    return {"name": unique("Netzwerk"), "kind": "regional_institutions"}


@case("network.update")
async def _network_update(api: RegistryApi, at: Scene) -> Body:
    return {"network_id": at["network"]["id"], "name": unique("Netzwerk Nord")}


@case("interface_paper.issue")
async def _paper(api: RegistryApi, at: Scene) -> Body:
    return {"network_id": at["network"]["id"], "title": "Schnittstellenpapier"}


@case("region.create_custom")
async def _region(api: RegistryApi, at: Scene) -> Body:
    return {"name": unique("Raum Leipzig"), "district_keys": ["14713", "14729"]}


@case("topic.create")
async def _topic(api: RegistryApi, at: Scene) -> Body:
    return {
        "code": f"topic_{uuid.uuid4().hex[:8]}",
        "label_de": unique("Wohnungssuche"),
        "label_en": unique("Housing"),
    }


@case("responsibility.assign")
async def _assign(api: RegistryApi, at: Scene) -> Body:
    return {
        "topic": "recognition_of_qualifications",
        "organisation_id": at["member"]["id"],
        "region_key": "14713",
    }


@case("responsibility.remove")
async def _remove(api: RegistryApi, at: Scene) -> Body:
    assigned = await api.call("responsibility.assign", await _assign(api, at))
    return {"responsibility_id": assigned["id"]}


@case("import.run")
async def _import(api: RegistryApi, at: Scene) -> Body:
    content = "name;type;region_keys\r\nVolkshochschule Nord;adult_education_centre;14713\r\n"
    encoded = base64.b64encode(content.encode("utf-8-sig")).decode()
    return {"kind": "people", "file_name": "personen.csv", "content_base64": encoded}


def changing() -> list[str]:
    return sorted(
        subject for subject, rule in operations.access.items() if rule in {Access.CHANGE, Access.ADMIN}
    )


def test_every_operation_that_changes_something_is_in_the_matrix() -> None:
    assert set(changing()) <= set(CASES), sorted(set(changing()) - set(CASES))


def principals(own: str, other: uuid.UUID) -> dict[str, Principal]:
    return {
        "admin": Principal.staff(Role.ADMIN, account_id=uuid.uuid4()),
        "admin token": Principal.staff(Role.ADMIN, token_name="sync"),
        "coordinator of the network": Principal.staff(
            Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.UUID(own)]
        ),
        "coordinator of another network": Principal.staff(
            Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[other]
        ),
        "coordinator token": Principal.staff(Role.COORDINATOR, token_name="reporting"),
        "read-only": Principal.staff(Role.READ_ONLY, account_id=uuid.uuid4(), network_ids=[uuid.UUID(own)]),
        "read-only token": Principal.staff(Role.READ_ONLY, token_name="dashboard"),
    }


def allowed(subject: str) -> set[str]:
    name = subject.removeprefix("registry.")
    if operations.access[subject] == Access.ADMIN or name == "import.run":  # people imports: admins
        return {"admin", "admin token"}
    if name in OF_NO_NETWORK:
        return {
            "admin",
            "admin token",
            "coordinator of the network",
            "coordinator of another network",
            "coordinator token",
        }
    return {"admin", "admin token", "coordinator of the network"}


@pytest.mark.parametrize("subject", sorted(CASES))
async def test_the_matrix(api: RegistryApi, subject: str) -> None:
    operation = subject.removeprefix("registry.")
    # Refusals first, each on a fresh scene, so that the allowed calls meet it as it was.
    for name in sorted(
        principals(str(uuid.uuid4()), uuid.uuid4()), key=lambda name: name in allowed(subject)
    ):
        at = await scene(api)
        everyone = principals(at["network"]["id"], uuid.uuid4())
        body = await CASES[subject](api, at)
        outcome = "ok"
        try:
            await api.call(operation, body, principal=everyone[name])
        except ServiceError as error:
            outcome = error.code
        if name in allowed(subject):
            assert outcome != "forbidden", (subject, name)
        else:
            assert outcome == "forbidden", (subject, name, outcome)
