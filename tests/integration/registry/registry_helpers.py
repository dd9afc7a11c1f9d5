"""Helpers of the registry's integration tests: calls through the registry's subjects, unique test
names, and reading the registry's events from JetStream."""

from __future__ import annotations

import json
import uuid
from typing import Any, TypeVar

from netzwerkstatt import subjects
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing import ADMIN

T = TypeVar("T")


class RegistryApi:
    """The running registry and a client connection with the admin's rights."""

    def __init__(self, runtime: ServiceRuntime, connection: Any) -> None:
        self.runtime = runtime
        self.connection = connection

    async def call(
        self,
        operation: str,
        body: dict[str, Any],
        response: Any = Any,
        *,
        principal: Principal = ADMIN,
        timeout: float = 10,
    ) -> Any:
        """A request through the registry's subject for ``principal`` (an admin unless given); raises
        the typed ServiceError on failure."""
        message = await self.connection.request(
            subjects.operation("registry", operation),
            json.dumps(body, default=str).encode(),
            timeout=timeout,
            headers=principal.headers(),
        )
        return parse_reply(message.data, response)

    async def fails(
        self, operation: str, body: dict[str, Any], *, principal: Principal = ADMIN
    ) -> ServiceError:
        try:
            await self.call(operation, body, principal=principal)
        except ServiceError as error:
            return error
        raise AssertionError(f"{operation} succeeded but should have failed")

    async def organisation(self, name: str | None = None, **fields: Any) -> dict[str, Any]:
        body = {"name": name or unique("Jobcenter"), "type": "jobcenter", "region_keys": ["14713"], **fields}
        result: dict[str, Any] = await self.call("organisation.create", body)
        return result

    async def person(self, **fields: Any) -> dict[str, Any]:
        suffix = uuid.uuid4().hex[:8]
        body = {
            "given_name": "Test",
            "family_name": f"Person{suffix}",
            "emails": [f"person.{suffix}@example.org"],
            **fields,
        }
        result: dict[str, Any] = await self.call("person.create", body)
        return result


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def fields(error: ServiceError) -> set[str]:
    return {detail.field for detail in error.details}


def codes(error: ServiceError) -> dict[str, str]:
    return {detail.field: detail.code for detail in error.details}
