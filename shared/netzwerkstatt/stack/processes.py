"""Child processes in their own process groups, stopped in order and never left behind: each is
stopped by its supervisor, killed at the supervisor's exit (``atexit``), and on Linux also killed by
the kernel when the supervisor itself dies, even by SIGKILL (``PR_SET_PDEATHSIG``)."""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import itertools
import os
import random
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

# uid/gid of "nobody": PostgreSQL refuses to run as root, so as root we hand it this identity.
UNPRIVILEGED_ID = 65534

_live_groups: set[int] = set()

PR_SET_PDEATHSIG = 1


def _find_prctl() -> Any:
    if os.uname().sysname != "Linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up once here: between fork and exec the child only calls it (no loading, no locks).
_PRCTL = _find_prctl()


def _die_with_parent() -> None:
    """Runs in the child between fork and exec (after it took on its user): the kernel sends it
    SIGKILL when the thread that started it ends, i.e. when the supervisor or pytest dies. Start
    children from the main thread (a worker thread's end would end them too)."""
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def say(message: str) -> None:
    """A line of the stack's own, told apart from the servers' and services' log lines."""
    print(f"[netzwerkstatt] {message}", flush=True)


def running_as_root() -> bool:
    return os.geteuid() == 0


def spawn(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    log_path: Path | None = None,
    unprivileged: bool = False,
) -> subprocess.Popen[bytes]:
    """Start a command as the leader of a new process group, so a stop reaches all its children
    and a Ctrl-C in the terminal reaches only the supervisor (which then stops things in order).
    Output goes to ``log_path``, or to the supervisor's own terminal when it is None."""
    output = log_path.open("ab") if log_path is not None else None
    try:
        process = subprocess.Popen(
            list(command),
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=UNPRIVILEGED_ID if unprivileged else None,
            group=UNPRIVILEGED_ID if unprivileged else None,
            extra_groups=[] if unprivileged else None,
            preexec_fn=_die_with_parent if _PRCTL is not None else None,
        )
    finally:
        if output is not None:
            output.close()
    _live_groups.add(process.pid)
    return process


def stop(process: subprocess.Popen[bytes], sig: signal.Signals, timeout: float = 15.0) -> int:
    """Send ``sig`` to the process, wait, and kill the whole group if it does not end in time.
    Returns the exit code."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process.pid)
            process.wait(timeout=5)
    # Helpers the process started (e.g. PostgreSQL's background workers) go with it.
    _kill_group(process.pid)
    _live_groups.discard(process.pid)
    return process.returncode


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


@atexit.register
def _kill_leftovers() -> None:
    for pgid in list(_live_groups):
        _kill_group(pgid)
    _live_groups.clear()


# Ports for servers started here (tests, benchmarks, the stack's temporary copies) come from below
# the kernel's range for outgoing connections: a port picked from that range may be taken by some
# client's connection before its server binds it. Each is reserved for this process's lifetime by a
# lock on a file named after it, so parallel test workers (each a process of its own) never hand
# out the same port; the kernel drops the lock when the process ends, however it ends.
_SERVER_PORTS_FROM = 10_000
_RESERVATIONS = Path(tempfile.gettempdir()) / f"netzwerkstatt-ports-{os.getuid()}"
_handed_out: dict[int, IO[bytes] | None] = {}
# Its own generator: tests seed the module's (Hypothesis does), and every worker would pick alike.
_picks = random.Random()


def _server_port_range() -> range:
    """The ports below the kernel's range for outgoing connections (all of them when that leaves
    too few)."""
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32_768
    if low - _SERVER_PORTS_FROM < 2_000:
        return range(_SERVER_PORTS_FROM, 65_536)
    return range(_SERVER_PORTS_FROM, low)


def _reserve(port: int) -> bool:
    """True when no other process holds the port's reservation; this process then holds it. Where
    no lock file can be written, the port's range alone keeps it from clients' connections."""
    if port in _handed_out:
        return False
    try:
        _RESERVATIONS.mkdir(mode=0o700, exist_ok=True)
        lock = (_RESERVATIONS / str(port)).open("ab")
    except OSError:
        _handed_out[port] = None
        return True
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return False
    _handed_out[port] = lock
    return True


def _release(port: int) -> None:
    lock = _handed_out.pop(port, None)
    if lock is not None:
        lock.close()


def free_port() -> int:
    """A port that is free now, that no client's connection will take, and that no other call (in
    this process or another) hands out again while this process lives."""
    return free_port_run(1)


def free_port_run(count: int) -> int:
    """The first of ``count`` consecutive ports that ``free_port`` could each have handed out."""
    ports = _server_port_range()
    for _ in range(1_000):
        first = _picks.randrange(ports.start, ports.stop - count + 1)
        run = range(first, first + count)
        reserved = list(itertools.takewhile(_reserve, run))
        if len(reserved) == count and all(port_free(port) for port in run):
            return first
        for port in reserved:
            _release(port)
    raise RuntimeError(f"no run of {count} free ports found")


def port_free(port: int) -> bool:
    """Nothing holds the port (one in TIME_WAIT counts as free: servers bind with SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def port_accepts_connections(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(condition_met: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll ``condition_met()`` until it is true; raise TimeoutError naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition_met():
            return
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


def make_traversable(path: Path) -> None:
    """Let the unprivileged server user walk down to ``path`` (adds o+x to folders missing it)."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            folder.chmod(mode | 0o001)
