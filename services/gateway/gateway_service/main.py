"""Command line of the gateway:
``netzwerkstatt-gateway serve | migrate | seed-demo | openapi | create-admin | issue-token``."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gateway_service.database import GatewayDatabase
from gateway_service.security import accounts
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from netzwerkstatt.command import refused
from netzwerkstatt.errors import ServiceError
from netzwerkstatt.logs import configure_logging, get_logger
from netzwerkstatt.settings import StartRefused

log = get_logger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
ADMIN_PASSWORD_VARIABLE = "GATEWAY_ADMIN_PASSWORD"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="netzwerkstatt-gateway")
    commands = parser.add_subparsers(dest="command")
    for name in ("serve", "migrate", "seed-demo", "openapi"):
        commands.add_parser(name)
    admin = commands.add_parser(
        "create-admin",
        help=f"create the first admin; the password is read from ${ADMIN_PASSWORD_VARIABLE} or stdin",
    )
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", default="Administration")
    token = commands.add_parser("issue-token", help="issue an API token for a machine client (printed once)")
    token.add_argument("--name", required=True)
    token.add_argument("--role", choices=[role.value for role in Role], default=Role.READ_ONLY.value)
    return parser


def read_admin_password() -> str:
    from_environment = os.environ.get(ADMIN_PASSWORD_VARIABLE)
    if from_environment:
        return from_environment
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Password for the new admin: ")
    return sys.stdin.readline().rstrip("\r\n")


async def _create_admin(settings: GatewaySettings, email: str, name: str, password: str) -> None:
    database = GatewayDatabase(settings)
    try:
        account = accounts.NewAccount(email=email, display_name=name, role=Role.ADMIN)
        await accounts.create_account(database, account, password)
    finally:
        await database.dispose()


async def _issue_token(settings: GatewaySettings, name: str, role: Role) -> str:
    database = GatewayDatabase(settings)
    try:
        _, plain = await accounts.issue_api_token(database, name, role)
    finally:
        await database.dispose()
    return plain


def main(argv: Sequence[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    command = args.command or "serve"
    try:
        _run(args, command)
    except StartRefused as refusal:  # a secret missing in production: one line, no traceback
        sys.exit(refused("gateway", command, refusal))


def _run(args: argparse.Namespace, command: str) -> None:
    settings = GatewaySettings()
    configure_logging("gateway", log_format=settings.log_format, level=settings.log_level)
    # Each command imports what it needs only: `make up` runs migrate and seed-demo as processes of
    # their own before serving, and the web application's imports are most of a start's second.
    if command == "openapi":
        from gateway_service.app import create_app

        json.dump(create_app(settings).openapi(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif command == "migrate":
        from netzwerkstatt.migrations import migrate

        sys.exit(migrate(settings, MIGRATIONS))
    elif command == "seed-demo":
        from gateway_service.demo import seed_demo

        asyncio.run(seed_demo(settings))
    elif command == "create-admin":
        try:
            asyncio.run(_create_admin(settings, args.email, args.name, read_admin_password()))
        except ServiceError as error:
            sys.exit(_refusal("create-admin", error))
        except ValueError as error:  # an invalid e-mail address
            sys.exit(f"create-admin: {error}")
        print(f"admin {args.email} created")
    elif command == "issue-token":
        try:
            plain = asyncio.run(_issue_token(settings, args.name, Role(args.role)))
        except ServiceError as error:  # the database away, say
            sys.exit(_refusal("issue-token", error))
        print(plain)
    else:
        import uvicorn

        from gateway_service.app import create_app
        from netzwerkstatt.collector import tune_for_serving

        tune_for_serving()
        uvicorn.run(create_app(settings), **http_options(settings))


def _refusal(command: str, error: ServiceError) -> str:
    """One line for the operator: what went wrong, and the fields it concerns if any."""
    problems = "; ".join(f"{detail.field}: {detail.message}" for detail in error.details)
    return f"{command}: {error.message}" + (f" ({problems})" if problems else "")


def http_options(settings: GatewaySettings) -> dict[str, Any]:
    """How the gateway serves HTTP (uvicorn's options)."""
    from gateway_service.http_protocol import GatewayHttpProtocol

    return {
        "host": settings.http_host,
        "port": settings.http_port,
        "log_config": None,
        "access_log": False,  # access lines would carry the public pages' tokens
        "http": GatewayHttpProtocol,
        # Forwarded headers only from the proxies named (uvicorn believes 127.0.0.1 by default).
        "proxy_headers": bool(settings.trusted_proxy_list),
        "forwarded_allow_ips": settings.trusted_proxy_list,
    }
