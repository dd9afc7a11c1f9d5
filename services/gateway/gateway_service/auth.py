"""Who is asking, and may they? Every route states the permission it needs; the check runs on the
server for every request, whatever the UI shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from gateway_service.database import GatewayDatabase
from gateway_service.security import accounts, secrets, sessions
from gateway_service.security.roles import Permission, Role, allows
from gateway_service.settings import GatewaySettings
from netzwerkstatt import principal as bus
from netzwerkstatt.errors import Forbidden

CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotAuthenticated(Exception):
    """No valid session or API token: the API answers 401, the UI sends the browser to the login."""


class CsrfRejected(Exception):
    """A state-changing request without the session's CSRF token."""


@dataclass(frozen=True)
class Principal:
    """A logged-in staff member (session) or a machine client (API token)."""

    role: Role
    name: str
    account_id: uuid.UUID | None = None
    network_ids: list[uuid.UUID] = field(default_factory=list)
    csrf_token: str | None = None  # sessions only: API tokens are not sent by browsers on their own
    token_name: str | None = None  # API tokens only

    def may(self, permission: Permission) -> bool:
        return allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            raise Forbidden(f"the role {self.role.value} may not do this ({permission.value})")

    def on_the_bus(self) -> bus.Principal:
        """The principal as the services see it (request headers): they decide the scope."""
        return bus.Principal.staff(
            self.role, account_id=self.account_id, network_ids=self.network_ids, token_name=self.token_name
        )


def settings_of(request: Request) -> GatewaySettings:
    value: GatewaySettings = request.app.state.settings
    return value


def database_of(request: Request) -> GatewayDatabase:
    value: GatewayDatabase = request.app.state.database
    return value


def session_cookie(request: Request) -> str | None:
    return request.cookies.get(sessions.cookie_name(settings_of(request)))


async def identify(request: Request) -> Principal | None:
    """The principal behind the request, looked up once per request."""
    if hasattr(request.state, "principal"):
        known: Principal | None = request.state.principal
        return known
    principal: Principal | None = None
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith("bearer "):
        token = await accounts.token_role(database_of(request), authorization[7:].strip())
        if token is None:
            raise NotAuthenticated("the API token is unknown or revoked")
        principal = Principal(role=token.role, name=f"token:{token.name}", token_name=token.name)
    elif (session_id := session_cookie(request)) is not None:
        session = await sessions.load_session(database_of(request), settings_of(request), session_id)
        if session is not None:
            principal = Principal(
                role=session.account.role,
                name=session.account.display_name,
                account_id=session.account.id,
                network_ids=session.account.network_ids,
                csrf_token=session.csrf_token,
            )
    request.state.principal = principal
    return principal


def acting(request: Request) -> bus.Principal:
    """Whom the services' requests of this HTTP request are made for: the principal identified for it,
    or else a participant (the public token pages, where the token in the request is the right)."""
    principal: Principal | None = getattr(request.state, "principal", None)
    return principal.on_the_bus() if principal is not None else bus.PARTICIPANT


async def signed_in(request: Request) -> Principal:
    principal = await identify(request)
    if principal is None:
        raise NotAuthenticated("sign in or send an API token (Authorization: Bearer ...)")
    return principal


SignedIn = Annotated[Principal, Depends(signed_in)]


def check_csrf(principal: Principal, submitted: str | None) -> None:
    """Sessions must send their CSRF token with every state-changing request (form field or header)."""
    if principal.csrf_token is None:
        return
    if not submitted or not secrets.same(submitted, principal.csrf_token):
        raise CsrfRejected


async def api_access(request: Request) -> Principal:
    """The JSON API: reading needs VIEW, every change MANAGE; sessions also need the CSRF header."""
    principal = await signed_in(request)
    if request.method in SAFE_METHODS:
        principal.require(Permission.VIEW)
    else:
        check_csrf(principal, request.headers.get(CSRF_HEADER))
        principal.require(Permission.MANAGE)
    return principal
