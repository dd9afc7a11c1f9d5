import re

import pytest

from notifications_service.messages.errors import MessageError
from notifications_service.messages.idempotency import idempotency_key
from notifications_service.messages.kinds import MessageKind

BASE = (MessageKind.EVENT_CHANGED, "contact-17", "evt-regionalworkshop-leipzig", 3)


def test_the_same_message_gets_the_same_key_every_time() -> None:
    assert idempotency_key(*BASE) == idempotency_key(*BASE)


def test_the_key_names_the_kind_and_has_a_fixed_length_hash() -> None:
    assert re.fullmatch(r"event_changed-[0-9a-f]{64}", idempotency_key(*BASE))


@pytest.mark.parametrize(
    "changed",
    [
        (MessageKind.EVENT_CANCELLED, "contact-17", "evt-regionalworkshop-leipzig", 3),
        (MessageKind.EVENT_CHANGED, "contact-18", "evt-regionalworkshop-leipzig", 3),
        (MessageKind.EVENT_CHANGED, "contact-17", "evt-ideenwerkstatt-13", 3),
        (MessageKind.EVENT_CHANGED, "contact-17", "evt-regionalworkshop-leipzig", 4),
    ],
)
def test_each_part_of_the_key_makes_a_different_message(changed: tuple[MessageKind, str, str, int]) -> None:
    assert idempotency_key(*changed) != idempotency_key(*BASE)


def test_parts_cannot_be_shifted_into_each_other() -> None:
    assert idempotency_key(MessageKind.REMINDER, "a", "bc", 1) != idempotency_key(
        MessageKind.REMINDER, "ab", "c", 1
    )


def test_the_key_does_not_reveal_the_recipient() -> None:
    assert "contact-17" not in idempotency_key(*BASE)


@pytest.mark.parametrize(
    ("recipient_id", "subject_id", "version", "field"),
    [
        ("", "evt-1", 0, "recipient_id"),
        ("contact-17", "  ", 0, "subject_id"),
        ("contact-17", "evt-1", -1, "version"),
    ],
)
def test_incomplete_key_material_is_rejected_naming_the_field(
    recipient_id: str, subject_id: str, version: int, field: str
) -> None:
    with pytest.raises(MessageError) as raised:
        idempotency_key(MessageKind.REMINDER, recipient_id, subject_id, version)

    assert raised.value.field == field
