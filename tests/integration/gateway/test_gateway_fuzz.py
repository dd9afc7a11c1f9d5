"""An OpenAPI-driven fuzz run (schemathesis) against the gateway served by uvicorn, with every
service running: whatever the generated requests, no answer is a server error."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import nats
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core.result import Ok

from gateway_service.app import create_app
from gateway_service.settings import GatewaySettings
from gateway_service.testing import admin_token, served
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing import ADMIN_HEADERS
from netzwerkstatt.testing.servers import NatsServer

EXAMPLES_PER_OPERATION = 6


def fuzz(base_url: str, token: str, schema: schemathesis.BaseSchema) -> list[str]:
    """Run every operation's generated cases; return the server errors found."""
    server_errors: list[str] = []
    headers = {"Authorization": f"Bearer {token}"}
    for result in schema.get_all_operations():
        # An operation the loader cannot read is a finding too.
        assert isinstance(result, Ok), result
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case[Any]) -> None:
            response = case.call(base_url=base_url, headers=headers, timeout=10)
            if response.status_code >= 500:
                server_errors.append(
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text}"
                )

        check()
    return server_errors


async def test_generated_requests_to_the_json_api_never_cause_a_server_error(
    registry: ServiceRuntime,
    events: ServiceRuntime,
    feedback: ServiceRuntime,
    notifications: ServiceRuntime,
    gateway_settings: Callable[..., GatewaySettings],
    nats_server: NatsServer,
) -> None:
    gateway_settings_ = gateway_settings()
    token = await admin_token(gateway_settings_, "fuzz")
    app = create_app(gateway_settings_)
    schema = schemathesis.openapi.from_dict(app.openapi())
    try:
        with served(app) as base_url:
            server_errors = await asyncio.to_thread(fuzz, base_url, token, schema)
    finally:
        await reset_message_templates(nats_server)
    assert server_errors == []


async def reset_message_templates(nats_server: NatsServer) -> None:
    """Generated requests may have saved custom message templates, which are the service's own
    (session-wide) state: the shipped ones are restored for every test after this one."""
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        reply = await client.request("notifications.template.list", b"{}", timeout=10, headers=ADMIN_HEADERS)
        for template in json.loads(reply.data)["data"]["items"]:
            if template["customised"]:
                key = {"kind": template["kind"], "language": template["language"]}
                await client.request(
                    "notifications.template.reset",
                    json.dumps(key).encode(),
                    timeout=10,
                    headers=ADMIN_HEADERS,
                )
    finally:
        await client.close()
