"""A service's `migrate` and `health` commands start without the service's code: `migrate` runs
before every start and `health` is a container's healthcheck every 15 s, and the service's imports
(its contracts, handlers and the kernel around them) took most of a second of CPU each time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from netzwerkstatt.topology import SERVICES

# Run in a fresh interpreter: what a command imports is what sys.modules holds after it. The
# command's own work (the migrations, the NATS round trip) is replaced by its outcome.
PROBE = """
import sys, types
migrations = sys.modules["netzwerkstatt.migrations"] = types.ModuleType("netzwerkstatt.migrations")
migrations.migrate = lambda settings, location: 0
health = sys.modules["netzwerkstatt.stack.health"] = types.ModuleType("netzwerkstatt.stack.health")
health.READY = "ready"
async def ready(*args): return "ready"
health.service_readiness = ready
sys.argv = ["netzwerkstatt-{service}", "{command}"]
from {service}_service.main import main
try:
    main()
except SystemExit as exit:
    code = exit.code
loaded = [name for name in ("{service}_service.api", "{service}_service.consumers", "netzwerkstatt.service")
          if name in sys.modules]
print(code, loaded)
"""


@pytest.mark.parametrize("command", ["migrate", "health"])
@pytest.mark.parametrize("service", SERVICES)
def test_the_command_starts_without_the_services_code(service: str, command: str) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", PROBE.format(service=service, command=command)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip().splitlines()[-1] == "0 []"
