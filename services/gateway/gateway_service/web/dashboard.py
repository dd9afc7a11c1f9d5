"""The dashboard's panels, each fed by its service: upcoming events with their registration counts,
open agreements due soon, the latest feedback, failed deliveries, and the figures per quarter a
coordinating office reports upward (of a coordinator's own networks). A panel whose service does
not answer says so; the others still show."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from fastapi import Request

from gateway_service import clock
from gateway_service.auth import Principal
from gateway_service.security.roles import Role
from gateway_service.web.agreement_pages import agreements_with_events, due_soon
from gateway_service.web.pages import CHOICE_LIMIT
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops

SHOWN = 5
QUARTERS = 4


async def dashboard_panels(request: Request, principal: Principal) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    scope: dict[str, Any] = {"quarters": QUARTERS}
    if principal.role == Role.COORDINATOR and principal.network_ids:
        scope["network_ids"] = [str(network_id) for network_id in principal.network_ids]
    # The panels do not depend on each other: their services are asked at once, so the page takes
    # as long as its slowest panel rather than all of them one after the other.
    events, (agreements, agreements_ok), surveys, failed, quarters = await asyncio.gather(
        ask(request, ops.events.EVENT_LIST, {"upcoming": True, "limit": CHOICE_LIMIT}),
        agreements_with_events(request, unfinished_only=True),
        ask(request, ops.feedback.SURVEY_LIST, {"limit": CHOICE_LIMIT}),
        ask(request, ops.notifications.DELIVERY_LIST, {"status": "failed", "limit": SHOWN}),
        ask(request, ops.events.FIGURES_QUARTERS, scope),
    )
    upcoming = sorted(
        (
            row
            for row in items_of(events.data)
            if row.get("status") in ("published", "running", "draft") and str(row.get("ends_at")) >= now
        ),
        key=lambda row: str(row.get("starts_at")),
    )
    latest = sorted(
        (row for row in items_of(surveys.data) if row.get("opened_at")),
        key=lambda row: str(row.get("opened_at")),
        reverse=True,
    )
    return {
        "quarters": {
            "unavailable": not quarters.ok,
            "rows": list(reversed(quarters.data["quarters"])) if quarters.ok else [],
            "own_networks": "network_ids" in scope,
        },
        "upcoming": {"unavailable": not events.ok, "rows": upcoming[:SHOWN]},
        "agreements": {
            "unavailable": not agreements_ok,
            "rows": due_soon(agreements)[:SHOWN],
            "today": clock.today().isoformat(),  # overdue ones marked as in the list of agreements
        },
        "feedback": {"unavailable": not surveys.ok, "rows": latest[:SHOWN]},
        "failed": {
            "unavailable": not failed.ok,
            "rows": items_of(failed.data),
            "total": failed.data.get("total", 0) if failed.ok and isinstance(failed.data, dict) else 0,
        },
    }
