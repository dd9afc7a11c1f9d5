"""Whom a request server takes a request to come from: the principal in its headers only when the
request comes from this system's account (a reply subject in an inbox). Another system's command
reaches a service through an import, which NATS answers on a ``_R_.`` reply subject; the headers it
carries are that system's own, so a staff principal in them is nobody's."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from netzwerkstatt.principal import Access, Principal
from netzwerkstatt.rpc import Endpoint, RequestServer
from netzwerkstatt.testing import ADMIN_HEADERS


@dataclass
class Published:
    subject: str
    body: bytes


@dataclass
class StubClient:
    max_payload: int = 1024 * 1024
    published: list[Published] = field(default_factory=list)

    async def publish(self, subject: str, body: bytes) -> None:
        self.published.append(Published(subject, body))


@dataclass
class StubMessage:
    reply: str
    data: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=lambda: dict(ADMIN_HEADERS))


async def _answered(reply: str) -> tuple[list[Principal], dict[str, Any]]:
    seen: list[Principal] = []

    async def archive(principal: Principal) -> dict[str, str]:
        seen.append(principal)
        return {"archived": "yes"}

    endpoint = Endpoint.of("registry.organisation.archive", archive, Access.ADMIN)
    client = StubClient()
    server = RequestServer(client, "registry", [endpoint], {}, concurrency=1)  # type: ignore[arg-type]
    await server._receiver(endpoint)(StubMessage(reply))  # type: ignore[arg-type]
    await asyncio.gather(*server._tasks)
    [published] = client.published
    answer: dict[str, Any] = json.loads(published.body)
    return seen, answer


async def test_an_admin_principal_from_this_systems_account_is_taken() -> None:
    seen, answer = await _answered("_INBOX.gateway.abc.1")
    assert answer["ok"] is True
    assert [principal.is_admin for principal in seen] == [True]


async def test_an_admin_principal_in_another_systems_command_is_refused() -> None:
    seen, answer = await _answered("_R_.abc.def")
    assert seen == []
    assert answer["ok"] is False
    assert answer["error"]["code"] == "forbidden"
