"""The PostgreSQL image's entrypoint keeps the official image's argument contract, checked without a
container engine: the script runs with stand-ins for the server's programs on its PATH. Arguments
that begin with a dash are the server's options (the test container passes ``-c ...``), ``postgres
...`` likewise, anything else is a command run instead of the server."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from netzwerkstatt.testing.containers import POSTGRES_OPTIONS

ENTRYPOINT = Path(__file__).resolve().parents[2] / "deploy" / "images" / "postgres-entrypoint.sh"


def run_entrypoint(tmp_path: Path, *arguments: str) -> str:
    """The entrypoint's output with an initialised data folder, as an unprivileged user (``id`` says
    so), where ``postgres`` only prints the arguments it was started with."""
    stand_ins = tmp_path / "bin"
    stand_ins.mkdir()
    for name, body in {"id": "echo 999", "postgres": 'echo "postgres $*"'}.items():
        program = stand_ins / name
        program.write_text(f"#!/bin/sh\n{body}\n")
        program.chmod(0o755)
    data = tmp_path / "data"
    data.mkdir()
    (data / "PG_VERSION").write_text("18\n")
    environment = {"PATH": f"{stand_ins}:/usr/bin:/bin", "PGDATA": str(data)}
    finished = subprocess.run(
        ["sh", str(ENTRYPOINT), *arguments], env=environment, capture_output=True, text=True, timeout=10
    )
    assert finished.returncode == 0, finished.stderr
    return finished.stdout.strip().replace(str(data), "$PGDATA")


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param(("-c", "log_error_verbosity=terse"), id="options_only"),
        pytest.param(("postgres", "-c", "log_error_verbosity=terse"), id="postgres_and_options"),
    ],
)
def test_options_start_the_server_with_them(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    assert run_entrypoint(tmp_path, *arguments) == "postgres -D $PGDATA -c log_error_verbosity=terse"


def test_no_arguments_start_the_server(tmp_path: Path) -> None:
    assert run_entrypoint(tmp_path) == "postgres -D $PGDATA"


def test_another_command_runs_instead_of_the_server(tmp_path: Path) -> None:
    assert run_entrypoint(tmp_path, "echo", "nur ein Befehl") == "nur ein Befehl"


def test_the_test_containers_options_reach_the_server(tmp_path: Path) -> None:
    """What ``netzwerkstatt.testing.containers`` passes as the container's command."""
    options = POSTGRES_OPTIONS.split()
    assert run_entrypoint(tmp_path, *options) == f"postgres -D $PGDATA {POSTGRES_OPTIONS}"
