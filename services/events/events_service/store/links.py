"""The participants' links: capability tokens for the public invitation and registration pages.

A token is handed out only in the reply to notifications' ``link.issue`` request, for the e-mail
being sent; this schema keeps its SHA-256 digest (``participant_links``). A token is 192 random bits,
so a plain digest cannot be reversed. Every token issued for a row stays valid, so an earlier e-mail's
link keeps working, as long as the registration it was issued for lasts: a cancelled or declined
registration whose row is used again (the person registers anew, or takes over a place as a
substitute) loses its links in that write's transaction (``registering.apply``), so the old mail's
link answers as an unknown one and cannot act on the new registration. Erasure deletes them all.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.records import InvitationRecord, RegistrationRecord
from events_service.store.tables import invitations, participant_links, registrations
from netzwerkstatt.db import utcnow

LinkKind = Literal["invitation", "registration"]

_TARGET_COLUMN = {"invitation": "invitation_id", "registration": "registration_id"}


def new_token() -> str:
    """A capability for a public page: unguessable, URL-safe."""
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


async def issue(session: AsyncSession, kind: LinkKind, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """A fresh token for each of ``ids`` that exists and belongs to a person (not to an erased one)."""
    table = invitations if kind == "invitation" else registrations
    known = (
        await session.scalars(sa.select(table.c.id).where(table.c.id.in_(ids), ~table.c.anonymised))
    ).all()
    if not known:
        return {}
    tokens = {row_id: new_token() for row_id in known}
    now = utcnow()
    await session.execute(
        participant_links.insert(),
        [
            {"digest": token_digest(token), _TARGET_COLUMN[kind]: row_id, "issued_at": now}
            for row_id, token in tokens.items()
        ],
    )
    return tokens


def _target(kind: LinkKind, token: str) -> sa.ScalarSelect[Any]:
    column = participant_links.c[_TARGET_COLUMN[kind]]
    return sa.select(column).where(participant_links.c.digest == token_digest(token)).scalar_subquery()


async def registration_by_token(session: AsyncSession, token: str) -> RegistrationRecord | None:
    query = sa.select(registrations).where(registrations.c.id == _target("registration", token))
    row = (await session.execute(query)).mappings().first()
    return RegistrationRecord.of(row) if row else None


async def invitation_by_token(
    session: AsyncSession, token: str, *, lock: bool = False
) -> InvitationRecord | None:
    query = sa.select(invitations).where(invitations.c.id == _target("invitation", token))
    if lock:
        query = query.with_for_update(of=invitations)
    row = (await session.execute(query)).mappings().first()
    return InvitationRecord.of(row) if row else None


async def forget(session: AsyncSession, kind: LinkKind, ids: list[uuid.UUID]) -> None:
    """Erasure: every link to these rows stops working."""
    if ids:
        column = participant_links.c[_TARGET_COLUMN[kind]]
        await session.execute(participant_links.delete().where(column.in_(ids)))
