"""Input the services' PostgreSQL could not store is refused at the door with the field named:
NUL characters in text and integers beyond PostgreSQL's bigint range."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from fastapi import Request

from netzwerkstatt.errors import FieldError, InvalidInput

BIGINT_MAX = 2**63 - 1
ASCII_INTEGER = re.compile(r"-?[0-9]+")


def _problems(value: Any, path: str) -> list[FieldError]:
    if isinstance(value, str):
        if "\x00" in value:
            return [
                FieldError(
                    field=path or "body", message="must not contain NUL characters", code="nul_character"
                )
            ]
        return []
    if isinstance(value, bool):
        return []
    if isinstance(value, int) and abs(value) > BIGINT_MAX:
        return [
            FieldError(
                field=path or "body",
                message=f"must be between -{BIGINT_MAX} and {BIGINT_MAX}",
                code="out_of_range",
            )
        ]
    if isinstance(value, dict):
        return [
            p for key, item in value.items() for p in _problems(item, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(value, list):
        return [
            p
            for index, item in enumerate(value)
            for p in _problems(item, f"{path}.{index}" if path else str(index))
        ]
    return []


async def check_input(request: Request) -> None:
    problems: list[FieldError] = []
    for name, raw in request.query_params.multi_items():
        value: Any = raw
        if ASCII_INTEGER.fullmatch(raw):  # "²" and "٣" are digits to str.isdigit, not to int()
            # More digits than a bigint has are out of range without converting them (Python refuses
            # to convert more than 4,300 digits at all).
            digits = raw.lstrip("-").lstrip("0") or "0"
            sign = -1 if raw.startswith("-") else 1
            value = sign * int(digits) if len(digits) <= len(str(BIGINT_MAX)) else BIGINT_MAX + 1
        problems += _problems(value, name)
    if request.method not in ("GET", "HEAD") and "json" in request.headers.get("content-type", ""):
        body = await request.body()
        # Malformed JSON: FastAPI's own validation names it.
        with contextlib.suppress(ValueError):
            problems += _problems(json.loads(body), "") if body else []
    if problems:
        raise InvalidInput("invalid request", problems)
