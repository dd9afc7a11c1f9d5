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
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from netzwerkstatt.logs import configure_logging, get_logger
from netzwerkstatt.settings import ServiceSettings, StartRefused

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
    try:
        run(args.command, settings_factory, migrations, definition)
    except StartRefused as refusal:
        sys.exit(refused(getattr(settings_factory, "service_name", ""), args.command, refusal))


def refused(service: str, command: str, refusal: StartRefused) -> int:
    """One log line naming what is wrong and what to do, no traceback; a pause before the exit code 1
    unless it is the healthcheck (a container restarted at once would refuse again, many times a
    second)."""
    configure_logging(service, log_format=refusal.log_format, level=refusal.log_level)
    pause = (refusal.pause_seconds or 0.0) if command != "health" else 0.0
    get_logger(__name__).error(
        refusal.message, command=command, exit_in_seconds=pause or None, **refusal.details
    )
    time.sleep(pause)
    return 1


def run(
    command: str,
    settings_factory: Callable[[], Settings],
    migrations: Path,
    definition: Callable[[Settings], ServiceDefinition],
) -> None:
    settings = settings_factory()
    configure_logging(settings.service_name, log_format=settings.log_format, level=settings.log_level)
    if command == "migrate":
        from netzwerkstatt.migrations import migrate

        sys.exit(migrate(settings, migrations))
    elif command == "health":
        # Exit 0 when a replica answers <service>.health as ready, else 1 with the reason in one line.
        from netzwerkstatt.stack.health import READY, service_readiness

        readiness = asyncio.run(
            service_readiness(
                settings.nats_url,
                settings.nats_user,
                settings.nats_password_value(),
                settings.service_name,
            )
        )
        print(readiness, file=sys.stdout if readiness == READY else sys.stderr)
        sys.exit(0 if readiness == READY else 1)
    from netzwerkstatt.service import ServiceRuntime

    if command == "asyncapi":
        json.dump(ServiceRuntime(definition(settings)).asyncapi(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    from netzwerkstatt.collector import tune_for_serving

    tune_for_serving()
    asyncio.run(ServiceRuntime(definition(settings)).app.run())
