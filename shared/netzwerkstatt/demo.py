"""The one definition of the demo data: networks, institutions and (fictional) people of the five
reported cases — IQ Landesnetzwerk Berlin, the IQ networks of Sachsen and the Regionalworkshop
Leipzig, the integration coordinators of Sachsen-Anhalt, Team MitWirkung with Berlin's Bezirke.

Plain Python without dependencies, so that every service can derive its own demo data from it and
the services agree on ids: each id is a uuid5 of ``DEMO_NAMESPACE`` and a stable slug
(``demo_id("organisation", "jobcenter-leipzig")``). Institutions are real; every person, e-mail
address (``example.org``) and phone number (``555`` exchange) is invented.

Codes (organisation types, network kinds, topics, forms of address, consent kinds) are those of
the registry's vocabulary.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

DEMO_NAMESPACE = uuid.UUID("6f1d3c52-8a4e-5b7f-9c21-4e0d8b6a3f10")


def demo_id(kind: str, slug: str) -> uuid.UUID:
    """The stable id of a demo record, e.g. ``demo_id("person", "mara-lindqvist")``."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{kind}:{slug}")


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    type: str
    region_keys: tuple[str, ...]
    parent_slug: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    email: str | None = None
    phone: str | None = None
    website: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return demo_id("organisation", self.slug)

    @property
    def parent_id(self) -> uuid.UUID | None:
        return demo_id("organisation", self.parent_slug) if self.parent_slug else None


@dataclass(frozen=True)
class DemoMembership:
    organisation_slug: str
    function: str | None = None
    decision_maker: bool = False
    substitute_slug: str | None = None
    """Slug of the person who stands in for this one in this organisation."""
    start_date: date | None = None

    @property
    def organisation_id(self) -> uuid.UUID:
        return demo_id("organisation", self.organisation_slug)

    @property
    def substitute_person_id(self) -> uuid.UUID | None:
        return demo_id("person", self.substitute_slug) if self.substitute_slug else None


@dataclass(frozen=True)
class DemoPerson:
    slug: str
    given_name: str
    family_name: str
    form_of_address: str
    email: str
    phone: str | None = None
    title: str | None = None
    language: str = "de"
    memberships: tuple[DemoMembership, ...] = ()
    consents: tuple[str, ...] = ("network_event_contact", "contact_list_sharing")
    notes: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return demo_id("person", self.slug)

    @property
    def consents_to_event_contact(self) -> bool:
        return "network_event_contact" in self.consents


@dataclass(frozen=True)
class DemoSubProject:
    slug: str
    name: str
    organisation_slug: str
    """The organisation that carries out the sub-project (Träger)."""
    programme: str
    funders: tuple[str, ...]
    start_date: date
    end_date: date

    @property
    def id(self) -> uuid.UUID:
        return demo_id("subproject", self.slug)


@dataclass(frozen=True)
class DemoNetwork:
    slug: str
    name: str
    kind: str
    coordinating_slug: str | None
    member_slugs: tuple[str, ...]
    region_keys: tuple[str, ...]
    district_keys: tuple[str, ...]
    """Every district (Landkreis, kreisfreie Stadt, Bezirk) in the network's region."""
    sub_projects: tuple[DemoSubProject, ...] = ()

    @property
    def id(self) -> uuid.UUID:
        return demo_id("network", self.slug)

    @property
    def coordinating_organisation_id(self) -> uuid.UUID | None:
        return demo_id("organisation", self.coordinating_slug) if self.coordinating_slug else None

    @property
    def member_organisation_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(demo_id("organisation", slug) for slug in self.member_slugs)


@dataclass(frozen=True)
class DemoTopic:
    """A responsibility topic added by staff (beyond the registry's built-in topics)."""

    code: str
    label_de: str
    label_en: str


@dataclass(frozen=True)
class DemoResponsibility:
    topic: str
    organisation_slug: str
    region_key: str
    contact_slug: str | None = None
    substitute_slug: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return demo_id("responsibility", f"{self.topic}:{self.organisation_slug}:{self.region_key}")

    @property
    def organisation_id(self) -> uuid.UUID:
        return demo_id("organisation", self.organisation_slug)

    @property
    def contact_person_id(self) -> uuid.UUID | None:
        return demo_id("person", self.contact_slug) if self.contact_slug else None

    @property
    def substitute_person_id(self) -> uuid.UUID | None:
        return demo_id("person", self.substitute_slug) if self.substitute_slug else None


# -- regions ------------------------------------------------------------------------------------------

BERLIN = "11000"
SACHSEN = "14"
SACHSEN_ANHALT = "15"
LEIPZIG_CITY = "14713"

BERLIN_BEZIRKE: tuple[tuple[str, str], ...] = (
    ("11000-01", "Mitte"),
    ("11000-02", "Friedrichshain-Kreuzberg"),
    ("11000-03", "Pankow"),
    ("11000-04", "Charlottenburg-Wilmersdorf"),
    ("11000-05", "Spandau"),
    ("11000-06", "Steglitz-Zehlendorf"),
    ("11000-07", "Tempelhof-Schöneberg"),
    ("11000-08", "Neukölln"),
    ("11000-09", "Treptow-Köpenick"),
    ("11000-10", "Marzahn-Hellersdorf"),
    ("11000-11", "Lichtenberg"),
    ("11000-12", "Reinickendorf"),
)

# The 11 Landkreise and 3 kreisfreie Städte of Sachsen-Anhalt: key, name of the administration,
# short slug, and the seat (postal code, city).
SACHSEN_ANHALT_DISTRICTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("15001", "Stadt Dessau-Roßlau", "dessau-rosslau", "06844", "Dessau-Roßlau"),
    ("15002", "Stadt Halle (Saale)", "halle", "06108", "Halle (Saale)"),
    ("15003", "Landeshauptstadt Magdeburg", "magdeburg", "39104", "Magdeburg"),
    ("15081", "Altmarkkreis Salzwedel", "altmarkkreis-salzwedel", "29410", "Salzwedel"),
    ("15082", "Landkreis Anhalt-Bitterfeld", "anhalt-bitterfeld", "06366", "Köthen (Anhalt)"),
    ("15083", "Landkreis Börde", "boerde", "39340", "Haldensleben"),
    ("15084", "Burgenlandkreis", "burgenlandkreis", "06618", "Naumburg (Saale)"),
    ("15085", "Landkreis Harz", "harz", "38820", "Halberstadt"),
    ("15086", "Landkreis Jerichower Land", "jerichower-land", "39288", "Burg"),
    ("15087", "Landkreis Mansfeld-Südharz", "mansfeld-suedharz", "06526", "Sangerhausen"),
    ("15088", "Saalekreis", "saalekreis", "06217", "Merseburg"),
    ("15089", "Salzlandkreis", "salzlandkreis", "06406", "Bernburg (Saale)"),
    ("15090", "Landkreis Stendal", "stendal", "39576", "Stendal"),
    ("15091", "Landkreis Wittenberg", "wittenberg", "06886", "Lutherstadt Wittenberg"),
)

LEIPZIG_NETWORK_DISTRICTS = ("14713", "14729", "14730")
CHEMNITZ_DRESDEN_NETWORK_DISTRICTS = (
    "14511",
    "14521",
    "14522",
    "14523",
    "14524",
    "14612",
    "14625",
    "14626",
    "14627",
    "14628",
)
SACHSEN_DISTRICTS = tuple(sorted(LEIPZIG_NETWORK_DISTRICTS + CHEMNITZ_DRESDEN_NETWORK_DISTRICTS))

# -- organisations ------------------------------------------------------------------------------------

