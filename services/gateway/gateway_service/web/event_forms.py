"""Turning the events pages' form fields into the events service's requests: days and agenda rows
typed as text, with a field message naming the line or row that cannot be read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from itertools import zip_longest
from typing import Any

from starlette.datastructures import FormData

from gateway_service.i18n import translate
from gateway_service.web import districts
from gateway_service.web.guards import date_or_text, number_or_text, read_date, text
from gateway_service.web.messages import page_language
from gateway_service.web.pages import optional, split_list
from gateway_service.web.rendering import LOCAL_TIME

# 13.11.2025 18:00 (also "13.11.2025, 18:00 Uhr"), a moment as people write it in German.
_GERMAN_MOMENT = re.compile(
    r"^(?P<day>\d{1,2}\.\d{1,2}\.\d{2,4}),?\s+(?P<clock>\d{1,2}[:.]\d{2})(?:\s*Uhr)?$"
)
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")

AGENDA_FORMATS = (
    "welcome",
    "greeting",
    "impulse",
    "talk",
    "workshop",
    "practice_workshop",
    "world_cafe",
    "speed_consultation",
    "barcamp",
    "plenary",
    "questions",
    "presentation_round",
    "networking",
    "break",
    "lunch",
    "closing",
    "other",
)
EVENT_FORMATS = (
    "regional_workshop",
    "ideas_workshop",
    "ideas_cafe",
    "learning_workshop",
    "future_workshop",
    "network_meeting",
    "specialist_day",
    "custom",
)
EVENT_FIELDS = (
    "title",
    "format",
    "series_id",
    "network_id",
    "motto",
    "description",
    "days",
    "venue_name",
    "venue_address",
    "venue_room",
    "host_district_key",
    "registration_closes_at",
    "capacity",
    "seats_per_organisation",
    "target_groups",
    "organiser_name",
    "organiser_email",
)
# Blank rows offered below the agenda's items for new ones.
NEW_AGENDA_ROWS = 3


@dataclass
class Parsed:
    body: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def day_rows_of(days: list[dict[str, Any]]) -> list[dict[str, str]]:
    """An event's days as the form's rows (ISO date, HH:MM), as native date and time inputs take them."""
    return [
        {"date": str(day["date"]), "start": str(day["start"])[:5], "end": str(day["end"])[:5]} for day in days
    ]


def day_rows_from(form: FormData, prefix: str = "day_") -> list[dict[str, str]]:
    """The rows of days the form sent (``day_date``, ``day_start``, ``day_end``), rows without a date
    left out."""

    def column(name: str) -> list[str]:
        return [value.strip() for value in form.getlist(f"{prefix}{name}") if isinstance(value, str)]

    rows = [
        {"date": day, "start": start, "end": end}
        for day, start, end in zip_longest(column("date"), column("start"), column("end"), fillvalue="")
    ]
    # A row without a date is a blank one (its times may be the offered defaults).
    return [_readable(row) for row in rows if row["date"]]


def _readable(row: dict[str, str]) -> dict[str, str]:
    """A row with what could be read written as the inputs take it (20.11.2025 → 2025-11-20)."""
    start, end = _clock(row["start"]), _clock(row["end"])
    return {"date": date_or_text(row["date"]), "start": start or row["start"], "end": end or row["end"]}


def _clock(value: str) -> str | None:
    match = _CLOCK.match(value)
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_days(
    rows: list[dict[str, str]], errors: dict[str, str], name: str = "days"
) -> list[dict[str, str]]:
    """The events service's days from the form's rows. A value that cannot be read goes to the
    service as typed: it refuses it together with every other problem of the form, in one answer
    (no days at all too: the message is the form's own, the refusal the service's)."""
    days = [_readable(row) for row in rows]
    if not days:
        errors[name] = translate("error.no_days", page_language.get())
    return days


def moment_of(value: str) -> str | None:
    """A datetime-local input's value (2025-11-13T18:00), or a German one (13.11.2025 18:00), as a
    moment in German local time, ISO."""
    if not value:
        return None
    german = _GERMAN_MOMENT.match(value)
    day = read_date(german.group("day")) if german else None
    clock = _clock(german.group("clock")) if german else None
    try:
        moment = datetime.fromisoformat(f"{day.isoformat()}T{clock}" if day and clock else value)
    except ValueError:
        return value  # as typed: the service names it
    return (moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TIME)).isoformat()


def local_input(value: Any) -> str:
    """A stored moment as a datetime-local input shows it: local time, minutes."""
    if not value:
        return ""
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment.astimezone(LOCAL_TIME).strftime("%Y-%m-%dT%H:%M")


def event_values(event: dict[str, Any]) -> dict[str, Any]:
    """The form's fields filled from an event."""
    venue = event.get("venue") or {}
    organiser = event.get("organiser") or {}
    return {
        "title": event.get("title") or "",
        "format": event.get("format") or "",
        "series_id": str(event.get("series_id") or ""),
        "network_id": str(event.get("network_id") or ""),
        "motto": event.get("motto") or "",
        "description": event.get("description") or "",
        "days": day_rows_of(event.get("days") or []),
        "venue_name": venue.get("name") or "",
        "venue_address": venue.get("address") or "",
        "venue_room": venue.get("room") or "",
        "host_district_key": districts.label(event["host_district_key"])
        if event.get("host_district_key")
        else "",
        "registration_closes_at": local_input(event.get("registration_closes_at")),
        "capacity": str(event.get("capacity") or ""),
        "seats_per_organisation": str(event.get("seats_per_organisation") or ""),
        "target_groups": ", ".join(event.get("target_groups") or []),
        "organiser_name": organiser.get("name") or "",
        "organiser_email": organiser.get("email") or "",
    }


