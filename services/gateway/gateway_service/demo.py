"""Demo staff accounts for the local stack. Created only when GATEWAY_DEMO_PASSWORD is set (the
stack's supervisor sets a random one and prints it); there is no default password anywhere."""

from __future__ import annotations

import uuid

from gateway_service.database import GatewayDatabase
from gateway_service.security.accounts import NewAccount, ensure_account
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from netzwerkstatt import demo
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)

DEMO_NAMESPACE = uuid.UUID("6f1c2d3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f")


def demo_accounts() -> tuple[NewAccount, ...]:
    """The demo staff: read from the demo data file only when the demo is seeded, never on import."""
    return (
        NewAccount(email="admin@example.org", display_name="Alex Admin", role=Role.ADMIN),
        NewAccount(
            email="koordination@example.org",
            display_name="Kim Koordination",
            role=Role.COORDINATOR,
            # The coordinator looks after the demo networks (the same ids every service seeds).
            network_ids=[network.id for network in demo.NETWORKS],
        ),
        NewAccount(email="lesen@example.org", display_name="Lou Lesezugriff", role=Role.READ_ONLY),
    )


def demo_account_id(account: NewAccount) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, str(account.email))


async def seed_demo(settings: GatewaySettings) -> list[str]:
    """Create or refresh the demo accounts; returns their e-mail addresses (none without a password)."""
    password = settings.demo_password.get_secret_value()
    if not password:
        log.info("no GATEWAY_DEMO_PASSWORD: no demo staff accounts")
        return []
    accounts = demo_accounts()
    database = GatewayDatabase(settings)
    try:
        for account in accounts:
            await ensure_account(database, account, password, demo_account_id(account))
    finally:
        await database.dispose()
    emails = [str(account.email) for account in accounts]
    log.info("demo staff accounts in place", accounts=emails)
    return emails
