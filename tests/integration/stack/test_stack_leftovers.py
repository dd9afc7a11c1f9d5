"""A terminated test run leaves no server behind: SIGTERM to pytest (a CI time-out, `make test`
stopped) ends the session and its fixtures stop NATS and PostgreSQL; even SIGKILL of pytest takes
them along (the kernel's parent-death signal)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerkstatt.stack import processes
from netzwerkstatt.testing.proc import alive, identified

HOLDING_TEST = """
import os
import time
from pathlib import Path

from netzwerkstatt.testing.proc import children


def test_hold_the_servers(nats_server, postgres_server):
    Path(os.environ["HELD_PIDS"]).write_text(" ".join(str(pid) for pid in children(os.getpid())))
    time.sleep(300)
"""


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_terminated_test_run_leaves_no_server_behind(tmp_path: Path, sig: signal.Signals) -> None:
    tmp_path.chmod(0o755)
    (tmp_path / "test_hold.py").write_text(HOLDING_TEST)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    held = tmp_path / "held-pids"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "netzwerkstatt.testing.fixtures"]
    command += ["-p", "no:cacheprovider", "-c", str(tmp_path / "pytest.ini"), str(tmp_path / "test_hold.py")]
    run = subprocess.Popen(
        command,
        env={**os.environ, "HELD_PIDS": str(held)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        processes.wait_until(lambda: held.exists() and held.read_text() != "", 60, "the held servers")
        servers = identified({int(pid) for pid in held.read_text().split()})
        assert len(servers) >= 2, "nats-server and postgres run as children of pytest"
        assert alive(servers) == servers.keys()
        os.kill(run.pid, sig)
        run.wait(timeout=60)
        processes.wait_until(lambda: not alive(servers), 15, "the servers ending with pytest")
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
