from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from icalendar import Calendar, Event, vCalAddress
from notification_builders import berlin, ideenwerkstatt, office, regionalworkshop

from notifications_service.messages.calendar import (
    PRODUCT_ID,
    Attendee,
    ParticipationStatus,
    _attendee_line,
    build_calendar,
    event_uid,
)
from notifications_service.messages.context import EventDay, EventDetails
from notifications_service.messages.kinds import CalendarMethod, Language

STAMP = datetime(2024, 10, 1, 8, 0, tzinfo=UTC)
ATTENDEE = Attendee(name="Kim Beispiel", email="kim.beispiel@example.org")


# Parsed iCalendar properties are dynamically typed (vDDDTypes, vCalAddress, ...), hence Any.
def build(event: EventDetails, method: CalendarMethod = CalendarMethod.REQUEST, **options: Any) -> Any:
    options.setdefault("attendee", ATTENDEE)
    calendar_file = build_calendar(event, method=method, organizer=office(), stamped_at=STAMP, **options)
    assert calendar_file.method is method
    return Calendar.from_ical(calendar_file.content)


def vevents(calendar: Any) -> list[Any]:
    return list(calendar.walk("VEVENT"))


def test_the_calendar_carries_product_version_method_and_berlin_timezone() -> None:
    calendar = build(regionalworkshop())

    assert str(calendar["PRODID"]) == PRODUCT_ID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "REQUEST"
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Berlin"
    assert {component.name for component in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_an_invitation_event_carries_every_property_calendar_programs_need() -> None:
    [entry] = vevents(build(regionalworkshop(version=3)))

    assert str(entry["UID"]) == "evt-regionalworkshop-leipzig-day1@netzwerkstatt"
    assert entry["SEQUENCE"] == 3
    assert entry["DTSTAMP"].dt == STAMP
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry["DTEND"].params["TZID"] == "Europe/Berlin"
    assert entry["DTSTART"].dt == berlin(2025, 3, 12, 9, 30)
    assert entry["DTEND"].dt == berlin(2025, 3, 12, 15)
    assert str(entry["SUMMARY"]) == "Regionalworkshop Leipzig"
    assert str(entry["LOCATION"]) == "Volkshochschule Leipzig, 04109 Leipzig"
    assert str(entry["STATUS"]) == "CONFIRMED"
    organizer = entry["ORGANIZER"]
    assert str(organizer) == "mailto:koordination@example.org"
    assert organizer.params["CN"] == "Koordinierungsstelle IQ Landesnetzwerk Berlin"
    attendee = entry["ATTENDEE"]
    assert str(attendee) == "mailto:kim.beispiel@example.org"
    assert attendee.params["CN"] == "Kim Beispiel"
    # Registering goes through the e-mail's links: an answer from the calendar program would reach
    # only the organiser's mailbox, so none is asked for.
    assert attendee.params["RSVP"] == "FALSE"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    [alarm] = entry.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == -timedelta(days=1)
    assert str(alarm["DESCRIPTION"]) == "Regionalworkshop Leipzig"


def test_description_and_url_of_the_event_are_included() -> None:
    entry = vevents(build(ideenwerkstatt()))[0]

    assert str(entry["DESCRIPTION"]).startswith("Verwaltung und Arbeitsmarktintegration")
    assert str(entry["URL"]) == "https://netzwerkstatt.example.org/events/evt-ideenwerkstatt-13"


def test_a_two_day_event_has_one_entry_per_day_with_its_own_times_and_uid() -> None:
    first, second = vevents(build(ideenwerkstatt(), language=Language.GERMAN))

    assert str(first["UID"]) == "evt-ideenwerkstatt-13-day1@netzwerkstatt"
    assert str(second["UID"]) == "evt-ideenwerkstatt-13-day2@netzwerkstatt"
    assert (first["DTSTART"].dt, first["DTEND"].dt) == (berlin(2024, 11, 21, 10), berlin(2024, 11, 21, 17))
    assert (second["DTSTART"].dt, second["DTEND"].dt) == (
        berlin(2024, 11, 22, 9),
        berlin(2024, 11, 22, 14, 30),
    )
    assert str(first["SUMMARY"]) == "13. IKOE-Ideenwerkstatt (Tag 1 von 2)"
    assert str(second["SUMMARY"]) == "13. IKOE-Ideenwerkstatt (Tag 2 von 2)"


def test_day_labels_follow_the_recipients_language() -> None:
    first, _ = vevents(build(ideenwerkstatt(), language=Language.ENGLISH))

    assert str(first["SUMMARY"]) == "13. IKOE-Ideenwerkstatt (day 1 of 2)"


def test_invite_then_change_then_cancel_keeps_the_uid_and_raises_the_sequence() -> None:
    invite = vevents(build(ideenwerkstatt(version=0)))
    moved = ideenwerkstatt(version=1).model_copy(
        update={
            "days": [
                EventDay(starts_at=berlin(2024, 11, 21, 11), ends_at=berlin(2024, 11, 21, 18)),
                EventDay(starts_at=berlin(2024, 11, 22, 9), ends_at=berlin(2024, 11, 22, 14, 30)),
            ]
        }
    )
    change_calendar = build(moved)
    change = vevents(change_calendar)
    cancel_calendar = build(ideenwerkstatt(version=2), CalendarMethod.CANCEL)
    cancel = vevents(cancel_calendar)

    uids = [str(entry["UID"]) for entry in invite]
    assert [str(entry["UID"]) for entry in change] == uids
    assert [str(entry["UID"]) for entry in cancel] == uids
    assert [entry["SEQUENCE"] for entry in invite + change + cancel] == [0, 0, 1, 1, 2, 2]
    assert str(change_calendar["METHOD"]) == "REQUEST"
    assert change[0]["DTSTART"].dt == berlin(2024, 11, 21, 11)
    assert str(cancel_calendar["METHOD"]) == "CANCEL"
    assert {str(entry["STATUS"]) for entry in cancel} == {"CANCELLED"}
    assert not any(entry.walk("VALARM") for entry in cancel)


def test_a_confirmation_marks_the_attendee_as_accepted() -> None:
    accepted = ATTENDEE.model_copy(update={"participation": ParticipationStatus.ACCEPTED})

    [entry] = vevents(build(regionalworkshop(), attendee=accepted))

    assert entry["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert entry["ATTENDEE"].params["RSVP"] == "FALSE"


@pytest.mark.parametrize(
    ("alarm_before", "expected_triggers"),
    [(timedelta(hours=2), [-timedelta(hours=2)]), (None, [])],
)
def test_the_alarm_is_configurable_or_can_be_left_out(
    alarm_before: timedelta | None, expected_triggers: list[timedelta]
) -> None:
    [entry] = vevents(build(regionalworkshop(), alarm_before=alarm_before))

    assert [alarm["TRIGGER"].dt for alarm in entry.walk("VALARM")] == expected_triggers


def test_times_across_the_october_clock_change_keep_their_wall_clock_and_utc_instant() -> None:
    """Saturday is still summer time (UTC+2); the last Sunday of October is winter time (UTC+1)."""
    event = EventDetails(
        event_id="evt-netzwerktreffen-herbst",
        title="Netzwerktreffen",
        days=[
            EventDay(starts_at=berlin(2025, 10, 25, 10), ends_at=berlin(2025, 10, 25, 16)),
            EventDay(starts_at=berlin(2025, 10, 26, 10), ends_at=berlin(2025, 10, 26, 16)),
        ],
        venue="Volkshochschule Leipzig",
    )
    calendar = build(event)
    saturday, sunday = vevents(calendar)

    assert saturday["DTSTART"].dt.astimezone(UTC) == datetime(2025, 10, 25, 8, tzinfo=UTC)
    assert sunday["DTSTART"].dt.astimezone(UTC) == datetime(2025, 10, 26, 9, tzinfo=UTC)

    # The shipped VTIMEZONE alone (not the local tz database) must give the same offsets.
    [vtimezone] = calendar.walk("VTIMEZONE")
    rules = vtimezone.to_tz()
    assert datetime(2025, 10, 25, 10, tzinfo=rules).utcoffset() == timedelta(hours=2)
    assert datetime(2025, 10, 26, 10, tzinfo=rules).utcoffset() == timedelta(hours=1)
    assert datetime(2025, 3, 30, 10, tzinfo=rules).utcoffset() == timedelta(hours=2)


def test_umlauts_and_commas_survive_the_round_trip() -> None:
    event = regionalworkshop().model_copy(
        update={"title": "Zukunftswerkstatt: Übergänge, Schnittstellen", "venue": "Bürgerhaus Görlitz"}
    )

    [entry] = vevents(build(event))

    assert str(entry["SUMMARY"]) == "Zukunftswerkstatt: Übergänge, Schnittstellen"
    assert str(entry["LOCATION"]) == "Bürgerhaus Görlitz, 04109 Leipzig"


def test_uids_are_stable_and_day_numbers_start_at_one() -> None:
    assert event_uid("evt-1", 1) == event_uid("evt-1", 1) == "evt-1-day1@netzwerkstatt"
    assert event_uid("evt-1", 2, domain="example.org") == "evt-1-day2@example.org"


def test_each_attendee_and_each_sending_get_their_own_attendee_line_and_stamp() -> None:
    event = ideenwerkstatt()
    other = Attendee(
        name="Robin Müßig", email="robin.muessig@example.org", participation=ParticipationStatus.ACCEPTED
    )
    later = STAMP + timedelta(hours=3)

    first = build(event)
    second = Calendar.from_ical(
        build_calendar(
            event, method=CalendarMethod.REQUEST, organizer=office(), attendee=other, stamped_at=later
        ).content
    )

    for entry in vevents(first):
        assert str(entry["ATTENDEE"]) == "mailto:kim.beispiel@example.org"
        assert entry["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
        assert entry["DTSTAMP"].dt == STAMP
    for entry in vevents(second):
        assert str(entry["ATTENDEE"]) == "mailto:robin.muessig@example.org"
        assert entry["ATTENDEE"].params["CN"] == "Robin Müßig"
        assert entry["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
        assert entry["DTSTAMP"].dt == later
    assert [str(entry["UID"]) for entry in vevents(first)] == [str(entry["UID"]) for entry in vevents(second)]


def test_a_changed_event_gets_a_new_calendar_and_not_the_one_built_for_its_earlier_version() -> None:
    original = regionalworkshop()
    build(original)  # built and kept for the first version
    moved_day = EventDay(
        starts_at=original.days[0].starts_at + timedelta(days=7),
        ends_at=original.days[0].ends_at + timedelta(days=7),
    )
    renamed = original.model_copy(update={"title": "Regionalworkshop Leipzig (verlegt)"})
    moved = original.model_copy(update={"days": [moved_day], "version": original.version + 1})

    [moved_entry] = vevents(build(moved))
    [renamed_entry] = vevents(build(renamed))
    [cancel_entry] = vevents(build(original, CalendarMethod.CANCEL))
    english_entry = vevents(build(ideenwerkstatt(), language=Language.ENGLISH))[0]

    assert moved_entry["DTSTART"].dt == moved_day.starts_at
    assert int(moved_entry["SEQUENCE"]) == original.version + 1
    assert str(renamed_entry["SUMMARY"]) == "Regionalworkshop Leipzig (verlegt)"
    assert str(cancel_entry["STATUS"]) == "CANCELLED"
    assert "(day 1 of 2)" in str(english_entry["SUMMARY"])


def _attendee_line_by_icalendar(attendee: Attendee) -> str:
    """The attendee line as icalendar's own component machinery writes it."""
    address = vCalAddress(f"mailto:{attendee.email}")
    address.params["CN"] = attendee.name
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["PARTSTAT"] = attendee.participation.value
    address.params["RSVP"] = "FALSE"
    line: str = Event().content_line("ATTENDEE", address).to_ical().decode("utf-8")
    return line


ATTENDEE_NAMES = [
    "Kim",
    "Kim Beispiel",
    "Dr. Kim Müßig-Özdemir",
    "O'Neill",
    "Kim, Robin; Team: Nord",
    "Kim ’Robin’",
    'Kim "Kiki" Beispiel',
    "Kim^Robin",
    "Jürgen Größler " * 9,
]


@pytest.mark.parametrize("name", ATTENDEE_NAMES)
@pytest.mark.parametrize("participation", list(ParticipationStatus))
def test_the_attendee_line_is_written_as_icalendar_writes_it(
    name: str, participation: ParticipationStatus
) -> None:
    attendee = Attendee(name=name.strip(), email="kim.beispiel@example.org", participation=participation)

    assert _attendee_line(attendee) == _attendee_line_by_icalendar(attendee)


@pytest.mark.parametrize("padding", range(0, 80))
def test_the_attendee_line_folds_at_75_octets_between_characters_and_never_inside_an_escape(
    padding: int,
) -> None:
    # The padding moves multi-byte letters, an escape and a quote mark across every fold position.
    for tail in ("ü", "ß€", "^^", '"', "𝄞x"):
        attendee = Attendee(name=f"K{'i' * padding}{tail}m Beispiel{tail * 3}", email="k@example.org")
        line = _attendee_line(attendee)

        assert line == _attendee_line_by_icalendar(attendee)
        assert all(len(part.encode("utf-8")) <= 75 for part in line.split("\r\n"))
        read = Calendar.from_ical(
            f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n{line}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        assert read.walk("VEVENT")[0]["ATTENDEE"].params["CN"] == attendee.name
