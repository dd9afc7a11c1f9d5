"""The service's calendar: surveys open from an event's first day, paper forms come back and
surveys close on the networks' days (``netzwerkstatt.days``), as the staff pages and the events
service count them."""

from __future__ import annotations

from datetime import date

from netzwerkstatt.days import day_of
from netzwerkstatt.db import utcnow


def today() -> date:
    return day_of(utcnow())
