"""The service programs `make up` runs: plain data, so the stack never imports service code."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class ServiceProgram:
    """A service's console script. It understands ``migrate`` and ``serve``; the gateway's also
    ``seed-demo`` (the demo staff accounts)."""

    name: str
    script: str
    health: Literal["nats", "http"] = "nats"
    migrates: bool = True
    seeds_demo: bool = False

    def executable(self) -> Path:
        return Path(sys.executable).parent / self.script

    def command(self, subcommand: str) -> list[str]:
        return [str(self.executable()), subcommand]


PROGRAMS: tuple[ServiceProgram, ...] = (
    # The demo data is loaded through the services' operations once the stack runs (stack.seeding);
    # only the gateway's demo staff accounts are written before it starts.
    ServiceProgram("registry", "netzwerkstatt-registry"),
    ServiceProgram("events", "netzwerkstatt-events"),
    ServiceProgram("feedback", "netzwerkstatt-feedback"),
    ServiceProgram("notifications", "netzwerkstatt-notifications"),
    ServiceProgram("gateway", "netzwerkstatt-gateway", health="http", seeds_demo=True),
)
