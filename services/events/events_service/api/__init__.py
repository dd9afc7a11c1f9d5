"""The subjects the events service answers (request-reply), one module per part of the domain.
Handlers are thin: parse (request model) → domain rules → store → reply (a view)."""

from events_service.api import (
    agenda,
    agreements,
    attendance,
    events,
    held,
    history,
    invitations,
    links,
    privacy,
    registrations,
    series,
)
from events_service.api.base import operations
from events_service.planning import operations as groupwork_operations  # noqa: F401  (registers them)

__all__ = [
    "agenda",
    "agreements",
    "attendance",
    "events",
    "held",
    "history",
    "invitations",
    "links",
    "operations",
    "privacy",
    "registrations",
    "series",
]
