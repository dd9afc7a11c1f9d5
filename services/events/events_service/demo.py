"""Demo data of the events service (filled in from netzwerkstatt.demo)."""

from __future__ import annotations

from netzwerkstatt.db import Database


async def seed_demo(database: Database) -> None:
    return None
