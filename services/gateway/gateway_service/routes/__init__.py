"""The JSON API, one router per service; each is a thin adapter: HTTP in, NATS request out."""

from typing import Annotated

from fastapi import Depends, Query, Request

from gateway_service.auth import acting
from netzwerkstatt.contracts import MAX_LIMIT, MAX_OFFSET
from netzwerkstatt.rpc import RpcClient


def rpc(request: Request) -> RpcClient:
    """The gateway's client for the services' request-reply subjects, calling for the request's
    principal (identified by the API's access check, which runs first)."""
    client: RpcClient = request.app.state.rpc
    return client.acting_as(acting(request))


Rpc = Annotated[RpcClient, Depends(rpc)]

# The page of a list route whose other parameters sit in its path (``PageRequest``'s bounds).
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
