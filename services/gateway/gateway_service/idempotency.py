"""``Idempotency-Key`` on the JSON API's state-changing calls (POST, PUT, PATCH, DELETE under /api/):
a client that retries a call with the same key gets the first answer again instead of a second
action. Registering, inviting and erasing, and every other change, can so be retried safely after a
time-out or a broken connection.

- Keys belong to their caller (a digest of the API token or the session cookie): two callers' keys
  never meet. A key is 1 to 200 visible ASCII characters.
- Only a signed-in caller's key is claimed. A request without a valid token or session passes on to
  be refused and leaves no row behind: strangers cannot fill the table.
- The same key with another request (method, path, query or body) is refused (422,
  ``idempotency_key_reused``); while the first request is still being handled a retry gets 409
  (``idempotency_key_in_flight``) with Retry-After. A first request the gateway stopped handling
  (a crash) frees its key after ``ABANDONED_AFTER``.
- Only final answers are kept (2xx and 4xx). After a 5xx the key is free again and the retry acts
  anew; a write that happened after the gateway stopped waiting is then answered by the owning
  service's own idempotency (registering twice returns the first registration). Services also
  drop requests whose deadline passed before they were handled (``netzwerkstatt.rpc``).
- Answers are kept for ``KEPT_FOR`` only (they may carry personal data or a registration's link
  token), then removed, and sealed while kept: encrypted (AES-GCM) with a key derived from the
  caller's credential and the Idempotency-Key, neither of which is stored. The table alone (a dump,
  a backup) gives no answer away; only the retry that presents both opens it.
- Erasing a person through the gateway also forgets every kept answer whose request or answer
  mentions the person's id (``forget_answers_about``; each row keeps digests of the ids it
  mentions, never the ids; one that mentions more than ``MAX_MENTIONS`` is forgotten on any
  erasure). The key stays taken, so a retry acts no second time: it is answered 410
  (``idempotency_answer_erased``). A request about the person still under way then keeps no answer
  either. An erasure sent straight to ``registry.person.erase`` over NATS (operators only) leaves
  such answers to expire after ``KEPT_FOR``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import AsyncIterable, Awaitable, Callable
from datetime import timedelta

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fastapi import FastAPI, Request, Response
from sqlalchemy.dialects.postgresql import insert
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway_service.auth import NotAuthenticated, identify
from gateway_service.database import GatewayDatabase
from gateway_service.errors import RETRY_AFTER_SECONDS, error_response
from gateway_service.store import idempotent_requests as table
from netzwerkstatt.db import utcnow
from netzwerkstatt.errors import ErrorCode, ErrorReply, FieldError, Unavailable
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(minutes=10)
# Longer than any request can be handled (the calls to services time out after seconds).
ABANDONED_AFTER = timedelta(seconds=15)
# The status a key answers once its answer was forgotten on an erasure (Gone).
FORGOTTEN = 410
# Ids a row keeps digests of; a request or answer that mentions more is forgotten on any erasure.
MAX_MENTIONS = 1000
ANY_MENTION = "*"
CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_HEADER_NAME = HEADER.lower().encode("latin-1")  # as ASGI names headers
_VALID_KEY = re.compile(r"[\x21-\x7e]{1,200}")
_UUID = re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

Next = Callable[[Request], Awaitable[Response]]


def _refusal(status: int, code: ErrorCode, message: str, field_code: str) -> Response:
    reply = ErrorReply(
        code=code, message=message, details=[FieldError(field=HEADER, message=message, code=field_code)]
    )
    response = error_response(reply)
    response.status_code = status
    return response


def _credential(request: Request) -> str:
    return request.headers.get("Authorization") or request.headers.get("Cookie") or "anonymous"


def _caller(request: Request) -> str:
    return hashlib.sha256(_credential(request).encode()).hexdigest()


_NONCE_BYTES = 12


def _sealer(request: Request, key: str) -> AESGCM:
    """The cipher of one caller's answer under one key: derived from both, stored nowhere."""
    secret = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"netzwerkstatt idempotent answer")
    return AESGCM(secret.derive(f"{_credential(request)}\0{key}".encode()))


