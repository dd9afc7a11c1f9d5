"""Authorization on the server for every action, CSRF on every form, API tokens per role, and the
security headers of every response."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from gateway_service.security import accounts
from gateway_service.security.accounts import (
    NewAccount,
    create_account,
    issue_api_token,
    list_accounts,
    list_api_tokens,
    revoke_api_token,
)
from gateway_service.security.roles import Role
from gateway_service.store import api_tokens
from gateway_service.testing import csrf_token_in, sign_in
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.service import ServiceRuntime
from tests.integration.gateway.conftest import browser_for
from tests.integration.gateway.ui_support import field_error

StaffFactory = Callable[[Role], Awaitable[tuple[str, str]]]


def new_organisation() -> dict[str, str | list[str]]:
    return {
        "name": f"Jobcenter Testkreis {uuid.uuid4().hex[:8]}",
        "type": "jobcenter",
        "region_keys": ["14713"],
    }


async def token_client(app: FastAPI, role: Role) -> httpx.AsyncClient:
    _, token = await issue_api_token(app.state.database, f"test-{uuid.uuid4().hex[:6]}", role)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://127.0.0.1:8000",
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_the_json_api_refuses_requests_without_a_session_or_token(browser: httpx.AsyncClient) -> None:
    response = await browser.get("/api/organisations")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response.headers["www-authenticate"].startswith("Bearer")
    forged = await browser.get("/api/organisations", headers={"Authorization": "Bearer nwst_made-up"})
    assert forged.status_code == 401


async def test_a_read_only_token_reads_but_may_not_create(
    registry: ServiceRuntime, gateway_app: FastAPI
) -> None:
    async with await token_client(gateway_app, Role.READ_ONLY) as client:
        assert (await client.get("/api/organisations")).status_code == 200
        body = new_organisation()
        refused = await client.post("/api/organisations", json=body)
        assert refused.status_code == 403
        assert refused.json()["error"]["code"] == "forbidden"
        listed = await client.get("/api/organisations", params={"name": body["name"]})
        assert listed.json()["total"] == 0


async def test_a_coordinator_token_creates_and_a_revoked_token_is_refused(
    registry: ServiceRuntime, gateway_app: FastAPI
) -> None:
    _, token = await issue_api_token(gateway_app.state.database, "revoked-later", Role.COORDINATOR)
    async with await token_client(gateway_app, Role.COORDINATOR) as client:
        # A token has no networks: it adds what belongs to none, such as a topic.
        tag = uuid.uuid4().hex[:8]
        topic = {"code": f"topic_{tag}", "label_de": f"Wohnen {tag}", "label_en": f"Housing {tag}"}
        assert (await client.post("/api/topics", json=topic)).status_code == 201
        refused = await client.post("/api/organisations", json=new_organisation())
        assert refused.status_code == 403
    token_id = next(
        row["id"]
        for row in await list_api_tokens(gateway_app.state.database)
        if row["name"] == "revoked-later"
    )
    await revoke_api_token(gateway_app.state.database, token_id)
    async with browser_for(gateway_app) as client:
        response = await client.get("/api/organisations", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


async def last_used_at(app: FastAPI, name: str) -> datetime | None:
    rows = await list_api_tokens(app.state.database)
    value: datetime | None = next(row["last_used_at"] for row in rows if row["name"] == name)
    return value


async def test_a_token_is_looked_up_in_one_statement_and_its_last_use_written_once_a_minute(
    registry: ServiceRuntime, gateway_app: FastAPI
) -> None:
    database = gateway_app.state.database
    name = f"touch-{uuid.uuid4().hex[:6]}"
    _, token = await issue_api_token(database, name, Role.READ_ONLY)
    statements: list[tuple[str, str | None]] = []

    def count(connection: sa.Connection, cursor: Any, statement: str, *args: Any) -> None:
        statements.append((statement, connection.get_execution_options().get("isolation_level")))

    sa.event.listen(database.engine.sync_engine, "before_cursor_execute", count)
    try:
        async with browser_for(gateway_app) as client:
            headers = {"Authorization": f"Bearer {token}"}
            assert (await client.get("/api/topics", headers=headers)).status_code == 200
            first_use = await last_used_at(gateway_app, name)
            statements.clear()
            assert (await client.get("/api/topics", headers=headers)).status_code == 200
            looked_up = list(statements)
            unchanged = await last_used_at(gateway_app, name)

            async with database.transaction() as connection:
                await connection.execute(
                    api_tokens.update()
                    .where(api_tokens.c.name == name)
                    .values(last_used_at=sa.func.now() - timedelta(minutes=2))
                )
            assert (await client.get("/api/topics", headers=headers)).status_code == 200
            written_again = await last_used_at(gateway_app, name)
    finally:
        sa.event.remove(database.engine.sync_engine, "before_cursor_execute", count)

    assert first_use is not None
    # One statement that commits by itself: no BEGIN and COMMIT around it.
    assert [isolation for _, isolation in looked_up] == ["AUTOCOMMIT"], looked_up
    assert unchanged == first_use
    assert written_again is not None
    assert written_again > first_use


async def test_a_session_using_the_json_api_must_send_its_csrf_token_for_changes(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.ADMIN)
    await sign_in(browser, email, password)
    body = new_organisation()
    without = await browser.post("/api/organisations", json=body)
    assert without.status_code == 403
    assert without.json()["error"]["details"][0]["field"] == "X-CSRF-Token"
    token = csrf_token_in((await browser.get("/")).text)
    with_token = await browser.post("/api/organisations", json=body, headers={"X-CSRF-Token": token})
    assert with_token.status_code == 201


async def test_a_form_post_without_the_csrf_token_is_rejected_and_changes_nothing(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.ADMIN)
    await sign_in(browser, email, password)
    body = {"name": f"Sozialamt Ohne Token {uuid.uuid4().hex[:6]}", "type": "sozialamt", "region_keys": ""}
    refused = await browser.post("/registry/organisations/new", data=body)
    assert refused.status_code == 403
    assert "Das Formular ist abgelaufen" in refused.text
    assert "<h1>Formular abgelaufen</h1>" in refused.text  # what happened, not a missing permission
    assert "Keine Berechtigung" not in refused.text
    wrong = await browser.post("/registry/organisations/new", data={**body, "csrf_token": "guessed"})
    assert wrong.status_code == 403
    listed = await browser.get("/registry/organisations", params={"name": body["name"]})
    assert "0 Einträge insgesamt" in listed.text
    logout = await browser.post("/logout", data={})
    assert logout.status_code == 403
    assert (await browser.get("/")).status_code == 200


async def test_a_login_form_post_without_its_token_is_rejected(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.ADMIN)
    response = await browser.post("/login", data={"email": email, "password": password})
    assert response.status_code == 403
    assert "nw_session" not in browser.cookies


async def test_read_only_staff_may_look_but_not_open_forms_or_post_them(
    registry: ServiceRuntime, browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.READ_ONLY)
    await sign_in(browser, email, password)
    page = await browser.get("/registry/organisations")
    assert page.status_code == 200
    assert "Neue Organisation" not in page.text
    assert (await browser.get("/registry/organisations/new")).status_code == 403
    token = csrf_token_in(page.text)
    body = {
        "name": f"Ausländerbehörde {uuid.uuid4().hex[:6]}",
        "type": "auslaenderbehoerde",
        "csrf_token": token,
    }
    assert (await browser.post("/registry/organisations/new", data=body)).status_code == 403
    replay = await browser.post(
        f"/operations/dead-letters/registry/{uuid.uuid4()}/replay", data={"csrf_token": token}
    )
    assert replay.status_code == 403


async def test_coordinators_may_not_replay_dead_letters_or_manage_accounts_and_tokens(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.COORDINATOR)
    await sign_in(browser, email, password)
    token = csrf_token_in((await browser.get("/")).text)
    assert (await browser.get("/admin/accounts")).status_code == 403
    assert (await browser.get("/admin/tokens")).status_code == 403
    created = await browser.post(
        "/admin/accounts",
        data={
            "email": "x@example.org",
            "display_name": "X",
            "role": "admin",
            "password": "a" * 20,
            "csrf_token": token,
        },
    )
    assert created.status_code == 403
    issued = await browser.post(
        "/admin/tokens", data={"name": "sneaky", "role": "admin", "csrf_token": token}
    )
    assert issued.status_code == 403
    replay = await browser.post(
        f"/operations/dead-letters/events/{uuid.uuid4()}/replay", data={"csrf_token": token}
    )
    assert replay.status_code == 403


async def test_an_admin_creates_an_account_and_issues_a_token_shown_once(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.ADMIN)
    await sign_in(browser, email, password)
    token = csrf_token_in((await browser.get("/admin/accounts")).text)
    new_email = f"neu-{uuid.uuid4().hex[:8]}@example.org"
    weak = await browser.post(
        "/admin/accounts",
        data={
            "email": new_email,
            "display_name": "Neu",
            "role": "coordinator",
            "password": "short",
            "csrf_token": token,
        },
    )
    assert weak.status_code == 422
    assert "Bitte mindestens 12 Zeichen eingeben." in weak.text
    guessable = await browser.post(
        "/admin/accounts",
        data={
            "email": new_email,
            "display_name": "Neu",
            "role": "coordinator",
            "password": "Passwort2026!",
            "csrf_token": token,
        },
    )
    assert guessable.status_code == 422
    assert "Dieses Passwort ist zu leicht zu erraten" in guessable.text
    created = await browser.post(
        "/admin/accounts",
        data={
            "email": new_email,
            "display_name": "Neu",
            "role": "coordinator",
            "password": "a-long-enough-password",
            "csrf_token": token,
        },
    )
    assert created.status_code == 303
    assert new_email in (await browser.get("/admin/accounts")).text
    issued = await browser.post(
        "/admin/tokens", data={"name": "Statistik-Export", "role": "read_only", "csrf_token": token}
    )
    assert issued.status_code == 200
    assert "nwst_" in issued.text
    assert "nwst_" not in (await browser.get("/admin/tokens")).text
    token_id = re.search(r'action="/admin/tokens/([0-9a-f-]{36})/revoke"', issued.text)
    assert token_id is not None
    revoke = f"/admin/tokens/{token_id.group(1)}/revoke"
    asked = await browser.post(revoke, data={"csrf_token": token})
    assert asked.status_code == 200
    assert "API-Token „Statistik-Export“ wirklich widerrufen?" in asked.text
    assert f'action="{revoke}"' in (await browser.get("/admin/tokens")).text  # not yet revoked
    revoked = await browser.post(revoke, data={"csrf_token": token, "confirmed": "yes"})
    assert revoked.status_code == 303
    assert f'action="{revoke}"' not in (await browser.get("/admin/tokens")).text


async def test_an_account_whose_email_was_taken_after_the_check_is_refused_as_duplicate_not_a_crash(
    gateway_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two admins entering the same address at the same moment: both checks find none, the database's
    unique key refuses the second insert, and that admin is told so as at any other time."""
    database = gateway_app.state.database
    email = f"doppelt-{uuid.uuid4().hex[:8]}@example.org"
    account = NewAccount(email=email, display_name="Doppelt", role=Role.COORDINATOR)
    await create_account(database, account, "a-long-enough-password")

    async def not_there_yet(*args: Any) -> None:
        return None

    monkeypatch.setattr(accounts, "_account_row", not_there_yet)
    with pytest.raises(ServiceError) as refused:
        await create_account(database, account, "another-long-enough-password")

    assert [(d.field, d.code) for d in refused.value.details] == [("email", "duplicate")]
    assert len([item for item in await list_accounts(database) if item.email == email]) == 1


