"""Demo data: the default templates and results for past seed events (filled in below)."""

from __future__ import annotations

from netzwerkstatt.db import Database

from feedback_service import store


async def seed_demo(database: Database) -> None:
    async with database.unit_of_work() as uow:
        await store.seed_default_templates(uow.session)
