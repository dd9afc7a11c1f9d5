"""The registry's schema: its tables (``tables``) and the queries of each aggregate, one module each
(``organisations``, ``people``, ``networks``, ``regions``, ``responsibilities``, ``papers``,
``erasure``), with what they share in ``common``."""

from registry_service.store.tables import metadata

__all__ = ["metadata"]
