"""Contract of the registry service: organisations, people, networks, regions, responsibilities."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from netzwerkstatt.contracts import (
    MAX_DISTRICTS,
    MAX_FILE_BASE64,
    MAX_LISTED,
    MAX_MEMBERS,
    MAX_STORED_INT,
    CodeText,
    LabelText,
    PageRequest,
    Request,
    SortDirection,
    View,
)

# The import's row problems are every import's; named here too, as the registry's import answers them.
from netzwerkstatt.contracts import ImportProblem as ImportProblem
from netzwerkstatt.contracts import ImportRowProblems as ImportRowProblems
from netzwerkstatt.envelope import DomainEvent
from netzwerkstatt.tabular import Column

# A person's addresses and phone number (lists in general: netzwerkstatt.contracts).
MAX_EMAILS = 10
MAX_PHONE_LENGTH = 50
# The most networks a list filters by at once (a coordinator's networks, in one request).
MAX_NETWORKS_LISTED = 500
EmailText = Annotated[str, Field(max_length=254)]  # the longest address SMTP carries

SERVICE = "registry"


# -- regions ----------------------------------------------------------------------------------------


class RegionKey(Request):
    key: str = Field(max_length=100, examples=["15002", "11000-08", "14"])


class SearchRegions(Request):
    text: str = Field(max_length=200, min_length=1, examples=["Halle"])
    kinds: list[CodeText] | None = Field(
        default=None,
        max_length=MAX_LISTED,
        description="land, landkreis, kreisfreie_stadt, bezirk, custom",
        examples=[["landkreis"]],
    )
    limit: int = Field(default=20, ge=1, le=200)


class CreateCustomRegion(Request):
    """A region defined by staff as a set of districts, e.g. the area of a regional network."""

    name: str = Field(min_length=2, max_length=200, examples=["Raum Leipzig"])
    district_keys: list[CodeText] = Field(
        min_length=1, max_length=MAX_DISTRICTS, examples=[["14713", "14729", "14730"]]
    )


class RegionView(View):
    key: str
    name: str
    kind: str
    parent_key: str | None = None
    code: str | None = None
    district_keys: list[str] = Field(
        default_factory=list, description="Districts (Kreise, Städte, Bezirke) the region consists of"
    )


class CustomRegionSaved(DomainEvent, service=SERVICE, name="region.updated"):
    key: str
    name: str
    district_keys: list[str]
    version: int


# -- organisations ----------------------------------------------------------------------------------


class Address(Request):
    street: str | None = Field(default=None, max_length=200, examples=["Georg-Schumann-Straße 150"])
    postal_code: str | None = Field(max_length=20, default=None, examples=["04159"])
    city: str | None = Field(default=None, max_length=100, examples=["Leipzig"])


class ContactChannel(Request):
    kind: Literal["email", "phone", "fax", "website"] = Field(examples=["phone"])
    value: str = Field(min_length=1, max_length=300, examples=["+49 341 555 0100"])
    label: str | None = Field(default=None, max_length=100, examples=["Empfang"])


class CreateOrganisation(Request):
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller (an import or another system keeping its own keys); "
        "a second create with the same id is refused as duplicate_id",
    )
    name: str = Field(min_length=2, max_length=200, examples=["Jobcenter Leipzig"])
    type: str = Field(
        max_length=100,
        description="Organisation type code from the registry's vocabulary",
        examples=["jobcenter"],
    )
    region_keys: list[CodeText] = Field(
        default_factory=list,
        max_length=MAX_DISTRICTS,
        description="Official keys of the regions served",
        examples=[["14713"]],
    )
    parent_id: uuid.UUID | None = Field(default=None, description="The organisation this one belongs to")
    address: Address | None = None
    contact_channels: list[ContactChannel] = Field(default_factory=list, max_length=MAX_LISTED)
    network_id: uuid.UUID | None = Field(
        default=None,
        description="The network the new organisation joins as a member: a coordinator names one of "
        "theirs (so they may change it afterwards); an admin may name none",
    )


class OrganisationChange(Request):
    """What a change of an organisation may carry (the gateway's JSON API takes it as the body of
    ``PATCH /organisations/{id}``): fields left out stay as they are; ``parent_id: null`` removes
    the parent, ``address: null`` the address."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset({"expected_version", "parent_id", "address"})

    expected_version: int | None = Field(
        default=None,
        le=MAX_STORED_INT,
        description="Refuse the change if someone else changed the organisation since",
    )
    name: str | None = Field(default=None, min_length=2, max_length=200)
    type: str | None = Field(default=None, max_length=100)
    region_keys: list[CodeText] | None = Field(default=None, max_length=MAX_DISTRICTS)
    parent_id: uuid.UUID | None = None
    address: Address | None = None
    contact_channels: list[ContactChannel] | None = Field(default=None, max_length=MAX_LISTED)