def seal(request: Request, key: str, digest: str, body: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + _sealer(request, key).encrypt(nonce, body, digest.encode())


def unseal(request: Request, key: str, digest: str, sealed: bytes) -> bytes | None:
    """The kept answer, or None if it cannot be opened (never the case for its own caller)."""
    try:
        return _sealer(request, key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], digest.encode())
    except (InvalidTag, ValueError):
        return None


def mention(entity_id: uuid.UUID) -> str:
    """What a row keeps of an id it mentions: a digest, so the table names nobody's id."""
    return hashlib.sha256(b"netzwerkstatt mention\0" + str(entity_id).encode()).hexdigest()


def mentions(*texts: bytes) -> list[str]:
    """The digests of every id (UUID) the texts mention, each once; past ``MAX_MENTIONS`` ids only
    ``ANY_MENTION``, which every erasure forgets (a row never grows with what a caller sends)."""
    ids = {match.decode().lower() for text in texts for match in _UUID.findall(text)}
    if len(ids) > MAX_MENTIONS:
        return [ANY_MENTION]
    return sorted(mention(uuid.UUID(entity_id)) for entity_id in ids)


def _merged(*mentioned: list[str]) -> list[str]:
    merged = {digest for digests in mentioned for digest in digests}
    return [ANY_MENTION] if ANY_MENTION in merged or len(merged) > MAX_MENTIONS else sorted(merged)


async def forget_answers_about(request: Request, entity_id: uuid.UUID) -> None:
    """Forget every kept answer that mentions ``entity_id`` (an erased person): its body goes, its
    key stays taken and answers 410. A request about it still in flight keeps no answer when it
    ends. The request doing the erasing keeps its own answer. Called once the erasure is done: should
    the gateway's database be away just then, the answers expire after ``KEPT_FOR`` (logged)."""
    database: GatewayDatabase = request.app.state.database
    own: tuple[str, str] | None = getattr(request.state, "idempotent_row", None)
    condition = table.c.mentions.overlap([mention(entity_id), ANY_MENTION])
    if own is not None:
        condition &= sa.not_((table.c.caller == own[0]) & (table.c.key == own[1]))
    try:
        async with database.transaction() as connection:
            await connection.execute(
                table.update()
                .where(condition)
                .values(status=FORGOTTEN, media_type=None, body=None, mentions=[])
            )
    except Unavailable:
        log.warning("kept answers about an erased person not forgotten; they expire on their own")


async def _claim(
    database: GatewayDatabase, caller: str, key: str, digest: str, mentioned: list[str]
) -> sa.Row[object] | None:
    """Record the key as in flight; returns the earlier record if there is one (None: ours now)."""
    now = utcnow()
    async with database.transaction() as connection:
        await connection.execute(table.delete().where(table.c.created_at < now - KEPT_FOR))
        claimed = await connection.scalar(
            insert(table)
            .values(caller=caller, key=key, request_digest=digest, created_at=now, mentions=mentioned)
            .on_conflict_do_nothing()
            .returning(table.c.key)
        )
        if claimed is not None:
            return None
        # A first request abandoned in flight (its gateway died): the retry takes it over.
        taken = await connection.scalar(
            table.update()
            .where(
                table.c.caller == caller,
                table.c.key == key,
                table.c.request_digest == digest,
                table.c.status.is_(None),
                table.c.created_at < now - ABANDONED_AFTER,
            )
            .values(created_at=now, mentions=mentioned)
            .returning(table.c.key)
        )
        if taken is not None:
            return None
        return (
            await connection.execute(sa.select(table).where(table.c.caller == caller, table.c.key == key))
        ).first()


