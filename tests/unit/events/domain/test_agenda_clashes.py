"""Agenda of a two-day Ideenwerkstatt: items inside the days, no room or speaker in two places."""

from datetime import date, time
from uuid import NAMESPACE_URL, uuid5

import pytest
from pydantic import ValidationError

from events_service.domain.agenda import AgendaItem, Speaker, check_agenda
from events_service.domain.schedule import EventDay
from events_service.domain.vocabulary import AgendaItemFormat as Format

DAY_ONE = date(2025, 11, 21)
DAYS = [
    EventDay(date=DAY_ONE, start=time(10), end=time(18)),
    EventDay(date=date(2025, 11, 22), start=time(9), end=time(14)),
]
LEAD = Speaker(person_id=uuid5(NAMESPACE_URL, "https://example.org/person/project-lead"))
GUEST = Speaker(guest_name="Dr. Mara Beispiel")


def item(
    start: str, end: str, fmt: Format = Format.WORKSHOP, room: str | None = None, *speakers: Speaker
) -> AgendaItem:
    return AgendaItem(
        day=DAY_ONE,
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
        format=fmt,
        title=f"{fmt.value} {start}",
        room=room,
        speakers=speakers,
    )


def codes(items: list[AgendaItem]) -> list[tuple[str, str]]:
    return [(e.code, e.field) for e in check_agenda(DAYS, items)]


def test_a_well_planned_day_has_no_errors() -> None:
    agenda = [
        item("10:00", "10:15", Format.WELCOME, None, LEAD),
        item("10:15", "11:00", Format.IMPULSE, None, LEAD),
        item("11:00", "12:30", Format.PRACTICE_WORKSHOP, "Saal", GUEST),
        item("11:00", "12:30", Format.WORKSHOP, "Raum 2"),
    ]

    assert codes(agenda) == []


def test_speaker_cannot_be_in_two_rooms_at_once() -> None:
    agenda = [
        item("11:00", "12:00", Format.WORKSHOP, "Saal", GUEST),
        item("11:30", "12:30", Format.WORKSHOP, "Raum 2", GUEST),
    ]

    assert codes(agenda) == [("speaker_clash", "items.1.speakers")]


def test_two_items_in_one_room_at_once_clash() -> None:
    agenda = [
        item("11:00", "12:00", Format.WORKSHOP, "Raum 2"),
        item("11:45", "12:30", Format.BARCAMP, " raum 2 "),
    ]

    assert codes(agenda) == [("room_clash", "items.1.room")]


def test_back_to_back_items_do_not_overlap() -> None:
    agenda = [
        item("11:00", "12:00", Format.WORKSHOP, "Saal", GUEST),
        item("12:00", "13:00", Format.TALK, "Saal", GUEST),
    ]

    assert codes(agenda) == []


def test_a_break_without_room_does_not_clash_with_workshops_in_rooms() -> None:
    agenda = [item("11:00", "12:30", Format.WORKSHOP, "Raum 2"), item("12:00", "12:30", Format.BREAK)]

    assert codes(agenda) == []


def test_two_plenary_items_at_once_clash() -> None:
    agenda = [item("10:00", "11:00", Format.PLENARY), item("10:30", "11:00", Format.QUESTIONS)]

    assert codes(agenda) == [("room_clash", "items.1.room")]


def test_item_must_lie_inside_the_event_day() -> None:
    assert codes([item("09:30", "10:30")]) == [("outside_event_day", "items.0.start")]


def test_item_on_a_day_that_is_not_an_event_day_is_rejected() -> None:
    stray = item("10:00", "11:00").model_copy(update={"day": date(2025, 11, 23)})

    assert codes([stray]) == [("not_an_event_day", "items.0.day")]


def test_item_must_end_after_it_starts() -> None:
    assert codes([item("12:00", "11:00")]) == [("end_not_after_start", "items.0.end")]


def test_a_speaker_is_either_a_registry_person_or_a_named_guest() -> None:
    with pytest.raises(ValidationError):
        Speaker()
    with pytest.raises(ValidationError):
        Speaker(person_id=LEAD.person_id, guest_name="Dr. Mara Beispiel")
