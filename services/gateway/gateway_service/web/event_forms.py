"""Turning the events pages' form fields into the events service's requests: days and agenda rows
typed as text, with a field message naming the line or row that cannot be read."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from gateway_service.web.guards import text
from gateway_service.web.pages import optional, split_list

# "2025-11-20 10:00-17:00" (also with an en dash and "bis"); one line per day.
_DAY_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*(?:-|–|bis)\s*(\d{1,2}:\d{2})$")
# A speaker from the registry is written "Name [person id]"; anything else is a named guest.
_PERSON_SPEAKER = re.compile(r"^(?P<name>.*?)\s*\[(?P<id>[0-9a-fA-F-]{36})\]$")

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


def days_text(days: list[dict[str, Any]]) -> str:
    return "\n".join(f"{day['date']} {str(day['start'])[:5]}-{str(day['end'])[:5]}" for day in days)


def parse_days(value: str, errors: dict[str, str], name: str = "days") -> list[dict[str, str]]:
    days: list[dict[str, str]] = []
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _DAY_LINE.match(line)
        if match is None:
            errors[name] = f'line {number} ("{line}") does not read "2025-11-20 10:00-17:00"'
            return []
        day, start, end = match.groups()
        days.append({"date": day, "start": start.zfill(5), "end": end.zfill(5)})
    if not days and name not in errors:
        errors[name] = "give at least one day"
    return days


def _whole_number(value: str, name: str, errors: dict[str, str]) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        errors[name] = "a whole number, e.g. 25"
        return None
    return int(value)


def event_values(event: dict[str, Any]) -> dict[str, str]:
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
        "days": days_text(event.get("days") or []),
        "venue_name": venue.get("name") or "",
        "venue_address": venue.get("address") or "",
        "venue_room": venue.get("room") or "",
        "host_district_key": event.get("host_district_key") or "",
        "capacity": str(event.get("capacity") or ""),
        "seats_per_organisation": str(event.get("seats_per_organisation") or ""),
        "target_groups": ", ".join(event.get("target_groups") or []),
        "organiser_name": organiser.get("name") or "",
        "organiser_email": organiser.get("email") or "",
    }


def event_request(values: dict[str, str], *, creating: bool) -> Parsed:
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
    body["host_district_key"] = optional(values["host_district_key"])
    for name in ("capacity", "seats_per_organisation"):
        number = _whole_number(values[name], name, parsed.errors)
        if number is not None or not creating:
            body[name] = number
    body["target_groups"] = split_list(values["target_groups"])
    if creating:
        body["format"] = optional(values["format"])
        body["series_id"] = optional(values["series_id"])
        body["network_id"] = optional(values["network_id"])
        if values["organiser_name"]:
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
    return ", ".join(
        f"{speaker['name']} [{speaker['person_id']}]" if speaker.get("person_id") else str(speaker["name"])
        for speaker in speakers
    )


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
    speakers: list[dict[str, Any]] = []
    for entry in split_list(value):
        match = _PERSON_SPEAKER.match(entry)
        if match is not None:
            try:
                speakers.append({"person_id": str(uuid.UUID(match.group("id")))})
                continue
            except ValueError:
                pass
        speakers.append({"guest_name": entry})
    return speakers


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
            rows.append(row)
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
