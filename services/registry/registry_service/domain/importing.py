"""Reading organisation and people lists from CSV or XLSX files, and checking them without saving.

``dry_run`` turns a file (read by the kernel's ``netzwerkstatt.tabular``) into typed rows plus a
report: per row the problems (field and message), counts, and for every valid row the key that
matches it to an existing record, so importing the same file twice creates nothing new. Problems
with the file as a whole (wrong encoding, missing columns, not a spreadsheet) raise
``ImportFileError`` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, computed_field

from netzwerkstatt.contracts.registry import (
    ORGANISATION_IMPORT_COLUMNS,
    PERSON_IMPORT_COLUMNS,
    CreateOrganisation,
    CreatePerson,
)
from netzwerkstatt.errors import FieldError, field_errors
from netzwerkstatt.reference import region_key_for
from netzwerkstatt.tabular import (
    Column,
    Sheet,
    UnreadableFile,
    columns_by_field,
    map_columns,
    read_table,
    row_values,
)
from registry_service.domain.reference import RegionCatalogue, load_reference_regions
from registry_service.domain.validation import (
    InvalidValue,
    normalise_email,
    normalise_phone,
    normalise_postal_code,
)
from registry_service.vocabulary import FormOfAddress, Language, OrganisationType, fold, parse_term

# The file as a whole cannot be read; nothing in it was checked row by row.
ImportFileError = UnreadableFile

# The problem with a person's organisation as the file names it (none known, several), or None.
OrganisationCheck = Callable[[str], FieldError | None]


class ImportKind(StrEnum):
    ORGANISATIONS = "organisations"
    PEOPLE = "people"


ORGANISATION_COLUMNS = ORGANISATION_IMPORT_COLUMNS
PERSON_COLUMNS = PERSON_IMPORT_COLUMNS

COLUMNS: Mapping[ImportKind, tuple[Column, ...]] = {
    ImportKind.ORGANISATIONS: ORGANISATION_COLUMNS,
    ImportKind.PEOPLE: PERSON_COLUMNS,
}

_YES = frozenset({"ja", "j", "yes", "y", "x", "true", "wahr", "1"})
_NO = frozenset({"nein", "n", "no", "false", "falsch", "0", ""})


class OrganisationRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int
    name: str
    organisation_type: OrganisationType
    region_key: str
    email: str | None = None
    phone: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    website: str | None = None
    match_key: str
    """Normalised name and region key: equal keys mean the same organisation."""


class PersonRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int
    form_of_address: FormOfAddress
    title: str | None = None
    first_name: str
    last_name: str
    email: str
    phone: str | None = None
    organisation: str | None = None
    role: str | None = None
    is_decision_maker: bool = False
    language: Language = Language.DE
    match_key: str
    """The lower-cased e-mail address: equal keys mean the same person."""
    filled: frozenset[str] = frozenset()
    """The optional fields whose cell the row fills: only these change a person already registered
    (an empty cell, or a column the file does not have, keeps what the registry holds)."""


class InvalidRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    row: int
    problems: list[FieldError]


RowT = TypeVar("RowT", OrganisationRow, PersonRow)


class ImportReport(BaseModel, Generic[RowT]):
    """The outcome of a dry run: what would be imported and what is wrong, row by row."""

    kind: ImportKind
    columns: dict[str, str]
    """Field name → the header it was read from."""
    ignored_columns: list[str]
    """Headers that match no known field; their values are not imported."""
    blank_rows: list[int]
    valid_rows: list[RowT]
    invalid_rows: list[InvalidRow]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def valid_count(self) -> int:
        return len(self.valid_rows)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def invalid_count(self) -> int:
        return len(self.invalid_rows)

    def problems_of(self, row: int) -> list[FieldError]:
        return next((invalid.problems for invalid in self.invalid_rows if invalid.row == row), [])


# ---------------------------------------------------------------------------------------------
# Checking rows


def dry_run(
    data: bytes,
    file_name: str,
    kind: ImportKind,
    regions: RegionCatalogue | None = None,
    organisation_of_person: OrganisationCheck | None = None,
) -> ImportReport[OrganisationRow] | ImportReport[PersonRow]:
    """Check a file of organisations or people without saving anything."""
    table = read_table(data, file_name)
    if kind is ImportKind.ORGANISATIONS:
        return check_organisations(table, regions or load_reference_regions())
    return check_people(table, organisation_of_person)


def check_organisations(table: Sheet, regions: RegionCatalogue) -> ImportReport[OrganisationRow]:
    columns, ignored = map_columns(table.headers, ORGANISATION_COLUMNS)
    valid: list[OrganisationRow] = []
    invalid: list[InvalidRow] = []
    blank: list[int] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        values = row_values(cells, columns)
        if not any(values.values()):
            blank.append(number)
            continue
        problems: list[FieldError] = []
        name = " ".join(values.get("name", "").split())
        if not name:
            problems.append(_problem("name", "missing", "the name of the organisation is missing"))
        organisation_type = _organisation_type(values.get("organisation_type", ""), problems)
        region_key = _region_key(values.get("region", ""), regions, problems)
        email = _optional(values, "email", normalise_email, "invalid_email", problems)
        phone = _optional(values, "phone", normalise_phone, "invalid_phone", problems)
        postal_code = _optional(values, "postal_code", normalise_postal_code, "invalid_postal_code", problems)
        channels = [(kind, value) for kind in ("email", "phone", "website") if (value := values.get(kind))]
        _within_contract(
            CreateOrganisation,
            {
                "name": name or "--",
                "type": "-",
                "address": {"street": values.get("street") or None, "city": values.get("city") or None},
                "contact_channels": [{"kind": kind, "value": value} for kind, value in channels],
            },
            {
                **_ORGANISATION_FIELDS,
                **{f"contact_channels.{i}.value": kind for i, (kind, _) in enumerate(channels)},
            },
            problems,
        )
        match_key = organisation_match_key(name, region_key or "")
        if name and region_key and match_key in first_row_of:
            problems.append(
                _problem(
                    "name",
                    "duplicate",
                    f"duplicate of row {first_row_of[match_key]}: same organisation name in the same region",
                    row=first_row_of[match_key],
                )
            )
        if problems or organisation_type is None or region_key is None:
            invalid.append(InvalidRow(row=number, problems=problems))
            continue
        first_row_of[match_key] = number
        valid.append(
            OrganisationRow(
                row=number,
                name=name,
                organisation_type=organisation_type,
                region_key=region_key,
                email=email,
                phone=phone,
                street=values.get("street") or None,
                postal_code=postal_code,
                city=values.get("city") or None,
                website=values.get("website") or None,
                match_key=match_key,
            )
        )
    return ImportReport[OrganisationRow](
        kind=ImportKind.ORGANISATIONS,
        columns=columns_by_field(columns, table.headers),
        ignored_columns=ignored,
        blank_rows=blank,
        valid_rows=valid,
        invalid_rows=invalid,
    )


def check_people(
    table: Sheet, organisation_of_person: OrganisationCheck | None = None
) -> ImportReport[PersonRow]:
    """Every row's problems, the organisation a person belongs to among them when
    ``organisation_of_person`` checks it (against the registry's organisations)."""
    columns, ignored = map_columns(table.headers, PERSON_COLUMNS)
    if "full_name" not in columns and not {"first_name", "last_name"} <= columns.keys():
        raise ImportFileError(
            "the file has no name columns: expected 'Vorname' and 'Nachname' (or one column 'Name')",
            "missing_columns",
            {"columns": "Vorname, Nachname"},
        )
    valid: list[PersonRow] = []
    invalid: list[InvalidRow] = []
    blank: list[int] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        values = row_values(cells, columns)
        if not any(values.values()):
            blank.append(number)
            continue
        problems: list[FieldError] = []
        first_name, last_name = _person_name(values, problems)
        email = _optional(values, "email", normalise_email, "invalid_email", problems)
        if not values.get("email"):
            problems.append(
                _problem("email", "missing", "the e-mail address is missing; people are invited by e-mail")
            )
        phone = _optional(values, "phone", normalise_phone, "invalid_phone", problems)
        form = _term(FormOfAddress, values, "form_of_address", FormOfAddress.NEUTRAL, problems)
        language = _term(Language, values, "language", Language.DE, problems)
        is_decision_maker = _yes_or_no(values, "is_decision_maker", problems)
        organisation = values.get("organisation") or None
        unmatched = organisation_of_person(organisation) if organisation and organisation_of_person else None
        if unmatched is not None:
            problems.append(unmatched)
        _within_contract(
            CreatePerson,
            {
                "given_name": first_name or "-",
                "family_name": last_name or "-",
                "title": values.get("title") or None,
                "memberships": [{"organisation_id": _ANY_ID, "function": values.get("role") or None}],
            },
            _PERSON_FIELDS,
            problems,
        )
        match_key = person_match_key(email or "")
        if email and match_key in first_row_of:
            problems.append(
                _problem(
                    "email",
                    "duplicate",
                    f"duplicate of row {first_row_of[match_key]}: same e-mail address",
                    row=first_row_of[match_key],
                )
            )
        if problems or email is None or form is None or language is None:
            invalid.append(InvalidRow(row=number, problems=problems))
            continue
        first_row_of[match_key] = number
        valid.append(
            PersonRow(
                row=number,
                form_of_address=form,
                title=values.get("title") or None,
                first_name=first_name,
                last_name=last_name,
                email=email,
                phone=phone,
                organisation=organisation,
                role=values.get("role") or None,
                is_decision_maker=is_decision_maker,
                language=language,
                match_key=match_key,
                filled=frozenset(field for field in _PERSON_OPTIONAL if values.get(field)),
            )
        )
    return ImportReport[PersonRow](
        kind=ImportKind.PEOPLE,
        columns=columns_by_field(columns, table.headers),
        ignored_columns=ignored,
        blank_rows=blank,
        valid_rows=valid,
        invalid_rows=invalid,
    )


# A row becomes a request of the registry's own contract when it is imported; its limits (lengths,
# mostly) are checked in the dry run, so that a row found valid is one the import can write. The
# contract's field → the import's column.
_PERSON_FIELDS = {
    "given_name": "first_name",
    "family_name": "last_name",
    "title": "title",
    "memberships.0.function": "role",
}
_ORGANISATION_FIELDS = {"name": "name", "address.street": "street", "address.city": "city"}
_ANY_ID = "00000000-0000-0000-0000-000000000000"
# The columns of a people file that an empty cell leaves as they are for a person already registered.
_PERSON_OPTIONAL = ("form_of_address", "title", "phone", "language")


def _within_contract(
    contract: type[BaseModel], request: dict[str, Any], columns: Mapping[str, str], problems: list[FieldError]
) -> None:
    """Add a problem for each column whose value the contract refuses and no other check named."""
    try:
        contract.model_validate(request)
    except ValidationError as error:
        named = {problem.field for problem in problems}
        for problem in field_errors(error):
            column = columns.get(problem.field)
            if column is not None and column not in named:
                problems.append(problem.model_copy(update={"field": column}))
                named.add(column)


def organisation_match_key(name: str, region_key: str) -> str:
    """Same organisation ⇔ same name (ignoring case, umlaut spelling, punctuation) and region."""
    simplified = re.sub(r"[^\w]+", " ", fold(name)).strip()
    return f"{region_key.strip()}|{simplified}"


def person_match_key(email: str) -> str:
    return email.strip().lower()


def _problem(field: str, code: str, message: str, **params: str | int) -> FieldError:
    """A row's problem: a code and what wording it needs (the value read, the row it repeats), so
    that readers get it in their language; the English message is for logs and other systems."""
    return FieldError(field=field, message=message, code=code, params=params)


def _optional(
    values: Mapping[str, str],
    field: str,
    normalise: Callable[[str], str],
    code: str,
    problems: list[FieldError],
) -> str | None:
    raw = values.get(field, "")
    if not raw:
        return None
    try:
        return normalise(raw)
    except InvalidValue as error:
        problems.append(_problem(field, error.code or code, str(error), value=raw))
        return None


def _organisation_type(raw: str, problems: list[FieldError]) -> OrganisationType | None:
    if not raw:
        problems.append(
            _problem("organisation_type", "missing", "the type of the organisation is missing (column 'Typ')")
        )
        return None
    found = parse_term(OrganisationType, raw)
    if found is None:
        problems.append(
            _problem(
                "organisation_type",
                "unknown_type",
                f"unknown organisation type {raw!r}; known types are e.g. Jobcenter, Agentur für Arbeit, "
                "BAMF, Ausländerbehörde, Migrationsberatung, Volkshochschule, IBAS, Kammer, Unternehmen",
                value=raw,
            )
        )
    return found


def _region_key(raw: str, regions: RegionCatalogue, problems: list[FieldError]) -> str | None:
    """The key of the region named by key, by its exact name when only one region has it, or by a
    name that says which one ("Landkreis Leipzig", "Leipzig (Landkreis)", "Stadt Leipzig")."""
    if not raw:
        problems.append(_problem("region", "missing", "the region is missing (column 'Region' or 'Kreis')"))
        return None
    if regions.get(raw) is not None:
        return raw
    named = [region for region in regions.search(raw) if fold(region.name) == fold(raw)]
    if len(named) == 1:
        return named[0].key
    if len(named) > 1:
        # The candidates travel as keys; readers word them ("Leipzig (Stadt, 14713)").
        keys = ",".join(region.key for region in named)
        choices = ", ".join(f"{region.key} ({region.name}, {region.kind})" for region in named)
        problems.append(
            _problem(
                "region",
                "ambiguous_region",
                f"region {raw!r} is ambiguous; give its key: {choices}",
                value=raw,
                candidates=keys,
            )
        )
        return None
    qualified = region_key_for(raw)
    if qualified is not None and regions.get(qualified) is not None:
        return qualified
    hint = " (a leading zero may have been lost)" if re.fullmatch(r"\d{4}", raw) else ""
    problems.append(
        _problem(
            "region",
            "unknown_region",
            f"unknown region key {raw!r}{hint}; use e.g. 15002 for Halle (Saale)",
            value=raw,
        )
    )
    return None


def _person_name(values: Mapping[str, str], problems: list[FieldError]) -> tuple[str, str]:
    first_name = " ".join(values.get("first_name", "").split())
    last_name = " ".join(values.get("last_name", "").split())
    full_name = " ".join(values.get("full_name", "").split())
    if not (first_name or last_name) and full_name:
        # "Name" holds the whole name: the last word is taken as the family name.
        first_name, _, last_name = full_name.rpartition(" ")
    if not last_name:
        problems.append(_problem("last_name", "missing", "the last name is missing"))
    if not first_name:
        problems.append(_problem("first_name", "missing", "the first name is missing"))
    return first_name, last_name


TermT = TypeVar("TermT", FormOfAddress, Language)


def _term(
    kind: type[TermT], values: Mapping[str, str], field: str, default: TermT, problems: list[FieldError]
) -> TermT | None:
    raw = values.get(field, "")
    if not raw:
        return default
    found = parse_term(kind, raw)
    if found is None:
        accepted = ", ".join(member.value for member in kind)
        problems.append(
            _problem(field, "invalid_value", f"{raw!r} is not understood; accepted: {accepted}", value=raw)
        )
    return found


def _yes_or_no(values: Mapping[str, str], field: str, problems: list[FieldError]) -> bool:
    raw = values.get(field, "").casefold()
    if raw in _YES:
        return True
    if raw not in _NO:
        problems.append(
            _problem(
                field, "invalid_value", f"{values[field]!r} is not ja/nein (yes/no)", value=values[field]
            )
        )
    return False


def iter_problems(report: ImportReport[RowT]) -> Iterator[tuple[int, FieldError]]:
    """Every problem with its row number, in file order."""
    for invalid in report.invalid_rows:
        for problem in invalid.problems:
            yield invalid.row, problem
