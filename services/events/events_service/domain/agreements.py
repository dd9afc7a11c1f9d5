"""Agreements made at an event, who owns them, and which ones need attention.

Statuses: open → in progress → done, or dropped. Work that stalls may go back from in progress to
open. done and dropped are final; an agreement taken up again is recorded as a new one, so the
history of what was agreed at which edition stays true.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from events_service.domain.errors import RuleError, fail
from events_service.domain.vocabulary import AgreementStatus, phrase

TRANSITIONS: Mapping[AgreementStatus, frozenset[AgreementStatus]] = {
    AgreementStatus.OPEN: frozenset(
        {AgreementStatus.IN_PROGRESS, AgreementStatus.DONE, AgreementStatus.DROPPED}
    ),
    AgreementStatus.IN_PROGRESS: frozenset(
        {AgreementStatus.OPEN, AgreementStatus.DONE, AgreementStatus.DROPPED}
    ),
    AgreementStatus.DONE: frozenset(),
    AgreementStatus.DROPPED: frozenset(),
}

UNFINISHED = frozenset({AgreementStatus.OPEN, AgreementStatus.IN_PROGRESS})


class Agreement(BaseModel):
    model_config = ConfigDict(frozen=True)

    agreement_id: UUID
    event_id: UUID
    text: str = Field(min_length=1)
    owner_organisation_id: UUID
    owner_person_id: UUID | None = None
    due_on: date | None = None
    status: AgreementStatus = AgreementStatus.OPEN


def check_agreement(agreement: Agreement) -> tuple[RuleError, ...]:
    if not agreement.text.strip():
        return (RuleError(code="text_blank", message="say what was agreed", field="text"),)
    return ()


def check_due_date(
    due_on: date | None, event_first_day: date, field: str = "due_on"
) -> tuple[RuleError, ...]:
    """An agreement is made at its event: it cannot fall due before the event's first day."""
    if due_on is None or due_on >= event_first_day:
        return ()
    return (
        RuleError(
            code="due_before_event",
            message=f"the due date {due_on} lies before the event ({event_first_day})",
            field=field,
            params={"event_date": event_first_day.isoformat()},
        ),
    )


def change_status(agreement: Agreement, target: AgreementStatus) -> Agreement:
    """The agreement in its new status; asking for the current status changes nothing."""
    if target == agreement.status:
        return agreement
    if target not in TRANSITIONS[agreement.status]:
        # done and dropped are final: what is taken up again is a new agreement
        raise fail(
            "agreement_final",
            f"an agreement that is {phrase(agreement.status)} cannot become {phrase(target)}",
            "status",
        )
    return agreement.model_copy(update={"status": target})


def _by_due_date(agreement: Agreement) -> tuple[bool, date, str]:
    return (agreement.due_on is None, agreement.due_on or date.max, agreement.text.casefold())


def due_soon(agreements: Sequence[Agreement], today: date, within_days: int = 14) -> tuple[Agreement, ...]:
    """Unfinished agreements due from today up to ``within_days`` ahead, earliest first."""
    if within_days < 0:
        raise fail("negative_window", "within_days must not be negative", "within_days")
    horizon = today + timedelta(days=within_days)
    chosen = [
        a
        for a in agreements
        if a.status in UNFINISHED and a.due_on is not None and today <= a.due_on <= horizon
    ]
    return tuple(sorted(chosen, key=_by_due_date))


def overdue(agreements: Sequence[Agreement], today: date) -> tuple[Agreement, ...]:
    chosen = [a for a in agreements if a.status in UNFINISHED and a.due_on is not None and a.due_on < today]
    return tuple(sorted(chosen, key=_by_due_date))


def open_for_next_edition(agreements: Sequence[Agreement]) -> tuple[Agreement, ...]:
    """What the next edition should take up: every unfinished agreement, earliest due first."""
    return tuple(sorted((a for a in agreements if a.status in UNFINISHED), key=_by_due_date))