_BERLIN_NAMED_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "iq-berlin-coordination",
        "Koordinierungsstelle IQ Landesnetzwerk Berlin",
        "iq_subproject",
        (BERLIN,),
        postal_code="10178",
        city="Berlin",
        email="koordination.iq-berlin@example.org",
        phone="+49 30 5550 1000",
    ),
    DemoOrganisation(
        "iq-berlin-recognition-counselling",
        "IQ Beratung zur Anerkennung ausländischer Abschlüsse Berlin",
        "recognition_counselling",
        (BERLIN,),
        postal_code="10969",
        city="Berlin",
        email="anerkennung.iq-berlin@example.org",
        phone="+49 30 5550 1010",
    ),
    DemoOrganisation(
        "iq-berlin-qualification",
        "IQ Qualifizierung für Gesundheits- und Sozialberufe Berlin",
        "iq_subproject",
        (BERLIN,),
        postal_code="10243",
        city="Berlin",
        email="qualifizierung.iq-berlin@example.org",
        phone="+49 30 5550 1020",
    ),
    DemoOrganisation(
        "iq-berlin-intercultural-opening",
        "IQ Interkulturelle Öffnung der Arbeitsverwaltung Berlin",
        "iq_subproject",
        (BERLIN,),
        postal_code="13353",
        city="Berlin",
        email="ikoe.iq-berlin@example.org",
        phone="+49 30 5550 1030",
    ),
    DemoOrganisation(
        "berlin-senate-integration-commissioner",
        "Beauftragte des Berliner Senats für Integration und Migration (Geschäftsstelle)",
        "state_authority",
        (BERLIN,),
        postal_code="10178",
        city="Berlin",
        email="integrationsbeauftragte.berlin@example.org",
        phone="+49 30 5550 1040",
    ),
    DemoOrganisation(
        "lk-armut-office",
        "Geschäftsstelle der Landeskommission zur Prävention von Kinder- und Familienarmut (LK Armut)",
        "state_authority",
        (BERLIN,),
        postal_code="10178",
        city="Berlin",
        email="lk-armut@example.org",
        phone="+49 30 5550 1050",
    ),
    DemoOrganisation(
        "team-mitwirkung",
        "Team MitWirkung",
        "non_profit_provider",
        (BERLIN,),
        postal_code="10961",
        city="Berlin",
        email="team-mitwirkung@example.org",
        phone="+49 30 5550 1060",
    ),
    DemoOrganisation(
        "nachbarschaftshaus-urbanstrasse",
        "Nachbarschaftshaus Urbanstraße",
        "non_profit_provider",
        ("11000-02",),
        postal_code="10967",
        city="Berlin",
        email="nachbarschaftshaus-urbanstrasse@example.org",
        phone="+49 30 5550 1070",
    ),
)
_BEZIRK_COORDINATION_OFFICES = tuple(
    DemoOrganisation(
        f"berlin-{key[-2:]}-ibs-coordination",
        f"Bezirksamt {name} – Koordination Integrierte Bezirkliche Strategie",
        "other",
        (key,),
        postal_code=None,
        city="Berlin",
        email=f"ibs-koordination-{key[-2:]}@example.org",
        phone=f"+49 30 5550 11{key[-2:]}",
    )
    for key, name in BERLIN_BEZIRKE
)
_BERLIN_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    *_BERLIN_NAMED_ORGANISATIONS,
    *_BEZIRK_COORDINATION_OFFICES,
)

_SACHSEN_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "iq-sachsen-coordination",
        "Koordination IQ Netzwerk Sachsen",
        "iq_subproject",
        (SACHSEN,),
        postal_code="01069",
        city="Dresden",
        email="koordination.iq-sachsen@example.org",
        phone="+49 351 555 0100",
    ),
    DemoOrganisation(
        "iq-leipzig-coordination",
        "Koordination Regionales Integrationsnetzwerk IQ Leipzig",
        "iq_subproject",
        LEIPZIG_NETWORK_DISTRICTS,
        parent_slug="iq-sachsen-coordination",
        postal_code="04109",
        city="Leipzig",
        email="iq-leipzig@example.org",
        phone="+49 341 555 0100",
    ),
    DemoOrganisation(
        "iq-chemnitz-dresden-coordination",
        "Koordination Regionales Integrationsnetzwerk IQ Chemnitz-Dresden",
        "iq_subproject",
        CHEMNITZ_DRESDEN_NETWORK_DISTRICTS,
        parent_slug="iq-sachsen-coordination",
        postal_code="09111",
        city="Chemnitz",
        email="iq-chemnitz-dresden@example.org",
        phone="+49 371 555 0100",
    ),
    DemoOrganisation(
        "ibas-leipzig",
        "IBAS Leipzig – Informations- und Beratungsstelle Anerkennung",
        "recognition_counselling",
        LEIPZIG_NETWORK_DISTRICTS,
        postal_code="04109",
        city="Leipzig",
        email="ibas-leipzig@example.org",
        phone="+49 341 555 0110",
    ),
    DemoOrganisation(
        "ibas-chemnitz",
        "IBAS Chemnitz – Informations- und Beratungsstelle Anerkennung",
        "recognition_counselling",
        CHEMNITZ_DRESDEN_NETWORK_DISTRICTS,
        postal_code="09111",
        city="Chemnitz",
        email="ibas-chemnitz@example.org",
        phone="+49 371 555 0110",
    ),
    DemoOrganisation(
        "vhs-leipzig",
        "Volkshochschule Leipzig",
        "adult_education_centre",
        (LEIPZIG_CITY,),
        postal_code="04105",
        city="Leipzig",
        email="vhs-leipzig@example.org",
        phone="+49 341 555 0120",
    ),
    DemoOrganisation(
        "ist-dresden",
        "Intelligenz System Transfer Dresden (IST)",
        "non_profit_provider",
        (SACHSEN,),
        postal_code="01219",
        city="Dresden",
        email="ist-dresden@example.org",
        phone="+49 351 555 0130",
    ),
    DemoOrganisation(
        "agentur-fuer-arbeit-leipzig",
        "Agentur für Arbeit Leipzig",
        "employment_agency",
        (LEIPZIG_CITY,),
        postal_code="04129",
        city="Leipzig",
        email="agentur-leipzig@example.org",
        phone="+49 341 555 0200",
    ),
    DemoOrganisation(
        "jobcenter-leipzig",
        "Jobcenter Leipzig",
        "jobcenter",
        (LEIPZIG_CITY,),
        postal_code="04129",
        city="Leipzig",
        email="jobcenter-leipzig@example.org",
        phone="+49 341 555 0210",
    ),
    DemoOrganisation(
        "arbeitgeberservice-leipzig",
        "Gemeinsamer Arbeitgeberservice Leipzig",
        "employer_service",
        (LEIPZIG_CITY,),
        parent_slug="agentur-fuer-arbeit-leipzig",
        postal_code="04129",
        city="Leipzig",
        email="arbeitgeberservice-leipzig@example.org",
        phone="+49 341 555 0220",
    ),
    DemoOrganisation(
        "bamf-leipzig",
        "Bundesamt für Migration und Flüchtlinge – Regionalstelle Leipzig",
        "bamf",
        (LEIPZIG_CITY,),
        postal_code="04105",
        city="Leipzig",
        email="bamf-leipzig@example.org",
        phone="+49 341 555 0230",
    ),
    DemoOrganisation(
        "zentrale-auslaenderbehoerde-sachsen",
        "Zentrale Ausländerbehörde Sachsen",
        "foreigners_authority",
        (SACHSEN,),
        postal_code="09120",
        city="Chemnitz",
        email="zab-sachsen@example.org",
        phone="+49 371 555 0240",
    ),
    DemoOrganisation(
        "migrationsberatung-leipzig",
        "Migrationsberatung für erwachsene Zugewanderte (MBE) Leipzig",
        "migration_counselling",
        (LEIPZIG_CITY,),
        postal_code="04177",
        city="Leipzig",
        email="mbe-leipzig@example.org",
        phone="+49 341 555 0250",
    ),
    DemoOrganisation(
        "sozialamt-leipzig",
        "Sozialamt der Stadt Leipzig",
        "social_welfare_office",
        (LEIPZIG_CITY,),
        postal_code="04092",
        city="Leipzig",
        email="sozialamt-leipzig@example.org",
        phone="+49 341 555 0260",
    ),
)

