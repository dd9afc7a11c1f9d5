"""Server-side staff sessions: the cookie holds a random id, the database its digest, the account
and the session's CSRF token. A login always starts a new session (the old id is dropped)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from gateway_service.database import GatewayDatabase
from gateway_service.security import secrets
from gateway_service.security.accounts import AccountView
from gateway_service.security.throttle import now
from gateway_service.settings import GatewaySettings
from gateway_service.store import staff_accounts, staff_sessions

# Refresh last_seen_at at most this often: a page view should not always write.
_TOUCH_INTERVAL = timedelta(minutes=1)


def cookie_name(settings: GatewaySettings) -> str:
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain attribute.
    return "__Host-nw_session" if settings.secure_cookies else "nw_session"


@dataclass(frozen=True)
class StaffSession:
    account: AccountView
    csrf_token: str
    id_digest: str


async def start_session(
    database: GatewayDatabase, settings: GatewaySettings, account_id: uuid.UUID, previous: str | None
) -> tuple[str, str]:
    """A new session id and CSRF token for the account; the previous session (if any) ends."""
    session_id, csrf_token = secrets.new_token(), secrets.new_token()
    moment = now()
    async with database.transaction() as connection:
        if previous:
            await connection.execute(
                staff_sessions.delete().where(staff_sessions.c.id_digest == secrets.digest(previous))
            )
        await connection.execute(staff_sessions.delete().where(staff_sessions.c.expires_at < moment))
        await connection.execute(
            staff_sessions.insert().values(
                id_digest=secrets.digest(session_id),
                account_id=account_id,
                csrf_token=csrf_token,
                created_at=moment,
                last_seen_at=moment,
                expires_at=moment + timedelta(hours=settings.session_max_hours),
            )
        )
    return session_id, csrf_token


async def load_session(
    database: GatewayDatabase, settings: GatewaySettings, session_id: str
) -> StaffSession | None:
    """The live session of an active account, or None (unknown, expired, idle too long)."""
    moment = now()
    id_digest = secrets.digest(session_id)
    # Every page view asks this: each statement commits by itself (the read alone is one round trip);
    # the removal of a dead session and the touch need no transaction around them.
    async with database.autocommit() as connection:
        row = (
            await connection.execute(
                sa.select(staff_sessions, staff_accounts)
                .join(staff_accounts, staff_accounts.c.id == staff_sessions.c.account_id)
                .where(staff_sessions.c.id_digest == id_digest)
            )
        ).first()
        if row is None:
            return None
        values = row._mapping
        idle_limit = values["last_seen_at"] + timedelta(minutes=settings.session_idle_minutes)
        if values["expires_at"] <= moment or idle_limit <= moment or not values["active"]:
            await connection.execute(staff_sessions.delete().where(staff_sessions.c.id_digest == id_digest))
            return None
        if moment - values["last_seen_at"] > _TOUCH_INTERVAL:
            await connection.execute(
                staff_sessions.update()
                .where(staff_sessions.c.id_digest == id_digest)
                .values(last_seen_at=moment)
            )
    account = AccountView.model_validate(
        {key: values[key] for key in ("email", "display_name", "role", "network_ids", "language", "active")}
        | {"id": values["account_id"]}
    )
    return StaffSession(account=account, csrf_token=values["csrf_token"], id_digest=id_digest)


async def end_session(database: GatewayDatabase, session_id: str) -> None:
    async with database.transaction() as connection:
        await connection.execute(
            staff_sessions.delete().where(staff_sessions.c.id_digest == secrets.digest(session_id))
        )