class UpdateOrganisation(OrganisationChange):
    """Change an organisation: fields left out stay as they are; ``parent_id: null`` removes the parent."""

    organisation_id: uuid.UUID


class OrganisationRef(Request):
    organisation_id: uuid.UUID


class ListOrganisations(PageRequest):
    name: str | None = Field(max_length=200, default=None, description="Part of the name, case-insensitive")
    type: str | None = Field(default=None, max_length=100)
    include_archived: bool = False
    region_key: str | None = Field(
        max_length=100,
        default=None,
        description="Serving this region (a district, Bezirk, Land or custom region)",
    )
    network_id: uuid.UUID | None = Field(default=None, description="Member of this network")
    network_ids: list[uuid.UUID] | None = Field(
        default=None, max_length=MAX_NETWORKS_LISTED, description="Member of at least one of these networks"
    )
    topic: str | None = Field(max_length=100, default=None, description="Responsible for this topic")
    statutory: bool | None = Field(default=None, description="Only Regelinstitutionen (true) or only others")
    sort: Literal["name", "archived"] = Field(default="name", description="By name, or active ones first")
    direction: SortDirection = "asc"


class OrganisationView(View):
    id: uuid.UUID
    name: str
    type: str
    region_keys: list[str]
    archived: bool
    version: int
    created_at: datetime
    updated_at: datetime
    statutory: bool = False
    parent_id: uuid.UUID | None = None
    address: Address | None = None
    contact_channels: list[ContactChannel] = Field(default_factory=list)


class OrganisationCreated(DomainEvent, service=SERVICE, name="organisation.created"):
    organisation_id: uuid.UUID
    name: str
    type: str
    region_keys: list[str]
    version: int


class OrganisationSnapshot(DomainEvent, service=SERVICE, name="organisation.updated"):
    """The organisation as it is now (sent after every change; consumers keep the newest version)."""

    organisation_id: uuid.UUID
    name: str
    type: str
    statutory: bool
    region_keys: list[str]
    parent_id: uuid.UUID | None
    archived: bool
    version: int


class OrganisationArchived(DomainEvent, service=SERVICE, name="organisation.archived"):
    organisation_id: uuid.UUID
    version: int


# -- people -----------------------------------------------------------------------------------------


class MembershipFacts(View):
    """What other services need to know about one membership of a person."""

    organisation_id: uuid.UUID
    function: str | None = None
    decision_maker: bool = False
    substitute_person_id: uuid.UUID | None = None
    start_date: date | None = None


class PersonFacts(View):
    """The personal data other services may hold: only what they need to invite, show and write."""

    person_id: uuid.UUID
    given_name: str
    family_name: str
    form_of_address: str = Field(description="Code from the registry vocabulary: ms, mr, neutral")
    title: str | None = None
    email: str | None = None
    language: str = Field(default="de", description="de or en")
    consents_to_event_contact: bool = False
    memberships: list[MembershipFacts] = Field(default_factory=list)
    version: int


class MembershipData(Request):
    organisation_id: uuid.UUID
    function: str | None = Field(default=None, max_length=200, examples=["Teamleitung"])
    decision_maker: bool = False
    substitute_person_id: uuid.UUID | None = None
    start_date: date | None = Field(default=None, description="Since when (to welcome newcomers)")


class CreatePerson(Request):
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller (an import or another system keeping its own keys); "
        "a second create with the same id is refused as duplicate_id",
    )
    given_name: str = Field(min_length=1, max_length=100, examples=["Mara"])
    family_name: str = Field(min_length=1, max_length=100, examples=["Beispiel"])
    form_of_address: str = Field(
        max_length=100, default="neutral", description="ms, mr or neutral", examples=["neutral"]
    )
    title: str | None = Field(default=None, max_length=50, examples=["Dr."])
    emails: list[EmailText] = Field(
        default_factory=list,
        max_length=MAX_EMAILS,
        description="The first one is used for invitations",
        examples=[["m@example.org"]],
    )
    phone: str | None = Field(default=None, max_length=MAX_PHONE_LENGTH, examples=["+49 341 555 0100"])
    language: str = Field(max_length=100, default="de", description="de or en")
    memberships: list[MembershipData] = Field(default_factory=list, max_length=MAX_LISTED)
    consents: list[CodeText] = Field(
        default_factory=list,
        max_length=MAX_LISTED,
        description="Consent kinds given: network_event_contact, photos, contact_list_sharing",
        examples=[["network_event_contact"]],
    )
    notes: str | None = Field(default=None, max_length=2000)


