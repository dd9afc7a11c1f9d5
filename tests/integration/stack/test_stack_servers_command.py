"""`python -m netzwerkstatt.stack servers` starts NATS and PostgreSQL and leaves nothing behind."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netzwerkstatt import topology
from netzwerkstatt.stack.credentials import dev_passwords
from netzwerkstatt.stack.postgres import LEFTOVER_SESSIONS_SECONDS, run_psql
from netzwerkstatt.stack.processes import (
    UNPRIVILEGED_ID,
    free_port,
    free_port_run,
    port_accepts_connections,
    wait_until,
)
from netzwerkstatt.stack.supervisor import StackInUse, StackOptions, claim_stack
from netzwerkstatt.testing.proc import processes_mentioning

READY_LINE = "Servers are running"


@pytest.fixture
def data_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="netzwerkstatt-servers-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def _start(data_dir: Path, nats_port: int, postgres_port: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "netzwerkstatt.stack", "servers", "--data-dir", str(data_dir)]
    command += ["--nats-port", str(nats_port), "--postgres-port", str(postgres_port)]
    supervisor = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert supervisor.stdout is not None
    seen = []
    for line in supervisor.stdout:
        seen.append(line)
        if READY_LINE in line:
            return supervisor
    supervisor.wait(timeout=30)
    raise AssertionError(f"servers did not start: {''.join(seen)}")


def _stop(supervisor: subprocess.Popen[str]) -> int:
    supervisor.send_signal(signal.SIGTERM)
    return supervisor.wait(timeout=60)


@pytest.mark.slow
def test_the_servers_command_starts_both_servers_and_stops_them_without_leftovers(data_dir: Path) -> None:
    nats_port, postgres_port = free_port(), free_port()
    supervisor = _start(data_dir, nats_port, postgres_port)
    try:
        assert port_accepts_connections(nats_port)
        assert port_accepts_connections(postgres_port)
    finally:
        exit_code = _stop(supervisor)

    assert exit_code == 0
    assert not port_accepts_connections(nats_port)
    assert not port_accepts_connections(postgres_port)
    assert processes_mentioning(str(data_dir)) == {}


def _superuser_dsn(postgres_port: int) -> str:
    password = dev_passwords()[topology.ADMIN]
    return f"postgresql://postgres:{password}@127.0.0.1:{postgres_port}/{topology.DATABASE_NAME}"


@pytest.mark.slow
def test_the_servers_command_keeps_postgres_data_across_restarts(data_dir: Path) -> None:
    nats_port, postgres_port = free_port(), free_port()
    supervisor = _start(data_dir, nats_port, postgres_port)
    try:
        run_psql(_superuser_dsn(postgres_port), "-c", "CREATE TABLE registry.kept (id integer)")
    finally:
        _stop(supervisor)

    supervisor = _start(data_dir, nats_port, postgres_port)
    try:
        tables = run_psql(_superuser_dsn(postgres_port), "-tA", "-c", "SELECT 'registry.kept'::regclass")
    finally:
        assert _stop(supervisor) == 0

    assert tables.strip() == "registry.kept"


@pytest.mark.slow
def test_a_lock_file_left_by_a_crash_naming_a_process_that_is_not_postgres_does_not_stop_the_start(
    data_dir: Path,
) -> None:
    """After a crash of the machine, PostgreSQL's lock file names a process id that another program
    may have by now; PostgreSQL takes that for a server still running and refuses to start. The
    supervisor holds the data folder, so it knows no server of this folder runs: it removes the
    leftover file and starts, instead of giving up after a silent wait."""
    nats_port, postgres_port = free_port(), free_port()
    _stop(_start(data_dir, nats_port, postgres_port))
    as_root = os.geteuid() == 0
    other_program = subprocess.Popen(
        ["sleep", "120"],
        user=UNPRIVILEGED_ID if as_root else None,
        group=UNPRIVILEGED_ID if as_root else None,
        extra_groups=[] if as_root else None,
    )
    try:
        lock_file = data_dir / "postgres" / "postmaster.pid"
        lock_file.write_text(f"{other_program.pid}\n{data_dir / 'postgres'}\n")
        started = time.monotonic()
        supervisor = _start(data_dir, nats_port, postgres_port)
        try:
            assert time.monotonic() - started < LEFTOVER_SESSIONS_SECONDS
            assert run_psql(_superuser_dsn(postgres_port), "-tA", "-c", "SELECT 1").strip() == "1"
        finally:
            assert _stop(supervisor) == 0
    finally:
        other_program.kill()
        other_program.wait()


def _refusal(data_dir: Path, nats_port: int, postgres_port: int) -> tuple[int, str]:
    command = [sys.executable, "-m", "netzwerkstatt.stack", "servers", "--data-dir", str(data_dir)]
    command += ["--nats-port", str(nats_port), "--postgres-port", str(postgres_port)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    return finished.returncode, finished.stdout + finished.stderr


def test_a_port_held_by_another_program_is_named_and_nothing_starts(data_dir: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        taken = other_program.getsockname()[1]
        postgres_port = free_port()

        code, said = _refusal(data_dir, taken, postgres_port)

    assert code == 1
    assert f"Not started: in use by another program: port {taken} (NATS)" in said
    assert "--nats-port" in said  # how to choose another
    assert not port_accepts_connections(postgres_port)
    assert processes_mentioning(str(data_dir)) == {}


def test_a_data_folder_that_cannot_be_created_is_named_in_one_line_and_nothing_starts(data_dir: Path) -> None:
    """A file where a folder of the path should be stops root as well as anyone."""
    in_the_way = data_dir / "stack"
    in_the_way.write_text("not a folder\n")
    postgres_port = free_port()

    code, said = _refusal(in_the_way / "data", free_port(), postgres_port)

    assert code == 1
    assert said.splitlines() == [
        f"[netzwerkstatt] Not started: the data folder {in_the_way / 'data'} is not writable: "
        f"{in_the_way} is a file, not a folder."
    ]
    assert not port_accepts_connections(postgres_port)


def _own_mount_allowed() -> bool:
    """Can this user mount a file system in a mount namespace of its own (root, or a capable
    container)? Only there can a read-only or full file system be made for a test."""
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {folder}"]
        return subprocess.run(probe, capture_output=True, check=False).returncode == 0


needs_own_mount = pytest.mark.skipif(
    not _own_mount_allowed(), reason="needs mounting a tmpfs in a mount namespace of its own (unshare -m)"
)


def _refusal_on_tmpfs(mount_point: Path, options: str, before: str = "true") -> tuple[int, str, Path]:
    """Start the servers on a fresh tmpfs (``options`` as for mount -o) mounted in a mount namespace
    of the command's own, after the shell command ``before`` ran there. Returns the exit code, what
    was said, and the data folder."""
    data = mount_point / "stack"
    command = [sys.executable, "-m", "netzwerkstatt.stack", "servers", "--data-dir", str(data)]
    command += ["--nats-port", str(free_port()), "--postgres-port", str(free_port())]
    script = f"mount -t tmpfs -o {options} tmpfs {mount_point} && {before} && exec {shlex.join(command)}"
    finished = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    return finished.returncode, finished.stdout + finished.stderr, data


@needs_own_mount
def test_a_read_only_data_folder_is_refused_in_one_line_even_for_root(data_dir: Path) -> None:
    code, said, data = _refusal_on_tmpfs(data_dir, "ro,size=1m", before=f"mkdir -p {data_dir} || true")

    assert code == 1
    assert said.splitlines() == [
        f"[netzwerkstatt] Not started: the data folder {data} is not writable: Read-only file system."
    ]


@needs_own_mount
def test_a_full_disk_is_refused_in_one_line_before_anything_starts(data_dir: Path) -> None:
    filler = data_dir / "filler"
    code, said, data = _refusal_on_tmpfs(
        data_dir,
        "size=256k,mode=0755",
        before=f"mkdir {data_dir / 'stack'} && (cat /dev/zero > {filler} 2>/dev/null || true)",
    )

    assert code == 1
    assert said.splitlines() == [
        f"[netzwerkstatt] Not started: no space left on the device of the data folder {data}."
    ]


@needs_own_mount
def test_too_little_space_for_postgres_is_said_in_one_line(data_dir: Path) -> None:
    """Room for the supervisor's probe, not for a new PostgreSQL cluster (some 40 MB)."""
    code, said, data = _refusal_on_tmpfs(data_dir, "size=8m,mode=0755")

    assert code == 1
    assert said.splitlines()[-1] == (
        "[netzwerkstatt] PostgreSQL not started: no space left on the device of its data folder "
        f"{data / 'postgres'}; stopping."
    )
    assert "Traceback" not in said
    assert processes_mentioning(str(data)) == {}


