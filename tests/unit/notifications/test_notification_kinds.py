import pytest

from notifications_service.messages.context import placeholder_names
from notifications_service.messages.kinds import (
    ESSENTIAL_KINDS,
    OPTIONAL_KINDS,
    CalendarMethod,
    MessageKind,
    calendar_method,
    is_essential,
    should_send,
)


def test_save_the_dates_reminders_and_feedback_requests_are_optional() -> None:
    assert {MessageKind.SAVE_THE_DATE, MessageKind.REMINDER, MessageKind.FEEDBACK_REQUEST} == OPTIONAL_KINDS


@pytest.mark.parametrize(
    "kind",
    [
        MessageKind.INVITATION,
        MessageKind.REGISTRATION_CONFIRMED,
        MessageKind.WAITLISTED,
        MessageKind.PROMOTED,
        MessageKind.REGISTRATION_CANCELLED,
        MessageKind.EVENT_CHANGED,
        MessageKind.WAITLIST_CHANGED,
        MessageKind.EVENT_CANCELLED,
        MessageKind.AGREEMENT_DUE,
    ],
)
def test_messages_about_the_persons_own_business_are_essential(kind: MessageKind) -> None:
    assert is_essential(kind)


def test_every_kind_is_either_essential_or_optional() -> None:
    assert set(MessageKind) == ESSENTIAL_KINDS | OPTIONAL_KINDS
    assert not ESSENTIAL_KINDS & OPTIONAL_KINDS


@pytest.mark.parametrize("kind", sorted(ESSENTIAL_KINDS))
def test_an_opted_out_person_still_receives_essential_messages(kind: MessageKind) -> None:
    assert should_send(kind, opted_out=True)


@pytest.mark.parametrize("kind", sorted(OPTIONAL_KINDS))
def test_an_opted_out_person_receives_no_optional_messages(kind: MessageKind) -> None:
    assert not should_send(kind, opted_out=True)


@pytest.mark.parametrize("kind", list(MessageKind))
def test_a_person_who_has_not_opted_out_receives_every_kind(kind: MessageKind) -> None:
    assert should_send(kind, opted_out=False)


@pytest.mark.parametrize("kind", sorted(OPTIONAL_KINDS))
def test_every_optional_message_offers_an_unsubscribe_link(kind: MessageKind) -> None:
    assert "unsubscribe_link" in placeholder_names(kind)


@pytest.mark.parametrize("kind", sorted(ESSENTIAL_KINDS))
def test_essential_messages_offer_no_unsubscribe_link(kind: MessageKind) -> None:
    assert "unsubscribe_link" not in placeholder_names(kind)


@pytest.mark.parametrize(
    ("kind", "method"),
    [
        (MessageKind.INVITATION, CalendarMethod.REQUEST),
        (MessageKind.REGISTRATION_CONFIRMED, CalendarMethod.REQUEST),
        (MessageKind.PROMOTED, CalendarMethod.REQUEST),
        (MessageKind.EVENT_CHANGED, CalendarMethod.REQUEST),
        (MessageKind.EVENT_CANCELLED, CalendarMethod.CANCEL),
        (MessageKind.REGISTRATION_CANCELLED, CalendarMethod.CANCEL),
        (MessageKind.WAITLISTED, None),
        (MessageKind.REMINDER, None),
        (MessageKind.FEEDBACK_REQUEST, None),
        (MessageKind.AGREEMENT_DUE, None),
        (MessageKind.SAVE_THE_DATE, None),
    ],
)
def test_which_kinds_carry_a_calendar_file_and_with_which_method(
    kind: MessageKind, method: CalendarMethod | None
) -> None:
    assert calendar_method(kind) == method
