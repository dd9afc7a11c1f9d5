"""An iCalendar file for a registration's event, built from the event facts the events service
answers with: one VEVENT per event day, in the event's time zone (Europe/Berlin), with the same UID
per day and SEQUENCE as the calendar files in the e-mails (``netzwerkstatt.calendar_identity``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from netzwerkstatt.calendar_identity import event_day_uid

PRODUCT_ID = "-//Netzwerkstatt//Gateway//DE"


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): every line break, also a lone CR that some readers take
    for the end of the line, becomes ``\\n``; other control characters but the tab are dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(character for character in text if character in "\n\t" or not _is_control(character))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _is_control(character: str) -> bool:
    return ord(character) < 0x20 or ord(character) == 0x7F


def _local(day: str, clock: str) -> str:
    moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    return moment.strftime("%Y%m%dT%H%M%S")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545, 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for character in line:
        piece = character.encode()
        if len(current) + len(piece) > 74:
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def event_calendar(event: dict[str, Any], event_id: str, *, called_off: bool = False) -> str:
    """The event's days as a calendar file; every day cancelled when the event is, or when the
    person it was sent to no longer comes (``called_off``: they cancelled or declined)."""
    timezone = str(event.get("timezone") or "Europe/Berlin")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    venue = event.get("venue") or {}
    location = ", ".join(str(venue[key]) for key in ("name", "address", "room") if venue.get(key))
    cancelled = called_off or event.get("status") == "cancelled"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT_ID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for number, day in enumerate(event.get("days") or [], start=1):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_day_uid(event_id, number)}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{int(event.get('version') or 0)}",
            f"DTSTART;TZID={timezone}:{_local(day['date'], day['start'])}",
            f"DTEND;TZID={timezone}:{_local(day['date'], day['end'])}",
            f"SUMMARY:{_escape(str(event.get('title') or ''))}",
            f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        ]
        if location:
            lines.append(f"LOCATION:{_escape(location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
