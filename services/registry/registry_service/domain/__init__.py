"""The registry's rules, independent of storage and transport. Each ``check_*`` function collects
every problem of a request and raises one ``InvalidInput`` naming each field, or returns the
normalised values."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from netzwerkstatt.contracts.registry import Address, ContactChannel, SubProject
from netzwerkstatt.errors import FieldError, InvalidInput
from netzwerkstatt.names import name_key
from registry_service.domain import regionlookup
from registry_service.domain.regionlookup import CustomRegion
from registry_service.domain.validation import (
    InvalidValue,
    normalise_email,
    normalise_phone,
    normalise_postal_code,
)
from registry_service.vocabulary import (
    ConsentKind,
    FormOfAddress,
    Language,
    NetworkKind,
    OrganisationType,
    is_statutory_institution,
)


class Problems:
    """Collects field errors; ``raise_if_any`` turns them into one error."""

    def __init__(self) -> None:
        self.items: list[FieldError] = []

    def add(self, field: str, message: str, code: str = "invalid") -> None:
        self.items.append(FieldError(field=field, message=message, code=code))

    def raise_if_any(self, message: str) -> None:
        if self.items:
            raise InvalidInput(message, self.items)


def is_statutory(organisation_type: str) -> bool:
    return organisation_type in _values(OrganisationType) and is_statutory_institution(
        OrganisationType(organisation_type)
    )


def check_term(kind: type[StrEnum], value: str, field: str, problems: Problems, what: str) -> None:
    if value not in _values(kind):
        allowed = ", ".join(sorted(_values(kind)))
        problems.add(field, f"unknown {what} {value!r}; allowed: {allowed}", f"unknown_{field.split('.')[0]}")


def check_region_keys(
    keys: Sequence[str], custom: Mapping[str, CustomRegion], problems: Problems, field: str = "region_keys"
) -> None:
    for index, key in enumerate(keys):
        message = regionlookup.problem_with_region_key(key, custom)
        if message:
            problems.add(f"{field}.{index}", message, "unknown_region")
    if len(set(keys)) != len(keys):
        problems.add(field, "a region is listed twice", "duplicate")


def check_organisation_type(type_: str, problems: Problems) -> None:
    check_term(OrganisationType, type_, "type", problems, "organisation type")


def check_new_organisation(
    name: str, type_: str, region_keys: Sequence[str], custom: Mapping[str, CustomRegion] | None = None
) -> None:
    """Raise one error naming every field that is wrong."""
    problems = Problems()
    check_organisation_type(type_, problems)
    check_region_keys(region_keys, custom or {}, problems)
    problems.raise_if_any("the organisation cannot be created as given")


def normalise_address(address: Address | None, problems: Problems) -> Address | None:
    if address is None or address.postal_code is None:
        return address
    return address.model_copy(update={"postal_code": normalise_postal_code_of(address.postal_code, problems)})


def normalise_postal_code_of(postal_code: str, problems: Problems) -> str:
    """An address's postal code as stored, or as given with its problem in ``problems``."""
    try:
        return normalise_postal_code(postal_code)
    except InvalidValue as error:
        problems.add("address.postal_code", str(error), "invalid_postal_code")
        return postal_code


_CHANNEL_RULES: Mapping[str, tuple[Callable[[str], str], str]] = {
    "email": (normalise_email, "invalid_email"),
    "phone": (normalise_phone, "invalid_phone"),
    "fax": (normalise_phone, "invalid_phone"),
}


def normalise_channels(channels: Sequence[ContactChannel], problems: Problems) -> list[ContactChannel]:
    return [
        channel.model_copy(
            update={"value": normalise_channel_value(index, channel.kind, channel.value, problems)}
        )
        for index, channel in enumerate(channels)
    ]


def normalise_channel_value(index: int, kind: str, value: str, problems: Problems) -> str:
    """The value of the contact channel at ``index`` as stored, or as given with its problem in
    ``problems``: an e-mail address or a number checked, a website with its scheme."""
    rule = _CHANNEL_RULES.get(kind)
    if rule is None:
        return value if value.startswith(("http://", "https://")) else f"https://{value}"
    normalise, code = rule
    try:
        return normalise(value)
    except InvalidValue as error:
        problems.add(f"contact_channels.{index}.value", str(error), error.code or code)
        return value


