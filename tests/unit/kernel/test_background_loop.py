"""The one background loop: an exception in its body never ends it; it ends only when stopped; a
loop that ended on its own or missed its deadline is late."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Awaitable, Callable

import asyncpg
import sqlalchemy as sa

from netzwerkstatt.logs import configure_logging
from netzwerkstatt.loops import BackgroundLoop, Loops, cancellable
from netzwerkstatt.testing.services import eventually


async def _until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async def check() -> bool:
        return condition()

    await eventually(check, timeout=timeout, interval=0.01)


async def failing_three_times(error: Exception) -> tuple[BackgroundLoop, list[str]]:
    """A loop whose body raises ``error`` three times, then works; returns it and its log lines."""
    output = io.StringIO()
    configure_logging("tests", log_format="json", stream=output)
    calls = 0

    async def body() -> float:
        nonlocal calls
        calls += 1
        if calls <= 3:
            raise error
        return 0.01

    loop = BackgroundLoop("probe-loop", body, pause=0.01)
    loops = Loops()
    loops.run(loop)
    try:
        await _until(lambda: calls >= 6)
        assert not loop.late
        assert loops.late() == []
    finally:
        await loops.stop()
        configure_logging("tests")
    return loop, output.getvalue().splitlines()


async def test_an_exception_in_the_body_is_logged_once_and_the_loop_goes_on() -> None:
    loop, lines = await failing_three_times(KeyError("a bug"))

    assert loop.failures == 3
    assert sum("Traceback" in line for line in lines) == 1  # the run of failures, logged once
    assert any("background loop recovered" in line for line in lines)


async def test_an_outage_is_one_line_without_a_traceback_and_the_loop_goes_on() -> None:
    loop, lines = await failing_three_times(ConnectionRefusedError("database away"))

    assert loop.failures == 3
    assert not any("Traceback" in line for line in lines)
    [waiting] = [line for line in lines if "waiting for a connection" in line]
    assert '"level": "warning"' in waiting
    assert '"error": "ConnectionRefusedError"' in waiting
    assert any("background loop recovered" in line for line in lines)


async def test_a_database_short_of_disk_is_one_line_naming_it_without_a_traceback() -> None:
    disk_full = asyncpg.exceptions.DiskFullError("could not extend file: No space left on device")
    loop, lines = await failing_three_times(sa.exc.DBAPIError("INSERT INTO outbox ...", {}, disk_full))

    assert loop.failures == 3
    assert not any("Traceback" in line for line in lines)
    [waiting] = [line for line in lines if "waiting for the database to have room" in line]
    assert '"level": "warning"' in waiting
    assert '"shortage": "disk full"' in waiting
    assert any("background loop recovered" in line for line in lines)


async def test_it_ends_only_when_stopped_even_if_the_body_swallows_cancellation() -> None:
    async def stubborn() -> float:
        with contextlib.suppress(asyncio.CancelledError):  # a library that loses the cancellation
            await asyncio.sleep(10)
        return 0.0

    loop = BackgroundLoop("stubborn", stubborn, pause=0.0)
    loop.start()
    await asyncio.sleep(0.05)
    async with asyncio.timeout(5):
        await loop.stop()
    assert not loop.late  # stopped on purpose


async def test_a_wait_that_swallows_cancellation_does_not_hold_a_stop_when_awaited_as_cancellable() -> None:
    async def swallowing_wait() -> str:
        # As asyncio.wait_for in Python 3.11 when the reply comes in the moment of the cancellation:
        # the cancellation is lost, and what follows (a long poll) is waited out in full.
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(10)
        await asyncio.sleep(10)
        return "reply"

    async def body() -> float:
        await cancellable(swallowing_wait())
        return 0.0

    loop = BackgroundLoop("fetching", body, pause=0.0)
    loop.start()
    await asyncio.sleep(0.05)
    started = asyncio.get_running_loop().time()
    await loop.stop()

    assert asyncio.get_running_loop().time() - started < 1.0
    assert await cancellable(asyncio.sleep(0, "reply")) == "reply"


async def test_a_loop_that_ended_on_its_own_or_missed_its_deadline_is_late() -> None:
    hang = asyncio.Event()

    async def stuck() -> float:
        await hang.wait()
        return 0.0

    async def quick() -> float:
        return 0.01

    loops = Loops()
    stuck_loop = loops.run(BackgroundLoop("stuck", stuck, pause=0.0, deadline=0.2))
    ended = loops.run(BackgroundLoop("ended", quick, pause=0.01))
    try:
        assert loops.late() == []
        # A loop whose task is gone without stop() (here: cancelled from outside).
        for task in asyncio.all_tasks():
            if task.get_name() == "ended":
                task.cancel()
        await _until(lambda: loops.late() == ["stuck", "ended"], timeout=2)
        assert stuck_loop.late
        assert ended.late
    finally:
        hang.set()
        await loops.stop()


async def test_an_iteration_that_hangs_past_its_deadline_is_warned_of_once_and_its_end_noted() -> None:
    """A database or server that freezes holds the body without an error: the operator reads one
    warning naming the loop when its deadline passes (not silence until it thaws), and one line
    when it goes on."""
    output = io.StringIO()
    configure_logging("tests", log_format="json", stream=output)
    thaw = asyncio.Event()
    calls = 0

    async def frozen_once() -> float:
        nonlocal calls
        calls += 1
        if calls == 1:
            await thaw.wait()
        return 0.01

    loops = Loops()
    loops.run(BackgroundLoop("frozen", frozen_once, pause=0.01, deadline=0.1))
    try:
        await asyncio.sleep(0.5)  # five deadlines long
        hung = output.getvalue().splitlines()
        thaw.set()
        await _until(lambda: calls >= 3)
    finally:
        await loops.stop()
        configure_logging("tests")
    lines = output.getvalue().splitlines()
    assert sum("past its deadline" in line and '"frozen"' in line for line in hung) == 1
    assert sum("past its deadline" in line for line in lines) == 1
    assert sum("iteration ended after" in line and '"frozen"' in line for line in lines) == 1
    assert not any("Traceback" in line for line in lines)


async def test_wake_cuts_a_pause_short() -> None:
    calls = 0

    async def body() -> None:
        nonlocal calls
        calls += 1

    loop = BackgroundLoop("sleepy", body, pause=3600)
    loop.start()
    try:
        await _until(lambda: calls == 1)
        loop.wake()
        await _until(lambda: calls == 2, timeout=1)
        assert not loop.late  # a long pause is not lateness
    finally:
        await loop.stop()


async def test_stopping_lets_an_iteration_end_by_itself_within_its_grace_and_cancels_it_after() -> None:
    ended: list[str] = []
    started = asyncio.Event()

    def body_taking(seconds: float) -> Callable[[], Awaitable[float]]:
        async def body() -> float:
            started.set()
            try:
                await asyncio.sleep(seconds)
            except asyncio.CancelledError:
                ended.append("cancelled")
                raise
            ended.append("finished")
            return 0.01

        return body

    for grace, expected in ((1.0, "finished"), (0.05, "cancelled"), (0.0, "cancelled")):
        ended.clear()
        started.clear()
        loop = BackgroundLoop("probe-loop", body_taking(0.2), pause=0.01, grace=grace)
        loop.start()
        await started.wait()
        await loop.stop()
        assert ended == [expected], grace
