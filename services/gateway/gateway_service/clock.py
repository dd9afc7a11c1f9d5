"""The gateway's notion of now: one place, so tests can move time (monkeypatch ``now``). The pages'
"today" (overdue agreements, the calendar's month, whether an event may begin) is the day in
Europe/Berlin, where the networks work, whatever the server's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from netzwerkstatt.days import day_of


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Europe/Berlin."""
    return day_of(now())
