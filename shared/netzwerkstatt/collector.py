"""The garbage collector of a serving process (a service, the gateway), set once at its start."""

from __future__ import annotations

import gc

# Container objects allocated (less those freed) before the youngest generation is collected;
# Python's default is 700.
YOUNG_GENERATION_THRESHOLD = 10_000


def tune_for_serving() -> None:
    """Handling one message allocates thousands of short-lived containers (the envelope's models,
    SQLAlchemy's statements, results and session state). At Python's default the collector ran
    several times within each inbox batch, walking the batch's live objects every time and moving
    them into older generations that are walked again later. Every 10,000 allocations it runs a few
    times per batch: the inbox went from 0.55 to 0.75-0.84 of its plain counterpart
    (``benchmarks/README.md``). Reference cycles wait a little longer to be freed; the older
    generations keep their defaults."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, middle, oldest)
