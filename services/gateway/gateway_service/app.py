"""The gateway: a thin HTTP adapter. It owns no domain data; every request becomes a NATS request to
the service that owns the answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from netzwerkstatt.bus import nats_broker
from netzwerkstatt.logs import correlation, get_logger
from netzwerkstatt.rpc import RpcClient

from gateway_service.errors import install_error_handlers
from gateway_service.routes import registry
from gateway_service.settings import GatewaySettings

log = get_logger(__name__)

CORRELATION_HTTP_HEADER = "X-Correlation-ID"

# The JSON API, one router per service (each in gateway_service/routes/<service>.py).
API_ROUTERS = [registry.router]


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    broker = nats_broker(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await broker.connect()
        app.state.rpc = RpcClient(broker, timeout=settings.request_timeout_seconds)
        log.info("gateway started", url=settings.base_url)
        yield
        await broker.stop()

    app = FastAPI(
        title="Netzwerkstatt API",
        version="1.0.0",
        description="Register, events, feedback and notifications of regional integration networks.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)

    @app.middleware("http")
    async def bind_correlation_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        with correlation(request.headers.get(CORRELATION_HTTP_HEADER), path=request.url.path) as cid:
            response = await call_next(request)
        response.headers[CORRELATION_HTTP_HEADER] = cid
        return response

    @app.get("/health", tags=["operations"])
    async def health() -> dict[str, Any]:
        connected = broker.connection is not None and broker.connection.is_connected
        if not connected:
            return Response(status_code=503, content='{"status":"not_ready"}', media_type="application/json")  # type: ignore[return-value]
        return {"status": "ready"}

    for router in API_ROUTERS:
        app.include_router(router, prefix="/api")
    return app