async def test_the_admin_forms_refuse_bad_input_in_german_words_without_codes(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.ADMIN)
    await sign_in(browser, email, password)
    token = csrf_token_in((await browser.get("/admin/accounts")).text)

    account = await browser.post(
        "/admin/accounts",
        data={"email": "kein-at", "display_name": "X", "role": "chef", "password": "p", "csrf_token": token},
    )
    api_token = await browser.post("/admin/tokens", data={"name": "x", "role": "chef", "csrf_token": token})
    networks = await browser.post(
        f"/admin/accounts/{uuid.uuid4()}/networks", data={"network_ids": "kein-netz", "csrf_token": token}
    )

    assert (account.status_code, api_token.status_code, networks.status_code) == (422, 422, 422)
    assert "Bitte eine gültige E-Mail-Adresse eingeben." in account.text
    assert "Bitte einen der angebotenen Werte wählen." in account.text
    assert "Bitte mindestens 2 Zeichen eingeben." in api_token.text
    assert "Bitte einen der angebotenen Werte wählen." in api_token.text
    assert "Bitte aus der Liste wählen." in networks.text
    for page in (account.text, api_token.text, networks.text):
        for english in (
            "Input should",
            "value is not",
            "characters",
            "one of:",
            "'read_only'",
            "admin, coordinator",
            "network id",
        ):
            assert english not in page


