"""The metrics sampler: a sample that fails while the database is away is said once (and again once
a minute), not every round, and its recovery once."""

from __future__ import annotations

import io

from netzwerkstatt import metrics
from netzwerkstatt.logs import configure_logging
from netzwerkstatt.loops import Loops
from netzwerkstatt.testing.services import eventually


async def test_a_sample_failing_round_after_round_is_logged_once_and_its_recovery_once() -> None:
    output = io.StringIO()
    configure_logging("tests", log_format="json", stream=output)
    away = True
    rounds = 0

    async def outbox_backlog() -> None:
        nonlocal rounds
        rounds += 1
        if away:
            raise ConnectionRefusedError("database away")

    async def always_fine() -> None:
        return None

    loops = Loops()
    loops.run(metrics.sampler("tests", [outbox_backlog, always_fine], interval=0.01))
    try:
        await eventually(lambda: _reached(rounds, 30), timeout=5, interval=0.01)
        away = False
        settled = rounds
        await eventually(lambda: _reached(rounds, settled + 5), timeout=5, interval=0.01)
    finally:
        await loops.stop()
        configure_logging("tests")
    lines = output.getvalue().splitlines()
    assert sum("metrics sample failed" in line for line in lines) == 1, lines
    assert sum("metrics sample recovered" in line for line in lines) == 1, lines


async def _reached(count: int, target: int) -> bool:
    return count >= target
