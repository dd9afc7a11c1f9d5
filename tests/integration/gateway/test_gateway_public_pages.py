"""Public token pages: uniform answers for tokens that are not valid, a clear state when the owning
service does not answer, a rate limit per address, and tokens never logged."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI

from gateway_service.app import create_app
from gateway_service.request_context import masked_path
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate

UNKNOWN = "Dieser Link ist ungültig oder abgelaufen."


@pytest.mark.parametrize(
    "path",
    [
        "/p/invitation/short",
        "/p/registration/has%20spaces%20and%20more%20than%20sixteen",
        "/p/registration/x/calendar.ics",
        "/p/feedback/'%3Cscript%3E'",
        "/p/unsubscribe/..%2F..%2Fetc",
    ],
)
async def test_malformed_tokens_get_the_same_answer_as_unknown_ones(
    browser: httpx.AsyncClient, path: str
) -> None:
    response = await browser.get(path)
    assert response.status_code == 404
    assert UNKNOWN in response.text
    assert "<script>" not in response.text


async def test_a_well_formed_token_whose_service_does_not_answer_shows_a_clear_message(
    browser: httpx.AsyncClient,
) -> None:
    token = secrets.token_urlsafe(32)
    for path in (f"/p/registration/{token}", f"/p/feedback/{token}"):
        response = await browser.get(path)
        assert response.status_code == 503
        assert "Diese Seite ist gerade nicht erreichbar" in response.text
        assert token not in response.text


async def test_public_forms_without_their_token_change_nothing(browser: httpx.AsyncClient) -> None:
    token = secrets.token_urlsafe(32)
    response = await browser.post(f"/p/invitation/{token}", data={"response": "accept"})
    assert response.status_code == 403
    assert "Das Formular ist abgelaufen" in response.text


async def test_the_public_pages_are_rate_limited_per_client_address(
    gateway_settings: Callable[..., GatewaySettings],
) -> None:
    settings = gateway_settings(public_requests_per_minute=3)
    await migrate(settings)
    app = create_app(settings)
    address = f"198.51.100.{random.randint(1, 254)}"
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=(address, 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            answers = [(await client.get("/p/invitation/short")).status_code for _ in range(4)]
            assert answers == [404, 404, 404, 429]
            limited = await client.get(f"/p/feedback/{secrets.token_urlsafe(32)}")
            assert limited.status_code == 429
            assert limited.headers["retry-after"] == "60"
            assert "Zu viele Anfragen" in limited.text


def test_the_logged_path_of_a_public_page_has_its_token_masked() -> None:
    token = secrets.token_urlsafe(32)
    assert masked_path(f"/p/invitation/{token}") == "/p/invitation/***"
    assert masked_path(f"/p/registration/{token}/calendar.ics") == "/p/registration/***/calendar.ics"
    assert masked_path("/registry/organisations") == "/registry/organisations"


async def test_public_pages_speak_english_when_asked(
    gateway_app: FastAPI, browser: httpx.AsyncClient
) -> None:
    response = await browser.get("/p/invitation/short", params={"lang": "en"})
    assert "This link is invalid or has expired." in response.text