async def test_every_response_carries_the_security_headers(browser: httpx.AsyncClient) -> None:
    for path in ("/login", "/health", "/p/invitation/short", "/api/organisations"):
        response = await browser.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in response.headers  # plain HTTP on loopback


async def test_json_api_answers_are_not_kept_by_browsers_or_caches(
    registry: ServiceRuntime, gateway_app: FastAPI, browser: httpx.AsyncClient
) -> None:
    """Like the staff pages, the API's answers (people, the Art. 15 document) are never stored;
    the stylesheet may be."""
    async with await token_client(gateway_app, Role.READ_ONLY) as client:
        for path in ("/api/organisations", f"/api/people/{uuid.uuid4()}", "/api/people/not-an-id"):
            response = await client.get(path)
            assert response.headers["cache-control"] == "no-store", path
    assert (await browser.get("/api/organisations")).headers["cache-control"] == "no-store"
    assert (await browser.get("/login")).headers["cache-control"] == "no-store"
    assert "no-store" not in (await browser.get("/static/style.css")).headers.get("cache-control", "")


async def test_redirects_after_login_stay_on_the_gateway(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.READ_ONLY)
    page = await browser.get("/login")
    response = await browser.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_token_in(page.text),
            "next": "//evil.example.com/",
        },
    )
    assert response.headers["location"] == "/"


