"""``python -m netzwerkstatt.stack up | servers | streams | render-nats-config``."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import nats.errors
import nats.js.errors

from netzwerkstatt import topology
from netzwerkstatt.stack.credentials import dev_passwords
from netzwerkstatt.stack.nats_config import default_config_path, render_nats_config
from netzwerkstatt.stack.streams import NotAllowed, apply_stream_settings
from netzwerkstatt.stack.supervisor import READY_TIMEOUT_SECONDS, StackOptions, run_servers, run_stack


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m netzwerkstatt.stack")
    commands = parser.add_subparsers(dest="command", required=True)

    def add_server_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("--data-dir", type=Path, default=Path(".data"), help="kept across restarts")
        command.add_argument("--nats-port", type=int, default=4222)
        command.add_argument("--postgres-port", type=int, default=5432)

    up = commands.add_parser("up", help="NATS, PostgreSQL and all services (make up)")
    add_server_options(up)
    up.add_argument("--port", type=int, default=8000, help="HTTP port of the gateway")
    up.add_argument("--smtp-port", type=int, default=2525, help="port of the local mail sink")
    up.add_argument("--no-demo", action="store_true", help="do not load demo data")
    up.add_argument(
        "--metrics-port", type=int, default=0, help="first of five ports for each process's /metrics (0: off)"
    )
    up.add_argument(
        "--ready-timeout",
        type=float,
        default=float(os.environ.get("NETZWERKSTATT_READY_TIMEOUT", READY_TIMEOUT_SECONDS)),
        help="seconds without progress towards ready before giving up (default 600; "
        "or NETZWERKSTATT_READY_TIMEOUT)",
    )

    servers = commands.add_parser("servers", help="only NATS and PostgreSQL")
    add_server_options(servers)

    streams = commands.add_parser(
        "streams", help="bring every service's stream to this version's settings (NATS admin login)"
    )
    streams.add_argument("--url", default="nats://127.0.0.1:4222", help="the NATS server")
    streams.add_argument("--user", default=topology.ADMIN, help="a login that may change the streams")
    streams.add_argument(
        "--password-file", type=Path, help="the login's password (default: the local stack's)"
    )
    streams.add_argument("--replicas", type=int, default=1, help="copies of each stream in a NATS cluster")

    render = commands.add_parser("render-nats-config", help="write deploy/nats/nats.conf from the topology")
    render.add_argument("--output", type=Path, default=default_config_path())
    render.add_argument("--check", action="store_true", help="only report whether the file is current")
    return parser


def _render(output: Path, check: bool) -> int:
    rendered = render_nats_config()
    if check:
        current = output.read_text() if output.exists() else ""
        if current != rendered:
            print(f"{output} is out of date; run: python -m netzwerkstatt.stack render-nats-config")
            return 1
        return 0
    output.write_text(rendered)
    print(f"wrote {output}")
    return 0


def _streams(url: str, user: str, password_file: Path | None, replicas: int) -> int:
    try:
        password = password_file.read_text().strip() if password_file else dev_passwords()[user]
    except OSError as error:
        print(f"streams not changed: the password file cannot be read ({error.strerror})", file=sys.stderr)
        return 1
    except KeyError:
        print(f"streams not changed: no login {user!r} in the local stack", file=sys.stderr)
        return 1
    try:
        names = asyncio.run(apply_stream_settings(url, user, password, replicas))
    except NotAllowed as refusal:
        print(f"streams not changed: {refusal}", file=sys.stderr)
        return 1
    except (OSError, nats.errors.NoServersError):
        print(f"streams not changed: NATS is not reachable at {url}", file=sys.stderr)
        return 1
    except (TimeoutError, nats.errors.Error, nats.js.errors.Error) as error:
        print(f"streams not changed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("streams with this version's settings: " + ", ".join(names))
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "render-nats-config":
        return _render(arguments.output, arguments.check)
    if arguments.command == "streams":
        return _streams(arguments.url, arguments.user, arguments.password_file, arguments.replicas)
    options = StackOptions(
        data_dir=arguments.data_dir.resolve(),
        nats_port=arguments.nats_port,
        postgres_port=arguments.postgres_port,
        passwords=dev_passwords(),
        http_port=getattr(arguments, "port", 8000),
        smtp_port=getattr(arguments, "smtp_port", 2525),
        demo=not getattr(arguments, "no_demo", False),
        metrics_port=getattr(arguments, "metrics_port", 0),
        ready_timeout=getattr(arguments, "ready_timeout", READY_TIMEOUT_SECONDS),
    )
    if arguments.command == "servers":
        return run_servers(options)
    return run_stack(options)


if __name__ == "__main__":
    sys.exit(main())
