"""The command line every service shares: ``serve`` (the default), ``migrate``, ``health`` and
``asyncapi``.

Only ``serve`` and ``asyncapi`` load the service's code (its contracts, handlers and the kernel
around them, about a second of CPU): ``migrate`` runs before every start and ``health`` is a
container's healthcheck every 15 s, and each needs no more than the settings, the schema's
revisions and a NATS connection."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from netzwerkstatt.logs import configure_logging
from netzwerkstatt.settings import ServiceSettings

if TYPE_CHECKING:
    from netzwerkstatt.service import ServiceDefinition

Settings = TypeVar("Settings", bound=ServiceSettings)


def main(
    settings_factory: Callable[[], Settings],
    migrations: Path,
    definition: Callable[[Settings], ServiceDefinition],
    argv: Sequence[str] | None = None,
) -> None:
    parser = argparse.ArgumentParser(prog=None)
    parser.add_argument(
        "command", nargs="?", default="serve", choices=["serve", "migrate", "asyncapi", "health"]
    )
    args = parser.parse_args(argv)
    settings = settings_factory()
    configure_logging(settings.service_name, log_format=settings.log_format, level=settings.log_level)
    if args.command == "migrate":
        from netzwerkstatt.migrations import migrate

        sys.exit(migrate(settings, migrations))
    elif args.command == "health":
        # Exit 0 when a replica answers <service>.health as ready, else 1 with the reason in one line.
        from netzwerkstatt.stack.health import READY, service_readiness

        readiness = asyncio.run(
            service_readiness(
                settings.nats_url,
                settings.nats_user,
                settings.nats_password.get_secret_value(),
                settings.service_name,
            )
        )
        print(readiness, file=sys.stdout if readiness == READY else sys.stderr)
        sys.exit(0 if readiness == READY else 1)
    from netzwerkstatt.service import ServiceRuntime

    if args.command == "asyncapi":
        json.dump(ServiceRuntime(definition(settings)).asyncapi(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    from netzwerkstatt.collector import tune_for_serving

    tune_for_serving()
    asyncio.run(ServiceRuntime(definition(settings)).app.run())