_SACHSEN_ANHALT_NAMED_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "agsa",
        "Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)",
        "non_profit_provider",
        (SACHSEN_ANHALT,),
        postal_code="39104",
        city="Magdeburg",
        email="agsa@example.org",
        phone="+49 391 555 0100",
    ),
    DemoOrganisation(
        "ikoe-agsa",
        "IKOE-Projekt der Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)",
        "non_profit_provider",
        (SACHSEN_ANHALT,),
        parent_slug="agsa",
        postal_code="39104",
        city="Magdeburg",
        email="ikoe@example.org",
        phone="+49 391 555 0110",
    ),
    DemoOrganisation(
        "eumigra-agsa",
        "Fach- und Servicestelle EU-Migration Sachsen-Anhalt (EUmigra)",
        "non_profit_provider",
        (SACHSEN_ANHALT,),
        parent_slug="agsa",
        postal_code="39104",
        city="Magdeburg",
        email="eumigra@example.org",
        phone="+49 391 555 0120",
    ),
    DemoOrganisation(
        "landesverwaltungsamt-sachsen-anhalt",
        "Landesverwaltungsamt Sachsen-Anhalt",
        "state_authority",
        (SACHSEN_ANHALT,),
        postal_code="06118",
        city="Halle (Saale)",
        email="landesverwaltungsamt@example.org",
        phone="+49 345 555 0100",
    ),
    DemoOrganisation(
        "investitionsbank-sachsen-anhalt",
        "Investitionsbank Sachsen-Anhalt",
        "promotional_bank",
        (SACHSEN_ANHALT,),
        postal_code="39104",
        city="Magdeburg",
        email="investitionsbank@example.org",
        phone="+49 391 555 0130",
    ),
    DemoOrganisation(
        "migrationsbeirat-halle",
        "Migrationsbeirat der Stadt Halle (Saale)",
        "advisory_council",
        ("15002",),
        postal_code="06108",
        city="Halle (Saale)",
        email="migrationsbeirat-halle@example.org",
        phone="+49 345 555 0110",
    ),
    DemoOrganisation(
        "einewelt-haus-magdeburg",
        "einewelt haus Magdeburg",
        "non_profit_provider",
        ("15003",),
        postal_code="39104",
        city="Magdeburg",
        email="einewelt-haus@example.org",
        phone="+49 391 555 0140",
    ),
)
_DISTRICT_COORDINATION_OFFICES = tuple(
    DemoOrganisation(
        f"integration-coordination-{slug}",
        f"Integrationskoordination {name}",
        "municipal_integration_coordination",
        (key,),
        postal_code=postal_code,
        city=city,
        email=f"integration-{slug}@example.org",
        phone=f"+49 391 555 1{key[-2:]}0",
    )
    for key, name, slug, postal_code, city in SACHSEN_ANHALT_DISTRICTS
)
_SACHSEN_ANHALT_ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    *_SACHSEN_ANHALT_NAMED_ORGANISATIONS,
    *_DISTRICT_COORDINATION_OFFICES,
)

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    _BERLIN_ORGANISATIONS + _SACHSEN_ORGANISATIONS + _SACHSEN_ANHALT_ORGANISATIONS
)

# -- people (all fictional) -----------------------------------------------------------------------


def _person(
    slug: str,
    given_name: str,
    family_name: str,
    form_of_address: str,
    phone: str,
    *memberships: DemoMembership,
    title: str | None = None,
    language: str = "de",
    consents: tuple[str, ...] = ("network_event_contact", "contact_list_sharing"),
    notes: str | None = None,
) -> DemoPerson:
    return DemoPerson(
        slug=slug,
        given_name=given_name,
        family_name=family_name,
        form_of_address=form_of_address,
        email=f"{slug.replace('-', '.')}@example.org",
        phone=phone,
        title=title,
        language=language,
        memberships=memberships,
        consents=consents,
        notes=notes,
    )


def _member(
    organisation_slug: str,
    function: str,
    *,
    decision_maker: bool = False,
    substitute: str | None = None,
    since: date | None = None,
) -> DemoMembership:
    return DemoMembership(organisation_slug, function, decision_maker, substitute, since)


_BERLIN_PEOPLE: tuple[DemoPerson, ...] = (
    _person(
        "mara-lindqvist",
        "Mara",
        "Lindqvist",
        "ms",
        "+49 30 5550 2001",
        _member(
            "iq-berlin-coordination",
            "Leitung",
            decision_maker=True,
            substitute="jonas-feldkamp",
            since=date(2016, 4, 1),
        ),
    ),
    _person(
        "jonas-feldkamp",
        "Jonas",
        "Feldkamp",
        "mr",
        "+49 30 5550 2002",
        _member("iq-berlin-coordination", "Netzwerkkoordination", since=date(2019, 1, 1)),
    ),
    _person(
        "selin-ardic",
        "Selin",
        "Ardıç",
        "ms",
        "+49 30 5550 2003",
        _member(
            "iq-berlin-recognition-counselling", "Projektleitung", decision_maker=True, since=date(2018, 3, 1)
        ),
    ),
    _person(
        "noah-brenneke",
        "Noah",
        "Brenneke",
        "neutral",
        "+49 30 5550 2004",
        _member("iq-berlin-qualification", "Projektleitung", decision_maker=True, since=date(2020, 9, 1)),
        language="en",
    ),
    _person(
        "ilka-sommerfeld",
        "Ilka",
        "Sommerfeld",
        "ms",
        "+49 30 5550 2005",
        _member(
            "iq-berlin-intercultural-opening", "Projektleitung", decision_maker=True, since=date(2017, 6, 1)
        ),
        consents=("network_event_contact", "photos", "contact_list_sharing"),
    ),
    _person(
        "tarek-hollmann",
        "Tarek",
        "Hollmann",
        "mr",
        "+49 30 5550 2006",
        _member("berlin-senate-integration-commissioner", "Referent", since=date(2021, 2, 1)),
        title="Dr.",
    ),
    _person(
        "wiebke-strand",
        "Wiebke",
        "Strand",
        "ms",
        "+49 30 5550 2007",
        _member("lk-armut-office", "Geschäftsführung", decision_maker=True, since=date(2019, 5, 1)),
    ),
    _person(
        "paula-kestner",
        "Paula",
        "Kestner",
        "ms",
        "+49 30 5550 2008",
        _member(
            "team-mitwirkung",
            "Prozessbegleitung",
            decision_maker=True,
            substitute="robin-asmussen",
            since=date(2018, 1, 1),
        ),
    ),
    _person(
        "robin-asmussen",
        "Robin",
        "Asmussen",
        "neutral",
        "+49 30 5550 2009",
        _member("team-mitwirkung", "Prozessbegleitung", since=date(2020, 8, 1)),
    ),
)

# One fictional coordinator per Berlin Bezirk (bezirkliche Koordination of the IBS).
_BEZIRK_COORDINATORS: tuple[tuple[str, str, str], ...] = (
    ("Lene", "Marquardt", "ms"),
    ("Emil", "Rautenberg", "mr"),
    ("Nuray", "Kaplanoglu", "ms"),
    ("Friso", "Wendland", "mr"),
    ("Alma", "Tiedemann", "ms"),
    ("Kim", "Vossberg", "neutral"),
    ("Greta", "Holsten", "ms"),
    ("Bilal", "Osterkamp", "mr"),
    ("Johanna", "Rieckhoff", "ms"),
    ("Milan", "Zernikow", "mr"),
    ("Edda", "Lammersdorf", "ms"),
    ("Yusuf", "Brockmeyer", "mr"),
)

_BERLIN_BEZIRK_PEOPLE: tuple[DemoPerson, ...] = tuple(
    _person(
        f"{given.lower()}-{family.lower()}",
        given,
        family,
        form,
        f"+49 30 5550 3{key[-2:]}1",
        _member(
            f"berlin-{key[-2:]}-ibs-coordination",
            "Bezirkliche Koordination",
            decision_maker=True,
            since=date(2019, 1, 1),
        ),
    )
    for (key, _), (given, family, form) in zip(BERLIN_BEZIRKE, _BEZIRK_COORDINATORS, strict=True)
)