async def _settle(
    database: GatewayDatabase,
    caller: str,
    key: str,
    response: Response | None,
    sealed: bytes,
    mentioned: list[str],
) -> None:
    async with database.transaction() as connection:
        # Still in flight: not forgotten meanwhile because the person it mentions was erased.
        where = (table.c.caller == caller) & (table.c.key == key) & table.c.status.is_(None)
        # Kept: final answers. Not kept: failures of the gateway or a service, and refused callers.
        if response is None or response.status_code >= 500 or response.status_code in (401, 403):
            await connection.execute(table.delete().where(where))
        else:
            await connection.execute(
                table.update()
                .where(where)
                .values(
                    status=response.status_code,
                    media_type=response.media_type or response.headers.get("content-type"),
                    body=sealed,
                    mentions=mentioned,
                )
            )


async def idempotent(request: Request, call_next: Next) -> Response:
    key = request.headers[HEADER]
    if not _VALID_KEY.fullmatch(key):
        return _refusal(422, ErrorCode.VALIDATION, "1 to 200 visible ASCII characters", "invalid")
    try:
        principal = await identify(request)
    except NotAuthenticated:
        principal = None
    except Unavailable as error:
        return error_response(error.reply())
    if principal is None:
        return await call_next(request)
    database: GatewayDatabase = request.app.state.database
    caller = _caller(request)
    try:
        body = await request.body()
    except ClientDisconnect:  # gone, or refused for its size (413 sent by hygiene.LimitBody)
        return Response(status_code=400)
    digest = hashlib.sha256(
        b"\n".join([request.method.encode(), request.url.path.encode(), request.url.query.encode(), body])
    ).hexdigest()
    asked = mentions(request.url.path.encode(), request.url.query.encode(), body)
    try:
        earlier = await _claim(database, caller, key, digest, asked)
    except Unavailable as error:
        return error_response(error.reply())
    if earlier is not None:
        if earlier.request_digest != digest:
            return _refusal(
                422, ErrorCode.VALIDATION, "this key was used for another request", "idempotency_key_reused"
            )
        if earlier.status is None:
            response = _refusal(
                409,
                ErrorCode.CONFLICT,
                "the first request with this key is still being handled",
                "idempotency_key_in_flight",
            )
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        if earlier.status == FORGOTTEN:
            return _refusal(
                FORGOTTEN,
                ErrorCode.NOT_FOUND,
                "the first answer mentioned a person who has since been erased; it is kept no longer",
                "idempotency_answer_erased",
            )
        kept = unseal(request, key, digest, earlier.body)
        if kept is None:
            return error_response(Unavailable("the first answer cannot be read back; retry").reply())
        return Response(
            content=kept,
            status_code=earlier.status,
            media_type=earlier.media_type,
            headers={"Idempotent-Replayed": "true"},
        )
    request.state.idempotent_row = (caller, key)  # its own row, which an erasure keeps
    try:
        response = await call_next(request)
    except BaseException:
        with contextlib.suppress(Unavailable):  # else the key stays in flight until ABANDONED_AFTER
            await _settle(database, caller, key, None, b"", [])
        raise
    # call_next answers with a streaming response: its body is read here to be kept.
    body_iterator: AsyncIterable[bytes] = vars(response)["body_iterator"]
    content = b"".join([chunk async for chunk in body_iterator])
    # Should the database be gone now, the answer still goes out (the key frees after ABANDONED_AFTER).
    with contextlib.suppress(Unavailable):
        sealed = seal(request, key, digest, content)
        await _settle(database, caller, key, response, sealed, _merged(asked, mentions(content)))
    return Response(
        content=content,
        status_code=response.status_code,
        headers={k: v for k, v in response.headers.items() if k.lower() != "content-length"},
        media_type=response.media_type,
    )


class Idempotency:
    """Plain ASGI in front of ``idempotent``: only a change to the JSON API that carries the header
    goes through it (a ``BaseHTTPMiddleware``, which costs a task and two streams per request); every
    other request goes straight on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.keyed = BaseHTTPMiddleware(app, dispatch=idempotent)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in CHANGING
            and scope["path"].startswith("/api/")
            and any(name == _HEADER_NAME for name, _ in scope["headers"])
        ):
            await self.keyed(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def install_idempotency(app: FastAPI) -> None:
    app.add_middleware(Idempotency)
