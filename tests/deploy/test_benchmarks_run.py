"""The hot-path benchmarks still run against the current schema and contracts, and their guarantee
checks pass: each script at a tiny size (its raw baselines write the tables by hand, so a changed
column breaks them long before anyone runs `make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

TINY_RUNS = {
    "kernel.py": ["--requests", "100", "--events", "100"],
    "registrations.py": [
        "--registrations",
        "40",
        "--events",
        "2",
        "--capacity",
        "12",
        "--warm-up",
        "4",
        "--concurrency",
        "4",
    ],
    "invitations.py": ["--invitees", "20"],
}


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(TINY_RUNS))
def test_a_benchmark_runs_at_a_tiny_size_and_its_guarantee_checks_pass(script: str) -> None:
    finished = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *TINY_RUNS[script]],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