_SACHSEN_PEOPLE: tuple[DemoPerson, ...] = (
    _person(
        "henrike-wachter",
        "Henrike",
        "Wachter",
        "ms",
        "+49 351 555 0101",
        _member(
            "iq-sachsen-coordination",
            "Stellvertretende Koordination",
            decision_maker=True,
            since=date(2015, 1, 1),
        ),
    ),
    _person(
        "ole-sandmann",
        "Ole",
        "Sandmann",
        "mr",
        "+49 341 555 0101",
        _member(
            "iq-leipzig-coordination",
            "Netzwerkkoordination",
            decision_maker=True,
            substitute="dana-kurowski",
            since=date(2023, 1, 1),
        ),
    ),
    _person(
        "dana-kurowski",
        "Dana",
        "Kurowski",
        "ms",
        "+49 341 555 0102",
        _member("iq-leipzig-coordination", "Projektmitarbeit", since=date(2023, 3, 1)),
    ),
    _person(
        "rasmus-peglow",
        "Rasmus",
        "Peglow",
        "mr",
        "+49 371 555 0101",
        _member(
            "iq-chemnitz-dresden-coordination",
            "Netzwerkkoordination",
            decision_maker=True,
            since=date(2023, 1, 1),
        ),
    ),
    _person(
        "amira-haddou",
        "Amira",
        "Haddou",
        "ms",
        "+49 341 555 0111",
        _member(
            "ibas-leipzig",
            "Anerkennungsberatung",
            decision_maker=True,
            substitute="lorenz-quast",
            since=date(2020, 4, 1),
        ),
        language="en",
    ),
    _person(
        "lorenz-quast",
        "Lorenz",
        "Quast",
        "mr",
        "+49 341 555 0112",
        _member("ibas-leipzig", "Anerkennungsberatung", since=date(2022, 10, 1)),
    ),
    _person(
        "sina-bergholz",
        "Sina",
        "Bergholz",
        "ms",
        "+49 371 555 0111",
        _member("ibas-chemnitz", "Anerkennungsberatung", decision_maker=True, since=date(2021, 1, 1)),
    ),
    _person(
        "konrad-ellerbrock",
        "Konrad",
        "Ellerbrock",
        "mr",
        "+49 341 555 0121",
        _member("vhs-leipzig", "Fachbereichsleitung Deutsch als Fremdsprache", decision_maker=True),
        title="Dr.",
    ),
    _person(
        "frauke-lindemann-ost",
        "Frauke",
        "Lindemann-Ost",
        "ms",
        "+49 351 555 0131",
        _member(
            "ist-dresden",
            "Projektansprechpartnerin Interkulturelle Öffnung",
            decision_maker=True,
            since=date(2016, 1, 1),
        ),
    ),
    _person(
        "bernd-kowalczyk",
        "Bernd",
        "Kowalczyk",
        "mr",
        "+49 341 555 0201",
        _member(
            "agentur-fuer-arbeit-leipzig",
            "Teamleitung Arbeitsvermittlung",
            decision_maker=True,
            substitute="merle-jannsen",
        ),
    ),
    _person(
        "merle-jannsen",
        "Merle",
        "Jannsen",
        "ms",
        "+49 341 555 0202",
        _member("agentur-fuer-arbeit-leipzig", "Migrationsbeauftragte"),
    ),
    _person(
        "cem-oezkaya",
        "Cem",
        "Özkaya",
        "mr",
        "+49 341 555 0211",
        _member("jobcenter-leipzig", "Bereichsleitung Integration", decision_maker=True),
    ),
    _person(
        "ina-roeder",
        "Ina",
        "Röder",
        "ms",
        "+49 341 555 0221",
        _member("arbeitgeberservice-leipzig", "Teamleitung", decision_maker=True),
    ),
    _person(
        "viktor-hamann",
        "Viktor",
        "Hamann",
        "mr",
        "+49 341 555 0231",
        _member("bamf-leipzig", "Regionalkoordination Integrationskurse", decision_maker=True),
    ),
    _person(
        "svenja-thormaehlen",
        "Svenja",
        "Thormählen",
        "ms",
        "+49 371 555 0241",
        _member("zentrale-auslaenderbehoerde-sachsen", "Sachgebietsleitung", decision_maker=True),
    ),
    _person(
        "alex-winterfeld",
        "Alex",
        "Winterfeld",
        "neutral",
        "+49 341 555 0251",
        _member("migrationsberatung-leipzig", "Beratung", decision_maker=True),
    ),
    _person(
        "gisela-brandtner",
        "Gisela",
        "Brandtner",
        "ms",
        "+49 341 555 0261",
        _member("sozialamt-leipzig", "Abteilungsleitung", decision_maker=True),
        consents=("network_event_contact",),
    ),
)

_SACHSEN_ANHALT_PEOPLE: tuple[DemoPerson, ...] = (
    _person(
        "marlene-voigtlaender",
        "Marlene",
        "Voigtländer",
        "ms",
        "+49 391 555 0111",
        _member(
            "ikoe-agsa",
            "Projektleitung",
            decision_maker=True,
            substitute="jannik-oltmanns",
            since=date(2016, 1, 1),
        ),
        title="Dr.",
    ),
    _person(
        "jannik-oltmanns",
        "Jannik",
        "Oltmanns",
        "mr",
        "+49 391 555 0112",
        _member("ikoe-agsa", "Projektmitarbeit", since=date(2021, 7, 1)),
        consents=("network_event_contact", "photos", "contact_list_sharing"),
    ),
    _person(
        "rahel-dietz",
        "Rahel",
        "Dietz",
        "ms",
        "+49 391 555 0121",
        _member("eumigra-agsa", "Beratung EU-Migration", decision_maker=True),
    ),
    _person(
        "uwe-pfeilschmidt",
        "Uwe",
        "Pfeilschmidt",
        "mr",
        "+49 345 555 0101",
        _member("landesverwaltungsamt-sachsen-anhalt", "Referat Integration", decision_maker=True),
    ),
    _person(
        "claudia-sturmhoefel",
        "Claudia",
        "Sturmhöfel",
        "ms",
        "+49 391 555 0131",
        _member("investitionsbank-sachsen-anhalt", "Förderberatung"),
    ),
    _person(
        "farid-nasseri",
        "Farid",
        "Nasseri",
        "mr",
        "+49 345 555 0111",
        _member("migrationsbeirat-halle", "Vorsitz", decision_maker=True),
    ),
    _person(
        "tamara-eichhorst",
        "Tamara",
        "Eichhorst",
        "ms",
        "+49 391 555 0141",
        _member("einewelt-haus-magdeburg", "Hausleitung", decision_maker=True),
    ),
)

# One fictional integration coordinator per district of Sachsen-Anhalt; the one in Stendal is new.
_DISTRICT_COORDINATORS: tuple[tuple[str, str, str, date], ...] = (
    ("Anke", "Rosenbaum", "ms", date(2017, 3, 1)),
    ("Malte", "Grabowski", "mr", date(2016, 9, 1)),
    ("Leyla", "Sadik", "ms", date(2018, 5, 1)),
    ("Torben", "Hasselbach", "mr", date(2019, 2, 1)),
    ("Sophie", "Wendtland", "ms", date(2020, 1, 1)),
    ("Jona", "Kreutzfeld", "neutral", date(2021, 6, 1)),
    ("Birte", "Lohmeier", "ms", date(2016, 11, 1)),
    ("Dominik", "Stahlberg", "mr", date(2018, 8, 1)),
    ("Nadia", "Ferchland", "ms", date(2022, 4, 1)),
    ("Henning", "Borchers", "mr", date(2017, 10, 1)),
    ("Vera", "Altenhof", "ms", date(2019, 9, 1)),
    ("Mirko", "Selchow", "mr", date(2020, 3, 1)),
    ("Lukas", "Quandtner", "mr", date(2024, 10, 1)),
    ("Ronja", "Pietsch", "ms", date(2015, 12, 1)),
)

_DISTRICT_COORDINATOR_PEOPLE: tuple[DemoPerson, ...] = tuple(
    _person(
        f"{given.lower()}-{family.lower()}",
        given,
        family,
        form,
        f"+49 391 555 2{key[-2:]}1",
        _member(
            f"integration-coordination-{slug}",
            "Integrationskoordination",
            decision_maker=True,
            since=since,
        ),
    )
    for (key, _, slug, _, _), (given, family, form, since) in zip(
        SACHSEN_ANHALT_DISTRICTS, _DISTRICT_COORDINATORS, strict=True
    )
)

PEOPLE: tuple[DemoPerson, ...] = (
    _BERLIN_PEOPLE
    + _BERLIN_BEZIRK_PEOPLE
    + _SACHSEN_PEOPLE
    + _SACHSEN_ANHALT_PEOPLE
    + _DISTRICT_COORDINATOR_PEOPLE
)

# -- networks -------------------------------------------------------------------------------------

_IQ_PROGRAMME = "Integration durch Qualifizierung (IQ)"
_IQ_FUNDERS = ("Bundesministerium für Arbeit und Soziales", "Europäische Union – ESF Plus")
_IQ_PERIOD = (date(2023, 1, 1), date(2028, 12, 31))

