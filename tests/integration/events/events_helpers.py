"""Helpers of the events service's integration tests: registry facts published as the registry would,
projection rows written directly, and calls through the service's request-reply subjects."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa

from events_service import clock
from events_service.store import projection
from netzwerkstatt import subjects
from netzwerkstatt.contracts.registry import (
    MembershipFacts,
    NetworkSnapshot,
    OrganisationCreated,
    PersonCreated,
    PersonFacts,
)
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing import ADMIN
from netzwerkstatt.testing.services import eventually

T = TypeVar("T")


class RegistryFacts:
    """Publishes registry events on JetStream as the registry's outbox relay would."""

    def __init__(self, connection: Any) -> None:
        self.js = connection.jetstream()

    async def publish(self, fact: DomainEvent, subject: uuid.UUID) -> None:
        envelope = Envelope.wrap(fact, subject=str(subject))
        await self.js.publish(
            fact.subject(), envelope.model_dump_json().encode(), headers={"Nats-Msg-Id": str(envelope.id)}
        )


class EventsApi:
    """The running events service and a client connection (as the gateway or another system)."""

    def __init__(self, runtime: ServiceRuntime, connection: Any) -> None:
        self.runtime = runtime
        self.connection = connection

    async def call(
        self, operation: str, body: dict[str, Any], response: Any = dict, *, principal: Principal = ADMIN
    ) -> Any:
        """A request through the service's subject, for ``principal`` (an admin unless given);
        raises the typed ServiceError on failure."""
        message = await self.connection.request(
            subjects.operation("events", operation),
            json.dumps(body, default=str).encode(),
            timeout=10,
            headers=principal.headers(),
        )
        return parse_reply(message.data, response)

    async def link_token(self, kind: str, target_id: uuid.UUID | str) -> str:
        """The token of an invitation's or registration's link, issued as for the e-mail that
        notifications sends (the only way to get one: no stream, table or reply holds it)."""
        issued = await self.call(
            "link.issue",
            {"targets": [{"kind": kind, "id": str(target_id)}]},
            principal=Principal.of_service("notifications"),
        )
        (link,) = issued["links"]
        return str(link["token"])

    async def fails(
        self, operation: str, body: dict[str, Any], *, principal: Principal = ADMIN
    ) -> ServiceError:
        try:
            await self.call(operation, body, principal=principal)
        except ServiceError as error:
            return error
        raise AssertionError(f"{operation} succeeded but should have failed")


def fields(error: ServiceError) -> set[str]:
    return {detail.field for detail in error.details}


def unique(name: str) -> str:
    return f"{name} {uuid.uuid4().hex[:8]}"


# -- the projection of the registry, written directly -------------------------------------------------


async def organisation(
    api: EventsApi,
    name: str = "Jobcenter Leipzig",
    type_: str = "jobcenter",
    regions: list[str] | None = None,
) -> uuid.UUID:
    organisation_id = uuid.uuid4()
    async with api.runtime.database.unit_of_work() as uow:
        await projection.upsert_organisation(
            uow.session,
            OrganisationCreated(
                organisation_id=organisation_id,
                name=unique(name),
                type=type_,
                region_keys=regions or ["14713"],
                version=1,
            ),
        )
    return organisation_id


def person_facts(
    organisation_id: uuid.UUID | None,
    *,
    decision_maker: bool = False,
    started: date | None = None,
    person_id: uuid.UUID | None = None,
    version: int = 1,
) -> PersonFacts:
    memberships = (
        [MembershipFacts(organisation_id=organisation_id, decision_maker=decision_maker, start_date=started)]
        if organisation_id
        else []
    )
    return PersonFacts(
        person_id=person_id or uuid.uuid4(),
        given_name="Mara",
        family_name=f"Beispiel-{uuid.uuid4().hex[:6]}",
        form_of_address="ms",
        email=f"mara.{uuid.uuid4().hex[:6]}@example.org",
        memberships=memberships,
        version=version,
    )


async def person(api: EventsApi, organisation_id: uuid.UUID | None, **options: Any) -> uuid.UUID:
    facts = person_facts(organisation_id, **options)
    async with api.runtime.database.unit_of_work() as uow:
        await projection.upsert_person(uow.session, facts)
    return facts.person_id


async def person_from_the_registry(
    api: EventsApi, registry: RegistryFacts, organisation_id: uuid.UUID | None, **options: Any
) -> PersonFacts:
    """A person as the registry announces them (``person.created``), once the events service has
    projected them."""
    facts = person_facts(organisation_id, **options)
    await registry.publish(PersonCreated(person=facts), facts.person_id)
    people = api.runtime.database.table("people")

    async def projected() -> bool:
        async with api.runtime.database.read() as session:
            return bool(await session.scalar(sa.select(people.c.id).where(people.c.id == facts.person_id)))

    await eventually(projected)
    return facts


async def network(
    api: EventsApi, members: list[uuid.UUID], districts: list[str], network_id: uuid.UUID | None = None
) -> uuid.UUID:
    network_id = network_id or uuid.uuid4()
    async with api.runtime.database.unit_of_work() as uow:
        await projection.upsert_network(
            uow.session,
            NetworkSnapshot(
                network_id=network_id,
                name=unique("Netzwerk"),
                kind="integration_coordinators",
                coordinating_organisation_id=None,
                member_organisation_ids=members,
                region_keys=["15"],
                district_keys=districts,
                archived=False,
                version=1,
            ),
        )
    return network_id


# -- events -------------------------------------------------------------------------------------------


def in_days(days: int) -> date:
    return clock.today() + timedelta(days=days)


def day(on: date, start: int = 10, end: int = 16) -> dict[str, str]:
    return {"date": on.isoformat(), "start": time(start).isoformat(), "end": time(end).isoformat()}


async def published_event(api: EventsApi, **fields_: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": unique("Regionalworkshop Leipzig"),
        "format": "regional_workshop",
        "days": [day(in_days(30))],
        "organiser": {"name": "IQ Netzwerk Sachsen", "email": "iq@example.org"},
    } | fields_
    created = await api.call("event.create", body)
    return await api.call("event.publish", {"event_id": created["id"]})  # type: ignore[no-any-return]


def moved_clock(monkeypatch: pytest.MonkeyPatch, to: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: to)
