"""The registry's domain terms: every code has German and English labels, and typed text maps back."""

from enum import StrEnum

import pytest

from registry_service.vocabulary import (
    LABELS,
    STATUTORY_INSTITUTIONS,
    ConsentKind,
    FormOfAddress,
    Language,
    NetworkKind,
    OrganisationType,
    RegionKind,
    ResponsibilityTopic,
    is_statutory_institution,
    label,
    parse_term,
    salutation,
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


@pytest.mark.parametrize("kind", ALL_TERMS, ids=lambda kind: kind.__name__)
def test_every_code_has_a_german_and_an_english_label(kind: type[StrEnum]) -> None:
    table = LABELS[kind]
    assert set(table) == set(kind)
    for member in kind:
        assert label(member, Language.DE).strip()
        assert label(member, Language.EN).strip()


@pytest.mark.parametrize("kind", ALL_TERMS, ids=lambda kind: kind.__name__)
def test_codes_are_lower_case_english_identifiers(kind: type[StrEnum]) -> None:
    for member in kind:
        assert member.value == member.value.lower()
        assert member.value.replace("_", "").isascii()


def test_the_organisation_types_of_the_networks_are_all_there() -> None:
    german = {label(member) for member in OrganisationType}
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
    assert "BAMF" in label(OrganisationType.BAMF)
    assert "Zentrale Ausländerbehörde" in label(OrganisationType.FOREIGNERS_AUTHORITY)
    assert "MBE" in label(OrganisationType.MIGRATION_COUNSELLING)
    assert "IBAS" in label(OrganisationType.RECOGNITION_COUNSELLING)


def test_the_statutory_institutions_are_the_regelinstitutionen_of_a_regional_workshop() -> None:
    assert {label(member) for member in STATUTORY_INSTITUTIONS} == {
        "Agentur für Arbeit",
        "Jobcenter",
        "Arbeitgeberservice",
        label(OrganisationType.BAMF),
        label(OrganisationType.FOREIGNERS_AUTHORITY),
        label(OrganisationType.MIGRATION_COUNSELLING),
        "Sozialamt",
        "Volkshochschule",
    }
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


@pytest.mark.parametrize(
    ("form", "language", "expected"),
    [
        (FormOfAddress.MS, Language.DE, "Sehr geehrte Frau Dr. Beispiel,"),
        (FormOfAddress.MR, Language.DE, "Sehr geehrter Herr Dr. Beispiel,"),
        (FormOfAddress.NEUTRAL, Language.DE, "Guten Tag Dr. Kim Beispiel,"),
        (FormOfAddress.MS, Language.EN, "Dear Ms Dr. Beispiel,"),
        (FormOfAddress.MR, Language.EN, "Dear Mr Dr. Beispiel,"),
        (FormOfAddress.NEUTRAL, Language.EN, "Dear Dr. Kim Beispiel,"),
    ],
)
def test_salutation_lines_follow_the_form_of_address_and_language(
    form: FormOfAddress, language: Language, expected: str
) -> None:
    assert salutation(form, language, "Kim", "Beispiel", title="Dr.") == expected


def test_neutral_salutation_without_title_uses_first_and_last_name() -> None:
    assert salutation(FormOfAddress.NEUTRAL, Language.DE, "Kim", "Beispiel") == "Guten Tag Kim Beispiel,"


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
    assert label(ResponsibilityTopic.RESIDENCE_LAW) == "Aufenthaltsrecht"
    assert label(ResponsibilityTopic.RESIDENCE_LAW, Language.EN) == "Residence law"


def test_consent_kinds_include_event_contact_and_photos() -> None:
    assert {ConsentKind.NETWORK_EVENT_CONTACT, ConsentKind.PHOTOS} <= set(ConsentKind)
