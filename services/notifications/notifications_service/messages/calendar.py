"""iCalendar (RFC 5545) files for events, as iTIP (RFC 5546) REQUEST or CANCEL messages.

Design choice: one VEVENT per event day. Multi-day events usually have different times per day
(a two-day Ideenwerkstatt running 10:00–17:00 and 9:00–14:30), and a single VEVENT spanning both
days would block the night in between. Each day gets its own stable UID, `<event id>-day<n>@<domain>`,
so adding a day later leaves the UIDs of the existing days untouched. Single-day events, the common
case, therefore carry exactly one VEVENT. SEQUENCE is the event's version, which rises with every
change; a CANCEL reuses the same UIDs so calendar programs remove the entries they already hold.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress
from pydantic import BaseModel, ConfigDict, Field

from netzwerkstatt.calendar_identity import DEFAULT_UID_DOMAIN as SHARED_UID_DOMAIN
from netzwerkstatt.calendar_identity import event_day_uid
from notifications_service.messages.context import EventDetails, Office
from notifications_service.messages.formatting import BERLIN
from notifications_service.messages.kinds import CalendarMethod, Language

PRODUCT_ID = "-//Netzwerkstatt//Notifications 1.0//EN"
DEFAULT_UID_DOMAIN = SHARED_UID_DOMAIN


class ParticipationStatus(StrEnum):
    NEEDS_ACTION = "NEEDS-ACTION"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    TENTATIVE = "TENTATIVE"


class Attendee(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    email: str = Field(min_length=3)
    participation: ParticipationStatus = ParticipationStatus.NEEDS_ACTION


class CalendarFile(BaseModel):
    """A finished .ics file and the iTIP method it was built with."""

    model_config = ConfigDict(frozen=True)

    method: CalendarMethod
    content: str
    filename: str = "event.ics"


def event_uid(event_id: str, day_number: int, domain: str = DEFAULT_UID_DOMAIN) -> str:
    """Stable UID of one day (counted from 1) of an event, as the gateway's calendar link has it."""
    return event_day_uid(event_id, day_number, domain)


def berlin_timezone() -> Timezone:
    """VTIMEZONE for Europe/Berlin with the EU daylight-saving rules in force since 1996."""
    timezone = Timezone()
    timezone.add("tzid", "Europe/Berlin")
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def _mailto(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    for key, value in params.items():
        address.params[key] = value
    return address


def _day_summary(title: str, day_number: int, day_count: int, language: Language) -> str:
    if day_count == 1:
        return title
    if language is Language.GERMAN:
        return f"{title} (Tag {day_number} von {day_count})"
    return f"{title} (day {day_number} of {day_count})"


# The parts of a calendar file that differ per recipient and per sending are put in afterwards:
# everything else depends only on the event, the method, the organiser and the language, and is
# built once (building with icalendar costs milliseconds, thousands of invitations go out at once).
_STAMP_PLACEHOLDER = datetime(1970, 1, 1, tzinfo=UTC)
_STAMP_LINE = "\r\nDTSTAMP:19700101T000000Z\r\n"
_ATTENDEE_LINE = "\r\nATTENDEE:mailto:attendee@placeholder.invalid\r\n"


@dataclass(frozen=True)
class _FileKey:
    event_json: str
    method: CalendarMethod
    organizer: Office
    language: Language
    alarm_before: timedelta | None
    uid_domain: str


@lru_cache(maxsize=512)
def _calendar_without_attendee(key: _FileKey) -> str:
    """The whole file with placeholder DTSTAMP and ATTENDEE lines (a content line starts after CRLF,
    so the placeholders cannot be mistaken for text inside a value)."""
    event = EventDetails.model_validate_json(key.event_json)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", key.method.value)
    calendar.add_component(berlin_timezone())

    cancelled = key.method is CalendarMethod.CANCEL
    day_count = len(event.days)
    for day_number, day in enumerate(event.days, start=1):
        entry = Event()
        entry.add("uid", event_uid(event.event_id, day_number, key.uid_domain))
        entry.add("sequence", event.version)
        entry.add("dtstamp", _STAMP_PLACEHOLDER)
        entry.add("dtstart", day.starts_at.astimezone(BERLIN))
        entry.add("dtend", day.ends_at.astimezone(BERLIN))
        entry.add("summary", _day_summary(event.title, day_number, day_count, key.language))
        entry.add("location", event.location)
        if event.description:
            entry.add("description", event.description)
        if event.url is not None:
            entry.add("url", str(event.url))
        entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        entry.add("transp", "OPAQUE")
        entry.add("organizer", _mailto(key.organizer.email, key.organizer.name))
        entry.add("attendee", vCalAddress(_ATTENDEE_LINE.strip().split(":", 1)[1]))
        if key.alarm_before is not None and not cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event.title)
            alarm.add("trigger", -key.alarm_before)
            entry.add_component(alarm)
        calendar.add_component(entry)
    content: str = calendar.to_ical().decode("utf-8")
    assert content.count(_STAMP_LINE) == day_count
    assert content.count(_ATTENDEE_LINE) == day_count
    return content


