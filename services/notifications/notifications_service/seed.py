"""Demo data: the contacts projection of the shared demo people (netzwerkstatt.demo), so `make up`
shows consistent data before the registry's events arrive. Idempotent: fixed ids, version check."""

from __future__ import annotations

from netzwerkstatt import demo
from netzwerkstatt.contracts.registry import PersonFacts
from netzwerkstatt.db import Database
from notifications_service import projections


async def seed_demo(database: Database) -> None:
    async with database.unit_of_work() as uow:
        for person in demo.PEOPLE:
            await projections.upsert_contact(
                uow.session,
                PersonFacts(
                    person_id=person.id,
                    given_name=person.given_name,
                    family_name=person.family_name,
                    form_of_address=person.form_of_address,
                    title=person.title,
                    email=person.email,
                    language=person.language,
                    consents_to_event_contact=person.consents_to_event_contact,
                    version=1,
                ),
            )