class PersonChange(Request):
    """What a change of a person may carry (the gateway's JSON API takes it as the body of
    ``PATCH /people/{id}``): fields left out stay as they are; null clears the title, the phone
    number and the notes, the only ones a person may be without."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset({"expected_version", "title", "phone", "notes"})

    expected_version: int | None = Field(default=None, le=MAX_STORED_INT)
    given_name: str | None = Field(default=None, min_length=1, max_length=100)
    family_name: str | None = Field(default=None, min_length=1, max_length=100)
    form_of_address: str | None = Field(default=None, max_length=100)
    title: str | None = Field(default=None, max_length=50)
    emails: list[EmailText] | None = Field(default=None, max_length=MAX_EMAILS)
    phone: str | None = Field(default=None, max_length=MAX_PHONE_LENGTH)
    language: str | None = Field(default=None, max_length=100)
    consents: list[CodeText] | None = Field(default=None, max_length=MAX_LISTED)
    notes: str | None = Field(default=None, max_length=2000)


class UpdatePerson(PersonChange):
    """Change a person: fields left out stay as they are."""

    person_id: uuid.UUID


class PersonRef(Request):
    person_id: uuid.UUID


class SaveMembership(MembershipData):
    """Add a membership, or change the one the person has in that organisation."""

    person_id: uuid.UUID


class EndMembership(Request):
    person_id: uuid.UUID
    organisation_id: uuid.UUID
    end_date: date | None = Field(default=None, description="Defaults to today")


class ListPeople(PageRequest):
    name: str | None = Field(max_length=200, default=None, description="Part of the given or family name")
    organisation_id: uuid.UUID | None = None
    region_key: str | None = Field(default=None, max_length=100)
    network_id: uuid.UUID | None = None
    network_ids: list[uuid.UUID] | None = Field(
        default=None,
        max_length=MAX_NETWORKS_LISTED,
        description="Member of an organisation of at least one of these networks",
    )
    topic: str | None = Field(
        max_length=100, default=None, description="Contact person or substitute for this topic"
    )
    decision_makers_only: bool = False
    sort: Literal["family_name", "given_name"] = "family_name"
    direction: SortDirection = "asc"


class MembershipView(View):
    organisation_id: uuid.UUID
    organisation_name: str
    function: str | None
    decision_maker: bool
    substitute_person_id: uuid.UUID | None
    start_date: date | None
    end_date: date | None


class ConsentView(View):
    kind: str
    given_at: datetime


class PersonView(View):
    id: uuid.UUID
    given_name: str
    family_name: str
    form_of_address: str
    title: str | None
    emails: list[str]
    phone: str | None
    language: str
    memberships: list[MembershipView]
    consents: list[ConsentView]
    notes: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class ErasureView(View):
    person_id: uuid.UUID
    erased_at: datetime
    removed_rows: dict[str, int] = Field(description="Rows removed or cleared per table")
    redacted_interface_papers: int


class PersonCreated(DomainEvent, service=SERVICE, name="person.created"):
    person: PersonFacts


class PersonUpdated(DomainEvent, service=SERVICE, name="person.updated"):
    """Sent after every change of a person's data or memberships, with the data as it is now."""

    person: PersonFacts


class MembershipEnded(DomainEvent, service=SERVICE, name="membership.ended"):
    """A person left an organisation (their invitations for it follow)."""

    person_id: uuid.UUID
    organisation_id: uuid.UUID
    end_date: date
    version: int


class PersonErased(DomainEvent, service=SERVICE, name="person.erased"):
    """The person asked to be forgotten: every service removes or anonymises what it holds.
    Carries no personal data, only the id."""

    person_id: uuid.UUID
    erased_at: datetime


# -- networks ---------------------------------------------------------------------------------------