# The attendee line is the one content line written per recipient, so it is written here rather than
# through icalendar's component machinery (a tenth of a mail's rendering time). It follows the rules
# icalendar applies to this line, which a test checks against icalendar's own output: RFC 6868
# escapes in the name, the name quoted when it holds a character that needs quoting, the parameters
# in alphabetical order, and folding at 75 octets without splitting a character or an escape.
_ESCAPES_6868 = re.compile(r'\^|\r\n|\r|\n|"')
_ESCAPED_6868 = {"^": "^^", "\r\n": "^n", "\r": "^n", "\n": "^n", '"': "^'"}
_QUOTED_IN_NAME = re.compile("[,;:\u2019 ']")
_FOLD_AT = 75


def _fold(line: str) -> str:
    """An RFC 5545 content line folded into lines shorter than 75 octets (CRLF and a space)."""
    data = line.encode("utf-8")
    pieces: list[bytes] = []
    start = 0
    while len(data) - start >= _FOLD_AT:
        end = start + _FOLD_AT - 1
        while data[end] & 0xC0 == 0x80:  # inside a character: fold before it
            end -= 1
        if data[end - 1] in b"\\^":  # an escape (``^'``, ``\,``) stays with what it escapes
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


def _attendee_line(attendee: Attendee) -> str:
    name = _ESCAPES_6868.sub(lambda found: _ESCAPED_6868[found.group(0)], attendee.name)
    if _QUOTED_IN_NAME.search(attendee.name):
        name = f'"{name}"'
    # RSVP=FALSE: no answer asked of the calendar program; it would go to the organiser's mailbox
    # and register nobody. The e-mail's links register, decline and cancel.
    return _fold(
        f"ATTENDEE;CN={name};CUTYPE=INDIVIDUAL;PARTSTAT={attendee.participation.value};"
        f"ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{attendee.email}"
    )


def build_calendar(
    event: EventDetails,
    *,
    method: CalendarMethod,
    organizer: Office,
    attendee: Attendee,
    language: Language = Language.GERMAN,
    alarm_before: timedelta | None = timedelta(days=1),
    uid_domain: str = DEFAULT_UID_DOMAIN,
    stamped_at: datetime | None = None,
) -> CalendarFile:
    """Build the .ics for one attendee. `alarm_before=None` leaves out the reminder alarm."""
    key = _FileKey(
        event_json=event.model_dump_json(),
        method=method,
        organizer=organizer,
        language=language,
        alarm_before=alarm_before,
        uid_domain=uid_domain,
    )
    stamp = (stamped_at or datetime.now(UTC)).astimezone(UTC)
    content = (
        _calendar_without_attendee(key)
        .replace(_STAMP_LINE, f"\r\nDTSTAMP:{stamp:%Y%m%dT%H%M%SZ}\r\n")
        .replace(_ATTENDEE_LINE, f"\r\n{_attendee_line(attendee)}\r\n")
    )
    cancelled = method is CalendarMethod.CANCEL
    return CalendarFile(method=method, content=content, filename="cancel.ics" if cancelled else "invite.ics")
