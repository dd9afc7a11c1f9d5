"""World Café planner benchmark: time and repeated encounters against the counting lower bound.

Run: uv run python benchmarks/groupwork.py
"Excess" is repeats minus the bound; the ratio (repeats / bound) is shown only where the bound is > 0.
"""

from __future__ import annotations

import time

from events_service.groupwork.common import Participant
from events_service.groupwork.world_cafe import plan_world_cafe
from events_service.groupwork.world_cafe_models import CafeTable, WorldCafeRequest

ORGANISATION_TYPES = (
    "Jobcenter",
    "Agentur für Arbeit",
    "BAMF",
    "Migrationsberatung",
    "Volkshochschule",
    "IBAS",
)

CASES = [
    (15, 5, 7),
    (32, 8, 8),
    (32, 8, 9),
    (32, 8, 12),
    (40, 8, 5),
    (60, 10, 6),
    (100, 10, 8),
    (120, 12, 8),
    (150, 15, 8),
    (200, 20, 8),
    (200, 20, 30),
]


def request(people: int, tables: int, rounds: int) -> WorldCafeRequest:
    participants = tuple(
        Participant(
            id=f"person-{i:03d}",
            organisation_id=f"org-{i % 40}",
            organisation_type=ORGANISATION_TYPES[i % len(ORGANISATION_TYPES)],
            district_key=f"district-{i % 13}",
        )
        for i in range(people)
    )
    cafe_tables = tuple(CafeTable(id=f"table-{j}", topic=f"Topic {j}") for j in range(tables))
    return WorldCafeRequest(participants=participants, tables=cafe_tables, rounds=rounds, seed=1)


def main() -> None:
    header = (
        f"{'people':>6} {'tables':>6} {'rounds':>6} {'seconds':>8} {'repeats':>8} {'bound':>6} {'excess':>7}"
    )
    print(header + f" {'ratio':>6} {'revisits':>8} {'rev.bound':>9} {'type share':>10}")
    for people, tables, rounds in CASES:
        started = time.perf_counter()
        plan = plan_world_cafe(request(people, tables, rounds))
        seconds = time.perf_counter() - started
        q = plan.quality
        bound = q.repeated_encounters_lower_bound
        ratio = f"{q.repeated_encounters / bound:.3f}" if bound else "-"
        print(
            f"{people:>6} {tables:>6} {rounds:>6} {seconds:>8.2f} {q.repeated_encounters:>8} {bound:>6} "
            f"{q.repeated_encounters - bound:>7} {ratio:>6} {q.table_revisits:>8} "
            f"{q.table_revisits_lower_bound:>9} {q.max_organisation_type_share:>10.2f}"
        )


if __name__ == "__main__":
    main()
