"""A real nats-server with JetStream, started from the repository's generated configuration."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from netzwerkstatt.stack import processes
from netzwerkstatt.stack.binaries import nats_server_binary


class EmbeddedNats:
    """nats-server on 127.0.0.1:``port`` with its JetStream store in ``store_dir``.

    ``env`` must hold every ``<USER>_NATS_PASSWORD`` the configuration refers to. ``stop()`` and
    ``start()`` may alternate: the same port and store come back, as after a real outage."""

    def __init__(
        self,
        store_dir: Path,
        port: int,
        config_path: Path,
        env: Mapping[str, str],
        *,
        monitoring_port: int | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.store_dir = store_dir
        self.port = port
        self.config_path = config_path
        self.env = dict(env)
        self.monitoring_port = monitoring_port
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        return self._process

    def command(self) -> list[str]:
        command = [str(nats_server_binary()), "-c", str(self.config_path)]
        command += ["-a", "127.0.0.1", "-p", str(self.port), "-js", "-sd", str(self.store_dir)]
        if self.monitoring_port is not None:
            command += ["-m", str(self.monitoring_port)]
        return command

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self._process = processes.spawn(
            self.command(), env={**os.environ, **self.env}, log_path=self.log_path
        )
        process = self._process

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"nats-server exited with code {process.returncode}; see {self.log_path}")
            return processes.port_accepts_connections(self.port)

        processes.wait_until(ready, timeout, f"nats-server on port {self.port}")

    def stop(self) -> None:
        if self._process is not None:
            processes.stop(self._process, signal.SIGTERM)
            self._process = None
