"""Processes as Linux's /proc shows them, for the tests that check nothing is left behind.

A pid alone may name another process once the first ended (pids are reused, and the other tests start
processes all the time), so a process is known by its pid and start time (``identified``), and a
zombie (ended, not yet reaped) counts as ended."""

from __future__ import annotations

import os
from pathlib import Path


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name: state, parent, ... (None once gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def command_line(pid: int) -> str:
    """The process's command line, its arguments joined by spaces ("" once it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def processes_mentioning(text: str) -> dict[int, str]:
    """Every other running process whose command line mentions ``text``, with that command line."""
    found = {pid: command_line(pid) for pid in _pids() if pid != os.getpid()}
    return {pid: line for pid, line in found.items() if text in line}


def children(pid: int) -> set[int]:
    """The processes ``pid`` started directly."""
    return {
        child for child in _pids() if (fields := _stat_fields(child)) is not None and fields[1] == str(pid)
    }


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``: children, grandchildren, ..."""
    parents = {child: int(fields[1]) for child in _pids() if (fields := _stat_fields(child)) is not None}
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def identified(pids: set[int]) -> dict[int, int]:
    """Each process that still exists, with its start time (clock ticks after boot)."""
    found: dict[int, int] = {}
    for pid in pids:
        if (fields := _stat_fields(pid)) is not None:
            found[pid] = int(fields[19])
    return found


def alive(started: dict[int, int]) -> set[int]:
    """The processes of ``started`` (from ``identified``) still running: the same pid and start time,
    and not a zombie."""
    return {
        pid
        for pid, start in started.items()
        if (fields := _stat_fields(pid)) is not None and int(fields[19]) == start and fields[0] != "Z"
    }
