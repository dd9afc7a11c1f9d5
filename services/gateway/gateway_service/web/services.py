"""Calling the services from pages, by the typed operations of ``netzwerkstatt.operations`` (the one
client the JSON routes use too): a page whose operation does not answer (the service is down) shows a
clear "not available" state instead of failing. The reply is checked against the operation's
contract; pages render its JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from pydantic import BaseModel

from gateway_service.auth import acting
from netzwerkstatt import operations as ops
from netzwerkstatt.errors import ErrorCode, FieldError, ServiceError
from netzwerkstatt.logs import get_logger
from netzwerkstatt.principal import OTHER_NETWORK
from netzwerkstatt.rpc import Operation, RpcClient, json_form

log = get_logger(__name__)


@dataclass(frozen=True)
class Answer:
    data: Any = None
    unavailable: bool = False
    error: ServiceError | None = None

    @property
    def ok(self) -> bool:
        return not self.unavailable and self.error is None

    @property
    def forbidden(self) -> bool:
        """Refused by role or network."""
        return self.error is not None and self.error.code == ErrorCode.FORBIDDEN


def rpc_of(request: Request) -> RpcClient:
    client: RpcClient = request.app.state.rpc
    return client.acting_as(acting(request))


async def ask(
    request: Request, operation: Operation[Any, Any], body: BaseModel | dict[str, Any] | None = None
) -> Answer:
    """Call an operation; "not available" when it does not answer, the typed error when it refuses."""
    try:
        reply = await rpc_of(request).send(operation, body if body is not None else {})
    except ServiceError as error:
        if error.code == ErrorCode.UNAVAILABLE:
            return Answer(unavailable=True)
        return Answer(error=await with_network_names(request, error))
    return Answer(data=json_form(operation.reply, reply))


async def with_network_names(request: Request, error: ServiceError) -> ServiceError:
    """A refusal because something belongs to another network (``other_network``), with that
    network's name as the ``network_name`` parameter, for the page to say which one: asked of the
    registry as the reader, so the name is given only where the reader may see it."""
    if error.code != ErrorCode.FORBIDDEN:
        return error
    details: list[FieldError] = []
    for detail in error.details:
        network_id = detail.params.get("network_id")
        if detail.code == OTHER_NETWORK and network_id and "network_name" not in detail.params:
            try:
                asked = {"network_id": str(network_id)}
                network = await rpc_of(request).send(ops.registry.NETWORK_GET, asked)
            except ServiceError:
                network = None  # not to be seen, unknown, or the registry does not answer: unnamed
            if network is not None:
                detail = detail.model_copy(update={"params": detail.params | {"network_name": network.name}})
        details.append(detail)
    if details == error.details:
        return error
    named = type(error)(error.message, details)
    named.code = error.code
    return named


async def ask_listing(
    request: Request, operation: Operation[Any, Any], body: BaseModel | dict[str, Any] | None = None
) -> Answer:
    """Like ``ask`` for pages that only show a list: a refused request means the operation's contract
    differs from what the page expects, which is shown as "not available" too (and logged)."""
    answer = await ask(request, operation, body)
    if answer.error is not None:
        log.warning("listing refused", subject=operation.subject, error=answer.error.message)
        return Answer(unavailable=True)
    return answer


def items_of(data: Any) -> list[dict[str, Any]]:
    """The rows of a reply that is a page (``{"items": [...]}``) or a plain list."""
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        rows = data["items"]
    elif isinstance(data, list):
        rows = data
    else:
        return []
    return [row for row in rows if isinstance(row, dict)]