@pytest.mark.slow
def test_a_second_start_on_the_same_folder_is_refused_and_the_first_keeps_running(data_dir: Path) -> None:
    nats_port, postgres_port = free_port(), free_port()
    supervisor = _start(data_dir, nats_port, postgres_port)
    try:
        code, said = _refusal(data_dir, free_port(), free_port())

        assert code == 1
        assert f"Netzwerkstatt runs already from {data_dir} (process {supervisor.pid})" in said
        assert port_accepts_connections(nats_port)
        assert port_accepts_connections(postgres_port)
    finally:
        assert _stop(supervisor) == 0
    # Killed outright, the supervisor leaves the folder free: the lock dies with its process (and
    # the servers with it, by their parent-death signal).
    supervisor = _start(data_dir, nats_port, postgres_port)
    supervisor.kill()
    supervisor.wait(timeout=30)
    wait_until(lambda: processes_mentioning(str(data_dir)) == {}, 30, "the killed stack's servers to end")
    supervisor = _start(data_dir, nats_port, postgres_port)
    assert _stop(supervisor) == 0


def test_the_suggested_metrics_port_starts_five_free_ports(tmp_path: Path) -> None:
    """The metrics take five ports in a row: the suggestion for --metrics-port starts a run of five
    that are all free, past the ones other programs hold."""
    held: list[socket.socket] = []
    try:
        first = free_port_run(12)
        for port in (first + 1, first + 4):  # the second of the five, and one the next run would use
            other_program = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            other_program.bind(("127.0.0.1", port))
            other_program.listen()
            held.append(other_program)
        options = StackOptions(
            data_dir=tmp_path / "stack",
            nats_port=free_port(),
            postgres_port=free_port(),
            passwords={},
            http_port=free_port(),
            smtp_port=free_port(),
            metrics_port=first,
        )
        with pytest.raises(StackInUse) as refused:
            claim_stack(options, services=True)
    finally:
        for other_program in held:
            other_program.close()
    assert f"port {first + 1} (metrics of" in str(refused.value)
    assert f'ARGS="--metrics-port {first + 5}"' in str(refused.value)