def normalise_emails(emails: Sequence[str], problems: Problems) -> list[str]:
    result: list[str] = []
    for index, email in enumerate(emails):
        try:
            # Lower-cased as a whole: the address identifies the person (imports match by it).
            normalised = normalise_email(email).lower()
        except InvalidValue as error:
            problems.add(f"emails.{index}", str(error), error.code or "invalid_email")
            continue
        if normalised in result:
            problems.add(f"emails.{index}", f"{normalised} is listed twice", "duplicate")
            continue
        result.append(normalised)
    return result


def normalise_optional_phone(phone: str | None, problems: Problems) -> str | None:
    if phone is None or not phone.strip():
        return None
    try:
        return normalise_phone(phone)
    except InvalidValue as error:
        problems.add("phone", str(error), "invalid_phone")
        return phone


@dataclass(frozen=True)
class PersonDetails:
    """What the registry checks of a person beyond the contract's shape: the terms of its
    vocabulary and the contact details. None is a field not given (a change keeps it)."""

    form_of_address: str | None = None
    language: str | None = None
    consents: Sequence[str] | None = None
    emails: Sequence[str] | None = None
    phone: str | None = None


@dataclass(frozen=True)
class PersonContacts:
    """A person's contact details as stored: e-mail addresses lower-cased, the phone in E.164."""

    emails: list[str] | None
    phone: str | None


def check_person(details: PersonDetails, problems: Problems) -> PersonContacts:
    """Every problem of a person's details into ``problems``; their contact details normalised."""
    if details.form_of_address is not None:
        check_term(FormOfAddress, details.form_of_address, "form_of_address", problems, "form of address")
    if details.language is not None:
        check_term(Language, details.language, "language", problems, "language")
    for index, kind in enumerate(details.consents or ()):
        check_term(ConsentKind, kind, f"consents.{index}", problems, "consent kind")
    emails = normalise_emails(details.emails, problems) if details.emails is not None else None
    return PersonContacts(emails=emails, phone=normalise_optional_phone(details.phone, problems))


def check_network(
    kind: str | None,
    region_keys: Sequence[str] | None,
    sub_projects: Sequence[SubProject] | None,
    custom: Mapping[str, CustomRegion],
    problems: Problems,
) -> None:
    if kind is not None:
        check_term(NetworkKind, kind, "kind", problems, "network kind")
    if region_keys is not None:
        check_region_keys(region_keys, custom, problems)
    for index, project in enumerate(sub_projects or ()):
        if project.start_date and project.end_date and project.end_date < project.start_date:
            problems.add(
                f"sub_projects.{index}.end_date", "the funding period ends before it starts", "invalid_period"
            )
    check_sub_projects_once(sub_projects or (), problems)


def check_sub_projects_once(sub_projects: Sequence[SubProject], problems: Problems) -> None:
    """A network holds a sub-project once: a second of the same name (compared by ``name_key``)
    whose funding period overlaps the first's is the same sub-project added again. The same name
    in a later funding period is the next period of that sub-project. A period open at an end
    reaches as far as any other."""
    for index, project in enumerate(sub_projects):
        name = name_key(project.name)
        earlier = next(
            (
                position
                for position, other in enumerate(sub_projects[:index])
                if name_key(other.name) == name and _periods_overlap(other, project)
            ),
            None,
        )
        if earlier is not None:
            problems.add(
                f"sub_projects.{index}.name",
                f"the sub-project {project.name!r} is listed already (as sub-project {earlier + 1}) "
                "with an overlapping funding period",
                "duplicate_sub_project",
            )


def _periods_overlap(first: SubProject, second: SubProject) -> bool:
    return (first.start_date is None or second.end_date is None or first.start_date <= second.end_date) and (
        second.start_date is None or first.end_date is None or second.start_date <= first.end_date
    )


def _values(kind: type[StrEnum]) -> set[str]:
    return {member.value for member in kind}