def form_values(form: FormData) -> dict[str, Any]:
    """The event form's values as sent: plain fields and the rows of days."""
    values: dict[str, Any] = {name: text(form, name) for name in EVENT_FIELDS}
    values["days"] = day_rows_from(form)
    return values


def host_district(value: str, errors: dict[str, str], name: str = "host_district_key") -> str | None:
    """The key of the district typed by name (or key). An unknown name is a field message and goes
    to the events service as typed: it refuses it together with the form's other problems."""
    if not value.strip():
        return None
    key = districts.key_for(value)
    if key is None:
        errors[name] = translate("districts.unknown", page_language.get()) + " " + value.strip()
        return value.strip()
    return key


def event_request(values: dict[str, Any], *, creating: bool) -> Parsed:
    """An event.create request (or the changes of event.update) from the form's values."""
    parsed = Parsed()
    body = parsed.body
    body["title"] = values["title"]
    body["days"] = parse_days(values["days"], parsed.errors)
    body["motto"] = optional(values["motto"])
    body["description"] = values["description"]
    if values["venue_name"] or values["venue_address"] or values["venue_room"]:
        body["venue"] = {
            "name": values["venue_name"],
            "address": optional(values["venue_address"]),
            "room": optional(values["venue_room"]),
        }
    body["host_district_key"] = host_district(values["host_district_key"], parsed.errors)
    closes = moment_of(values["registration_closes_at"])
    if closes is not None:
        body["registration_closes_at"] = closes
    for name in ("capacity", "seats_per_organisation"):
        number = number_or_text(values[name]) if values[name] else None
        if number is not None or not creating:
            body[name] = number
    body["target_groups"] = split_list(values["target_groups"])
    if creating:
        body["format"] = optional(values["format"])
        body["series_id"] = optional(values["series_id"])
        body["network_id"] = optional(values["network_id"])
        # An address typed without a name goes too: the service refuses the name missing (and an
        # address that is none), rather than the address being dropped unseen.
        if values["organiser_name"] or values["organiser_email"]:
            body["organiser"] = {
                "name": values["organiser_name"],
                "email": optional(values["organiser_email"]),
            }
    else:
        # Limits cannot be cleared once set; an empty field leaves them as they are.
        body = {key: value for key, value in body.items() if value is not None or key in ("motto",)}
        parsed.body = body
    return parsed


# -- agenda -------------------------------------------------------------------------------------------


def speakers_text(speakers: list[dict[str, Any]]) -> str:
    """The speakers as the form's field writes them, by name only (the events service knows a person
    by their name again); an erased speaker (no name) is left out, so that saving the agenda again
    does not turn them into a guest."""
    return ", ".join(str(speaker["name"]) for speaker in speakers if speaker.get("name"))


def agenda_rows(items: list[dict[str, Any]], first_day: str) -> list[dict[str, str]]:
    rows = [
        {
            "day": str(item["day"]),
            "start": str(item["start"])[:5],
            "end": str(item["end"])[:5],
            "format": str(item["format"]),
            "title": str(item["title"]),
            "room": str(item.get("room") or ""),
            "speakers": speakers_text(item.get("speakers") or []),
        }
        for item in items
    ]
    blank = {"day": first_day, "start": "", "end": "", "format": "", "title": "", "room": "", "speakers": ""}
    return rows + [dict(blank) for _ in range(NEW_AGENDA_ROWS)]


def _speakers(value: str) -> list[dict[str, Any]]:
    """Each speaker by name as typed: the events service takes it for the person of the event's
    network of that name, or a guest."""
    return [{"name": entry} for entry in split_list(value)]


def posted_agenda_rows(form: FormData) -> list[dict[str, str]]:
    """The rows as sent (to show them again beside field messages), without removed ones."""
    rows: list[dict[str, str]] = []
    index = 0
    while f"items-{index}-title" in form:
        row = {
            name: text(form, f"items-{index}-{name}")
            for name in ("day", "start", "end", "format", "title", "room", "speakers")
        }
        if not text(form, f"items-{index}-remove") and any(row[name] for name in ("start", "end", "title")):
            # Times as the day rows take them: 10.45 and 9:00 are read as 10:45 and 09:00.
            rows.append(row | {name: _clock(row[name]) or row[name] for name in ("start", "end")})
        index += 1
    return rows


def agenda_request(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "day": row["day"],
            "start": row["start"],
            "end": row["end"],
            "format": row["format"] or "other",
            "title": row["title"],
            "room": optional(row["room"]),
            "speakers": _speakers(row["speakers"]),
        }
        for row in rows
    ]


def agenda_errors(details: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Field messages by row cell (``items.2.room`` → ``items-2-room``); others for the form."""
    cells: dict[str, str] = {}
    general: list[str] = []
    for name, message in details:
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "items" and parts[1].isdigit():
            key = f"items-{parts[1]}-{parts[2]}"
            cells[key] = f"{cells[key]} {message}".strip() if key in cells else message
        elif len(parts) == 2 and parts[0] == "items" and parts[1].isdigit():
            key = f"items-{parts[1]}-title"
            cells[key] = f"{cells[key]} {message}".strip() if key in cells else message
        else:
            general.append(message)
    return cells, general