def test_two_servers_of_the_stack_on_one_port_are_refused_before_anything_starts(tmp_path: Path) -> None:
    """The staff UI inside the five metrics ports: the gateway would fail to bind while a metrics
    endpoint answered its health check in its place."""
    metrics = free_port_run(5)
    options = StackOptions(
        data_dir=tmp_path / "stack",
        nats_port=free_port(),
        postgres_port=free_port(),
        passwords={},
        http_port=metrics + 2,
        smtp_port=free_port(),
        metrics_port=metrics,
    )

    with pytest.raises(StackInUse) as refused:
        claim_stack(options, services=True)

    said = str(refused.value)
    assert said.startswith("each server needs a port of its own: ")
    assert f"port {metrics + 2} for the staff UI (--port) and for metrics of " in said
    assert "(--metrics-port)" in said


def test_ports_handed_out_for_tests_are_never_handed_out_twice() -> None:
    ports = [free_port() for _ in range(200)]
    run = free_port_run(5)

    assert len(set(ports)) == len(ports)
    assert not set(ports) & set(range(run, run + 5))


def test_ports_handed_out_in_another_process_are_not_handed_out_here_nor_from_the_clients_range() -> None:
    """Parallel test workers are processes of their own; a port one hands out stays its own while it
    lives, and no port comes from the range the kernel gives clients' connections."""
    hand_out = (
        "import sys; from netzwerkstatt.stack.processes import free_port; "
        "print(*(free_port() for _ in range(300)), flush=True); sys.stdin.read()"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", hand_out], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None
        theirs = {int(port) for port in other.stdout.readline().split()}
        ours = {free_port() for _ in range(300)}
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait(timeout=10)

    assert (len(theirs), len(ours), theirs & ours) == (300, 300, set())
    clients_from = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    assert max(theirs | ours) < clients_from
