"""The networks' calendar: a moment falls on its day in Europe/Berlin, where the networks work,
whatever the server's own time zone. Every service's "today" (an event may begin, paper forms came
back, an agreement is overdue) is this day, so that services and pages agree on it at midnight."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from netzwerkstatt.contracts.events import TIMEZONE

NETWORK_TIME = ZoneInfo(TIMEZONE)


def day_of(moment: datetime) -> date:
    """The day in Europe/Berlin at ``moment`` (an aware datetime)."""
    return moment.astimezone(NETWORK_TIME).date()
