"""Staff reach the feedback service through the gateway's JSON API: surveys, results and files,
with errors as HTTP statuses naming the field."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from feedback_support import GOOD_ANSWERS, Feedback, NotificationsStub, event_facts, people

from gateway_service.app import create_app
from gateway_service.security.accounts import issue_api_token
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate
from netzwerkstatt.contracts.feedback import ResponseAccepted
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for


@pytest.fixture
async def staff_api(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway's JSON API with a coordinator's API token."""
    settings = settings_for(GatewaySettings, nats_server, postgres_server)
    await migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        _, token = await issue_api_token(
            app.state.database, f"feedback-tests-{uuid.uuid4().hex[:6]}", Role.COORDINATOR
        )
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", headers=headers
        ) as client:
            yield client


async def test_staff_read_results_and_download_files_through_the_gateway(
    feedback: Feedback, notifications_stub: NotificationsStub, staff_api: httpx.AsyncClient
) -> None:
    facts = event_facts()
    survey, tokens = await feedback.open_after_completion(facts, people(3), notifications_stub)
    for token in tokens.values():
        await feedback.call("response.submit", {"token": token, "answers": GOOD_ANSWERS}, ResponseAccepted)

    listed = await staff_api.get("/api/feedback/surveys", params={"event_id": str(facts.event_id)})
    assert listed.status_code == 200, listed.text
    assert [item["responses"] for item in listed.json()["items"]] == [3]

    results = await staff_api.get(f"/api/feedback/surveys/{survey['id']}/results")
    assert results.status_code == 200
    assert results.json()["response_rate_percent"] == "100.00"

    xlsx = await staff_api.get(f"/api/feedback/surveys/{survey['id']}/export")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content[:2] == b"PK"
    csv = await staff_api.get(
        f"/api/feedback/surveys/{survey['id']}/export", params={"format": "csv", "part": "distributions"}
    )
    assert csv.status_code == 200
    assert "attachment" in csv.headers["content-disposition"]
    assert csv.content.startswith(b"\xef\xbb\xbf")

    # A coordinator (of no network here) reads every survey but closes only those of their networks.
    refused = await staff_api.post(f"/api/feedback/surveys/{survey['id']}/close")
    assert refused.status_code == 403
    kept = await staff_api.get(f"/api/feedback/surveys/{survey['id']}")
    assert kept.json()["state"] == "open"


async def test_gateway_errors_name_the_field_and_status(
    feedback: Feedback, staff_api: httpx.AsyncClient
) -> None:
    missing = await staff_api.post("/api/feedback/surveys", json={"event_id": str(uuid.uuid4())})
    assert missing.status_code == 404
    assert missing.json()["error"]["details"][0]["field"] == "event_id"

    bad = await staff_api.post("/api/feedback/surveys", json={"event_id": "not-a-uuid", "colour": "red"})
    assert bad.status_code == 422
    assert {d["field"] for d in bad.json()["error"]["details"]} == {"event_id", "colour"}

    unknown = await staff_api.get(f"/api/feedback/series/{uuid.uuid4()}/results")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["details"][0]["field"] == "series_id"

    anonymous = await staff_api.get("/api/feedback/templates", headers={"Authorization": ""})
    assert anonymous.status_code == 401
