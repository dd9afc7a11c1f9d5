"""Agenda items of an event's days and the clashes they must not have.

Intervals are half-open [start, end): a session ending at 10:30 and one starting at 10:30 do not
overlap. Rooms: an item with a room clashes with any other item in the same room (names compared
without case and surrounding space). An item without a room takes place in the plenary (or, like
a break, everywhere at once): it clashes with other room-less items, but not with workshops in
their own rooms running in parallel. A speaker (registry person or named guest) can be in only
one place at a time, whatever the rooms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import time
from itertools import combinations
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from events_service.domain.errors import RuleError
from events_service.domain.schedule import EventDay
from events_service.domain.vocabulary import AgendaItemFormat


class Speaker(BaseModel):
    """Either a person from the registry or an external guest by name, never both; or, as asked and
    until the service resolves it, a ``name`` that may be either."""

    model_config = ConfigDict(frozen=True)

    person_id: UUID | None = None
    guest_name: str | None = Field(default=None, min_length=1)
    name: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _exactly_one(self) -> Speaker:
        if [self.person_id, self.guest_name, self.name].count(None) != 2:
            raise ValueError("give one of person_id, guest_name or name")
        return self

    def key(self) -> str:
        if self.person_id is not None:
            return f"person:{self.person_id}"
        return f"guest:{' '.join((self.guest_name or '').split()).casefold()}"

    def display(self) -> str:
        return self.guest_name if self.guest_name is not None else str(self.person_id)


class AgendaItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: dt.date
    start: time
    end: time
    format: AgendaItemFormat
    title: str = Field(min_length=1)
    room: str | None = None
    speakers: tuple[Speaker, ...] = ()

    def room_key(self) -> str | None:
        return None if self.room is None else " ".join(self.room.split()).casefold() or None

    def overlaps(self, other: AgendaItem) -> bool:
        return self.day == other.day and self.start < other.end and other.start < self.end


def _check_item(item: AgendaItem, days: dict[dt.date, EventDay], field: str) -> list[RuleError]:
    errors: list[RuleError] = []
    if not item.title.strip():
        errors.append(
            RuleError(code="title_blank", message="the title must not be blank", field=f"{field}.title")
        )
    if item.end <= item.start:
        errors.append(
            RuleError(
                code="end_not_after_start",
                message=f"end {item.end:%H:%M} must be after start {item.start:%H:%M}",
                field=f"{field}.end",
            )
        )
    day = days.get(item.day)
    if day is None:
        errors.append(
            RuleError(
                code="not_an_event_day",
                message=f"{item.day.isoformat()} is not a day of this event",
                field=f"{field}.day",
            )
        )
    elif item.start < day.start or item.end > day.end:
        errors.append(
            RuleError(
                code="outside_event_day",
                message=(
                    f"{item.start:%H:%M}–{item.end:%H:%M} lies outside the day's "
                    f"{day.start:%H:%M}–{day.end:%H:%M}"
                ),
                field=f"{field}.start",
            )
        )
    return errors


def _clashes(first: AgendaItem, second: AgendaItem, other: int) -> list[RuleError]:
    if not first.overlaps(second):
        return []
    errors: list[RuleError] = []
    if first.room_key() == second.room_key():
        place = "the plenary" if first.room is None else f"room {first.room!r}"
        errors.append(
            RuleError(
                code="room_clash",
                message=f"{second.title!r} overlaps {first.title!r} in {place}",
                field=f"items.{other}.room",
            )
        )
    first_speakers = {speaker.key() for speaker in first.speakers}
    for speaker in second.speakers:
        if speaker.key() in first_speakers:
            errors.append(
                RuleError(
                    code="speaker_clash",
                    message=(
                        f"{speaker.display()} speaks in {first.title!r} and {second.title!r} at the same time"
                    ),
                    field=f"items.{other}.speakers",
                )
            )
    return errors


def check_agenda(days: Sequence[EventDay], items: Sequence[AgendaItem]) -> tuple[RuleError, ...]:
    """Every problem of an agenda at once, each naming the item (``items.<i>``) it concerns."""
    by_date = {day.date: day for day in days}
    errors: list[RuleError] = []
    for index, item in enumerate(items):
        errors.extend(_check_item(item, by_date, f"items.{index}"))
    for (_, first), (other, second) in combinations(enumerate(items), 2):
        errors.extend(_clashes(first, second, other))
    return tuple(errors)
