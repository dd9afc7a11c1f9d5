"""A serving process (every service's ``serve``, the gateway's) collects its youngest generation of
objects every 10,000 allocations, not Python's 700: the process that measured faster is the one
that runs."""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from netzwerkstatt.collector import YOUNG_GENERATION_THRESHOLD
from netzwerkstatt.topology import SERVICES


@pytest.fixture(autouse=True)
def _thresholds_restored() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    yield
    gc.set_threshold(*before)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_serves_with_the_collector_set(service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, ...]] = []

    def run(coroutine: Any) -> None:
        seen.append(gc.get_threshold())
        coroutine.close()

    monkeypatch.setattr("netzwerkstatt.command.asyncio.run", run)
    monkeypatch.setattr(sys, "argv", [f"netzwerkstatt-{service}", "serve"])
    importlib.import_module(f"{service}_service.main").main()
    assert seen
    assert seen[0][0] == YOUNG_GENERATION_THRESHOLD


def test_the_gateway_serves_with_the_collector_set(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from gateway_service import main as gateway_main

    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.append(gc.get_threshold()))
    gateway_main.main(["serve"])
    assert seen
    assert seen[0][0] == YOUNG_GENERATION_THRESHOLD
