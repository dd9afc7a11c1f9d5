"""What the generators in scripts/ share: write the files they render, or, with ``--check``, only
report those that are out of date (exit 1), as the drift tests run them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(
    description: str | None, render: Callable[[], dict[Path, str]], command: str, argv: list[str] | None
) -> int:
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    arguments = parser.parse_args(argv)
    stale = []
    for path, text in render().items():
        if arguments.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.relative_to(ROOT))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        names = ", ".join(str(path) for path in stale)
        print(f"out of date: {names}; run: {command}", file=sys.stderr)
        return 1
    return 0
