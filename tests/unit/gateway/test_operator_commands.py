"""The gateway's operator commands (``create-admin``, ``issue-token``) end with one line saying what
is wrong when the database is away (a compose start before PostgreSQL is healthy), not with a
traceback."""

from __future__ import annotations

import time

import pytest

from gateway_service import main as gateway_main
from netzwerkstatt.stack.processes import free_port


@pytest.fixture
def database_away(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql+asyncpg://gateway:secret@127.0.0.1:{free_port()}/netzwerkstatt"
    monkeypatch.setenv("GATEWAY_DATABASE_URL", url)
    monkeypatch.setenv("GATEWAY_ADMIN_PASSWORD", "a long enough password for the test")


@pytest.mark.parametrize(
    "arguments",
    [
        ["issue-token", "--name", "crm", "--role", "admin"],
        ["create-admin", "--email", "admin@example.org"],
    ],
    ids=["issue-token", "create-admin"],
)
@pytest.mark.usefixtures("database_away")
def test_a_command_while_the_database_is_away_ends_with_one_line(arguments: list[str]) -> None:
    started = time.monotonic()
    with pytest.raises(SystemExit) as ended:
        gateway_main.main(arguments)
    assert ended.value.code == f"{arguments[0]}: the gateway's database is not reachable"
    assert time.monotonic() - started < 5