class SubProject(Request):
    name: str = Field(min_length=2, max_length=200)
    organisation_id: uuid.UUID | None = Field(default=None, description="The organisation carrying it out")
    programme: str | None = Field(
        max_length=300, default=None, examples=["Integration durch Qualifizierung (IQ)"]
    )
    funders: list[LabelText] = Field(
        default_factory=list, max_length=MAX_LISTED, examples=[["Bundesministerium für Arbeit und Soziales"]]
    )
    start_date: date | None = None
    end_date: date | None = None


class CreateNetwork(Request):
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller (an import or another system keeping its own keys); "
        "a second create with the same id is refused as duplicate_id",
    )
    name: str = Field(min_length=2, max_length=200, examples=["Regionalworkshop Leipzig"])
    kind: str = Field(max_length=100, description="Network kind code", examples=["regional_institutions"])
    coordinating_organisation_id: uuid.UUID | None = None
    member_organisation_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_MEMBERS)
    region_keys: list[CodeText] = Field(default_factory=list, max_length=MAX_DISTRICTS, examples=[["14713"]])
    sub_projects: list[SubProject] = Field(default_factory=list, max_length=MAX_LISTED)


class NetworkChange(Request):
    """What a change of a network may carry (the gateway's JSON API takes it as the body of
    ``PATCH /networks/{id}``): fields left out stay as they are; ``coordinating_organisation_id:
    null`` leaves the network without a coordinating organisation."""

    CLEARABLE: ClassVar[frozenset[str]] = frozenset({"expected_version", "coordinating_organisation_id"})

    expected_version: int | None = Field(default=None, le=MAX_STORED_INT)
    name: str | None = Field(default=None, min_length=2, max_length=200)
    kind: str | None = Field(default=None, max_length=100)
    coordinating_organisation_id: uuid.UUID | None = None
    member_organisation_ids: list[uuid.UUID] | None = Field(default=None, max_length=MAX_MEMBERS)
    region_keys: list[CodeText] | None = Field(default=None, max_length=MAX_DISTRICTS)
    sub_projects: list[SubProject] | None = Field(default=None, max_length=MAX_LISTED)
    archived: bool | None = None


class UpdateNetwork(NetworkChange):
    """Change a network: fields left out stay as they are."""

    network_id: uuid.UUID


class NetworkRef(Request):
    network_id: uuid.UUID


class ListNetworks(PageRequest):
    name: str | None = Field(default=None, max_length=200)
    kind: str | None = Field(default=None, max_length=100)
    organisation_id: uuid.UUID | None = Field(default=None, description="Networks this organisation is in")
    region_key: str | None = Field(default=None, max_length=100)
    include_archived: bool = False
    ids: list[uuid.UUID] | None = Field(
        default=None, max_length=MAX_NETWORKS_LISTED, description="Only these networks"
    )


class NetworkView(View):
    id: uuid.UUID
    name: str
    kind: str
    coordinating_organisation_id: uuid.UUID | None
    member_organisation_ids: list[uuid.UUID]
    region_keys: list[str]
    district_keys: list[str]
    sub_projects: list[SubProject]
    archived: bool
    version: int
    created_at: datetime
    updated_at: datetime


class NetworkSnapshot(DomainEvent, service=SERVICE, name="network.updated"):
    """A network as it is now: members, coordinator and the districts of its region."""

    network_id: uuid.UUID
    name: str
    kind: str
    coordinating_organisation_id: uuid.UUID | None
    member_organisation_ids: list[uuid.UUID]
    region_keys: list[str]
    district_keys: list[str] = Field(description="Every district (Kreis, Stadt, Bezirk) in the region")
    archived: bool = False
    version: int


# -- responsibilities (Zuständigkeiten) -------------------------------------------------------------


class CreateTopic(Request):
    """A responsibility topic added by staff."""

    code: str | None = Field(
        default=None,
        max_length=100,
        pattern=r"^[a-z][a-z0-9_]{2,60}$",
        examples=["housing_search"],
        description="Left out: derived from label_de (lowercase ASCII, umlauts transliterated, other "
        "characters as underscores, with _2, _3, … appended when taken), e.g. wohnungssuche",
    )
    label_de: str = Field(min_length=2, max_length=200, examples=["Wohnungssuche"])
    label_en: str = Field(min_length=2, max_length=200, examples=["Finding housing"])


class ListTopics(PageRequest):
    pass


class TopicView(View):
    code: str
    label_de: str
    label_en: str
    built_in: bool


