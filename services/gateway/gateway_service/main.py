"""Command line of the gateway: ``netzwerkstatt-gateway serve | migrate | seed-demo | openapi``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import uvicorn
from netzwerkstatt.logs import configure_logging, get_logger

from gateway_service.app import create_app
from gateway_service.settings import GatewaySettings

log = get_logger(__name__)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="netzwerkstatt-gateway")
    parser.add_argument(
        "command", nargs="?", default="serve", choices=["serve", "migrate", "seed-demo", "openapi"]
    )
    args = parser.parse_args(argv)
    settings = GatewaySettings()
    configure_logging("gateway", log_format=settings.log_format, level=settings.log_level)
    if args.command == "openapi":
        json.dump(create_app(settings).openapi(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.command in {"migrate", "seed-demo"}:
        log.info("nothing to do for the gateway", command=args.command)
    else:
        uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_config=None)
