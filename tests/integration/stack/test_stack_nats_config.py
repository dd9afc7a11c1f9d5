"""deploy/nats/nats.conf is generated from the topology and accepted by the real nats-server."""

from __future__ import annotations

import os
import subprocess

from netzwerkstatt import topology
from netzwerkstatt.stack.binaries import nats_server_binary
from netzwerkstatt.stack.credentials import nats_server_environment, random_passwords
from netzwerkstatt.stack.nats_config import default_config_path, password_variable, render_nats_config


def _test_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [str(nats_server_binary()), "-t", "-c", str(default_config_path())]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_the_committed_nats_config_matches_the_topology() -> None:
    assert default_config_path().read_text() == render_nats_config(), (
        "deploy/nats/nats.conf drifted; run: python -m netzwerkstatt.stack render-nats-config"
    )


def test_every_topology_user_gets_a_password_from_its_environment_variable() -> None:
    rendered = render_nats_config()
    for user in topology.nats_users():
        assert f"user: {user}\n        password: ${password_variable(user)}\n" in rendered


def test_nats_server_accepts_the_config_when_every_password_is_set() -> None:
    env = {**os.environ, **nats_server_environment(random_passwords())}
    result = _test_config(env)
    assert result.returncode == 0, result.stderr


def test_nats_server_refuses_the_config_when_a_password_is_missing() -> None:
    env = {**os.environ, **nats_server_environment(random_passwords())}
    del env["ADMIN_NATS_PASSWORD"]
    result = _test_config(env)
    assert result.returncode != 0
    assert "ADMIN_NATS_PASSWORD" in result.stdout + result.stderr


def test_nats_server_accepts_passwords_that_look_like_numbers_or_sizes() -> None:
    passwords = dict.fromkeys(topology.nats_users(), "5G-1e3")
    env = {**os.environ, **nats_server_environment(passwords)}
    result = _test_config(env)
    assert result.returncode == 0, result.stderr