async def test_the_account_form_names_every_problem_at_once_each_at_its_field(
    browser: httpx.AsyncClient, staff_account: StaffFactory
) -> None:
    email, password = await staff_account(Role.ADMIN)
    await sign_in(browser, email, password)
    token = csrf_token_in((await browser.get("/admin/accounts")).text)
    before = len((await browser.get("/admin/accounts")).text)

    empty = await browser.post("/admin/accounts", data={"csrf_token": token})
    assert empty.status_code == 422
    for field in ("email", "display_name", "role", "password"):
        assert field_error(empty.text, field), field
    assert field_error(empty.text, "password") == "Bitte mindestens 12 Zeichen eingeben."

    wrong_everywhere = await browser.post(
        "/admin/accounts",
        data={
            "email": "kein-at",
            "display_name": "N" * 6000,
            "role": "coordinator",
            "password": "kurz",
            "csrf_token": token,
        },
    )
    assert wrong_everywhere.status_code == 422
    assert field_error(wrong_everywhere.text, "email") == "Bitte eine gültige E-Mail-Adresse eingeben."
    assert field_error(wrong_everywhere.text, "display_name") == "Bitte höchstens 200 Zeichen eingeben."
    assert field_error(wrong_everywhere.text, "password") == "Bitte mindestens 12 Zeichen eingeben."
    assert not field_error(wrong_everywhere.text, "role")
    assert len((await browser.get("/admin/accounts")).text) == before  # no account was made
