"""The periodic due check of agreements. Every replica runs it; the marker row per agreement and due
date (inserted with ON CONFLICT DO NOTHING) lets exactly one of them announce ``agreement.due``."""

from __future__ import annotations

import uuid
from datetime import date

from events_service import clock
from events_service.convert import agreement_facts
from events_service.store import agreements as store
from netzwerkstatt.contracts.events import AgreementDue
from netzwerkstatt.db import Database
from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import BackgroundLoop
from netzwerkstatt.service import ServiceRuntime

log = get_logger(__name__)


async def announce_due(database: Database, today: date) -> list[uuid.UUID]:
    """Record AgreementDue once per agreement and due date; returns the ids announced by this call."""
    announced: list[uuid.UUID] = []
    async with database.unit_of_work() as uow:
        for agreement in await store.due_candidates(uow.session, today):
            assert agreement.due_on is not None  # only agreements with a due date are candidates
            if not await store.mark_announced(uow.session, agreement.id, agreement.due_on):
                continue
            facts = agreement_facts(agreement)
            await uow.record(AgreementDue(agreement=facts), subject=agreement.id)
            announced.append(agreement.id)
    return announced


class DueChecker:
    """Background loop: checks every ``interval`` seconds while the service runs."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self._loop: BackgroundLoop | None = None

    async def start(self, runtime: ServiceRuntime) -> None:
        database = runtime.database

        async def check() -> None:
            announced = await announce_due(database, clock.today())
            if announced:
                log.info("agreements announced as due", count=len(announced))

        self._loop = runtime.loops.run(BackgroundLoop("agreement-due-check", check, pause=self.interval))

    async def stop(self, runtime: ServiceRuntime) -> None:
        if self._loop is not None:
            await self._loop.stop()
