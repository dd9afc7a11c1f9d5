"""The Schnittstellenpapier: institutions × responsibilities with contact persons, plus the gaps.

Built from the registry's current data (``build``) as data and codes (organisation types, gap
kinds with what phrases them); readers word and lay it out (the gateway renders it as printable HTML,
CSV and XLSX in the reader's language). A paper holds no word of its own: without a title that
staff gave it, readers title it in their language; an erased person is a contact without a name.
Issued papers are stored as they were built and change afterwards only by ``redact``, when a person
named in them is erased (data protection wins over reproducibility: the entry stays, the person's
name and contact data go).

Contact details (e-mail, phone) appear only for people who consented to their contact data being
shared with network partners; otherwise the paper names the person and their function only.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from netzwerkstatt.contracts.registry import (
    InterfacePaperView,
    PaperContact,
    PaperEntry,
    PaperGap,
    PaperInstitution,
    PersonView,
)
from registry_service.domain import is_statutory
from registry_service.vocabulary import STATUTORY_INSTITUTIONS, ConsentKind


@dataclass(frozen=True)
class Scope:
    kind: Literal["region", "network"]
    key: str
    name: str
    district_keys: Sequence[str]


def build(
    scope: Scope,
    *,
    title: str | None,
    organisations: Sequence[Mapping[str, Any]],
    responsibilities: Sequence[Mapping[str, Any]],
    people: Mapping[uuid.UUID, PersonView],
    topic_labels: Mapping[str, str],
    paper_id: uuid.UUID | None = None,
    version: int | None = None,
    issued_at: datetime | None = None,
) -> InterfacePaperView:
    institutions = [_institution(row) for row in sorted(organisations, key=lambda row: row["name"].lower())]
    entries = [
        PaperEntry(
            organisation_id=row["organisation_id"],
            organisation_name=row["organisation_name"],
            topic=row["topic"],
            topic_label=topic_labels.get(row["topic"], row["topic"]),
            region_key=row["region_key"],
            contact=_contact(people.get(row["contact_person_id"]), row["organisation_id"]),
            substitute=_contact(people.get(row["substitute_person_id"]), row["organisation_id"]),
        )
        for row in responsibilities
    ]
    entries.sort(key=lambda entry: (entry.topic_label.lower(), entry.organisation_name.lower()))
    return InterfacePaperView(
        id=paper_id,
        scope_kind=scope.kind,
        scope_key=scope.key,
        scope_name=scope.name,
        title=title or None,
        version=version,
        issued_at=issued_at,
        district_keys=list(scope.district_keys),
        institutions=institutions,
        entries=entries,
        gaps=gaps(institutions, entries),
    )


def gaps(institutions: Sequence[PaperInstitution], entries: Sequence[PaperEntry]) -> list[PaperGap]:
    """Statutory institution types nobody in the paper represents, and responsibilities nobody answers for."""
    present = {institution.type for institution in institutions}
    found = [
        PaperGap(kind="missing_institution_type", organisation_type=kind.value)
        for kind in sorted(STATUTORY_INSTITUTIONS)
        if kind.value not in present
    ]
    found.extend(
        PaperGap(
            kind="responsibility_without_contact",
            topic=entry.topic,
            topic_label=entry.topic_label,
            organisation_id=entry.organisation_id,
            organisation_name=entry.organisation_name,
            region_key=entry.region_key,
        )
        for entry in entries
        if entry.contact is None
    )
    return found


def named_people(paper: InterfacePaperView) -> list[uuid.UUID]:
    ids = {
        contact.person_id
        for entry in paper.entries
        for contact in (entry.contact, entry.substitute)
        if contact is not None and contact.person_id is not None
    }
    return sorted(ids)


def redact(content: Mapping[str, Any], person_id: uuid.UUID) -> tuple[dict[str, Any], int]:
    """The stored paper without the person's name and contact data; and how many places changed."""
    paper = InterfacePaperView.model_validate(content)
    count = 0
    entries: list[PaperEntry] = []
    for entry in paper.entries:
        changes: dict[str, Any] = {}
        for field in ("contact", "substitute"):
            contact: PaperContact | None = getattr(entry, field)
            if contact is not None and contact.person_id == person_id:
                changes[field] = PaperContact(person_id=None, name=None)
                count += 1
        entries.append(entry.model_copy(update=changes) if changes else entry)
    redacted = paper.model_copy(update={"entries": entries, "redactions": paper.redactions + count})
    return redacted.model_dump(mode="json"), count


def _institution(row: Mapping[str, Any]) -> PaperInstitution:
    channels = row.get("contact_channels") or []
    address = ", ".join(
        part
        for part in (row.get("street"), " ".join(p for p in (row.get("postal_code"), row.get("city")) if p))
        if part
    )
    return PaperInstitution(
        organisation_id=row["id"],
        name=row["name"],
        type=row["type"],
        statutory=is_statutory(row["type"]),
        address=address or None,
        email=next((c["value"] for c in channels if c["kind"] == "email"), None),
        phone=next((c["value"] for c in channels if c["kind"] == "phone"), None),
    )


def _contact(person: PersonView | None, organisation_id: uuid.UUID) -> PaperContact | None:
    if person is None:
        return None
    shares = any(consent.kind == ConsentKind.CONTACT_LIST_SHARING.value for consent in person.consents)
    function = next(
        (
            m.function
            for m in person.memberships
            if m.organisation_id == organisation_id and m.end_date is None
        ),
        None,
    )
    name = " ".join(part for part in (person.title, person.given_name, person.family_name) if part)
    return PaperContact(
        person_id=person.id,
        name=name,
        function=function,
        email=person.emails[0] if shares and person.emails else None,
        phone=person.phone if shares else None,
    )