_NAMED_NETWORKS: tuple[DemoNetwork, ...] = (
    DemoNetwork(
        "iq-landesnetzwerk-berlin",
        "IQ Landesnetzwerk Berlin",
        "iq_state_network",
        "iq-berlin-coordination",
        (
            "iq-berlin-coordination",
            "iq-berlin-recognition-counselling",
            "iq-berlin-qualification",
            "iq-berlin-intercultural-opening",
        ),
        (BERLIN,),
        tuple(key for key, _ in BERLIN_BEZIRKE),
        sub_projects=(
            DemoSubProject(
                "iq-berlin-coordination",
                "Koordinierung des IQ Landesnetzwerks Berlin",
                "iq-berlin-coordination",
                _IQ_PROGRAMME,
                _IQ_FUNDERS,
                *_IQ_PERIOD,
            ),
            DemoSubProject(
                "iq-berlin-recognition",
                "Anerkennungs- und Qualifizierungsberatung Berlin",
                "iq-berlin-recognition-counselling",
                _IQ_PROGRAMME,
                _IQ_FUNDERS,
                *_IQ_PERIOD,
            ),
            DemoSubProject(
                "iq-berlin-qualification",
                "Qualifizierung für Gesundheits- und Sozialberufe",
                "iq-berlin-qualification",
                _IQ_PROGRAMME,
                _IQ_FUNDERS,
                *_IQ_PERIOD,
            ),
            DemoSubProject(
                "iq-berlin-intercultural-opening",
                "Interkulturelle Öffnung der Arbeitsverwaltung",
                "iq-berlin-intercultural-opening",
                _IQ_PROGRAMME,
                _IQ_FUNDERS,
                *_IQ_PERIOD,
            ),
        ),
    ),
    DemoNetwork(
        "iq-netzwerk-sachsen",
        "IQ Netzwerk Sachsen",
        "iq_state_network",
        "iq-sachsen-coordination",
        (
            "iq-sachsen-coordination",
            "iq-leipzig-coordination",
            "iq-chemnitz-dresden-coordination",
            "ibas-leipzig",
            "ibas-chemnitz",
            "ist-dresden",
        ),
        (SACHSEN,),
        SACHSEN_DISTRICTS,
        sub_projects=(
            DemoSubProject(
                "ist-intercultural-opening",
                "Interkulturelle Öffnung über Fachaustausch zwischen Akteursgruppen",
                "ist-dresden",
                _IQ_PROGRAMME,
                (*_IQ_FUNDERS, "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr (SMWA)"),
                *_IQ_PERIOD,
            ),
        ),
    ),
    DemoNetwork(
        "iq-regionalnetzwerk-leipzig",
        "Regionales Integrationsnetzwerk IQ Leipzig",
        "iq_regional_network",
        "iq-leipzig-coordination",
        ("iq-leipzig-coordination", "ibas-leipzig", "vhs-leipzig"),
        LEIPZIG_NETWORK_DISTRICTS,
        LEIPZIG_NETWORK_DISTRICTS,
        sub_projects=(
            DemoSubProject(
                "ibas-leipzig",
                "IBAS Leipzig – Informations- und Beratungsstelle Anerkennung",
                "ibas-leipzig",
                _IQ_PROGRAMME,
                (*_IQ_FUNDERS, "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr (SMWA)"),
                *_IQ_PERIOD,
            ),
        ),
    ),
    DemoNetwork(
        "iq-regionalnetzwerk-chemnitz-dresden",
        "Regionales Integrationsnetzwerk IQ Chemnitz-Dresden",
        "iq_regional_network",
        "iq-chemnitz-dresden-coordination",
        ("iq-chemnitz-dresden-coordination", "ibas-chemnitz", "ist-dresden"),
        CHEMNITZ_DRESDEN_NETWORK_DISTRICTS,
        CHEMNITZ_DRESDEN_NETWORK_DISTRICTS,
        sub_projects=(
            DemoSubProject(
                "ibas-chemnitz",
                "IBAS Chemnitz – Informations- und Beratungsstelle Anerkennung",
                "ibas-chemnitz",
                _IQ_PROGRAMME,
                (*_IQ_FUNDERS, "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr (SMWA)"),
                *_IQ_PERIOD,
            ),
        ),
    ),
    DemoNetwork(
        "regionalworkshop-leipzig",
        "Regionalworkshop Leipzig",
        "regional_institutions",
        "ist-dresden",
        (
            "agentur-fuer-arbeit-leipzig",
            "jobcenter-leipzig",
            "arbeitgeberservice-leipzig",
            "bamf-leipzig",
            "zentrale-auslaenderbehoerde-sachsen",
            "migrationsberatung-leipzig",
            "sozialamt-leipzig",
            "vhs-leipzig",
            "ibas-leipzig",
            "ist-dresden",
        ),
        (LEIPZIG_CITY,),
        (LEIPZIG_CITY,),
    ),
    DemoNetwork(
        "integrationskoordination-sachsen-anhalt",
        "Integrationskoordinator*innen Sachsen-Anhalt",
        "integration_coordinators",
        "ikoe-agsa",
        ("ikoe-agsa", *(f"integration-coordination-{slug}" for _, _, slug, _, _ in SACHSEN_ANHALT_DISTRICTS)),
        (SACHSEN_ANHALT,),
        tuple(key for key, *_ in SACHSEN_ANHALT_DISTRICTS),
        sub_projects=(
            DemoSubProject(
                "ikoe",
                "IKOE-Projekt: Ideenwerkstätten und Ideencafés der Integrationskoordination",
                "ikoe-agsa",
                "Landesprogramm Integration Sachsen-Anhalt",
                ("Land Sachsen-Anhalt",),
                date(2023, 1, 1),
                date(2025, 12, 31),
            ),
        ),
    ),
    DemoNetwork(
        "lernwerkstatt-ibs-berlin",
        "Lernwerkstatt Integrierte Bezirkliche Strategien (Team MitWirkung / LK Armut)",
        "other",
        "team-mitwirkung",
        (
            "team-mitwirkung",
            "lk-armut-office",
            *(f"berlin-{key[-2:]}-ibs-coordination" for key, _ in BERLIN_BEZIRKE),
        ),
        (BERLIN,),
        tuple(key for key, _ in BERLIN_BEZIRKE),
    ),
)
_CORE_TEAM_NETWORKS = tuple(
    DemoNetwork(
        f"kernteam-berlin-{key[-2:]}",
        f"Kernteam {name}",
        "district_core_team",
        f"berlin-{key[-2:]}-ibs-coordination",
        (f"berlin-{key[-2:]}-ibs-coordination",),
        (key,),
        (key,),
    )
    for key, name in BERLIN_BEZIRKE
)
NETWORKS: tuple[DemoNetwork, ...] = (*_NAMED_NETWORKS, *_CORE_TEAM_NETWORKS)

# -- responsibilities (Zuständigkeiten) -----------------------------------------------------------

TOPICS: tuple[DemoTopic, ...] = (
    DemoTopic(
        "local_integration_coordination",
        "Kommunale Integrationskoordination",
        "Local integration coordination",
    ),
    DemoTopic("eu_migration", "Beratung zur EU-Migration", "Counselling on EU migration"),
)

_NAMED_RESPONSIBILITIES: tuple[DemoResponsibility, ...] = (
    # The Schnittstellenpapier of the Regionalworkshop Leipzig; asylum-seeker benefits lack a contact.
    DemoResponsibility(
        "recognition_of_qualifications", "ibas-leipzig", LEIPZIG_CITY, "amira-haddou", "lorenz-quast"
    ),
    DemoResponsibility(
        "job_placement", "agentur-fuer-arbeit-leipzig", LEIPZIG_CITY, "bernd-kowalczyk", "merle-jannsen"
    ),
    DemoResponsibility(
        "career_guidance", "agentur-fuer-arbeit-leipzig", LEIPZIG_CITY, "merle-jannsen", "bernd-kowalczyk"
    ),
    DemoResponsibility("sgb_ii_benefits", "jobcenter-leipzig", LEIPZIG_CITY, "cem-oezkaya"),
    DemoResponsibility("employer_counselling", "arbeitgeberservice-leipzig", LEIPZIG_CITY, "ina-roeder"),
    DemoResponsibility("integration_courses", "bamf-leipzig", LEIPZIG_CITY, "viktor-hamann"),
    DemoResponsibility("job_related_language_courses", "vhs-leipzig", LEIPZIG_CITY, "konrad-ellerbrock"),
    DemoResponsibility(
        "residence_law", "zentrale-auslaenderbehoerde-sachsen", LEIPZIG_CITY, "svenja-thormaehlen"
    ),
    DemoResponsibility(
        "work_permit", "zentrale-auslaenderbehoerde-sachsen", LEIPZIG_CITY, "svenja-thormaehlen"
    ),
    DemoResponsibility(
        "migration_counselling", "migrationsberatung-leipzig", LEIPZIG_CITY, "alex-winterfeld"
    ),
    DemoResponsibility("asylum_seeker_benefits", "sozialamt-leipzig", LEIPZIG_CITY),
    DemoResponsibility("intercultural_opening", "ist-dresden", LEIPZIG_CITY, "frauke-lindemann-ost"),
    # Berlin
    DemoResponsibility(
        "recognition_of_qualifications", "iq-berlin-recognition-counselling", BERLIN, "selin-ardic"
    ),
    DemoResponsibility("qualification_measures", "iq-berlin-qualification", BERLIN, "noah-brenneke"),
    DemoResponsibility("intercultural_opening", "iq-berlin-intercultural-opening", BERLIN, "ilka-sommerfeld"),
    # Sachsen-Anhalt: every district's coordination office, and EU migration at the AGSA.
    DemoResponsibility("eu_migration", "eumigra-agsa", SACHSEN_ANHALT, "rahel-dietz"),
)
_DISTRICT_COORDINATION_RESPONSIBILITIES = tuple(
    DemoResponsibility(
        "local_integration_coordination",
        f"integration-coordination-{slug}",
        key,
        f"{given.lower()}-{family.lower()}",
    )
    for (key, _, slug, _, _), (given, family, _, _) in zip(
        SACHSEN_ANHALT_DISTRICTS, _DISTRICT_COORDINATORS, strict=True
    )
)
RESPONSIBILITIES: tuple[DemoResponsibility, ...] = (
    *_NAMED_RESPONSIBILITIES,
    *_DISTRICT_COORDINATION_RESPONSIBILITIES,
)


