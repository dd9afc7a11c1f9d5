"""Agreements made at a Regionalworkshop and their follow-up."""

from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from events_service.domain.agreements import (
    Agreement,
    change_status,
    check_agreement,
    due_soon,
    open_for_next_edition,
    overdue,
)
from events_service.domain.errors import RuleViolation
from events_service.domain.vocabulary import AgreementStatus as Status

TODAY = date(2025, 10, 1)


def uid(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"https://example.org/{name}")


def agreement(text: str, due: date | None = None, status: Status = Status.OPEN) -> Agreement:
    return Agreement(
        agreement_id=uid(text),
        event_id=uid("regionalworkshop"),
        text=text,
        owner_organisation_id=uid("jobcenter-leipzig"),
        due_on=due,
        status=status,
    )


def test_open_agreement_goes_in_progress_and_then_done() -> None:
    started = change_status(agreement("Schnittstellenpapier aktualisieren"), Status.IN_PROGRESS)

    assert change_status(started, Status.DONE).status == Status.DONE


def test_stalled_work_may_go_back_to_open() -> None:
    assert change_status(agreement("Flyer", status=Status.IN_PROGRESS), Status.OPEN).status == Status.OPEN


@pytest.mark.parametrize("final", [Status.DONE, Status.DROPPED])
def test_done_and_dropped_are_final(final: Status) -> None:
    with pytest.raises(RuleViolation) as raised:
        change_status(agreement("Flyer", status=final), Status.OPEN)

    # its own code: the page says a finished agreement is not reopened, not that the event's stage forbids it
    assert raised.value.codes == ("agreement_final",)
    assert raised.value.details[0].field == "status"


def test_asking_for_the_current_status_changes_nothing() -> None:
    same = agreement("Flyer")

    assert change_status(same, Status.OPEN) is same


def test_a_blank_agreement_text_is_named() -> None:
    assert [e.field for e in check_agreement(agreement("   "))] == ["text"]


def test_due_soon_lists_unfinished_agreements_due_within_the_window() -> None:
    items = [
        agreement("in a week", date(2025, 10, 8)),
        agreement("today", TODAY),
        agreement("next month", date(2025, 11, 20)),
        agreement("done already", date(2025, 10, 5), Status.DONE),
        agreement("last week", date(2025, 9, 24)),
    ]

    assert [a.text for a in due_soon(items, TODAY, within_days=14)] == ["today", "in a week"]
    assert [a.text for a in overdue(items, TODAY)] == ["last week"]


def test_open_ones_for_the_next_edition_are_unfinished_earliest_due_first() -> None:
    items = [
        agreement("without date"),
        agreement("dropped", date(2025, 9, 1), Status.DROPPED),
        agreement("later", date(2025, 12, 1), Status.IN_PROGRESS),
        agreement("sooner", date(2025, 10, 15)),
    ]

    assert [a.text for a in open_for_next_edition(items)] == ["sooner", "later", "without date"]
