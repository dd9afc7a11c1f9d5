"""The events service's schema: tables (``tables``), the registry projections (``projection``) and
the queries of its own aggregates."""

from events_service.store.tables import metadata

__all__ = ["metadata"]
