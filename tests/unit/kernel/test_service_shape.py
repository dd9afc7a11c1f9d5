"""Every service folder has one shape: api/ (one module per aggregate), domain/, store/,
consumers.py, main.py, settings.py, migrations/ (env.py and versions/), and none of the older flat
forms beside them (api.py, api_*.py, store.py, tables.py, domain.py). The README lists the shape."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ("registry", "events", "feedback", "notifications")
PACKAGES = ("api", "domain", "store")
MODULES = ("consumers.py", "main.py", "settings.py")
FLAT_FORMS = ("api.py", "store.py", "tables.py", "domain.py", "operations.py")


def _folder(service: str) -> Path:
    return ROOT / "services" / service / f"{service}_service"


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_folder_has_the_shape(service: str) -> None:
    folder = _folder(service)
    missing = [f"{name}/" for name in PACKAGES if not (folder / name / "__init__.py").is_file()]
    missing += [name for name in MODULES if not (folder / name).is_file()]
    missing += [
        f"migrations/{name}"
        for name in ("env.py", "versions", "script.py.mako")
        if not (folder / "migrations" / name).exists()
    ]
    assert missing == [], f"{service}: missing {missing}"
    leftovers = [name for name in FLAT_FORMS if (folder / name).exists()]
    leftovers += sorted(path.name for path in folder.glob("api_*.py"))
    assert leftovers == [], f"{service}: {leftovers} belong in api/, domain/ or store/"


@pytest.mark.parametrize("service", SERVICES)
def test_api_has_a_module_per_aggregate(service: str) -> None:
    modules = [p.stem for p in (_folder(service) / "api").glob("*.py") if p.stem != "__init__"]
    assert modules, f"{service}: api/ holds its handlers in modules, one per aggregate"


@pytest.mark.parametrize("service", SERVICES)
def test_the_domain_is_pure(service: str) -> None:
    """Rules that need no database and no bus: nothing in domain/ imports them."""
    impure = ("sqlalchemy", "nats", "faststream", "asyncpg", "netzwerkstatt.db", "netzwerkstatt.inbox")
    offenders = [
        f"{path.name}: {line.strip()}"
        for path in sorted((_folder(service) / "domain").rglob("*.py"))
        for line in path.read_text().splitlines()
        if line.startswith(("import ", "from ")) and any(f" {name}" in line for name in impure)
    ]
    assert offenders == []


def test_the_readme_lists_the_shape() -> None:
    readme = (ROOT / "README.md").read_text()
    for part in (*(f"{name}/" for name in PACKAGES), *MODULES, "migrations/"):
        assert part in readme, part
