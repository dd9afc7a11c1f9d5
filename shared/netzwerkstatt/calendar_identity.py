"""One calendar identity per event day, shared by the e-mails' calendar files (notifications) and
the calendar link on the participants' pages (gateway): whoever imports both keeps one entry per day,
and every update or cancellation reaches it. Days are counted from 1; SEQUENCE is the event's
version, which rises with every change."""

from __future__ import annotations

DEFAULT_UID_DOMAIN = "netzwerkstatt"


def event_day_uid(event_id: str, day_number: int, domain: str = DEFAULT_UID_DOMAIN) -> str:
    """The stable UID of one day of an event: ``<event id>-day<n>@<domain>``."""
    return f"{event_id}-day{day_number}@{domain}"
