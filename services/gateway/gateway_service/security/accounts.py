"""Staff accounts and API tokens: creation, login with throttling, lookup."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, EmailStr, Field
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway_service.database import GatewayDatabase
from gateway_service.security import secrets, throttle
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.store import api_tokens, staff_accounts
from netzwerkstatt import metrics
from netzwerkstatt.errors import Conflict, InvalidInput, NotFound
from netzwerkstatt.logs import get_logger


class AccountView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    network_ids: list[uuid.UUID]
    language: str
    active: bool


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    email: EmailStr
    display_name: str = Field(min_length=1, max_length=200)
    role: Role
    network_ids: list[uuid.UUID] = []
    language: str = "de"


def _view(row: Any) -> AccountView:
    return AccountView.model_validate(dict(row._mapping))


async def create_account(
    database: GatewayDatabase, account: NewAccount, password: str, *, account_id: uuid.UUID | None = None
) -> AccountView:
    problem = secrets.password_problem(password, str(account.email))
    if problem:
        raise InvalidInput("the password is too weak", [problem])
    moment = throttle.now()
    email = str(account.email).lower()
    row = {
        "id": account_id or uuid.uuid4(),
        "email": email,
        "display_name": account.display_name,
        "role": account.role.value,
        "network_ids": list(account.network_ids),
        "language": account.language,
        "password_hash": await secrets.hash_password(password),
        "active": True,
        "created_at": moment,
        "updated_at": moment,
    }
    taken = Conflict.for_field("email", "a staff account with this e-mail exists already", "duplicate")
    try:
        async with database.transaction() as connection:
            if await _account_row(connection, email) is not None:
                raise taken
            await connection.execute(staff_accounts.insert().values(**row))
    except sa.exc.IntegrityError:
        raise taken from None  # the same e-mail, entered at the same moment by another request
    return AccountView.model_validate(row)


async def ensure_account(
    database: GatewayDatabase, account: NewAccount, password: str, account_id: uuid.UUID
) -> None:
    """Create or refresh an account with a fixed id (demo data; idempotent)."""
    moment = throttle.now()
    values = {
        "email": str(account.email).lower(),
        "display_name": account.display_name,
        "role": account.role.value,
        "network_ids": list(account.network_ids),
        "language": account.language,
        "password_hash": await secrets.hash_password(password),
        "active": True,
        "updated_at": moment,
    }
    async with database.transaction() as connection:
        updated = await connection.execute(
            staff_accounts.update().where(staff_accounts.c.id == account_id).values(**values)
        )
        if updated.rowcount == 0:
            await connection.execute(
                staff_accounts.insert().values(id=account_id, created_at=moment, **values)
            )


async def set_networks(
    database: GatewayDatabase, account_id: uuid.UUID, network_ids: list[uuid.UUID]
) -> None:
    """The networks a coordinator looks after; signed-in sessions follow at their next request."""
    async with database.transaction() as connection:
        changed = await connection.execute(
            staff_accounts.update()
            .where(staff_accounts.c.id == account_id)
            .values(network_ids=list(network_ids), updated_at=throttle.now())
        )
    if changed.rowcount == 0:
        raise NotFound.for_field("account_id", f"no staff account with id {account_id}")


async def _account_row(connection: AsyncConnection, email: str) -> Any:
    result = await connection.execute(
        sa.select(staff_accounts).where(sa.func.lower(staff_accounts.c.email) == email.strip().lower())
    )
    return result.first()


async def account_by_id(connection: AsyncConnection, account_id: uuid.UUID) -> AccountView | None:
    row = (
        await connection.execute(sa.select(staff_accounts).where(staff_accounts.c.id == account_id))
    ).first()
    return _view(row) if row is not None else None


async def list_accounts(database: GatewayDatabase) -> list[AccountView]:
    async with database.transaction() as connection:
        rows = await connection.execute(sa.select(staff_accounts).order_by(staff_accounts.c.email))
        return [_view(row) for row in rows]


log = get_logger(__name__)
_SIGN_INS = {
    outcome: metrics.SIGN_INS.labels("gateway", outcome) for outcome in ("signed_in", "refused", "throttled")
}


class LoginThrottled(Exception):
    """Too many failed logins for this account or from this address."""


async def authenticate(
    database: GatewayDatabase, settings: GatewaySettings, email: str, password: str, address: str
) -> AccountView | None:
    """The account if e-mail and password match; None otherwise. Raises ``LoginThrottled`` while the
    account has too many recent failures from this address or from all addresses together, or the
    address has too many (checked before the password, so a locked account gives away nothing).

    The attempt counts as a failure from before its password is checked until it matches, and that
    count is committed before the limits are read: sign-ins sent at the same moment see each other,
    so no burst checks more passwords than a limit allows."""
    window = timedelta(minutes=settings.login_window_minutes)
    here = throttle.account_at_address_key(email, address)
    overall, by_address = throttle.account_key(email), throttle.address_key(address)
    limits = (
        (here, settings.login_failures_per_account, "account"),
        (overall, settings.login_failures_per_account_overall, "account_overall"),
        (by_address, settings.login_failures_per_address, "address"),
    )
    keys = [key for key, _, _ in limits]
    async with database.transaction() as connection:
        attempt = await throttle.record_attempt(connection, keys, window)
    async with database.transaction() as connection:
        failures = await throttle.recent_failures(connection, keys, window)
        held = next((limit for key, most, limit in limits if failures.get(key, 0) > most), None)
        if held is not None:
            # A refused attempt checks no password, so it does not count: it would keep the lock on.
            await throttle.forget_attempt(connection, attempt)
        row = await _account_row(connection, email)
    if held is not None:
        # Neither the e-mail nor the address: which limit held is enough to see an attack.
        log.warning("sign-in refused: too many failed attempts", limit=held)
        _SIGN_INS["throttled"].inc()
        raise LoginThrottled
    password_hash = row.password_hash if row is not None and row.active else None
    if not await secrets.password_matches(password_hash, password) or row is None:
        _SIGN_INS["refused"].inc()
        return None
    async with database.transaction() as connection:
        await throttle.forget_attempt(connection, attempt)
        await throttle.forget_failures(connection, [here, overall])
    _SIGN_INS["signed_in"].inc()
    return _view(row)


# -- API tokens -------------------------------------------------------------------------------------


class ApiTokenView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    name: str
    role: Role


TOKEN_PREFIX = "nwst_"


async def issue_api_token(database: GatewayDatabase, name: str, role: Role) -> tuple[ApiTokenView, str]:
    """A new token for a machine client; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.new_token()
    view = ApiTokenView(id=uuid.uuid4(), name=name, role=role)
    async with database.transaction() as connection:
        await connection.execute(
            api_tokens.insert().values(
                id=view.id,
                name=name,
                token_digest=secrets.digest(plain),
                role=role.value,
                created_at=throttle.now(),
            )
        )
    return view, plain


