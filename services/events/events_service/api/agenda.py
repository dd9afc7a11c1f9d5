"""The agenda of an event: items per day, rooms for parallel items, speakers; no clashes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from events_service import convert
from events_service.api.base import event_to_change, existing_event, operations
from events_service.domain import agenda as rules
from events_service.domain.errors import fail, raise_if_any
from events_service.domain.vocabulary import AgendaItemFormat, EventStatus
from events_service.store import events as store
from events_service.store import projection
from events_service.store.records import AgendaItemRecord
from netzwerkstatt.contracts.events import (
    AgendaItemInput,
    AgendaItemView,
    AgendaView,
    EventRef,
    SetAgenda,
    SpeakerView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import InvalidInput, NotFound
from netzwerkstatt.principal import Access, Principal

LOCKED = (EventStatus.COMPLETED, EventStatus.CANCELLED)


def domain_items(given: Sequence[AgendaItemInput], field: str = "items") -> list[rules.AgendaItem]:
    """The agenda's items for the rules; ``field`` names the list in the request's errors."""
    items: list[rules.AgendaItem] = []
    for index, item in enumerate(given):
        try:
            item_format = AgendaItemFormat(item.format)
        except ValueError:
            known = ", ".join(code.value for code in AgendaItemFormat)
            raise InvalidInput.for_field(
                f"{field}.{index}.format", f"unknown format {item.format!r}; use one of {known}", "enum"
            ) from None
        try:
            speakers = tuple(
                rules.Speaker(person_id=speaker.person_id, guest_name=speaker.guest_name)
                for speaker in item.speakers
            )
        except ValidationError:
            raise InvalidInput.for_field(
                f"{field}.{index}.speakers", "each speaker needs either person_id or guest_name"
            ) from None
        items.append(
            rules.AgendaItem(
                day=item.day,
                start=item.start,
                end=item.end,
                format=item_format,
                title=item.title,
                room=item.room,
                speakers=speakers,
            )
        )
    return items


async def agenda_view(session: AsyncSession, event_id: uuid.UUID) -> AgendaView:
    items = await store.agenda_of(session, event_id)
    person_ids = [uuid.UUID(s["person_id"]) for item in items for s in item.speakers if s.get("person_id")]
    names = await projection.names_of_people(session, person_ids)
    return AgendaView(event_id=event_id, items=[_item_view(item, names) for item in items])


def _item_view(item: AgendaItemRecord, names: dict[uuid.UUID, str]) -> AgendaItemView:
    speakers = []
    for speaker in item.speakers:
        person_id = uuid.UUID(speaker["person_id"]) if speaker.get("person_id") else None
        # An erased speaker keeps their place in the item, without a name (the pages say who).
        name = speaker.get("guest_name") or (names.get(person_id) if person_id else None)
        speakers.append(SpeakerView(person_id=person_id, name=name))
    return AgendaItemView(
        id=item.id,
        day=item.day,
        start=item.start_time,
        end=item.end_time,
        format=item.format,
        title=item.title,
        room=item.room,
        speakers=speakers,
    )


async def write_agenda(
    session: AsyncSession,
    event_id: uuid.UUID,
    days: Sequence[dict[str, str]],
    items: list[rules.AgendaItem],
    field: str = "items",
) -> None:
    """Check the agenda as a whole against the event's days and replace the stored one; ``field``
    names the list in the request's errors."""
    errors = rules.check_agenda(convert.domain_days(days), items)
    raise_if_any(
        error.model_copy(update={"field": field + error.field.removeprefix("items")})
        if error.field.startswith("items.")
        else error
        for error in errors
    )
    for index, item in enumerate(items):
        for position, speaker in enumerate(item.speakers):
            if speaker.person_id and await projection.person(session, speaker.person_id) is None:
                raise NotFound.for_field(
                    f"{field}.{index}.speakers.{position}.person_id", f"no person with id {speaker.person_id}"
                )
    await store.replace_agenda(
        session,
        event_id,
        [
            AgendaItemRecord(
                id=convert.new_id(),
                event_id=event_id,
                position=index,
                day=item.day,
                start_time=item.start,
                end_time=item.end,
                format=item.format.value,
                title=item.title,
                room=item.room,
                speakers=[speaker.model_dump(mode="json", exclude_none=True) for speaker in item.speakers],
            )
            for index, item in enumerate(items)
        ],
    )


@operations("agenda.set", access=Access.CHANGE)
async def set_agenda(request: SetAgenda, principal: Principal, db: DatabaseDep) -> AgendaView:
    """Replace the agenda. Items outside the event's days, two items in one room at once and a
    speaker in two places at once are refused, each naming the item concerned."""
    items = domain_items(request.items)
    async with db.unit_of_work() as uow:
        event = await event_to_change(uow.session, principal, request.event_id)
        if EventStatus(event.status) in LOCKED:
            raise fail(
                "event_read_only", "the agenda of a finished or cancelled event is kept as it was", "event_id"
            )
        await write_agenda(uow.session, event.id, event.days, items)
        return await agenda_view(uow.session, request.event_id)


@operations("agenda.get", access=Access.READ)
async def get_agenda(request: EventRef, db: DatabaseDep) -> AgendaView:
    async with db.read() as session:
        await existing_event(session, request.event_id)
        return await agenda_view(session, request.event_id)