class AssignResponsibility(Request):
    """Who answers for a topic in a region, at which organisation (replaces an earlier assignment)."""

    topic: str = Field(max_length=100, examples=["recognition_of_qualifications"])
    organisation_id: uuid.UUID
    region_key: str = Field(max_length=100, examples=["14713"])
    contact_person_id: uuid.UUID | None = None
    substitute_person_id: uuid.UUID | None = None


class ResponsibilityRef(Request):
    responsibility_id: uuid.UUID


class ListResponsibilities(PageRequest):
    topic: str | None = Field(default=None, max_length=100)
    organisation_id: uuid.UUID | None = None
    region_key: str | None = Field(default=None, max_length=100)
    person_id: uuid.UUID | None = Field(default=None, description="As contact person or substitute")


class ResponsibilityView(View):
    id: uuid.UUID
    topic: str
    topic_label: str
    organisation_id: uuid.UUID
    organisation_name: str
    region_key: str
    contact_person_id: uuid.UUID | None
    substitute_person_id: uuid.UUID | None
    version: int


class ResponsibilitySnapshot(DomainEvent, service=SERVICE, name="responsibility.updated"):
    """A responsibility as it is now (sent after it is assigned or changed)."""

    responsibility_id: uuid.UUID
    topic: str
    organisation_id: uuid.UUID
    region_key: str
    contact_person_id: uuid.UUID | None
    substitute_person_id: uuid.UUID | None
    version: int


class ResponsibilityRemoved(DomainEvent, service=SERVICE, name="responsibility.removed"):
    responsibility_id: uuid.UUID
    version: int


# -- Schnittstellenpapier (interface paper) ----------------------------------------------------------


class InterfacePaperScope(Request):
    """A region (district, Bezirk, Land or custom region) or a network: exactly one of the two."""

    region_key: str | None = Field(max_length=100, default=None, examples=["14713"])
    network_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> InterfacePaperScope:
        if (self.region_key is None) == (self.network_id is None):
            raise ValueError("give either region_key or network_id")
        return self


class IssueInterfacePaper(InterfacePaperScope):
    id: uuid.UUID | None = Field(
        default=None,
        description="An id chosen by the caller for the paper (a form's, chosen when it is shown): the "
        "paper is issued once for it; a second issue with the same id issues nothing and is refused "
        "as duplicate_id",
    )
    title: str | None = Field(default=None, max_length=200, examples=["Schnittstellenpapier Leipzig 2024"])


class InterfacePaperRef(Request):
    paper_id: uuid.UUID


class ListInterfacePapers(PageRequest):
    region_key: str | None = Field(default=None, max_length=100)
    network_id: uuid.UUID | None = None


class PaperContact(View):
    person_id: uuid.UUID | None = Field(description="None once the person was erased")
    name: str | None = Field(
        description="None once the person was erased: readers show their word for an erased person"
    )
    function: str | None = None
    email: str | None = None
    phone: str | None = None


class PaperInstitution(View):
    organisation_id: uuid.UUID
    name: str
    type: str = Field(description="The organisation type's code (``jobcenter``); readers word it")
    statutory: bool
    address: str | None = None
    email: str | None = None
    phone: str | None = None


class PaperEntry(View):
    organisation_id: uuid.UUID
    organisation_name: str
    topic: str
    topic_label: str
    region_key: str
    contact: PaperContact | None
    substitute: PaperContact | None


class PaperGap(View):
    """A gap as a code and what a reader needs to phrase it: the missing statutory institution's
    type, or the responsibility (topic, organisation, region) that names no contact person."""

    kind: Literal["missing_institution_type", "responsibility_without_contact"]
    organisation_type: str | None = None
    topic: str | None = None
    topic_label: str | None = None
    organisation_id: uuid.UUID | None = None
    organisation_name: str | None = None
    region_key: str | None = None


class InterfacePaperView(View):
    id: uuid.UUID | None = Field(description="None for a preview that was not issued")
    scope_kind: Literal["region", "network"]
    scope_key: str
    scope_name: str
    title: str | None = Field(
        description="The title staff gave the paper; None: readers title it by their word for the paper "
        "and the scope's name"
    )
    version: int | None
    issued_at: datetime | None
    district_keys: list[str]
    institutions: list[PaperInstitution]
    entries: list[PaperEntry]
    gaps: list[PaperGap]
    redactions: int = Field(default=0, description="Contacts removed later because a person was erased")


