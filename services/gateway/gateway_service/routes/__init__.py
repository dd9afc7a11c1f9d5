"""The JSON API, one router per service; each is a thin adapter: HTTP in, NATS request out."""

from typing import Annotated

from fastapi import Depends, Request

from gateway_service.auth import acting
from netzwerkstatt.rpc import RpcClient


def rpc(request: Request) -> RpcClient:
    """The gateway's client for the services' request-reply subjects, calling for the request's
    principal (identified by the API's access check, which runs first)."""
    client: RpcClient = request.app.state.rpc
    return client.acting_as(acting(request))


Rpc = Annotated[RpcClient, Depends(rpc)]