# -- lookups ------------------------------------------------------------------------------------------


class _HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


_T = TypeVar("_T", bound=_HasSlug)


def organisation(slug: str) -> DemoOrganisation:
    return _by_slug(ORGANISATIONS, slug)


def person(slug: str) -> DemoPerson:
    return _by_slug(PEOPLE, slug)


def network(slug: str) -> DemoNetwork:
    return _by_slug(NETWORKS, slug)


def _by_slug(records: tuple[_T, ...], slug: str) -> _T:
    for record in records:
        if record.slug == slug:
            return record
    raise KeyError(f"no demo record with slug {slug!r}")


__all__ = [
    "DEMO_NAMESPACE",
    "NETWORKS",
    "ORGANISATIONS",
    "PEOPLE",
    "RESPONSIBILITIES",
    "TOPICS",
    "DemoMembership",
    "DemoNetwork",
    "DemoOrganisation",
    "DemoPerson",
    "DemoResponsibility",
    "DemoSubProject",
    "DemoTopic",
    "demo_id",
    "network",
    "organisation",
    "person",
]


# ==================================================================================================
# Events: series and events of the five reports (maintained with the events service)
# ==================================================================================================
# Past events are completed with their attendance; the planned next editions are those the reports
# mention. Dates the reports leave open (the first Regionalworkshop, the spring 2024 meeting, the day
# in November 2025) are chosen plausibly and marked as such in the description.

from datetime import time as _time  # noqa: E402


@dataclass(frozen=True)
class DemoSeries:
    slug: str
    title: str
    format: str
    """Format code of the events service: regional_workshop, ideas_workshop, ideas_cafe, ..."""
    network_slug: str
    organiser_slugs: tuple[str, ...]
    organiser_email: str
    host_pool: tuple[str, ...] = ()
    """District keys that take turns hosting, in pool order."""
    first_edition: int = 1

    @property
    def id(self) -> uuid.UUID:
        return demo_id("series", self.slug)


@dataclass(frozen=True)
class DemoEventDay:
    date: date
    start: _time
    end: _time


@dataclass(frozen=True)
class DemoAgendaItem:
    day: int
    """Index of the event day."""
    start: _time
    end: _time
    format: str
    title: str
    room: str | None = None
    speaker_slugs: tuple[str, ...] = ()
    guest_speakers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoAgreement:
    slug: str
    text: str
    owner_organisation_slug: str
    owner_slug: str | None = None
    due_on: date | None = None
    status: str = "open"

    @property
    def id(self) -> uuid.UUID:
        return demo_id("agreement", self.slug)


@dataclass(frozen=True)
class DemoEvent:
    slug: str
    title: str
    format: str
    network_slug: str
    days: tuple[DemoEventDay, ...]
    status: str
    """completed (with attendance), published or draft."""
    organiser_name: str
    organiser_email: str
    series_slug: str | None = None
    edition: int | None = None
    motto: str | None = None
    description: str = ""
    venue_name: str | None = None
    venue_address: str | None = None
    venue_room: str | None = None
    host_district_key: str | None = None
    host_organisation_slug: str | None = None
    capacity: int | None = None
    seats_per_organisation: int | None = None
    target_groups: tuple[str, ...] = ()
    funding_note: str | None = None
    attendee_slugs: tuple[str, ...] = ()
    """Completed events: present on every day. Planned events: confirmed registrations."""
    agenda: tuple[DemoAgendaItem, ...] = ()
    agreements: tuple[DemoAgreement, ...] = ()

    @property
    def id(self) -> uuid.UUID:
        return demo_id("event", self.slug)

    @property
    def series_id(self) -> uuid.UUID | None:
        return demo_id("series", self.series_slug) if self.series_slug else None

    @property
    def attendee_ids(self) -> tuple[uuid.UUID, ...]:
        return tuple(demo_id("person", slug) for slug in self.attendee_slugs)


def _members_of(*organisation_slugs: str) -> tuple[str, ...]:
    """Slugs of the demo people with a membership in one of the organisations, in PEOPLE order."""
    wanted = set(organisation_slugs)
    return tuple(p.slug for p in PEOPLE if any(m.organisation_slug in wanted for m in p.memberships))


def _day(year: int, month: int, day: int, start: int, end: int, end_minute: int = 0) -> DemoEventDay:
    return DemoEventDay(date(year, month, day), _time(start), _time(end, end_minute))


_SA_DISTRICT_KEYS = tuple(key for key, *_ in SACHSEN_ANHALT_DISTRICTS)
_SA_COORDINATORS = {
    key: _members_of(f"integration-coordination-{slug}")[0] for key, _, slug, _, _ in SACHSEN_ANHALT_DISTRICTS
}
_IKOE_FUNDING = "Gefördert durch das Land Sachsen-Anhalt (Landesprogramm Integration)"
_IQ_FUNDING = (
    "Gefördert im Förderprogramm „Integration durch Qualifizierung (IQ)“ durch das Bundesministerium für "
    "Arbeit und Soziales und die Europäische Union über den Europäischen Sozialfonds Plus (ESF Plus)"
)

EVENT_SERIES: tuple[DemoSeries, ...] = (
    DemoSeries(
        "ikoe-ideenwerkstatt",
        "IKOE-Ideenwerkstatt",
        "ideas_workshop",
        "integrationskoordination-sachsen-anhalt",
        ("ikoe-agsa",),
        "ikoe-agsa@example.org",
        host_pool=_SA_DISTRICT_KEYS,
        first_edition=13,  # the editions since 2016 before the 13th are not recorded here
    ),
    DemoSeries(
        "ikoe-ideencafe",
        "IKOE-Ideencafé",
        "ideas_cafe",
        "integrationskoordination-sachsen-anhalt",
        ("ikoe-agsa",),
        "ikoe-agsa@example.org",
    ),
    DemoSeries(
        "lernwerkstatt-ibs",
        "Lernwerkstatt Integrierte Bezirkliche Strategien",
        "learning_workshop",
        "lernwerkstatt-ibs-berlin",
        ("team-mitwirkung",),
        "team-mitwirkung@example.org",
    ),
    DemoSeries(
        "netzwerktreffen-iq-sachsen",
        "Landesweites Netzwerktreffen IQ Sachsen",
        "network_meeting",
        "iq-netzwerk-sachsen",
        ("iq-leipzig-coordination", "iq-chemnitz-dresden-coordination"),
        "iq-leipzig@example.org",
    ),
    DemoSeries(
        "regionalworkshop-leipzig",
        "Regionalworkshop Leipzig",
        "regional_workshop",
        "regionalworkshop-leipzig",
        ("ist-dresden",),
        "ist-dresden@example.org",
        host_pool=(LEIPZIG_CITY,),
    ),
)

_BERLIN_IQ_PEOPLE = _members_of(
    "iq-berlin-coordination",
    "iq-berlin-recognition-counselling",
    "iq-berlin-qualification",
    "iq-berlin-intercultural-opening",
    "berlin-senate-integration-commissioner",
)
_LERNWERKSTATT_BEZIRKE = ("01", "02", "03", "07", "08", "10", "11")  # "Kolleg*innen aus sieben Bezirken"
_REGIONALWORKSHOP_LEIPZIG_PEOPLE = tuple(
    p.slug
    for p in PEOPLE
    for m in p.memberships[:1]
    if m.decision_maker and m.organisation_slug in network("regionalworkshop-leipzig").member_slugs
)

