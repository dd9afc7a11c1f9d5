"""Values of a request as sent (its JSON object), read for the registry's field rules when the
contract refused the request: only values of the type a rule checks, anything else is the
contract's to name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def text(sent: Mapping[str, Any], name: str) -> str | None:
    value = sent.get(name)
    return value if isinstance(value, str) else None


def texts(sent: Mapping[str, Any], name: str) -> list[str] | None:
    """A list of texts; a list with anything else in it is left out whole (its entries' positions
    name the fields, so none may be skipped)."""
    value = sent.get(name)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return value


def mapping(sent: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    """An object; anything else reads as an empty one."""
    value = sent.get(name)
    return value if isinstance(value, dict) else {}


def objects(sent: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    """A list's entries, each an object (anything else reads as an empty one, keeping positions)."""
    value = sent.get(name)
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, dict) else {} for item in value]
