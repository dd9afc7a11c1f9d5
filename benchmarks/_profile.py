"""Where the time goes: ``BENCH_PROFILE=<folder>`` makes a benchmark profile each measured phase of
this process with cProfile (everything the event loop runs meanwhile, the kernel's code and the
libraries'), keep the statistics in ``<folder>/<phase>.pstats`` and print the costliest functions.

Processes of their own (the events service in ``registrations.py``) are profiled from outside with
py-spy instead; benchmarks/README.md shows both commands.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROFILE_VARIABLE = "BENCH_PROFILE"


@contextmanager
def profiled(phase: str, *, top: int = 25) -> Iterator[None]:
    folder = os.environ.get(PROFILE_VARIABLE)
    if not folder:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        Path(folder).mkdir(parents=True, exist_ok=True)
        profile.dump_stats(str(Path(folder) / f"{phase}.pstats"))
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(top)
        print(f"--- profile of {phase} (own time, top {top}) ---\n{text.getvalue()}", flush=True)


@contextmanager
def sampled(phase: str, pid: int, *, top: int = 25) -> Iterator[None]:
    """py-spy samples process ``pid`` during the block (when ``BENCH_PROFILE`` is set); the
    collapsed stacks are kept in ``<folder>/<phase>.stacks`` and the costliest functions printed."""
    folder = os.environ.get(PROFILE_VARIABLE)
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")  # PATH, else the venv
    if not folder or not Path(spy).exists():
        yield
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    output = Path(folder) / f"{phase}.stacks"
    command = [spy, "record", "--pid", str(pid), "--format", "raw", "--rate", "200", "--output", str(output)]
    sampler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        sampler.send_signal(signal.SIGINT)
        sampler.wait(timeout=60)
        if output.exists():
            print(f"--- py-spy samples of {phase} ---\n{summarize_stacks(output, top)}", flush=True)


def summarize_stacks(path: Path, top: int) -> str:
    """Own and total share of the samples per function, from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    lines = [f"{samples} samples; own share, total share, function"]
    for frame, count in own.most_common(top):
        lines.append(f"  {count / samples:6.1%} {total[frame] / samples:6.1%}  {frame}")
    return "\n".join(lines)
