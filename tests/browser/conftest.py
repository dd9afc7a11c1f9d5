"""Browser tests: Debian's Chromium (headless) driven by Playwright against the gateway served by
uvicorn on a free port. Screenshots of the main pages land in test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from gateway_service.app import create_app
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate, served
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for

# Debian's headless shell (package chromium-headless-shell), what Playwright itself runs headless: the
# full browser would also start its user interface, which nobody sees here.
CHROMIUM = Path("/usr/bin/chromium-headless-shell")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def gateway_settings(nats_server: NatsServer, postgres_server: PostgresServer) -> GatewaySettings:
    return settings_for(GatewaySettings, nats_server, postgres_server)


@pytest.fixture
async def gateway_url(gateway_settings: GatewaySettings) -> AsyncIterator[str]:
    await migrate(gateway_settings)
    with served(create_app(gateway_settings)) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make browser` (installs it from Debian)")
    return CHROMIUM


@pytest.fixture
async def chromium(chromium_path: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], object]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    async def take(page: Page, name: str) -> None:
        await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
