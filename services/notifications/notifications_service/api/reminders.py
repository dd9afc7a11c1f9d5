"""Reminders."""

from __future__ import annotations

from netzwerkstatt.contracts.notifications import (
    ConfigureReminders,
    EventReminders,
    ReminderScheduleView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.errors import NotFound
from netzwerkstatt.principal import Access, Principal, require_change
from notifications_service import projections, reminders, views
from notifications_service.api.base import operations
from notifications_service.domain import (
    checked_offsets,
)
from notifications_service.store import events


@operations("reminder.configure", access=Access.CHANGE)
async def configure_reminders(
    request: ConfigureReminders, principal: Principal, db: DatabaseDep
) -> ReminderScheduleView:
    """Choose an event's reminder offsets (default: 7 days and 1 day before); re-plans at once. Who
    may: as for the event itself, by its network (read under the event's lock)."""
    offsets = checked_offsets(request.offsets)
    async with db.unit_of_work() as uow:
        event = await projections.event_facts(uow.session, request.event_id, lock=True)
        if event is None:
            raise NotFound.for_field("event_id", f"no event with id {request.event_id}", "unknown_event")
        require_change(principal, event.network_id)
        await uow.session.execute(
            events.update()
            .where(events.c.event_id == request.event_id)
            .values(reminder_offsets_seconds=offsets)
        )
        await reminders.replan(uow.session, request.event_id)
        return await views.reminder_schedule(uow.session, request.event_id)


@operations("reminder.get", access=Access.READ)
async def get_reminders(request: EventReminders, db: DatabaseDep) -> ReminderScheduleView:
    """An event's reminder offsets and its planned, done and dropped jobs."""
    async with db.read() as session:
        if await projections.event_schedule(session, request.event_id) is None:
            raise NotFound.for_field("event_id", f"no event with id {request.event_id}", "unknown_event")
        return await views.reminder_schedule(session, request.event_id)
