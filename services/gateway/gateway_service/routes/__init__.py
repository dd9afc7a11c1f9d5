"""The JSON API, one router per service; each is a thin adapter: HTTP in, NATS request out."""

from typing import Annotated

from fastapi import Depends, Request

from netzwerkstatt.rpc import RpcClient


def rpc(request: Request) -> RpcClient:
    """The gateway's client for the services' request-reply subjects."""
    client: RpcClient = request.app.state.rpc
    return client


Rpc = Annotated[RpcClient, Depends(rpc)]
