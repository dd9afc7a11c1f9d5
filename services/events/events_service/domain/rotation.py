"""Host rotation of a series and edition numbering.

The districts of a series take turns hosting (the Ideenwerkstatt in Sachsen-Anhalt moves between
the districts and independent cities). The suggestion is never the last host; among the others,
districts that never hosted come first in pool order, then the one whose last turn lies furthest
back. Edition numbers are unique, so ties can only arise among never-hosted districts, where the
pool order decides; the same input always gives the same answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from events_service.domain.errors import RuleError, fail, raise_if_any


class HostingRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    edition: int = Field(ge=1)
    district_id: str = Field(min_length=1, description="official key of the district")


def check_history(history: Sequence[HostingRecord]) -> tuple[RuleError, ...]:
    counts = Counter(record.edition for record in history)
    return tuple(
        RuleError(
            code="duplicate_edition",
            message=f"edition {edition} is recorded {count} times",
            field="history",
        )
        for edition, count in sorted(counts.items())
        if count > 1
    )


def next_edition(history: Sequence[HostingRecord], first_edition: int = 1) -> int:
    """Number of the next edition; a series taken over mid-way can start counting at its own number."""
    raise_if_any(check_history(history))
    return max((record.edition for record in history), default=first_edition - 1) + 1


def rank_hosts(pool: Sequence[str], history: Sequence[HostingRecord]) -> tuple[str, ...]:
    """Eligible districts of the pool, best candidate first."""
    if not pool:
        raise fail("empty_pool", "the series has no districts to host it", "pool")
    if len(set(pool)) != len(pool):
        raise fail("duplicate_district", "a district is listed twice in the pool", "pool")
    raise_if_any(check_history(history))
    last_hosted: dict[str, int] = {}
    for record in history:
        last_hosted[record.district_id] = max(record.edition, last_hosted.get(record.district_id, 0))
    latest = max(history, key=lambda record: record.edition, default=None)
    eligible = [
        (position, district)
        for position, district in enumerate(pool)
        if latest is None or district != latest.district_id
    ]
    eligible.sort(key=lambda item: (last_hosted.get(item[1], 0), item[0]))
    return tuple(district for _, district in eligible)


def suggest_next_host(pool: Sequence[str], history: Sequence[HostingRecord]) -> str:
    ranked = rank_hosts(pool, history)
    if not ranked:
        raise fail(
            "no_eligible_host",
            "the only district in the pool hosted last time; add another district",
            "pool",
        )
    return ranked[0]
