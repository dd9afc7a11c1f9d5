"""The events glossary: English codes, German and English labels."""

from events_service.domain.vocabulary import (
    AGENDA_ITEM_FORMAT_LABELS,
    AGREEMENT_STATUS_LABELS,
    EVENT_STATUS_LABELS,
    REGISTRATION_STATUS_LABELS,
    SERIES_FORMAT_LABELS,
    AgendaItemFormat,
    AgreementStatus,
    EventStatus,
    RegistrationStatus,
    SeriesFormat,
    label,
)


def test_every_code_has_a_german_and_an_english_label() -> None:
    for codes, labels in (
        (SeriesFormat, SERIES_FORMAT_LABELS),
        (AgendaItemFormat, AGENDA_ITEM_FORMAT_LABELS),
        (EventStatus, EVENT_STATUS_LABELS),
        (RegistrationStatus, REGISTRATION_STATUS_LABELS),
        (AgreementStatus, AGREEMENT_STATUS_LABELS),
    ):
        assert set(labels) == set(codes)
        assert all(entry.de and entry.en for entry in labels.values())


def test_labels_are_german_first() -> None:
    assert label(SeriesFormat.IDEAS_WORKSHOP) == "Ideenwerkstatt"
    assert label(AgendaItemFormat.WORLD_CAFE, "en") == "World café"
    assert label(RegistrationStatus.WAITLISTED) == "Warteliste"
