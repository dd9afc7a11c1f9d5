"""The one background loop: every periodic or pull loop of a service runs as a ``BackgroundLoop``.

- Its body is one iteration. It returns how long to pause before the next one (``None``: the loop's
  usual pause; ``0``: go on at once); ``wake()`` cuts a pause short.
- It never ends silently: an exception in the body is logged once (with its traceback at the start
  of a run of failures, briefly after that), the loop backs off (doubling, up to ``max_backoff``)
  and goes on. It ends only when ``stop()`` is called (on shutdown), which cancels the iteration
  under way, or first gives it ``grace`` seconds to end by itself.
- It reports its liveness: a loop is *late* when it ended without being stopped or has not
  completed an iteration within its ``deadline`` (counted from the end of the planned pause, so a
  loop pausing for an hour is not late). The service's health reply names its late loops and says
  *not ready* while there are any (``Loops.late()``). An iteration held past its deadline without
  an error (a frozen server) is warned of once, and its end noted once.

Iteration and failure counts (``iterations``, ``failures``, ``last_completed``) are public for
metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, ParamSpec, TypeVar

from netzwerkstatt.logs import get_logger
from netzwerkstatt.outage import is_connection_failure, resource_shortage

log = get_logger(__name__)

T = TypeVar("T")
P = ParamSpec("P")
LoopBody = Callable[[], Awaitable[float | None]]
Cleanup = Callable[[], Awaitable[None]]

DEFAULT_DEADLINE_SECONDS = 60.0
MIN_BACKOFF_SECONDS = 0.1
MAX_BACKOFF_SECONDS = 30.0
STOP_SECONDS = 10.0
# While failures go on, one short reminder line per this many seconds (plus one per new error type).
REPEAT_LOG_SECONDS = 60.0


class BackgroundLoop:
    def __init__(
        self,
        name: str,
        body: LoopBody,
        *,
        pause: float,
        deadline: float = DEFAULT_DEADLINE_SECONDS,
        max_backoff: float = MAX_BACKOFF_SECONDS,
        start_after: float = 0.0,
        cleanup: Cleanup | None = None,
        grace: float = 0.0,
    ) -> None:
        self.name = name
        self.body = body
        self.pause = pause
        self.deadline = deadline
        self.max_backoff = max_backoff
        self.start_after = start_after
        self.cleanup = cleanup
        # On stop, how long an iteration under way may go on to end by itself (a body that must not be
        # cut off in the middle ends its work early once its owner stops) before it is cancelled.
        self.grace = grace
        self.iterations = 0
        self.failures = 0
        self.last_completed: float | None = None  # time.monotonic() of the last iteration's end
        self._wake = asyncio.Event()
        self._stopping = False
        self._overdue = False
        self._task: asyncio.Task[None] | None = None
        self._due_by = time.monotonic() + start_after + deadline

    def start(self) -> None:
        if self._task is not None:
            raise RuntimeError(f"loop {self.name} is already running")
        self._stopping = False
        self._due_by = time.monotonic() + self.start_after + self.deadline
        self._task = asyncio.create_task(self._run(), name=self.name)

    def wake(self) -> None:
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stopping

    @property
    def late(self) -> bool:
        """Ended without being stopped, or past its deadline."""
        if self._stopping:
            return False
        if self._task is None or self._task.done():
            return True
        return time.monotonic() > self._due_by

    async def stop(self) -> None:
        # The flag ends the loop even where a library swallows the cancellation (asyncio.wait_for).
        self._stopping = True
        self._wake.set()
        task, self._task = self._task, None
        if task is not None and not task.done() and self.grace > 0:
            await asyncio.wait([task], timeout=self.grace)
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=STOP_SECONDS)
        if self.cleanup is not None:
            try:
                await self.cleanup()
            except Exception as error:
                log.warning("loop cleanup failed", loop=self.name, error=type(error).__name__)

    async def _run(self) -> None:
        backoff = MIN_BACKOFF_SECONDS
        failing_since: float | None = None
        last_logged = 0.0
        last_error = ""
        if self.start_after > 0:
            await self._pause(self.start_after)
        while not self._stopping:
            started = time.monotonic()
            self._due_by = started + self.deadline
            try:
                planned = await self._iteration(started)
            except asyncio.CancelledError:
                if self._stopping:
                    return
                raise
            except Exception as error:
                self.failures += 1
                now = time.monotonic()
                kind = type(error).__name__
                if failing_since is None:
                    failing_since = now
                    if is_connection_failure(error):
                        # An outage to wait out (the database or NATS restarting), not a bug: one
                        # line per loop, no traceback.
                        log.warning(
                            "background loop waiting for a connection; backing off",
                            loop=self.name,
                            error=kind,
                        )
                    elif shortage := resource_shortage(error):
                        # The database answers but refuses the work (disk full, say) until the
                        # operator makes room: an outage too.
                        log.warning(
                            "background loop waiting for the database to have room; backing off",
                            loop=self.name,
                            error=kind,
                            shortage=shortage,
                        )
                    else:
                        log.error(
                            "background loop iteration failed; backing off", loop=self.name, exc_info=True
                        )
                    last_logged, last_error = now, kind
                elif kind != last_error or now - last_logged >= REPEAT_LOG_SECONDS:
                    log.warning(
                        "background loop still failing",
                        loop=self.name,
                        error=kind,
                        failing_for_seconds=round(now - failing_since, 1),
                        failures=self.failures,
                    )
                    last_logged, last_error = now, kind
                wait = backoff
                backoff = min(backoff * 2, self.max_backoff)
            else:
                if failing_since is not None:
                    log.info(
                        "background loop recovered",
                        loop=self.name,
                        failed_for_seconds=round(time.monotonic() - failing_since, 1),
                    )
                    failing_since = None
                backoff = MIN_BACKOFF_SECONDS
                wait = self.pause if planned is None else planned
            self.iterations += 1
            self.last_completed = time.monotonic()
            self._due_by = self.last_completed + wait + self.deadline
            if wait > 0:
                await self._pause(wait)
            else:
                await asyncio.sleep(0)  # let others run between back-to-back iterations

    async def _iteration(self, started: float) -> float | None:
        """The body, with one warning when it runs past the deadline: a body held by a frozen
        server raises nothing, and the operator would otherwise read nothing until it thaws."""
        overdue = asyncio.get_running_loop().call_later(self.deadline, self._warn_overdue)
        try:
            return await self.body()
        finally:
            overdue.cancel()
            self._note_overdue_end(started)

    def _warn_overdue(self) -> None:
        if self._stopping:
            return
        self._overdue = True
        log.warning(
            "background loop iteration past its deadline; still waiting for it",
            loop=self.name,
            deadline_seconds=self.deadline,
        )

    def _note_overdue_end(self, started: float) -> None:
        if self._overdue:
            self._overdue = False
            log.info(
                "background loop iteration ended after its deadline",
                loop=self.name,
                seconds=round(time.monotonic() - started, 1),
            )

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()


async def cancellable(awaitable: Awaitable[T]) -> T:
    """Await ``awaitable`` in a task of its own, so that cancelling the caller (a loop being stopped)
    takes effect at once. nats-py waits with ``asyncio.wait_for``, which in Python 3.11 drops a
    cancellation that comes in the same moment as the reply; the fetch that follows then waited out
    its whole long poll, and every other stop of a service just started took 5 s. Cancelled, the
    task is cancelled too and left to end by itself."""
    task = asyncio.ensure_future(awaitable)
    try:
        await asyncio.wait([task])
    except asyncio.CancelledError:
        task.cancel()
        task.add_done_callback(_outcome_ignored)
        raise
    return task.result()


def _outcome_ignored(task: asyncio.Future[Any]) -> None:
    """An abandoned task's error is nobody's to handle (and asyncio would warn that none was read)."""
    if not task.cancelled():
        task.exception()


async def in_worker_thread(
    slots: asyncio.Semaphore, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """``work`` (CPU-bound, up to seconds of it: reading an uploaded file, planning group work) in a
    worker thread, at most ``slots`` at once, so that the service answers its other requests, its
    consumers and its outbox meanwhile instead of after the work. The thread gives way to the event
    loop every few milliseconds (the interpreter's switch interval); two such works at once in one
    process would take as long as one after the other, and leave the loop less of its time. ``work``
    must not touch the event loop's objects (a database session, a connection)."""
    async with slots:
        return await asyncio.to_thread(work, *args, **kwargs)


class Loops:
    """The background loops of one running service: started here, stopped together at shutdown,
    and asked by the health check which are late."""

    def __init__(self) -> None:
        self._loops: list[BackgroundLoop] = []

    def run(self, loop: BackgroundLoop) -> BackgroundLoop:
        loop.start()
        self._loops.append(loop)
        return loop

    def __iter__(self) -> Iterator[BackgroundLoop]:
        return iter(list(self._loops))

    def late(self) -> list[str]:
        return [loop.name for loop in self._loops if loop.late]

    async def stop(self) -> None:
        """Stop every loop, the last started first."""
        for loop in reversed(self._loops):
            await loop.stop()
        self._loops.clear()
