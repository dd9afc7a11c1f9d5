"""The service's calendar: surveys open from an event's first day, paper forms come back and
surveys close on days in Europe/Berlin, where the networks work, whatever the server's own time
zone (the staff pages and the events service count days the same way)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from netzwerkstatt.db import utcnow

BERLIN = ZoneInfo("Europe/Berlin")


def day_of(moment: datetime) -> date:
    """The day in Europe/Berlin at ``moment``."""
    return moment.astimezone(BERLIN).date()


def today() -> date:
    return day_of(utcnow())
