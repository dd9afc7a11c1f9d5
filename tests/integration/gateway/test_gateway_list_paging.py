"""Every list of the JSON API can be paged: the services answer a ``Page`` for a ``PageRequest``
(``offset``, ``limit``), so a route that answers a page must take both, or a client sees only the
first 50 items (an event's invitations, its agreements) with no way to reach the rest."""

from __future__ import annotations

from fastapi import FastAPI


def _schema_name(operation: dict[str, object]) -> str | None:
    content = operation.get("responses", {}).get("200", {}).get("content", {})  # type: ignore[attr-defined]
    reference = content.get("application/json", {}).get("schema", {}).get("$ref")
    return reference.rsplit("/", 1)[-1] if reference else None


async def test_every_route_that_answers_a_page_takes_offset_and_limit(gateway_app: FastAPI) -> None:
    document = gateway_app.openapi()
    schemas = document["components"]["schemas"]
    unpaged = []
    for path, operations in document["paths"].items():
        operation = operations.get("get")
        if not path.startswith("/api/") or operation is None:
            continue
        name = _schema_name(operation)
        if name is None or not {"items", "total", "offset", "limit"} <= set(schemas[name]["properties"]):
            continue
        parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
        if not {"offset", "limit"} <= parameters:
            unpaged.append(path)

    assert unpaged == []
