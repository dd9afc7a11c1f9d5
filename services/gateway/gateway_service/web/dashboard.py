"""The dashboard's panels, each fed by its service: upcoming events with their registration counts,
open agreements due soon, the latest feedback and failed deliveries. A panel whose service does
not answer says so; the others still show."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import Request

from gateway_service.web.agreement_pages import agreements_with_events, due_soon
from gateway_service.web.pages import CHOICE_LIMIT
from gateway_service.web.services import ask, items_of
from netzwerkstatt import operations as ops

SHOWN = 5


async def dashboard_panels(request: Request) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    events = await ask(request, ops.events.EVENT_LIST, {"limit": CHOICE_LIMIT})
    upcoming = sorted(
        (
            row
            for row in items_of(events.data)
            if row.get("status") in ("published", "running", "draft") and str(row.get("ends_at")) >= now
        ),
        key=lambda row: str(row.get("starts_at")),
    )
    agreements, agreements_ok = await agreements_with_events(request, unfinished_only=True)
    surveys = await ask(request, ops.feedback.SURVEY_LIST, {"limit": CHOICE_LIMIT})
    latest = sorted(
        (row for row in items_of(surveys.data) if row.get("opened_at")),
        key=lambda row: str(row.get("opened_at")),
        reverse=True,
    )
    failed = await ask(request, ops.notifications.DELIVERY_LIST, {"status": "failed", "limit": SHOWN})
    return {
        "upcoming": {"unavailable": not events.ok, "rows": upcoming[:SHOWN]},
        "agreements": {"unavailable": not agreements_ok, "rows": due_soon(agreements)[:SHOWN]},
        "feedback": {"unavailable": not surveys.ok, "rows": latest[:SHOWN]},
        "failed": {
            "unavailable": not failed.ok,
            "rows": items_of(failed.data),
            "total": failed.data.get("total", 0) if failed.ok and isinstance(failed.data, dict) else 0,
        },
    }
