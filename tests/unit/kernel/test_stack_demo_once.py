"""The demo data is loaded into a data folder once: a later ``make up`` keeps what staff changed
since (loading the file again may not fit an archived organisation or an ended membership); a first
load that did not finish runs again."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from netzwerkstatt.errors import RuleViolation
from netzwerkstatt.stack import supervisor
from netzwerkstatt.stack.seeding import SeedReport


def services_in(folder: Path) -> supervisor.Services:
    options = SimpleNamespace(data_dir=folder, passwords={"admin": "x"})
    return supervisor.Services(SimpleNamespace(options=options, nats=SimpleNamespace(url="nats://x")))  # type: ignore[arg-type]


def test_the_demo_data_is_loaded_once_per_folder_and_again_after_a_failed_first_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    loads: list[str] = []
    outcomes = iter(["fails", "loads"])

    async def seed_stack(*args: Any) -> SeedReport:
        loads.append("load")
        if next(outcomes) == "fails":
            raise RuleViolation("the responsibility cannot be assigned as given")
        return SeedReport(created={"organisations": 55})

    monkeypatch.setattr(supervisor, "seed_stack", seed_stack)
    services = services_in(tmp_path)

    with pytest.raises(RuntimeError, match="demo data not loaded"):
        services.seed_through_operations()
    assert not (tmp_path / supervisor.DEMO_LOADED).exists()
    services.seed_through_operations()
    services.seed_through_operations()

    assert loads == ["load", "load"]
    assert "55 organisations" in capsys.readouterr().out
    assert (tmp_path / supervisor.DEMO_LOADED).exists()
