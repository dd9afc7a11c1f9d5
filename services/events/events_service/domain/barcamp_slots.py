"""The time slots of a Barcamp: each is a time of day ("11:00") or a span ("11:00–11:45", also
"11.00 - 11.45 Uhr" or "11:00 bis 11:45"), a span ends after it begins, and no two slots overlap,
since sessions in two slots at once would pull their voters and rooms apart. A slot without a label
(only through the API) is a slot by its number. Each problem is a ``RuleError`` at the slot's label,
with what the reader's words need."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time

from events_service.domain.errors import RuleError

_CLOCK = r"(?:[01]?\d|2[0-3])[:.][0-5]\d"
_SLOT = re.compile(
    rf"^(?P<start>{_CLOCK})(?:\s*(?:Uhr)?\s*(?:[-–—]|bis)\s*(?P<end>{_CLOCK}))?(?:\s*Uhr)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SlotTimes:
    start: time
    end: time | None  # a slot given by its start only


def _clock(value: str) -> time:
    hours, minutes = re.split(r"[:.]", value)
    return time(int(hours), int(minutes))


def slot_times(label: str) -> SlotTimes | None:
    """The slot's times, or None when the label is no time of day or span."""
    found = _SLOT.match(label.strip())
    if found is None:
        return None
    end = found["end"]
    return SlotTimes(_clock(found["start"]), _clock(end) if end else None)


def _overlap(first: SlotTimes, second: SlotTimes) -> bool:
    def inside(moment: time, span: SlotTimes) -> bool:
        return span.start <= moment < span.end if span.end is not None else moment == span.start

    if first.end is not None and second.end is not None:
        return first.start < second.end and second.start < first.end
    return inside(first.start, second) or inside(second.start, first)


def check_slots(labels: Sequence[str], field: str = "parameters.slots") -> list[RuleError]:
    """Every problem of the slots, each at its slot's label (``parameters.slots.N.label``)."""
    errors: list[RuleError] = []
    readable: list[tuple[int, SlotTimes]] = []
    for index, label in enumerate(labels):
        at = f"{field}.{index}.label"
        if not label.strip():
            continue
        times = slot_times(label)
        if times is None:
            errors.append(
                RuleError(
                    code="slot_not_a_time",
                    message=f"slot {label!r} is no time of day or span like 11:00–11:45",
                    field=at,
                    params={"label": label},
                )
            )
        elif times.end is not None and times.end <= times.start:
            errors.append(
                RuleError(
                    code="slot_ends_before_start",
                    message=f"slot {label!r} ends before it begins",
                    field=at,
                    params={"start": times.start.strftime("%H:%M"), "end": times.end.strftime("%H:%M")},
                )
            )
        else:
            earlier = next(((i, t) for i, t in readable if _overlap(t, times)), None)
            if earlier is not None:
                other = labels[earlier[0]]
                errors.append(
                    RuleError(
                        code="slot_overlaps",
                        message=f"slot {label!r} overlaps slot {other!r}",
                        field=at,
                        params={"label": label, "other": other},
                    )
                )
            readable.append((index, times))
    return errors


def check_rounds(rounds: int | None, slots: int, field: str = "parameters.rounds") -> list[RuleError]:
    """A Barcamp's rounds are its slots: a number of rounds given must be the number of slots."""
    if rounds is None or rounds == slots:
        return []
    return [
        RuleError(
            code="barcamp_rounds_are_slots",
            message=f"a Barcamp has as many rounds as slots ({slots}); give {slots} or leave rounds out",
            field=field,
            params={"slots": slots},
        )
    ]