class InterfacePaperSummary(View):
    id: uuid.UUID
    scope_kind: str
    scope_key: str
    scope_name: str
    title: str | None = Field(description="None: readers title the paper by its scope's name")
    version: int
    issued_at: datetime


class InterfacePaperIssued(DomainEvent, service=SERVICE, name="interface_paper.issued"):
    paper_id: uuid.UUID
    scope_kind: str
    scope_key: str
    version: int


# -- import -----------------------------------------------------------------------------------------

# The columns the import reads: the heading written in templates, the other headings it takes for the
# same column (German and English spellings, compared without case, accents and umlaut spelling).
# Part of the contract, so that the pages that take a file can say which columns it understands.
ORGANISATION_IMPORT_COLUMNS: tuple[Column, ...] = (
    Column("name", "Name", ("Organisation", "Organisationsname", "Institution", "organisation name"), True),
    Column(
        "organisation_type",
        "Typ",
        ("Art", "Organisationstyp", "Organisationsart", "type", "organisation type"),
    ),
    Column(
        "region",
        "Region",
        (
            "Kreis",
            "Kreise",
            "Landkreis",
            "Landkreise",
            "Landkreis/Stadt",
            "Kreis/Stadt",
            "Regionsschlüssel",
            "Kreisschlüssel",
            "AGS",
            "district",
            "region key",
        ),
    ),
    Column("email", "E-Mail", ("Email", "Mail", "E-Mail-Adresse", "e-mail address")),
    Column("phone", "Telefon", ("Tel.", "Telefonnummer", "phone", "telephone", "phone number")),
    Column("street", "Straße", ("Strasse", "Anschrift", "street", "address")),
    Column("postal_code", "PLZ", ("Postleitzahl", "postal code", "postcode", "zip")),
    Column("city", "Ort", ("Stadt", "city", "town")),
    Column("website", "Webseite", ("Website", "Internet", "URL", "homepage")),
)
# What every row of an organisations file must give.
ORGANISATION_IMPORT_REQUIRED = ("name", "organisation_type", "region")

PERSON_IMPORT_COLUMNS: tuple[Column, ...] = (
    Column("form_of_address", "Anrede", ("salutation", "form of address")),
    Column("title", "Titel", ("title",)),
    Column("first_name", "Vorname", ("first name", "given name")),
    Column("last_name", "Nachname", ("Familienname", "last name", "surname", "family name")),
    Column("full_name", "Name", ("full name",)),
    Column("email", "E-Mail", ("Email", "Mail", "E-Mail-Adresse", "e-mail address"), True),
    Column("phone", "Telefon", ("Tel.", "Telefonnummer", "phone", "telephone", "phone number")),
    Column("organisation", "Organisation", ("Institution", "Einrichtung", "organization", "employer")),
    Column("role", "Funktion", ("Position", "Rolle", "role", "function", "job title")),
    Column(
        "is_decision_maker",
        "Entscheidungsbefugt",
        ("Entscheidungsbefugnis", "decision maker", "decision-maker", "can decide"),
    ),
    Column("language", "Sprache", ("language", "preferred language")),
)
# What every row of a people file must give (and a name: Vorname and Nachname, or Name).
PERSON_IMPORT_REQUIRED = ("email",)


class ImportFile(Request):
    kind: Literal["organisations", "people"]
    file_name: str = Field(max_length=300, min_length=1, examples=["akteure.xlsx"])
    content_base64: str = Field(
        min_length=1, max_length=MAX_FILE_BASE64, description="The file's bytes, base64-encoded"
    )
    network_id: uuid.UUID | None = Field(
        default=None,
        description="Organisations: the network the new organisations join as members; a "
        "coordinator's file that adds organisations names one of theirs, an admin's may name none",
    )


class ImportReportView(View):
    kind: str
    columns: dict[str, str]
    ignored_columns: list[str]
    blank_rows: list[int]
    valid_count: int
    invalid_count: int
    invalid_rows: list[ImportRowProblems]
    would_create: int
    would_update: int
    unchanged: int


class ImportResultView(View):
    kind: str
    created: int
    updated: int
    unchanged: int


# -- data protection --------------------------------------------------------------------------------


class PersonExport(View):
    """Everything the registry holds about one person (right of access)."""

    exported_at: datetime
    person: PersonView
    responsibilities: list[ResponsibilityView]
    interface_papers: list[InterfacePaperSummary] = Field(
        description="Issued Schnittstellenpapiere that name the person"
    )
