"""Signing in and out: server-side sessions, cookie flags, a new session id on every login,
invalidation on logout, and login throttling per account and per client address."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from prometheus_client import REGISTRY

from gateway_service.app import create_app
from gateway_service.security import secrets
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.store import login_failures, request_counters, staff_sessions
from gateway_service.testing import create_staff, csrf_token_in, migrate, sign_in
from tests.integration.gateway.conftest import browser_for

StaffFactory = Callable[[Role], Awaitable[tuple[str, str]]]


def session_cookie_header(response: httpx.Response, name: str) -> str:
    headers = [value for value in response.headers.get_list("set-cookie") if value.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    return headers[0]


async def test_a_coordinator_signs_in_and_sees_the_dashboard(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.COORDINATOR)
    response = await sign_in(browser, email, password)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    dashboard = await browser.get("/")
    assert dashboard.status_code == 200
    assert "Übersicht" in dashboard.text
    assert "Koordination" in dashboard.text


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, _ = await staff_account(Role.READ_ONLY)
    wrong_password = await sign_in(browser, email, "not-the-password-at-all")
    unknown_account = await sign_in(browser, "nobody-here@example.org", "not-the-password-at-all")
    assert wrong_password.status_code == unknown_account.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch." in wrong_password.text
    assert "E-Mail-Adresse oder Passwort ist falsch." in unknown_account.text
    assert (await browser.get("/")).status_code == 303


async def test_pages_without_a_session_send_the_browser_to_the_login(browser: httpx.AsyncClient) -> None:
    response = await browser.get("/registry/organisations?name=x")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fregistry%2Forganisations%3Fname%3Dx"


async def test_the_session_cookie_is_httponly_samesite_lax_and_not_secure_on_plain_http_loopback(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.READ_ONLY)
    cookie = session_cookie_header(await sign_in(browser, email, password), "nw_session").lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "path=/" in cookie
    assert "secure" not in cookie


async def test_behind_https_the_session_cookie_is_secure_host_only_and_hsts_is_sent(
    gateway_settings: Callable[..., GatewaySettings],
) -> None:
    settings = gateway_settings(public_url="https://netzwerkstatt.example.org")
    await migrate(settings)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        browser_for(app, "https://netzwerkstatt.example.org") as client,
    ):
        email, password = await create_staff(app.state.database, Role.COORDINATOR)
        response = await sign_in(client, email, password)
        cookie = session_cookie_header(response, "__Host-nw_session").lower()
        assert "secure" in cookie
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        assert "domain=" not in cookie
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert (await client.get("/")).status_code == 200


async def test_secure_cookies_cannot_be_turned_off_outside_loopback_development(
    gateway_settings: Callable[..., GatewaySettings],
) -> None:
    with pytest.raises(ValueError, match="cookie_secure"):
        gateway_settings(public_url="http://netzwerkstatt.example.org", cookie_secure=False)


async def test_every_login_gets_a_new_session_id_and_the_previous_one_stops_working(
    gateway_app: FastAPI, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.COORDINATOR)
    await sign_in(browser, email, password)
    first = browser.cookies["nw_session"]
    await sign_in(browser, email, password)
    second = browser.cookies["nw_session"]
    assert first != second
    async with browser_for(gateway_app) as stale:
        stale.cookies.set("nw_session", first)
        assert (await stale.get("/")).status_code == 303
    assert (await browser.get("/")).status_code == 200


async def test_a_planted_session_id_is_never_adopted_at_login(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    browser.cookies.set("nw_session", "chosen-by-an-attacker-0123456789", domain="127.0.0.1")
    email, password = await staff_account(Role.COORDINATOR)
    await sign_in(browser, email, password)
    assert browser.cookies["nw_session"] != "chosen-by-an-attacker-0123456789"


async def test_logout_invalidates_the_session_on_the_server(
    gateway_app: FastAPI, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.READ_ONLY)
    await sign_in(browser, email, password)
    session_id = browser.cookies["nw_session"]
    page = await browser.get("/")
    response = await browser.post("/logout", data={"csrf_token": csrf_token_in(page.text)})
    assert response.status_code == 303
    async with browser_for(gateway_app) as replaying:
        replaying.cookies.set("nw_session", session_id)
        assert (await replaying.get("/")).status_code == 303


async def test_a_page_view_reads_its_session_in_one_statement_and_an_idle_session_ends(
    gateway_app: FastAPI, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    database = gateway_app.state.database
    email, password = await staff_account(Role.READ_ONLY)
    await sign_in(browser, email, password)
    digest = secrets.digest(browser.cookies["nw_session"])
    statements: list[tuple[str, str | None]] = []

    def count(connection: sa.Connection, cursor: Any, statement: str, *args: Any) -> None:
        statements.append((statement, connection.get_execution_options().get("isolation_level")))

    async def last_seen() -> datetime:
        async with database.transaction() as connection:
            seen: datetime = (
                await connection.execute(
                    sa.select(staff_sessions.c.last_seen_at).where(staff_sessions.c.id_digest == digest)
                )
            ).scalar_one()
        return seen

    async def seen_ago(minutes: float) -> None:
        async with database.transaction() as connection:
            await connection.execute(
                staff_sessions.update()
                .where(staff_sessions.c.id_digest == digest)
                .values(last_seen_at=sa.func.now() - timedelta(minutes=minutes))
            )

    signed_in_at = await last_seen()
    sa.event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        assert (await browser.get("/")).status_code == 200
        viewed = list(statements)
    finally:
        sa.event.remove(database.engine.sync_engine, "before_cursor_execute", count)
    # The read alone, committing by itself: no touch within the minute, no BEGIN and COMMIT.
    assert [isolation for _, isolation in viewed] == ["AUTOCOMMIT"], viewed
    assert await last_seen() == signed_in_at

    await seen_ago(2)
    assert (await browser.get("/")).status_code == 200
    assert await last_seen() > signed_in_at

    idle_minutes = gateway_app.state.settings.session_idle_minutes
    await seen_ago(idle_minutes + 1)
    assert (await browser.get("/")).status_code == 303
    async with database.transaction() as connection:
        left = await connection.execute(
            sa.select(sa.func.count()).select_from(staff_sessions).where(staff_sessions.c.id_digest == digest)
        )
        assert left.scalar_one() == 0


def sign_ins(outcome: str) -> float:
    return (
        REGISTRY.get_sample_value("netzwerkstatt_sign_ins_total", {"service": "gateway", "outcome": outcome})
        or 0
    )


async def test_after_five_failures_even_the_right_password_is_refused_for_that_account(
    browser: httpx.AsyncClient, staff_account: StaffFactory, caplog: pytest.LogCaptureFixture
) -> None:
    email, password = await staff_account(Role.COORDINATOR)
    refused, throttled_before = sign_ins("refused"), sign_ins("throttled")
    for _ in range(5):
        assert (await sign_in(browser, email, "wrong-password-123")).status_code == 401
    throttled = await sign_in(browser, email, password)
    assert throttled.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in throttled.text
    assert "nw_session" not in browser.cookies
    # Operators see it: counted, and said once in the log, by the limit that held, without the e-mail.
    assert sign_ins("refused") - refused == 5
    assert sign_ins("throttled") - throttled_before == 1
    [line] = [record.msg for record in caplog.records if record.name == "gateway_service.security.accounts"]
    assert isinstance(line, dict)
    assert line["event"] == "sign-in refused: too many failed attempts"
    assert line["limit"] == "account"
    assert email not in repr(line)


def client_at(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


async def test_a_stranger_failing_at_an_account_does_not_lock_its_owner_out_elsewhere(
    gateway_app: FastAPI,
) -> None:
    email, password = await create_staff(gateway_app.state.database, Role.ADMIN)
    async with client_at(gateway_app, "198.51.100.7") as stranger:
        for _ in range(5):
            assert (await sign_in(stranger, email, "wrong-password-123")).status_code == 401
        assert (await sign_in(stranger, email, password)).status_code == 429
    async with client_at(gateway_app, "203.0.113.20") as owner:
        assert (await sign_in(owner, email, password)).status_code == 303  # signed in, on to the page


async def test_a_burst_of_guesses_at_the_same_moment_checks_no_more_passwords_than_the_limit(
    gateway_app: FastAPI,
) -> None:
    email, password = await create_staff(gateway_app.state.database, Role.COORDINATOR)
    refused = sign_ins("refused")
    async with client_at(gateway_app, "198.51.100.77") as guesser:
        token = csrf_token_in((await guesser.get("/login")).text)

        async def guess(number: int) -> int:
            form = {"email": email, "password": f"wrong-password-{number}", "csrf_token": token, "next": "/"}
            return (await guesser.post("/login", data=form)).status_code

        # Guesses at the same moment see each other: at most the limit's five are checked (fewer,
        # even none, when they count each other before any is done), the others are refused unchecked.
        answers = await asyncio.gather(*(guess(number) for number in range(12)))
        checked = answers.count(401)
        assert checked <= 5, answers
        assert answers.count(429) == 12 - checked, answers
        # A refused guess does not count: the guesses after the burst are checked up to the limit.
        later = [await guess(number) for number in range(12, 18)]
        assert later == [401] * (5 - checked) + [429] * (1 + checked), later
        assert sign_ins("refused") - refused == 5
        assert (await sign_in(guesser, email, password)).status_code == 429


async def test_an_account_tried_from_many_addresses_is_locked_everywhere_at_its_overall_limit(
    gateway_settings: Callable[..., GatewaySettings],
) -> None:
    settings = gateway_settings(
        login_failures_per_account=5, login_failures_per_account_overall=6, login_failures_per_address=100
    )
    await migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        email, password = await create_staff(app.state.database, Role.ADMIN)
        for address in ("198.51.100.1", "198.51.100.2"):
            async with client_at(app, address) as guesser:
                for _ in range(3):
                    assert (await sign_in(guesser, email, "wrong-password-123")).status_code == 401
        async with client_at(app, "203.0.113.20") as owner:
            assert (await sign_in(owner, email, password)).status_code == 429


async def test_one_address_trying_many_accounts_is_throttled_across_gateway_replicas(
    gateway_settings: Callable[..., GatewaySettings],
) -> None:
    # Two app instances share only the database, as replicas do; each client has its own address.
    settings = gateway_settings(login_failures_per_address=3, login_failures_per_account=100)
    await migrate(settings)
    first, second = create_app(settings), create_app(settings)
    async with first.router.lifespan_context(first), second.router.lifespan_context(second):
        email, password = await create_staff(first.state.database, Role.READ_ONLY)
        address = f"192.0.2.{random.randint(1, 254)}"
        transports = [httpx.ASGITransport(app=app, client=(address, 40000)) for app in (first, second, first)]
        for index, transport in enumerate(transports):
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
                wrong = await sign_in(client, f"someone-{index}@example.org", "wrong-password-123")
                assert wrong.status_code == 401
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=second, client=(address, 40001)),
            base_url="http://127.0.0.1:8000",
        ) as client:
            assert (await sign_in(client, email, password)).status_code == 429


async def test_the_counters_keep_no_e_mail_or_address_and_nothing_that_no_longer_counts(
    gateway_app: FastAPI, browser: httpx.AsyncClient
) -> None:
    """A mistyped e-mail at the sign-in, or a passer-by's address on a public page, is counted by a
    digest only, and whatever has left its window is dropped by the next count, whoever it was."""
    database = gateway_app.state.database
    long_ago = datetime.now(UTC) - timedelta(days=2)
    async with database.transaction() as connection:
        await connection.execute(login_failures.insert().values(key="account:left-over", failed_at=long_ago))
        await connection.execute(
            request_counters.insert().values(key="public:left-over", window_start=long_ago, count=3)
        )
    typed = f"tippfehler-{random.randint(1000, 9999)}@example.org"

    assert (await sign_in(browser, typed, "wrong-password-123")).status_code == 401
    # A visitor's first page in this minute (old minutes go with a key's first count in a new one),
    # counted before anything is asked of a service.
    visitor = f"2001:db8::{random.getrandbits(32):x}"  # an address no other test uses
    async with client_at(gateway_app, visitor) as passer_by:
        await passer_by.get("/p/registration/" + "x" * 32)

    async with database.transaction() as connection:
        failures = (await connection.execute(sa.select(login_failures.c.key))).scalars().all()
        counters = (await connection.execute(sa.select(request_counters.c.key))).scalars().all()
    kept = repr([*failures, *counters])
    assert "left-over" not in kept
    assert typed not in kept
    assert "127.0.0.1" not in kept  # the test client's address
    assert visitor not in kept
    assert failures  # the new ones, by digest
    assert counters
