"""Delivery log."""

from __future__ import annotations

from netzwerkstatt.contracts.notifications import DeliveryPage, ListDeliveries
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access
from notifications_service import queue, views
from notifications_service.api.base import operations


@operations("delivery.list", access=Access.READ)
async def list_deliveries(request: ListDeliveries, db: DatabaseDep) -> DeliveryPage:
    """The delivery log, newest first; filter by status (e.g. failed), kind, person, event, address."""
    async with db.read() as session:
        log, total = await queue.list_messages(
            session,
            status=request.status,
            kind=request.kind,
            person_id=request.person_id,
            event_id=request.event_id,
            recipient_email=request.recipient_email,
            offset=request.offset,
            limit=request.limit,
        )
    return DeliveryPage(
        items=[views.delivery_view(message) for message in log],
        total=total,
        offset=request.offset,
        limit=request.limit,
    )
