"""The event an invitation or registration is told with: the version held once the fact's own
statement has the event's row, even when a change committed while that statement waited for it."""

from __future__ import annotations

import asyncio
import uuid

from notification_flows import event

from netzwerkstatt.contracts.events import EventFacts, RegistrationFacts
from netzwerkstatt.service import ServiceRuntime
from notifications_service import projections


async def _held_by_a_change_until_released(
    service: ServiceRuntime, newer_version: EventFacts, release: asyncio.Event, holding: asyncio.Event
) -> None:
    """A change of the event (another consumer's transaction) that holds the event's row."""
    async with service.database.unit_of_work() as uow:
        assert await projections.upsert_event(uow.session, newer_version)
        holding.set()
        await release.wait()


async def test_an_invitation_kept_while_a_change_commits_is_told_with_the_change(
    service: ServiceRuntime,
) -> None:
    first = event(version=1)
    async with service.database.unit_of_work() as uow:
        await projections.upsert_event(uow.session, first)
    cancelled = first.model_copy(update={"version": 2, "status": "cancelled"})
    release, holding = asyncio.Event(), asyncio.Event()
    change = asyncio.create_task(_held_by_a_change_until_released(service, cancelled, release, holding))
    await holding.wait()

    async with service.database.unit_of_work() as uow:
        invited = [(uuid.uuid4(), uuid.uuid4())]
        kept = asyncio.create_task(projections.add_invitations(uow.session, first, invited))
        await asyncio.sleep(0.3)
        assert not kept.done(), "the invitation's statement waits for the event's row"
        release.set()
        await change
        await kept
        newer = await projections.newer_event_facts(uow.session, first)

    assert newer is not None
    assert newer.version == 2
    assert newer.status == "cancelled"


async def test_a_registration_of_the_held_version_reads_no_newer_event(service: ServiceRuntime) -> None:
    facts = event(version=3)
    registration = RegistrationFacts(
        registration_id=uuid.uuid4(), event=facts, person_id=uuid.uuid4(), status="confirmed", version=1
    )
    async with service.database.unit_of_work() as uow:
        assert await projections.upsert_registration(uow.session, registration)
        assert await projections.newer_event_facts(uow.session, facts) is None
        # An older version of the registration changes nothing; the event stays as kept.
        assert not await projections.upsert_registration(uow.session, registration)
        older = facts.model_copy(update={"version": 2, "title": "Ein älterer Titel"})
        await projections.upsert_registration(
            uow.session, registration.model_copy(update={"event": older, "version": 2})
        )
        held = await projections.newer_event_facts(uow.session, older)
    assert held is not None
    assert held.version == 3
    assert held.title == facts.title
