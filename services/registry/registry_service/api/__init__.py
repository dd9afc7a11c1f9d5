"""The subjects the registry answers (request-reply). Thin: parse → rules → store → reply.

Importing the ``api_*`` modules registers their handlers on ``operations``."""

from __future__ import annotations

from registry_service import (  # noqa: F401
    api_import,
    api_networks,
    api_organisations,
    api_papers,
    api_people,
    api_regions,
    api_responsibilities,
)
from registry_service.operations import operations

__all__ = ["operations"]