DEMO_EVENTS: tuple[DemoEvent, ...] = (
    DemoEvent(
        "zukunftswerkstatt-iq-berlin-2017",
        "Zukunftswerkstatt des IQ Landesnetzwerks Berlin",
        "future_workshop",
        "iq-landesnetzwerk-berlin",
        (_day(2017, 11, 23, 9, 16),),
        "completed",
        "Koordinierungsstelle IQ Landesnetzwerk Berlin",
        "koordination.iq-berlin@example.org",
        motto="IQ schaut nach Vorn",
        description="Erfolge, Herausforderungen aus der Praxis und Lösungsräume für die Förderphase 2018.",
        target_groups=("Teilprojekte des IQ Landesnetzwerks Berlin", "arbeitsmarktrelevante Akteure"),
        funding_note=_IQ_FUNDING,
        attendee_slugs=_BERLIN_IQ_PEOPLE,
        agenda=(
            DemoAgendaItem(
                0, _time(9), _time(9, 30), "greeting", "Grußworte", speaker_slugs=("tarek-hollmann",)
            ),
            DemoAgendaItem(0, _time(9, 30), _time(12), "workshop", "Themenspezifische Workshops", "Raum 1"),
            DemoAgendaItem(0, _time(12), _time(13), "lunch", "Mittagspause"),
            DemoAgendaItem(
                0, _time(13), _time(14, 30), "speed_consultation", "Speed Consultations im Plenum"
            ),
            DemoAgendaItem(0, _time(14, 30), _time(16), "closing", "Abschließende Worte der Teilnehmenden"),
        ),
    ),
    DemoEvent(
        "lernwerkstatt-ibs-1",
        "Lernwerkstatt: Die integrierte bezirkliche Strategie als Leitbild und Arbeitsansatz",
        "learning_workshop",
        "lernwerkstatt-ibs-berlin",
        (_day(2023, 9, 11, 10, 16), _day(2023, 9, 12, 9, 15)),
        "completed",
        "Team MitWirkung",
        "team-mitwirkung@example.org",
        series_slug="lernwerkstatt-ibs",
        edition=1,
        motto="Die Strategie muss auf die Straße!",
        description="Arbeits-, Denk- und Lernraum nach dem Prinzip der Lernenden Organisation. "
        "(Das Jahr ist im Bericht nicht genannt.)",
        venue_name="Nachbarschaftshaus Urbanstraße",
        venue_address="Urbanstraße 21, 10961 Berlin",
        venue_room="Tanzsaal",
        host_district_key="11000-02",
        host_organisation_slug="nachbarschaftshaus-urbanstrasse",
        target_groups=("bezirkliche Koordinationen", "Kernteams"),
        attendee_slugs=(
            *_members_of(*(f"berlin-{b}-ibs-coordination" for b in _LERNWERKSTATT_BEZIRKE)),
            "wiebke-strand",
        ),
        agenda=(
            DemoAgendaItem(0, _time(10), _time(10, 30), "welcome", "Ankommen und Begrüßung", "Tanzsaal"),
            DemoAgendaItem(
                0, _time(10, 30), _time(11), "impulse", "Was bedeutet die IBS als Leitbild?", "Tanzsaal"
            ),
            DemoAgendaItem(
                0, _time(11), _time(16), "workshop", "Arbeitsphase: Wo setzen wir an?", "Tanzsaal"
            ),
            DemoAgendaItem(1, _time(9), _time(9, 30), "impulse", "Wirkungsorientierung", "Tanzsaal"),
            DemoAgendaItem(
                1, _time(9, 30), _time(14), "workshop", "Arbeitsphase: Was braucht es?", "Tanzsaal"
            ),
            DemoAgendaItem(1, _time(14), _time(15), "closing", "Resümee", "Tanzsaal"),
        ),
    ),
    DemoEvent(
        "lernwerkstatt-ibs-2",
        "Lernwerkstatt: Armutssensibilität",
        "learning_workshop",
        "lernwerkstatt-ibs-berlin",
        (_day(2023, 11, 7, 10, 16),),
        "published",
        "Team MitWirkung",
        "team-mitwirkung@example.org",
        series_slug="lernwerkstatt-ibs",
        edition=2,
        motto="Nach der Lernwerkstatt ist vor der Lernwerkstatt",
        description="Zweite Lernwerkstatt der Reihe, offen auch für neue Fachkräfte aus Kernteams "
        "und Koordinationen.",
        venue_name="Nachbarschaftshaus Urbanstraße",
        venue_address="Urbanstraße 21, 10961 Berlin",
        venue_room="Tanzsaal",
        host_district_key="11000-02",
        host_organisation_slug="nachbarschaftshaus-urbanstrasse",
        capacity=30,
        target_groups=("bezirkliche Koordinationen", "Kernteams"),
        attendee_slugs=_members_of(*(f"berlin-{b}-ibs-coordination" for b in _LERNWERKSTATT_BEZIRKE[:4])),
    ),
    DemoEvent(
        "netzwerktreffen-iq-sachsen-2023",
        "Landesweites Netzwerktreffen IQ Sachsen",
        "network_meeting",
        "iq-netzwerk-sachsen",
        (_day(2023, 9, 19, 10, 15),),
        "completed",
        "Regionales Integrationsnetzwerk IQ Leipzig",
        "iq-leipzig@example.org",
        series_slug="netzwerktreffen-iq-sachsen",
        edition=1,
        description="Erstes Treffen der Partner beider Regionalen Integrationsnetzwerke und der IBAS "
        "in Sachsen.",
        venue_name="Volkshochschule Leipzig",
        venue_address="Löhrstraße 3–7, 04105 Leipzig",
        host_district_key=LEIPZIG_CITY,
        host_organisation_slug="vhs-leipzig",
        target_groups=("Partner der Regionalen Integrationsnetzwerke", "IBAS"),
        funding_note=_IQ_FUNDING + "; kofinanziert durch das SMWA",
        attendee_slugs=_members_of(
            "iq-sachsen-coordination",
            "iq-leipzig-coordination",
            "iq-chemnitz-dresden-coordination",
            "ibas-leipzig",
            "ibas-chemnitz",
            "ist-dresden",
        ),
        agenda=(
            DemoAgendaItem(
                0, _time(10), _time(11, 30), "presentation_round", "Vorstellung aller Teilvorhaben"
            ),
            DemoAgendaItem(0, _time(11, 30), _time(12, 15), "lunch", "Mittagspause"),
            DemoAgendaItem(
                0, _time(12, 15), _time(14, 15), "world_cafe", "World Café: Öffentlichkeitsarbeit"
            ),
            DemoAgendaItem(0, _time(14, 15), _time(15), "closing", "Nächste gemeinsame Schritte"),
        ),
        agreements=(
            DemoAgreement(
                "netzwerktreffen-2023-infomaterial",
                "Digitale Informationsmaterialien gemeinsam entwickeln",
                "iq-leipzig-coordination",
                "dana-kurowski",
                date(2024, 3, 31),
                "in_progress",
            ),
            DemoAgreement(
                "netzwerktreffen-2023-kommunikation",
                "Effektive Kommunikationswege zwischen den Netzwerken etablieren",
                "iq-chemnitz-dresden-coordination",
                None,
                date(2024, 3, 31),
            ),
        ),
    ),
    DemoEvent(
        "netzwerktreffen-iq-sachsen-2024",
        "Landesweites Netzwerktreffen IQ Sachsen (Frühjahr 2024)",
        "network_meeting",
        "iq-netzwerk-sachsen",
        (_day(2024, 4, 17, 10, 15),),
        "draft",
        "Regionales Integrationsnetzwerk IQ Leipzig",
        "iq-leipzig@example.org",
        series_slug="netzwerktreffen-iq-sachsen",
        edition=2,
        description="Folgetreffen, geplant für das Frühjahr 2024 (Tag noch offen).",
        host_district_key="14612",
        target_groups=("Partner der Regionalen Integrationsnetzwerke", "IBAS"),
    ),
    DemoEvent(
        "ikoe-ideenwerkstatt-13",
        "13. IKOE-Ideenwerkstatt",
        "ideas_workshop",
        "integrationskoordination-sachsen-anhalt",
        (_day(2024, 11, 21, 10, 17), _day(2024, 11, 22, 9, 14)),
        "completed",
        "IKOE-Projekt der Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)",
        "ikoe-agsa@example.org",
        series_slug="ikoe-ideenwerkstatt",
        edition=13,
        motto="Verwaltung und Arbeitsmarktintegration: Wie können Verwaltungen nachhaltige und effektive "
        "Kooperations- und Kommunikationsformen mit der Wirtschaft und Unternehmen aufbauen und verbessern?",
        venue_name="Stadthaus Halle",
        venue_address="Marktplatz 2, 06108 Halle (Saale)",
        host_district_key="15002",
        host_organisation_slug="integration-coordination-halle",
        capacity=40,
        seats_per_organisation=2,
        target_groups=("Integrationskoordinator*innen der Landkreise und kreisfreien Städte",),
        funding_note=_IKOE_FUNDING,
        # Almost all districts: the Altmarkkreis Salzwedel was missing.
        attendee_slugs=(
            *(slug for key, slug in _SA_COORDINATORS.items() if key != "15081"),
            "marlene-voigtlaender",
            "jannik-oltmanns",
            "rahel-dietz",
            "uwe-pfeilschmidt",
            "claudia-sturmhoefel",
            "farid-nasseri",
        ),
        agenda=(
            DemoAgendaItem(
                0,
                _time(10),
                _time(10, 45),
                "impulse",
                "Eröffnung und Impuls: Verwaltung im Dreiklang mit Zivilgesellschaft und Wirtschaft",
                speaker_slugs=("marlene-voigtlaender",),
            ),
            DemoAgendaItem(
                0,
                _time(10, 45),
                _time(11, 30),
                "talk",
                "Aktuelles aus der Projektarbeit",
                speaker_slugs=("jannik-oltmanns",),
            ),
            DemoAgendaItem(
                0,
                _time(11, 30),
                _time(12),
                "presentation_round",
                "Vorstellung von EUmigra",
                speaker_slugs=("rahel-dietz",),
            ),
            DemoAgendaItem(0, _time(12), _time(13), "lunch", "Mittagspause"),
            DemoAgendaItem(
                0,
                _time(13),
                _time(13, 45),
                "talk",
                "Unterstützungs- und Vernetzungsstrukturen mit Unternehmen: Beispiele aus Brandenburg",
                guest_speakers=("Dr. Hanna Brückner",),
            ),
            DemoAgendaItem(
                0,
                _time(13, 45),
                _time(15, 15),
                "practice_workshop",
                "Praxisworkshop: Unternehmen ansprechen und einbinden",
                guest_speakers=("Dr. Hanna Brückner",),
            ),
            DemoAgendaItem(
                0,
                _time(15, 30),
                _time(16, 15),
                "talk",
                "Best Practice aus dem ländlichen Raum Hessens",
                guest_speakers=("Integrationskoordination Landkreis Waldeck-Frankenberg",),
            ),
            DemoAgendaItem(
                0,
                _time(16, 15),
                _time(17),
                "questions",
                "Fragen an das Landesverwaltungsamt und die Investitionsbank",
                speaker_slugs=("uwe-pfeilschmidt", "claudia-sturmhoefel"),
            ),
            DemoAgendaItem(
                1,
                _time(9),
                _time(9, 30),
                "impulse",
                "Handlungsspielräume politischer Partizipation",
                speaker_slugs=("farid-nasseri",),
            ),
            DemoAgendaItem(1, _time(9, 30), _time(13), "barcamp", "Barcamp: Themen aus den Landkreisen"),
            DemoAgendaItem(1, _time(13), _time(14), "closing", "Abschluss und Gruppenfoto"),
        ),
        agreements=(
            DemoAgreement(
                "ideenwerkstatt-13-stammtisch",
                "Stammtische von Verwaltung und Unternehmen in zwei Landkreisen erproben",
                "ikoe-agsa",
                "jannik-oltmanns",
                date(2025, 6, 30),
            ),
            DemoAgreement(
                "ideenwerkstatt-13-job-buddy",
                "Erfahrungen mit dem Job-Buddy-Programm zum Ideencafé zusammentragen",
                "ikoe-agsa",
                "marlene-voigtlaender",
                date(2025, 3, 21),
                "done",
            ),
        ),
    ),
    DemoEvent(
        "ikoe-ideencafe-2025",
        "IKOE-Ideencafé",
        "ideas_cafe",
        "integrationskoordination-sachsen-anhalt",
        (_day(2025, 3, 21, 10, 15),),
        "published",
        "IKOE-Projekt der Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)",
        "ikoe-agsa@example.org",
        series_slug="ikoe-ideencafe",
        edition=1,
        venue_name="einewelt haus Magdeburg",
        venue_address="Schellingstraße 3–4, 39104 Magdeburg",
        host_district_key="15003",
        host_organisation_slug="einewelt-haus-magdeburg",
        capacity=30,
        target_groups=("Integrationskoordinator*innen der Landkreise und kreisfreien Städte",),
        funding_note=_IKOE_FUNDING,
        attendee_slugs=tuple(_SA_COORDINATORS[key] for key in ("15001", "15003", "15089", "15090")),
    ),
    DemoEvent(
        "ikoe-ideenwerkstatt-14",
        "14. IKOE-Ideenwerkstatt",
        "ideas_workshop",
        "integrationskoordination-sachsen-anhalt",
        (_day(2025, 11, 20, 10, 17), _day(2025, 11, 21, 9, 14)),
        "draft",
        "IKOE-Projekt der Auslandsgesellschaft Sachsen-Anhalt e.V. (AGSA)",
        "ikoe-agsa@example.org",
        series_slug="ikoe-ideenwerkstatt",
        edition=14,
        description="Geplant für November 2025 (die Tage sind noch nicht festgelegt).",
        host_district_key="15001",
        capacity=40,
        seats_per_organisation=2,
        target_groups=("Integrationskoordinator*innen der Landkreise und kreisfreien Städte",),
        funding_note=_IKOE_FUNDING,
    ),
    DemoEvent(
        "regionalworkshop-leipzig-1",
        "Regionalworkshop Leipzig: Kurze Dienstwege",
        "regional_workshop",
        "regionalworkshop-leipzig",
        (_day(2019, 5, 14, 9, 13),),
        "completed",
        "Intelligenz System Transfer Dresden (IST)",
        "ist-dresden@example.org",
        series_slug="regionalworkshop-leipzig",
        edition=1,
        description="Erster Regionalworkshop der Regelinstitutionen in Leipzig "
        "(Datum im Bericht nicht genannt).",
        venue_name="Agentur für Arbeit Leipzig",
        host_district_key=LEIPZIG_CITY,
        host_organisation_slug="agentur-fuer-arbeit-leipzig",
        capacity=25,
        seats_per_organisation=2,
        target_groups=("Entscheidungsbefugte der Regelinstitutionen",),
        attendee_slugs=_REGIONALWORKSHOP_LEIPZIG_PEOPLE,
        agreements=(
            DemoAgreement(
                "regionalworkshop-1-schnittstellenpapier",
                "Schnittstellenpapier mit Zuständigkeiten und Ansprechpersonen erstellen",
                "ist-dresden",
                "frauke-lindemann-ost",
                date(2019, 7, 31),
                "done",
            ),
            DemoAgreement(
                "regionalworkshop-1-asylbewerberleistungen",
                "Ansprechperson für Leistungen nach dem AsylbLG benennen",
                "sozialamt-leipzig",
                "gisela-brandtner",
                date(2019, 9, 30),
            ),
        ),
    ),
    DemoEvent(
        "regionalworkshop-leipzig-2",
        "Regionalworkshop Leipzig",
        "regional_workshop",
        "regionalworkshop-leipzig",
        (_day(2027, 3, 10, 9, 13),),
        "published",
        "Intelligenz System Transfer Dresden (IST)",
        "ist-dresden@example.org",
        series_slug="regionalworkshop-leipzig",
        edition=2,
        description="Regelmäßige Austauschrunde der Regelinstitutionen; höchstens 25 Personen.",
        venue_name="Jobcenter Leipzig",
        host_district_key=LEIPZIG_CITY,
        host_organisation_slug="jobcenter-leipzig",
        capacity=25,
        seats_per_organisation=2,
        target_groups=("Entscheidungsbefugte der Regelinstitutionen",),
        attendee_slugs=_REGIONALWORKSHOP_LEIPZIG_PEOPLE[:5],
    ),
)


def event_series(slug: str) -> DemoSeries:
    return _by_slug(EVENT_SERIES, slug)


def demo_event(slug: str) -> DemoEvent:
    return _by_slug(DEMO_EVENTS, slug)


def completed_demo_events() -> tuple[DemoEvent, ...]:
    """The past events, held and completed, with their attendees (for feedback's demo surveys)."""
    return tuple(event for event in DEMO_EVENTS if event.status == "completed")
