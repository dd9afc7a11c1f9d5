"""FastStream is used through its public API only: no module of the kernel or a service imports
its internals (``faststream._internal``), which change without notice between releases. Handler
parameters the service provides are marked with the kernel's own ``Provided``, and the AsyncAPI
documents describe only the request payloads (their drift check is in tests/deploy)."""

from __future__ import annotations

import ast
import json
import typing
from pathlib import Path
from typing import Annotated

from faststream import FastStream
from faststream.nats import NatsBroker
from pydantic import BaseModel

from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access, Principal
from netzwerkstatt.rpc import Endpoint, Operations, Provided

ROOT = Path(__file__).resolve().parents[3]


def test_no_module_imports_faststream_internals() -> None:
    offenders = []
    for path in sorted([*ROOT.glob("shared/**/*.py"), *ROOT.glob("services/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.relative_to(ROOT)}: {name}" for name in names if "._internal" in name]
    assert offenders == []


class DoThing(BaseModel):
    size: int


async def _handler(
    request: DoThing, principal: Principal, db: DatabaseDep, extra: Annotated[str, Provided("settings")]
) -> int:
    return request.size


def test_provided_parameters_are_injected_and_left_out_of_the_documented_contract() -> None:
    endpoint = Endpoint.of("svc.thing.do", _handler, Access.READ)
    assert endpoint.request_parameter == "request"
    assert endpoint.dependencies == {"db": "database", "extra": "settings"}
    assert endpoint.principal_parameter == "principal"
    assert typing.get_args(DatabaseDep)[1:] == (Provided("database"),)

    operations = Operations("svc")
    operations("thing.do", access=Access.READ)(_handler)
    broker = NatsBroker()
    broker.include_router(operations.documentation())
    document = json.dumps(FastStream(broker).schema.to_specification().to_jsonable())
    assert "DoThing" in document
    assert '"size"' in document
    assert "Database" not in document
    assert '"extra"' not in document
    assert "Principal" not in document
