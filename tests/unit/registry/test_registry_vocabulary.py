"""The registry's domain terms: codes, the words the import recognises for them (German and English
words typed in a spreadsheet map back to the code) and the built-in topics' labels."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import pytest

from registry_service import vocabulary
from registry_service.vocabulary import (
    LABELS,
    ORGANISATION_TYPE_LABELS,
    RESPONSIBILITY_TOPIC_LABELS,
    STATUTORY_INSTITUTIONS,
    ConsentKind,
    FormOfAddress,
    Label,
    Language,
    NetworkKind,
    OrganisationType,
    RegionKind,
    ResponsibilityTopic,
    is_statutory_institution,
    parse_term,
)

ALL_TERMS: list[type[StrEnum]] = [
    Language,
    RegionKind,
    OrganisationType,
    FormOfAddress,
    ResponsibilityTopic,
    NetworkKind,
    ConsentKind,
]


@pytest.mark.parametrize("kind", [*LABELS, ResponsibilityTopic], ids=lambda kind: kind.__name__)
def test_every_code_the_registry_reads_or_sends_as_words_has_both(kind: type[StrEnum]) -> None:
    tables: dict[type[StrEnum], Mapping[Any, Label]] = {
        **LABELS,
        ResponsibilityTopic: RESPONSIBILITY_TOPIC_LABELS,
    }
    table = tables[kind]
    assert set(table) == set(kind)
    for member in kind:
        assert table[member].de.strip()
        assert table[member].en.strip()


def test_words_for_reading_only_live_in_the_gateway() -> None:
    """Region kinds, network kinds and consents are shown, never typed in: their words are the
    gateway catalogue's alone."""
    assert set(LABELS) == {Language, OrganisationType, FormOfAddress}
    for name in ("REGION_KIND_LABELS", "NETWORK_KIND_LABELS", "CONSENT_KIND_LABELS", "label", "salutation"):
        assert not hasattr(vocabulary, name), name


@pytest.mark.parametrize("kind", ALL_TERMS, ids=lambda kind: kind.__name__)
def test_codes_are_lower_case_english_identifiers(kind: type[StrEnum]) -> None:
    for member in kind:
        assert member.value == member.value.lower()
        assert member.value.replace("_", "").isascii()


def test_the_organisation_types_of_the_networks_are_all_there() -> None:
    german = {ORGANISATION_TYPE_LABELS[member].de for member in OrganisationType}
    for expected in (
        "Jobcenter",
        "Agentur für Arbeit",
        "Arbeitgeberservice",
        "Sozialamt",
        "Volkshochschule",
        "IQ-Teilprojekt",
        "Kammer",
        "Landesbehörde",
        "Förderbank",
        "Unternehmen",
        "Migrantenorganisation",
        "Beirat",
    ):
        assert expected in german
    assert "BAMF" in ORGANISATION_TYPE_LABELS[OrganisationType.BAMF].de
    assert "Zentrale Ausländerbehörde" in ORGANISATION_TYPE_LABELS[OrganisationType.FOREIGNERS_AUTHORITY].de
    assert "MBE" in ORGANISATION_TYPE_LABELS[OrganisationType.MIGRATION_COUNSELLING].de
    assert "IBAS" in ORGANISATION_TYPE_LABELS[OrganisationType.RECOGNITION_COUNSELLING].de


def test_the_statutory_institutions_are_the_regelinstitutionen_of_a_regional_workshop() -> None:
    assert {
        OrganisationType.EMPLOYMENT_AGENCY,
        OrganisationType.JOBCENTER,
        OrganisationType.EMPLOYER_SERVICE,
        OrganisationType.BAMF,
        OrganisationType.FOREIGNERS_AUTHORITY,
        OrganisationType.MIGRATION_COUNSELLING,
        OrganisationType.SOCIAL_WELFARE_OFFICE,
        OrganisationType.ADULT_EDUCATION_CENTRE,
    } == STATUTORY_INSTITUTIONS
    assert is_statutory_institution(OrganisationType.JOBCENTER)
    assert not is_statutory_institution(OrganisationType.COMPANY)
    assert not is_statutory_institution(OrganisationType.RECOGNITION_COUNSELLING)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jobcenter", OrganisationType.JOBCENTER),
        ("Agentur für Arbeit", OrganisationType.EMPLOYMENT_AGENCY),
        ("AGENTUR FUER ARBEIT", OrganisationType.EMPLOYMENT_AGENCY),
        ("Federal Employment Agency office", OrganisationType.EMPLOYMENT_AGENCY),
        ("employment_agency", OrganisationType.EMPLOYMENT_AGENCY),
        ("ZAB", OrganisationType.FOREIGNERS_AUTHORITY),
        ("Ausländerbehörde", OrganisationType.FOREIGNERS_AUTHORITY),
        ("JMD", OrganisationType.MIGRATION_COUNSELLING),
        ("VHS", OrganisationType.ADULT_EDUCATION_CENTRE),
        ("IBAS", OrganisationType.RECOGNITION_COUNSELLING),
        ("IHK", OrganisationType.CHAMBER),
        ("Verein", OrganisationType.NON_PROFIT_PROVIDER),
        ("  Beirat ", OrganisationType.ADVISORY_COUNCIL),
    ],
)
def test_organisation_types_are_recognised_by_code_label_or_abbreviation(
    text: str, expected: OrganisationType
) -> None:
    assert parse_term(OrganisationType, text) is expected


def test_unknown_or_empty_terms_are_not_guessed() -> None:
    assert parse_term(OrganisationType, "Bäckerei") is None
    assert parse_term(OrganisationType, "") is None
    assert parse_term(FormOfAddress, "Jobcenter") is None


def test_forms_of_address_are_read_from_german_or_english_words() -> None:
    assert parse_term(FormOfAddress, "Frau") is FormOfAddress.MS
    assert parse_term(FormOfAddress, "Mr") is FormOfAddress.MR
    assert parse_term(FormOfAddress, "guten tag") is FormOfAddress.NEUTRAL


def test_responsibility_topics_cover_the_steps_of_labour_market_integration() -> None:
    assert {
        ResponsibilityTopic.RECOGNITION_OF_QUALIFICATIONS,
        ResponsibilityTopic.WORK_PERMIT,
        ResponsibilityTopic.INTEGRATION_COURSES,
        ResponsibilityTopic.JOB_RELATED_LANGUAGE_COURSES,
        ResponsibilityTopic.SGB_II_BENEFITS,
        ResponsibilityTopic.JOB_PLACEMENT,
        ResponsibilityTopic.RESIDENCE_LAW,
        ResponsibilityTopic.MIGRATION_COUNSELLING,
        ResponsibilityTopic.EMPLOYER_COUNSELLING,
    } <= set(ResponsibilityTopic)
    assert RESPONSIBILITY_TOPIC_LABELS[ResponsibilityTopic.RESIDENCE_LAW] == (
        "Aufenthaltsrecht",
        "Residence law",
    )


def test_consent_kinds_include_event_contact_and_photos() -> None:
    assert {ConsentKind.NETWORK_EVENT_CONTACT, ConsentKind.PHOTOS} <= set(ConsentKind)
