"""The agenda of an event: items per day, rooms for parallel items, speakers; no clashes."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from events_service import convert
from events_service.api.base import event_to_change, existing_event, operations
from events_service.domain import agenda as rules
from events_service.domain.errors import RuleError, fail, raise_if_any
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
from netzwerkstatt.names import name_key
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
                rules.Speaker(person_id=speaker.person_id, guest_name=speaker.guest_name, name=speaker.name)
                for speaker in item.speakers
            )
        except ValidationError:
            raise InvalidInput.for_field(
                f"{field}.{index}.speakers", "each speaker needs one of person_id, guest_name or name"
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


# "Name [id]", as the agenda form wrote people from the registry before; "Name (Organisation)".
_BRACKETED = re.compile(r"^(?P<name>.*?)\s*\[(?P<reference>[^\]]*)\]$")
_WITH_ORGANISATION = re.compile(r"^(?P<name>.*?)\s*\((?P<organisation>[^)]*)\)$")


async def resolve_speakers(
    session: AsyncSession, event_id: uuid.UUID, items: list[rules.AgendaItem], field: str = "items"
) -> list[rules.AgendaItem]:
    """Each speaker given by ``name`` as the person it names or as a guest: a person already speaking
    at the event by that name first, else the people of the event's network (name with or without
    title, letter case and spacing aside; "Name (Organisation)" picks among namesakes); a name
    nobody there has is a guest. Several people of the name are ``ambiguous_speaker``, a bracketed
    reference that is no known person ``unknown_speaker``, all at once."""
    if not any(speaker.name for item in items for speaker in item.speakers):
        return items
    event = await store.event_row(session, event_id)
    speaking = [
        uuid.UUID(s["person_id"])
        for stored in await store.agenda_of(session, event_id)
        for s in stored.speakers
        if s.get("person_id")
    ]
    candidates = await projection.speaker_candidates(
        session, event.network_id if event is not None else None, speaking
    )
    current = set(speaking)
    errors: list[RuleError] = []
    resolved: list[rules.AgendaItem] = []
    for index, item in enumerate(items):
        speakers: list[rules.Speaker] = []
        for speaker in item.speakers:
            if speaker.name is None:
                speakers.append(speaker)
                continue
            named, problem = await _named_speaker(session, speaker.name, candidates, current)
            if problem is not None:
                errors.append(
                    RuleError(
                        code=problem,
                        message=f"speaker {speaker.name!r}: "
                        + (
                            "several people have this name"
                            if problem == "ambiguous_speaker"
                            else "no such person"
                        ),
                        field=f"{field}.{index}.speakers",
                        params={"name": speaker.name},
                    )
                )
                continue
            speakers.append(named)
        resolved.append(item.model_copy(update={"speakers": tuple(speakers)}))
    raise_if_any(errors)
    return resolved


async def _named_speaker(
    session: AsyncSession,
    typed: str,
    candidates: list[tuple[uuid.UUID, str, str, list[str]]],
    current: set[uuid.UUID],
) -> tuple[rules.Speaker, str | None]:
    name = " ".join(typed.split())
    guest = rules.Speaker(guest_name=name)
    bracketed = _BRACKETED.match(name)
    if bracketed is not None:
        try:
            person_id = uuid.UUID(bracketed["reference"].strip())
        except ValueError:
            return guest, "unknown_speaker"
        if await projection.person(session, person_id) is None:
            return guest, "unknown_speaker"
        return rules.Speaker(person_id=person_id), None

    def called(wanted: str) -> list[tuple[uuid.UUID, str, str, list[str]]]:
        key = name_key(wanted)
        return [c for c in candidates if key in (name_key(c[1]), name_key(c[2]))]

    matches = called(name)
    speaking = [c for c in matches if c[0] in current]
    if len(speaking) == 1:
        return rules.Speaker(person_id=speaking[0][0]), None
    if len(matches) == 1:
        return rules.Speaker(person_id=matches[0][0]), None
    if len(matches) > 1:
        return guest, "ambiguous_speaker"
    with_organisation = _WITH_ORGANISATION.match(name)
    if with_organisation is not None:
        namesakes = called(with_organisation["name"])
        organisation = name_key(with_organisation["organisation"])
        chosen = [c for c in namesakes if organisation in {name_key(o) for o in c[3]}]
        if len(chosen) == 1:
            return rules.Speaker(person_id=chosen[0][0]), None
        if len(namesakes) > 1:
            return guest, "ambiguous_speaker"
    return guest, None


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
    names the list in the request's errors. Speakers given by name are resolved first."""
    items = await resolve_speakers(session, event_id, items, field)
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
    speaker in two places at once are refused, each naming the item concerned. Speakers may be
    given by name: a person of the event's network (or already speaking at it) by that name, else a
    guest; a name several people have (``ambiguous_speaker``) or a bracketed reference to nobody
    known (``unknown_speaker``) is refused at the item's speakers."""
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
