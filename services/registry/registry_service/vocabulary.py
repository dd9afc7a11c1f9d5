"""The registry's domain terms: stable English codes, and the few words the registry itself needs.

Codes are what services store and send; the words people read for them are rendered by the gateway
from its one catalogue. Words stay here only where the registry needs them as data:

- ``LABELS`` (languages, organisation types, forms of address): what the import recognises when
  staff type a word instead of a code in a spreadsheet column; ``parse_term`` maps a code, either
  language's word or a common abbreviation back to the code.
- ``RESPONSIBILITY_TOPIC_LABELS``: the built-in topics' German and English labels, sent as topic data
  next to the topics staff add with labels of their own (``registry.topic.list``, responsibilities).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

Term = TypeVar("Term", bound=StrEnum)


class Label(NamedTuple):
    de: str
    en: str


class Language(StrEnum):
    DE = "de"
    EN = "en"


LANGUAGE_LABELS: Mapping[Language, Label] = {
    Language.DE: Label("Deutsch", "German"),
    Language.EN: Label("Englisch", "English"),
}


class RegionKind(StrEnum):
    LAND = "land"
    LANDKREIS = "landkreis"
    KREISFREIE_STADT = "kreisfreie_stadt"
    BEZIRK = "bezirk"
    CUSTOM = "custom"


class OrganisationType(StrEnum):
    JOBCENTER = "jobcenter"
    EMPLOYMENT_AGENCY = "employment_agency"
    EMPLOYER_SERVICE = "employer_service"
    BAMF = "bamf"
    FOREIGNERS_AUTHORITY = "foreigners_authority"
    MIGRATION_COUNSELLING = "migration_counselling"
    SOCIAL_WELFARE_OFFICE = "social_welfare_office"
    ADULT_EDUCATION_CENTRE = "adult_education_centre"
    RECOGNITION_COUNSELLING = "recognition_counselling"
    IQ_SUBPROJECT = "iq_subproject"
    MUNICIPAL_INTEGRATION_COORDINATION = "municipal_integration_coordination"
    CHAMBER = "chamber"
    STATE_AUTHORITY = "state_authority"
    PROMOTIONAL_BANK = "promotional_bank"
    COMPANY = "company"
    MIGRANT_ORGANISATION = "migrant_organisation"
    NON_PROFIT_PROVIDER = "non_profit_provider"
    ADVISORY_COUNCIL = "advisory_council"
    OTHER = "other"


ORGANISATION_TYPE_LABELS: Mapping[OrganisationType, Label] = {
    OrganisationType.JOBCENTER: Label("Jobcenter", "Jobcenter"),
    OrganisationType.EMPLOYMENT_AGENCY: Label("Agentur für Arbeit", "Federal Employment Agency office"),
    OrganisationType.EMPLOYER_SERVICE: Label("Arbeitgeberservice", "Employer service"),
    OrganisationType.BAMF: Label(
        "Bundesamt für Migration und Flüchtlinge (BAMF)", "Federal Office for Migration and Refugees (BAMF)"
    ),
    OrganisationType.FOREIGNERS_AUTHORITY: Label(
        "Ausländerbehörde / Zentrale Ausländerbehörde", "Foreigners authority / central foreigners authority"
    ),
    OrganisationType.MIGRATION_COUNSELLING: Label(
        "Migrationsberatung (MBE, JMD)", "Migration counselling (MBE, JMD)"
    ),
    OrganisationType.SOCIAL_WELFARE_OFFICE: Label("Sozialamt", "Social welfare office"),
    OrganisationType.ADULT_EDUCATION_CENTRE: Label("Volkshochschule", "Adult education centre"),
    OrganisationType.RECOGNITION_COUNSELLING: Label(
        "Anerkennungs- und Qualifizierungsberatung (IBAS)", "Recognition and qualification counselling (IBAS)"
    ),
    OrganisationType.IQ_SUBPROJECT: Label("IQ-Teilprojekt", "IQ subproject"),
    OrganisationType.MUNICIPAL_INTEGRATION_COORDINATION: Label(
        "Kommunale Integrations-/Migrationskoordination", "Municipal integration/migration coordination"
    ),
    OrganisationType.CHAMBER: Label("Kammer", "Chamber"),
    OrganisationType.STATE_AUTHORITY: Label("Landesbehörde", "State authority"),
    OrganisationType.PROMOTIONAL_BANK: Label("Förderbank", "Promotional bank"),
    OrganisationType.COMPANY: Label("Unternehmen", "Company"),
    OrganisationType.MIGRANT_ORGANISATION: Label("Migrantenorganisation", "Migrant organisation"),
    OrganisationType.NON_PROFIT_PROVIDER: Label(
        "Freier Träger / Verein", "Non-profit provider / association"
    ),
    OrganisationType.ADVISORY_COUNCIL: Label("Beirat", "Advisory council"),
    OrganisationType.OTHER: Label("Sonstige", "Other"),
}

# The Regelinstitutionen: bodies with a statutory mandate for the main steps of labour-market
# integration; together they form the core of a regional network.
STATUTORY_INSTITUTIONS: frozenset[OrganisationType] = frozenset(
    {
        OrganisationType.EMPLOYMENT_AGENCY,
        OrganisationType.JOBCENTER,
        OrganisationType.EMPLOYER_SERVICE,
        OrganisationType.BAMF,
        OrganisationType.FOREIGNERS_AUTHORITY,
        OrganisationType.MIGRATION_COUNSELLING,
        OrganisationType.SOCIAL_WELFARE_OFFICE,
        OrganisationType.ADULT_EDUCATION_CENTRE,
    }
)


def is_statutory_institution(organisation_type: OrganisationType) -> bool:
    return organisation_type in STATUTORY_INSTITUTIONS


class FormOfAddress(StrEnum):
    MS = "ms"
    MR = "mr"
    NEUTRAL = "neutral"


FORM_OF_ADDRESS_LABELS: Mapping[FormOfAddress, Label] = {
    FormOfAddress.MS: Label("Frau", "Ms"),
    FormOfAddress.MR: Label("Herr", "Mr"),
    FormOfAddress.NEUTRAL: Label("Neutral (Vor- und Nachname)", "Neutral (first and last name)"),
}


class ResponsibilityTopic(StrEnum):
    RECOGNITION_OF_QUALIFICATIONS = "recognition_of_qualifications"
    WORK_PERMIT = "work_permit"
    INTEGRATION_COURSES = "integration_courses"
    JOB_RELATED_LANGUAGE_COURSES = "job_related_language_courses"
    SGB_II_BENEFITS = "sgb_ii_benefits"
    ASYLUM_SEEKER_BENEFITS = "asylum_seeker_benefits"
    JOB_PLACEMENT = "job_placement"
    CAREER_GUIDANCE = "career_guidance"
    VOCATIONAL_TRAINING = "vocational_training"
    QUALIFICATION_MEASURES = "qualification_measures"
    RESIDENCE_LAW = "residence_law"
    MIGRATION_COUNSELLING = "migration_counselling"
    EMPLOYER_COUNSELLING = "employer_counselling"
    INTERCULTURAL_OPENING = "intercultural_opening"
    OTHER = "other"


RESPONSIBILITY_TOPIC_LABELS: Mapping[ResponsibilityTopic, Label] = {
    ResponsibilityTopic.RECOGNITION_OF_QUALIFICATIONS: Label(
        "Anerkennung ausländischer Berufsabschlüsse", "Recognition of foreign qualifications"
    ),
    ResponsibilityTopic.WORK_PERMIT: Label(
        "Arbeitserlaubnis und Arbeitsmarktzugang", "Work permits and labour-market access"
    ),
    ResponsibilityTopic.INTEGRATION_COURSES: Label("Integrationskurse", "Integration courses"),
    ResponsibilityTopic.JOB_RELATED_LANGUAGE_COURSES: Label(
        "Berufsbezogene Sprachkurse", "Job-related language courses"
    ),
    ResponsibilityTopic.SGB_II_BENEFITS: Label(
        "Leistungen nach SGB II (Bürgergeld)", "Basic income support (SGB II)"
    ),
    ResponsibilityTopic.ASYLUM_SEEKER_BENEFITS: Label(
        "Leistungen nach dem Asylbewerberleistungsgesetz", "Benefits for asylum seekers"
    ),
    ResponsibilityTopic.JOB_PLACEMENT: Label("Arbeitsvermittlung", "Job placement"),
    ResponsibilityTopic.CAREER_GUIDANCE: Label("Berufsberatung", "Career guidance"),
    ResponsibilityTopic.VOCATIONAL_TRAINING: Label(
        "Ausbildung und Ausbildungsförderung", "Vocational training and its funding"
    ),
    ResponsibilityTopic.QUALIFICATION_MEASURES: Label(
        "Qualifizierung und Anpassungsmaßnahmen", "Qualification and adaptation measures"
    ),
    ResponsibilityTopic.RESIDENCE_LAW: Label("Aufenthaltsrecht", "Residence law"),
    ResponsibilityTopic.MIGRATION_COUNSELLING: Label("Migrationsberatung", "Migration counselling"),
    ResponsibilityTopic.EMPLOYER_COUNSELLING: Label("Arbeitgeberberatung", "Employer counselling"),
    ResponsibilityTopic.INTERCULTURAL_OPENING: Label(
        "Interkulturelle Öffnung", "Intercultural opening of organisations"
    ),
    ResponsibilityTopic.OTHER: Label("Sonstiges", "Other"),
}


class NetworkKind(StrEnum):
    IQ_STATE_NETWORK = "iq_state_network"
    IQ_REGIONAL_NETWORK = "iq_regional_network"
    INTEGRATION_COORDINATORS = "integration_coordinators"
    REGIONAL_INSTITUTIONS = "regional_institutions"
    DISTRICT_CORE_TEAM = "district_core_team"
    OTHER = "other"


class ConsentKind(StrEnum):
    NETWORK_EVENT_CONTACT = "network_event_contact"
    PHOTOS = "photos"
    CONTACT_LIST_SHARING = "contact_list_sharing"


# The words the import recognises for the codes staff write in spreadsheet columns (``parse_term``).
# Any: each table is keyed by its own enum.
LABELS: Mapping[type[StrEnum], Mapping[Any, Label]] = {
    Language: LANGUAGE_LABELS,
    OrganisationType: ORGANISATION_TYPE_LABELS,
    FormOfAddress: FORM_OF_ADDRESS_LABELS,
}

# What staff write in spreadsheets besides codes and labels.
ALIASES: Mapping[type[StrEnum], Mapping[str, StrEnum]] = {
    OrganisationType: {
        "Arbeitsagentur": OrganisationType.EMPLOYMENT_AGENCY,
        "BA": OrganisationType.EMPLOYMENT_AGENCY,
        "JC": OrganisationType.JOBCENTER,
        "AG-S": OrganisationType.EMPLOYER_SERVICE,
        "BAMF": OrganisationType.BAMF,
        "Ausländerbehörde": OrganisationType.FOREIGNERS_AUTHORITY,
        "Zentrale Ausländerbehörde": OrganisationType.FOREIGNERS_AUTHORITY,
        "ABH": OrganisationType.FOREIGNERS_AUTHORITY,
        "ZAB": OrganisationType.FOREIGNERS_AUTHORITY,
        "Migrationsberatung": OrganisationType.MIGRATION_COUNSELLING,
        "MBE": OrganisationType.MIGRATION_COUNSELLING,
        "JMD": OrganisationType.MIGRATION_COUNSELLING,
        "Jugendmigrationsdienst": OrganisationType.MIGRATION_COUNSELLING,
        "VHS": OrganisationType.ADULT_EDUCATION_CENTRE,
        "IBAS": OrganisationType.RECOGNITION_COUNSELLING,
        "Anerkennungsberatung": OrganisationType.RECOGNITION_COUNSELLING,
        "IQ": OrganisationType.IQ_SUBPROJECT,
        "Integrationskoordination": OrganisationType.MUNICIPAL_INTEGRATION_COORDINATION,
        "Migrationskoordination": OrganisationType.MUNICIPAL_INTEGRATION_COORDINATION,
        "IHK": OrganisationType.CHAMBER,
        "HWK": OrganisationType.CHAMBER,
        "Handwerkskammer": OrganisationType.CHAMBER,
        "Industrie- und Handelskammer": OrganisationType.CHAMBER,
        "Investitionsbank": OrganisationType.PROMOTIONAL_BANK,
        "Arbeitgeber": OrganisationType.COMPANY,
        "Employer": OrganisationType.COMPANY,
        "Verein": OrganisationType.NON_PROFIT_PROVIDER,
        "Freier Träger": OrganisationType.NON_PROFIT_PROVIDER,
        "MSO": OrganisationType.MIGRANT_ORGANISATION,
        "Migrationsbeirat": OrganisationType.ADVISORY_COUNCIL,
        "Integrationsbeirat": OrganisationType.ADVISORY_COUNCIL,
        "Sonstiges": OrganisationType.OTHER,
    },
    FormOfAddress: {
        "Mrs": FormOfAddress.MS,
        "Guten Tag": FormOfAddress.NEUTRAL,
        "divers": FormOfAddress.NEUTRAL,
        "keine": FormOfAddress.NEUTRAL,
        "none": FormOfAddress.NEUTRAL,
    },
}


def fold(text: str) -> str:
    """Case- and umlaut-insensitive form for comparing what people type.

    "München", "MUENCHEN" and "munchen" fold alike; runs of whitespace count as one space.
    """
    lowered = text.casefold()
    without_marks = "".join(
        char for char in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(char)
    )
    for spelled_out, letter in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        without_marks = without_marks.replace(spelled_out, letter)
    return " ".join(without_marks.split())


def parse_term(kind: type[Term], text: str) -> Term | None:
    """The code that ``text`` names (code, German or English label, or alias), or None."""
    wanted = fold(text)
    if not wanted:
        return None
    for member in kind:
        names = (member.value, *LABELS[kind][member])
        if any(fold(name) == wanted for name in names):
            return member
    for alias, aliased in ALIASES.get(kind, {}).items():
        if fold(alias) == wanted and isinstance(aliased, kind):
            return aliased
    return None
