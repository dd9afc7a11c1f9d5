"""Run every benchmark in this folder, one after the other, each with its own embedded servers, then
print the hot paths' table (each row with the raw limit of the same run, the ratio and the goal) and
the group-work table.

``make bench`` calls this (``make bench ARGS=--quick`` for the short run); each script can also be
run alone (see its docstring). Exits non-zero when a benchmark fails, and so when one of the
guarantee checks inside a benchmark fails (an event not exactly full, a mail lost or sent twice, an
event lost or doubled on its way through the outbox or the inbox). A goal not reached is reported
in the table, not as a failure: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _summary import SUMMARY_VARIABLE, Row, read

HERE = Path(__file__).resolve().parent
GROUP_WORK = "groupwork.py"


def scripts() -> list[Path]:
    """Every benchmark, the group work last (its table is printed after the hot paths')."""
    found = [
        script
        for script in sorted(HERE.glob("*.py"))
        if script.name != Path(__file__).name and not script.name.startswith("_")
    ]
    return sorted(found, key=lambda script: script.name == GROUP_WORK)


def run(script: Path, *, quick: bool, summary: str) -> tuple[int, list[str]]:
    """Run one script, its output shown as it comes and kept."""
    command = [sys.executable, str(script)]
    if quick and '"--quick"' in script.read_text(encoding="utf-8"):
        command.append("--quick")
    environment = {**os.environ, SUMMARY_VARIABLE: summary}
    lines: list[str] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=environment) as process:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
    return process.returncode, lines


def table(rows: list[Row]) -> list[str]:
    headers = ("path", "project", "raw, same run", "ratio", "goal", "")
    cells = [
        (
            row.path,
            row.project,
            row.raw,
            row.ratio,
            row.goal,
            "" if row.met is None else ("met" if row.met else "not met"),
        )
        for row in rows
    ]
    widths = [max(len(text) for text in column) for column in zip(headers, *cells, strict=False)]
    return [
        " | ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip()
        for line in (headers, tuple("-" * width for width in widths), *cells)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer messages per benchmark (under 2 minutes)")
    arguments = parser.parse_args()
    started = time.perf_counter()
    failed: list[str] = []
    group_work: list[str] = []
    took: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="netzwerkstatt-bench-summary-") as folder:
        summary = str(Path(folder) / "rows.jsonl")
        for script in scripts():
            print(f"\n=== {script.name} ===", flush=True)
            script_started = time.perf_counter()
            returncode, lines = run(script, quick=arguments.quick, summary=summary)
            took[script.name] = time.perf_counter() - script_started
            if returncode != 0:
                failed.append(script.name)
            if script.name == GROUP_WORK:
                group_work = lines
        rows = read(summary)
    print(f"\n=== hot paths, one run{' (quick)' if arguments.quick else ''} ===")
    print("\n".join(table(rows)))
    if group_work:
        print("\n=== group work ===")
        print("\n".join(group_work))
    each = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in took.items())
    print(f"\nall benchmarks: {time.perf_counter() - started:.0f} s ({each})")
    if failed:
        print(f"failed (a guarantee check or the benchmark itself): {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
