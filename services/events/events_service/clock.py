"""The service's notion of now: one place, so tests can move time (monkeypatch ``now``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from netzwerkstatt.days import day_of


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Europe/Berlin, where the events take place."""
    return day_of(now())
