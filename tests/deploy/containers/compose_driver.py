"""Running deploy/'s compose files for real on podman (podman-compose), as an operator would.

podman 4.3 (Debian bookworm) neither runs healthchecks on its own (it hands them to systemd timers,
absent in containers and CI) nor knows compose's ``condition: service_healthy``; podman-compose then
skips the conditions. So the driver starts the services itself in the compose file's dependency
order and checks each condition as compose would: ``service_healthy`` by running the container's
own healthcheck until it passes, ``service_completed_successfully`` by waiting for the job's exit
code 0. Everything else (images, secrets, volumes, networks, replicas, published ports) is
podman-compose reading the operator's files unchanged."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
IMAGES_ENV = ROOT / "scripts" / "containers" / "images.env"
PODMAN_SOCKET = Path("/run/podman/podman.sock")


def podman(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)}: {result.returncode}\n{result.stdout}{result.stderr}")
    return result


def local_images() -> dict[str, str]:
    """The locally built images' names (scripts/containers/images.env)."""
    names: dict[str, str] = {}
    for line in IMAGES_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            names[key.strip()] = value.strip()
    return names


def socket_answers() -> bool:
    """Whether podman's Docker API answers on its socket (a socket file alone may be stale)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(5)
            client.connect(str(PODMAN_SOCKET))
            client.sendall(b"GET /_ping HTTP/1.0\r\nHost: podman\r\n\r\n")
            return client.recv(64).startswith(b"HTTP/1.")
    except OSError:
        return False


@contextlib.contextmanager
def engine_socket() -> Iterator[None]:
    """podman's Docker API for the duration of a test: the running one, or one started (and
    stopped again) here when podman is installed but its API service is not running."""
    if socket_answers():
        yield
        return
    PODMAN_SOCKET.parent.mkdir(parents=True, exist_ok=True)
    service = subprocess.Popen(
        ["podman", "system", "service", "--time=0", f"unix://{PODMAN_SOCKET}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not socket_answers():
            if service.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("podman's Docker API service did not start")
            time.sleep(0.2)
        yield
    finally:
        service.terminate()
        try:
            service.wait(timeout=10)
        except subprocess.TimeoutExpired:
            service.kill()


def engine_missing(*, services: bool = True) -> str | None:
    """Why the container tier cannot run here, or None when podman and the local images are there
    (the server images only, with ``services=False``); the API socket is started when needed
    (``engine_socket``). Images from an earlier tree would test old code: the tier runs only where
    `make test` or `make deploy-check` built them from this one just before."""
    if os.environ.get("NETZWERKSTATT_IMAGES_FROM_TREE") != "1":
        return "the container tier runs on images built from this tree: `make test` or `make deploy-check`"
    if shutil.which("podman") is None:
        return "no container engine: run `make images` (as root: installs podman, builds the images)"
    images = local_images()
    wanted = [*images.values()] if services else [images["NATS_IMAGE"], images["POSTGRES_IMAGE"]]
    if services:
        wanted += [f"localhost/netzwerkstatt-{name}:latest" for name in SERVICE_IMAGES]
    missing = [image for image in wanted if podman("image", "exists", image, check=False).returncode != 0]
    if missing:
        return f"images not built: {', '.join(missing)} (run `make images`)"
    return None


SERVICE_IMAGES = ("registry", "events", "feedback", "notifications", "gateway")


@dataclass
class Compose:
    """One compose project in a copy of deploy/ (its own secrets and .env), named ``project``."""

    folder: Path
    project: str
    files: tuple[str, ...] = ("compose.yaml",)
    log: list[str] = field(default_factory=list)

    @classmethod
    def prepare(
        cls, workdir: Path, project: str, files: tuple[str, ...], settings: dict[str, str]
    ) -> Compose:
        """Copy deploy/ and the Dockerfile, write fresh secrets and an .env from the example."""
        shutil.copytree(DEPLOY, workdir / "deploy", ignore=shutil.ignore_patterns("secrets", ".env"))
        shutil.copy(ROOT / "Dockerfile", workdir / "Dockerfile")
        folder = workdir / "deploy"
        subprocess.run(["sh", str(folder / "make-secrets.sh")], check=True, capture_output=True)
        lines = [
            line
            for line in (folder / ".env.example").read_text().splitlines()
            if line.partition("=")[0].strip() not in settings
        ]
        lines += [f"{key}={value}" for key, value in settings.items()]
        (folder / ".env").write_text("\n".join(lines) + "\n")
        return cls(folder, project, files)

    def run(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "podman_compose", "-p", self.project]
        for name in self.files:
            command += ["-f", name]
        started = time.monotonic()
        result = subprocess.run(
            [*command, *args],
            cwd=self.folder,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "COMPOSE_PROJECT_NAME": self.project},
        )
        self.log.append(
            f"podman-compose {' '.join(args)} -> {result.returncode} ({time.monotonic() - started:.1f} s)"
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"podman-compose {' '.join(args)}: {result.returncode}\n{result.stdout}{result.stderr}"
            )
        return result

    def config(self) -> dict[str, Any]:
        """The merged compose document, with ``extends`` resolved (podman-compose's ``config``
        leaves it as written, while its ``up`` applies it)."""
        document: dict[str, Any] = yaml.safe_load(self.run("config").stdout)
        services: dict[str, Any] = document["services"]
        for name, definition in services.items():
            base = (definition.get("extends") or {}).get("service")
            if base in services:
                resolved = {key: value for key, value in services[base].items() if key != "extends"}
                services[name] = resolved | {
                    key: value for key, value in definition.items() if key != "extends"
                }
        return document

    # -- starting in order -----------------------------------------------------------------------

    def up(
        self,
        services: Iterable[str] | None = None,
        *,
        timeout: float = 600,
        scale: dict[str, int] | None = None,
    ) -> None:
        """Start the (given or all default-profile) services in dependency order, honouring every
        start condition, and return when each long-running one is healthy. Services whose
        conditions are met start together (one podman-compose call per wave)."""
        definitions = self.config()["services"]
        wanted = (
            set(services)
            if services is not None
            else {name for name, definition in definitions.items() if not definition.get("profiles")}
        )
        started: set[str] = set()
        satisfied: set[tuple[str, str]] = set()
        deadline = time.monotonic() + timeout
        while started != wanted:
            wave = sorted(
                name
                for name in wanted - started
                if all(
                    dependency in started or dependency not in wanted
                    for dependency in _conditions(definitions[name])
                )
            )
            assert wave, f"dependency cycle among {sorted(wanted - started)}"
            for name in wave:
                for dependency, condition in _conditions(definitions[name]).items():
                    if dependency in started and (dependency, condition) not in satisfied:
                        self.wait_for(dependency, condition, deadline)
                        satisfied.add((dependency, condition))
            # The replicas compose asks for (deploy.replicas), unless the caller scales otherwise.
            replicas = {
                name: int(definition["deploy"]["replicas"])
                for name, definition in definitions.items()
                if (definition.get("deploy") or {}).get("replicas")
            } | (scale or {})
            scaled = [f"--scale={name}={count}" for name, count in replicas.items() if name in wave]
            self.run("up", "-d", "--no-deps", *scaled, *wave)
            started.update(wave)
        for name in started:
            condition = "service_completed_successfully" if _is_job(definitions[name]) else "service_healthy"
            if (name, condition) not in satisfied:
                self.wait_for(name, condition, deadline)

    def wait_for(self, service: str, condition: str, deadline: float) -> None:
        if condition == "service_completed_successfully":
            for container in self.containers(service):
                code = podman("wait", container, timeout=max(deadline - time.monotonic(), 1)).stdout.strip()
                if code != "0":
                    logs = podman("logs", "--tail", "40", container, check=False)
                    raise AssertionError(f"{container} exited with {code}:\n{logs.stdout}{logs.stderr}")
        elif condition == "service_healthy":
            for container in self.containers(service):
                self.wait_healthy(container, deadline)

    def wait_healthy(self, container: str, deadline: float) -> None:
        """Run the container's own healthcheck until it passes (podman runs none on its own here)."""
        while True:
            if podman("healthcheck", "run", container, check=False, timeout=60).returncode == 0:
                return
            state = podman("inspect", "--format", "{{.State.Status}}", container, check=False).stdout.strip()
            if time.monotonic() > deadline:
                logs = podman("logs", "--tail", "40", container, check=False)
                raise AssertionError(f"{container} not healthy ({state}):\n{logs.stdout}{logs.stderr}")
            time.sleep(1)

    # -- looking at it ---------------------------------------------------------------------------

    def containers(self, service: str | None = None, *, running_only: bool = False) -> list[str]:
        arguments = [
            "ps",
            "--format",
            "{{.Names}}",
            "--filter",
            f"label=io.podman.compose.project={self.project}",
        ]
        if not running_only:
            arguments.insert(1, "-a")
        if service is not None:
            arguments += ["--filter", f"label=com.docker.compose.service={service}"]
        return sorted(line for line in podman(*arguments).stdout.splitlines() if line)

    def published_ports(self) -> dict[str, list[dict[str, Any]]]:
        """Each running container's published ports (host address and port, container port)."""
        published: dict[str, list[dict[str, Any]]] = {}
        for container in self.containers(running_only=True):
            inspected = json.loads(podman("inspect", container).stdout)[0]
            bindings = inspected["HostConfig"].get("PortBindings") or {}
            published[container] = [
                {
                    "container": port,
                    "host_ip": binding.get("HostIp", ""),
                    "host_port": binding.get("HostPort"),
                }
                for port, values in bindings.items()
                for binding in values or []
            ]
        return published

    def exec(self, container: str, *command: str, timeout: float = 120) -> str:
        return podman("exec", container, *command, timeout=timeout).stdout

    def psql(self, sql: str) -> str:
        """A query as the PostgreSQL superuser inside the postgres container (tuples only)."""
        container = self.containers("postgres")[0]
        return self.exec(
            container, "psql", "-X", "-U", "postgres", "-d", "netzwerkstatt", "-tAc", sql
        ).strip()

    def metrics(self, container: str) -> str:
        """A service container's /metrics, read inside it (the port is not published)."""
        script = "import urllib.request;print(urllib.request.urlopen('http://127.0.0.1:9464/metrics').read().decode())"
        return self.exec(container, "python", "-c", script)

    # -- tearing down ----------------------------------------------------------------------------

    def down(self) -> None:
        self.run("down", "-v", "--timeout", "10", check=False, timeout=300)
        # podman-compose removes only the replicas its files name: a replica added with --scale
        # stays (and keeps the network); docker compose removes them by the project label.
        extra = self.containers()
        if extra:
            podman("rm", "-f", "--time", "10", *extra, check=False, timeout=120)
            self.run("down", "-v", check=False, timeout=300)

    def leftovers(self) -> dict[str, list[str]]:
        """Containers, volumes and networks of the project still present after ``down``."""
        label = f"label=io.podman.compose.project={self.project}"
        containers = podman("ps", "-a", "--format", "{{.Names}}", "--filter", label).stdout.split()
        volumes = [
            v
            for v in podman("volume", "ls", "--format", "{{.Name}}").stdout.split()
            if v.startswith(f"{self.project}_")
        ]
        networks = [
            n
            for n in podman("network", "ls", "--format", "{{.Name}}").stdout.split()
            if n.startswith(f"{self.project}_")
        ]
        return {"containers": containers, "volumes": volumes, "networks": networks}


def _conditions(definition: dict[str, Any]) -> dict[str, str]:
    depends = definition.get("depends_on") or {}
    if isinstance(depends, list):
        return dict.fromkeys(depends, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in depends.items()}


def _is_job(definition: dict[str, Any]) -> bool:
    return str(definition.get("restart", "no")) == "no"
