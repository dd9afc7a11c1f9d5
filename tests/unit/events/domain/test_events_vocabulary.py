"""The events glossary: English codes only; their words for people are in the gateway's catalogue."""

from enum import StrEnum

import pytest

from events_service.domain import vocabulary
from events_service.domain.vocabulary import (
    AgendaItemFormat,
    AgreementStatus,
    EventStatus,
    RegistrationStatus,
    SeriesFormat,
    phrase,
)


def test_the_service_holds_codes_and_no_words_for_people() -> None:
    assert not [name for name in dir(vocabulary) if name.endswith("_LABELS")]
    assert not hasattr(vocabulary, "label")


@pytest.mark.parametrize(
    "codes", [SeriesFormat, AgendaItemFormat, EventStatus, RegistrationStatus, AgreementStatus]
)
def test_codes_are_lower_case_english_identifiers(codes: type[StrEnum]) -> None:
    for code in codes:
        assert code.value == code.value.lower()
        assert code.value.replace("_", "").isascii()


def test_error_messages_phrase_a_code_in_plain_english() -> None:
    assert phrase(AgreementStatus.IN_PROGRESS) == "in progress"
    assert phrase(EventStatus.COMPLETED) == "completed"
