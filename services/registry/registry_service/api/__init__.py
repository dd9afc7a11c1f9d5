"""The subjects the registry answers (request-reply), one module per aggregate. Thin: parse → rules
→ store → reply. Importing the modules registers their handlers on ``operations``."""

from __future__ import annotations

from registry_service.api import (  # noqa: F401
    imports,
    networks,
    organisations,
    papers,
    people,
    regions,
    responsibilities,
)
from registry_service.api.operations import operations

__all__ = ["operations"]
