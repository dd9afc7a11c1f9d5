"""The service programs `make up` runs: plain data, so the stack never imports service code."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class ServiceProgram:
    """A service's console script. It understands ``migrate``, ``seed-demo`` and ``serve``."""

    name: str
    script: str
    health: Literal["nats", "http"] = "nats"
    migrates: bool = True
    seeds_demo: bool = True

    def executable(self) -> Path:
        return Path(sys.executable).parent / self.script

    def command(self, subcommand: str) -> list[str]:
        return [str(self.executable()), subcommand]


PROGRAMS: tuple[ServiceProgram, ...] = (
    # The registry's and feedback's demo data are loaded through their operations once the stack
    # runs (stack.seeding); the events service writes its series and planned editions before.
    ServiceProgram("registry", "netzwerkstatt-registry", seeds_demo=False),
    ServiceProgram("events", "netzwerkstatt-events"),
    ServiceProgram("feedback", "netzwerkstatt-feedback", seeds_demo=False),
    ServiceProgram("notifications", "netzwerkstatt-notifications", seeds_demo=False),
    ServiceProgram("gateway", "netzwerkstatt-gateway", health="http"),
)
