"""The service's notion of now: one place, so tests can move time (monkeypatch ``now``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Europe/Berlin, where the events take place."""
    return now().astimezone(BERLIN).date()