# A token's last use is written at most this often: every API request looks its token up, and a write
# each time would make every request a commit and line up concurrent requests of one token on its row.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


async def token_role(database: GatewayDatabase, plain: str) -> ApiTokenView | None:
    """The token's name and role while it is not revoked (read on every request, so a revocation
    holds at once); one statement, its last use written when the one on record is a minute old."""
    moment = throttle.now()
    found = (
        sa.select(api_tokens.c.id, api_tokens.c.name, api_tokens.c.role, api_tokens.c.last_used_at)
        .where(api_tokens.c.token_digest == secrets.digest(plain), api_tokens.c.revoked_at.is_(None))
        .cte("found")
    )
    stale = sa.or_(found.c.last_used_at.is_(None), found.c.last_used_at < moment - TOKEN_TOUCH_INTERVAL)
    touched = (
        api_tokens.update()
        .where(api_tokens.c.id.in_(sa.select(found.c.id).where(stale)))
        .values(last_used_at=moment)
        .cte("touched")
    )
    async with database.autocommit() as connection:
        row = (
            await connection.execute(sa.select(found.c.id, found.c.name, found.c.role).add_cte(touched))
        ).first()
    return ApiTokenView.model_validate(dict(row._mapping)) if row is not None else None


async def revoke_api_token(database: GatewayDatabase, token_id: uuid.UUID) -> None:
    async with database.transaction() as connection:
        await connection.execute(
            api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=throttle.now())
        )


async def list_api_tokens(database: GatewayDatabase) -> Sequence[dict[str, Any]]:
    async with database.transaction() as connection:
        rows = await connection.execute(
            sa.select(
                api_tokens.c.id,
                api_tokens.c.name,
                api_tokens.c.role,
                api_tokens.c.created_at,
                api_tokens.c.last_used_at,
                api_tokens.c.revoked_at,
            ).order_by(api_tokens.c.created_at.desc())
        )
        return [dict(row._mapping) for row in rows]
