"""iCalendar (RFC 5545) files for events, as iTIP (RFC 5546) REQUEST or CANCEL messages.

Design choice: one VEVENT per event day. Multi-day events usually have different times per day
(a two-day Ideenwerkstatt running 10:00–17:00 and 9:00–14:30), and a single VEVENT spanning both
days would block the night in between. Each day gets its own stable UID, `<event id>-day<n>@<domain>`,
so adding a day later leaves the UIDs of the existing days untouched. Single-day events, the common
case, therefore carry exactly one VEVENT. SEQUENCE is the event's version, which rises with every
change; a CANCEL reuses the same UIDs so calendar programs remove the entries they already hold.
"""

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress
from pydantic import BaseModel, ConfigDict, Field

from notifications_service.messages.context import EventDetails, Office
from notifications_service.messages.formatting import BERLIN
from notifications_service.messages.kinds import CalendarMethod, Language

PRODUCT_ID = "-//Netzwerkstatt//Notifications 1.0//EN"
DEFAULT_UID_DOMAIN = "netzwerkstatt"


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
    """Stable UID of one day (counted from 1) of an event."""
    return f"{event_id}-day{day_number}@{domain}"


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
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    calendar.add_component(berlin_timezone())

    stamp = (stamped_at or datetime.now(UTC)).astimezone(UTC)
    cancelled = method is CalendarMethod.CANCEL
    day_count = len(event.days)
    for day_number, day in enumerate(event.days, start=1):
        entry = Event()
        entry.add("uid", event_uid(event.event_id, day_number, uid_domain))
        entry.add("sequence", event.version)
        entry.add("dtstamp", stamp)
        entry.add("dtstart", day.starts_at.astimezone(BERLIN))
        entry.add("dtend", day.ends_at.astimezone(BERLIN))
        entry.add("summary", _day_summary(event.title, day_number, day_count, language))
        entry.add("location", event.location)
        if event.description:
            entry.add("description", event.description)
        if event.url is not None:
            entry.add("url", str(event.url))
        entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        entry.add("transp", "OPAQUE")
        entry.add("organizer", _mailto(organizer.email, organizer.name))
        entry.add(
            "attendee",
            _mailto(
                attendee.email,
                attendee.name,
                ROLE="REQ-PARTICIPANT",
                CUTYPE="INDIVIDUAL",
                PARTSTAT=attendee.participation.value,
                RSVP="TRUE",
            ),
        )
        if alarm_before is not None and not cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event.title)
            alarm.add("trigger", -alarm_before)
            entry.add_component(alarm)
        calendar.add_component(entry)

    return CalendarFile(
        method=method,
        content=calendar.to_ical().decode("utf-8"),
        filename="cancel.ics" if cancelled else "invite.ics",
    )
