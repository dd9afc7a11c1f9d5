"""The rows a benchmark reports for ``run_all.py``'s summary table, and its guarantee checks.

A benchmark run by ``run_all.py`` finds the path of a JSON-lines file in ``BENCH_SUMMARY`` and appends
one line per row; run alone, it only prints its own figures. A failed guarantee check raises
``GuaranteeBroken`` so that the script, and with it ``make bench``, exits non-zero.
"""

from __future__ import annotations

import json
import os
import statistics
from dataclasses import asdict, dataclass

SUMMARY_VARIABLE = "BENCH_SUMMARY"


class GuaranteeBroken(RuntimeError):
    """A benchmark was fast but wrong: a message lost or doubled, a place given twice."""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise GuaranteeBroken(what)


@dataclass(frozen=True)
class Row:
    path: str
    project: str
    raw: str
    ratio: str
    goal: str
    met: bool | None  # None: the row has no goal of its own


def record(row: Row) -> None:
    target = os.environ.get(SUMMARY_VARIABLE)
    if target:
        with open(target, "a", encoding="utf-8") as summary:
            summary.write(json.dumps(asdict(row)) + "\n")


def read(target: str) -> list[Row]:
    if not os.path.exists(target):
        return []
    with open(target, encoding="utf-8") as summary:
        return [Row(**json.loads(line)) for line in summary if line.strip()]


def latency_figures(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds of samples in seconds."""
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50 * 1000, p99 * 1000
