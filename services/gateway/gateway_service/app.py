"""The gateway: a thin HTTP adapter. It owns no domain data; every request becomes a NATS request to
the service that owns the answer. Its own schema holds only staff accounts and security counters."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Response
from fastapi.staticfiles import StaticFiles

from gateway_service.auth import api_access
from gateway_service.database import GatewayDatabase
from gateway_service.errors import (
    ERROR_RESPONSES,
    RETRY_AFTER_SECONDS,
    http_error_response,
    install_error_handlers,
)
from gateway_service.headers import SecurityHeaders
from gateway_service.http_protocol import HeadAsGet
from gateway_service.hygiene import LimitBody, check_input, check_page_query
from gateway_service.idempotency import install_idempotency
from gateway_service.readiness import NatsRoundTrip
from gateway_service.request_context import API_PREFIX, RequestContext, RequestLatency
from gateway_service.routes import events, feedback, groupwork, notifications, registry
from gateway_service.settings import GatewaySettings
from gateway_service.web import groupwork as groupwork_pages
from gateway_service.web import moderation as moderation_pages
from gateway_service.web import operations, public, staff
from netzwerkstatt import metrics
from netzwerkstatt.bus import is_refused_sign_in, nats_broker, sign_in_refused
from netzwerkstatt.command import refused
from netzwerkstatt.logs import get_logger
from netzwerkstatt.loops import Loops
from netzwerkstatt.rpc import RpcClient

log = get_logger(__name__)

STATIC = Path(__file__).parent / "static"
# How long /health waits for NATS's and the database's answer before it says not ready.
HEALTH_CHECK_SECONDS = 2

# The JSON API, one router per service (each in gateway_service/routes/<service>.py).
API_ROUTERS = [registry.router, feedback.router, events.router, notifications.router, groupwork.router]


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or GatewaySettings()
    broker = nats_broker(settings)

    round_trip = NatsRoundTrip()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.database = GatewayDatabase(settings)
        try:
            await broker.connect()
        except Exception as error:
            if not is_refused_sign_in(error):
                raise
            # Said in one line, then the process ends as a service's does (``refused``: exit code 1
            # after a pause, so a restart loop does not flood): raised into uvicorn, the start would
            # end with its traceback logged. Nothing is running yet that an exit would cut short.
            code = refused("gateway", "serve", sign_in_refused(settings))
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
        app.state.rpc = RpcClient(broker, timeout=settings.request_timeout_seconds, caller="gateway")
        loops = Loops()
        metrics.watch_loops("gateway", loops)
        loops.run(
            metrics.sampler(
                "gateway", [metrics.readiness_sample("gateway", is_ready)], settings.metrics_sample_seconds
            )
        )
        exposition = metrics.expose(settings)
        log.info("gateway started", url=settings.base_url)
        yield
        await loops.stop()
        if exposition:
            exposition.close()
        await broker.stop()
        round_trip.stop()
        await app.state.database.dispose()

    async def is_ready() -> bool:
        """NATS answers a round trip (a frozen server keeps the connection "connected") and the
        gateway's database answers, each within a second or two: what every API call needs.

        A database that answers but refuses writes (disk full) leaves the gateway ready: every
        replica shares that database, so "not ready" would take them all out of rotation and the
        reads that still work with them, and no cheap probe says it truthfully (a probe's small
        write may pass while a request's larger one fails, and would spend the last room). Such a
        refused write is answered 503 with Retry-After instead; the services' consumers hold their
        events meanwhile, which deploy/monitoring's ConsumerStuck alert reports."""
        connection = broker.connection
        if connection is None or not connection.is_connected:
            return False
        if not await round_trip.answered(connection, HEALTH_CHECK_SECONDS):
            return False
        try:
            return bool(await asyncio.wait_for(app.state.database.is_reachable(), HEALTH_CHECK_SECONDS))
        except Exception:
            return False

    app = FastAPI(
        title="Netzwerkstatt API",
        version="1.0.0",
        description=(
            "Register, events, feedback and notifications of regional integration networks. "
            "Every /api request needs an API token (`Authorization: Bearer ...`) or a staff session; "
            "changes need the role coordinator or admin."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    install_idempotency(app)
    # Outside the idempotency layer, which reads a body first.
    app.add_middleware(LimitBody, answer=http_error_response)
    app.add_middleware(SecurityHeaders, secure=settings.secure_cookies)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestLatency)
    app.add_middleware(RequestContext)

    @app.get("/health", tags=["operations"])
    async def health() -> dict[str, Any]:
        if not await is_ready():
            return Response(  # type: ignore[return-value]
                status_code=503,
                content='{"status":"not_ready"}',
                media_type="application/json",
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return {"status": "ready"}

    for router in API_ROUTERS:
        app.include_router(
            router,
            prefix=API_PREFIX,
            dependencies=[Depends(api_access), Depends(check_input)],
            responses=ERROR_RESPONSES,
        )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    pages = [Depends(check_page_query)]
    app.include_router(public.router, dependencies=pages)
    app.include_router(operations.router, dependencies=pages)
    app.include_router(moderation_pages.router, dependencies=pages)
    app.include_router(groupwork_pages.router, dependencies=pages)
    # Last: its catch-all list pages (/{section}/{page}) must not shadow anything above.
    app.include_router(staff.router, dependencies=pages)
    return app
