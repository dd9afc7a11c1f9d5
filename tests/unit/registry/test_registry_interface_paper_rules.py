"""The Schnittstellenpapier's pure rules: gaps, consent to share contact data, redaction after an
erasure, a paper of codes and data (the gateway words it); and which regions count as "in" a region."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from netzwerkstatt.contracts.registry import ConsentView, MembershipView, PersonView
from registry_service.domain import paper, regionlookup
from registry_service.domain.regionlookup import CustomRegion

NOW = datetime(2024, 11, 21, 9, 0, tzinfo=UTC)
JOBCENTER = uuid.uuid4()


def _person(consents: tuple[str, ...]) -> PersonView:
    person_id = uuid.uuid4()
    return PersonView(
        id=person_id,
        given_name="Mara",
        family_name="Beispiel",
        form_of_address="ms",
        title=None,
        emails=["mara.beispiel@example.org"],
        phone="+493415550100",
        language="de",
        memberships=[
            MembershipView(
                organisation_id=JOBCENTER,
                organisation_name="Jobcenter Leipzig",
                function="Teamleitung",
                decision_maker=True,
                substitute_person_id=None,
                start_date=None,
                end_date=None,
            )
        ],
        consents=[ConsentView(kind=kind, given_at=NOW) for kind in consents],
        notes=None,
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


def _paper(contact: PersonView | None, *, with_substitute: bool = False) -> Any:
    organisation = {"id": JOBCENTER, "name": "Jobcenter Leipzig", "type": "jobcenter", "city": "Leipzig"}
    responsibilities = [
        {
            "organisation_id": JOBCENTER,
            "organisation_name": "Jobcenter Leipzig",
            "topic": "sgb_ii_benefits",
            "region_key": "14713",
            "contact_person_id": contact.id if contact else None,
            "substitute_person_id": contact.id if contact and with_substitute else None,
        }
    ]
    return paper.build(
        paper.Scope("region", "14713", "Leipzig", ["14713"]),
        title=None,
        organisations=[organisation],
        responsibilities=responsibilities,
        people={contact.id: contact} if contact else {},
        topic_labels={"sgb_ii_benefits": "Leistungen nach SGB II"},
    )


def test_every_missing_statutory_type_and_every_uncovered_responsibility_is_a_gap() -> None:
    built = _paper(None)
    missing = {gap.organisation_type for gap in built.gaps if gap.kind == "missing_institution_type"}
    assert missing == {
        "employment_agency",
        "employer_service",
        "bamf",
        "foreigners_authority",
        "migration_counselling",
        "social_welfare_office",
        "adult_education_centre",
    }
    assert [gap.topic for gap in built.gaps if gap.kind == "responsibility_without_contact"] == [
        "sgb_ii_benefits"
    ]
    assert built.title is None  # untitled: readers title it in their language


def test_contact_details_are_shown_only_with_consent_to_share_them() -> None:
    sharing = _paper(_person(("contact_list_sharing",))).entries[0].contact
    assert (sharing.email, sharing.phone, sharing.function) == (
        "mara.beispiel@example.org",
        "+493415550100",
        "Teamleitung",
    )
    private = _paper(_person(("photos",))).entries[0].contact
    assert (private.name, private.email, private.phone) == ("Mara Beispiel", None, None)


def test_redaction_removes_the_erased_person_everywhere_in_the_paper() -> None:
    person = _person(("contact_list_sharing",))
    built = _paper(person, with_substitute=True)
    content, count = paper.redact(built.model_dump(mode="json"), person.id)
    assert count == 2
    assert "Beispiel" not in str(content)
    assert "example.org" not in str(content)
    for field in ("contact", "substitute"):
        assert content["entries"][0][field] == {
            "person_id": None,
            "name": None,  # no placeholder word: readers say "erased" in their language
            "function": None,
            "email": None,
            "phone": None,
        }
    assert content["redactions"] == 2


def test_the_paper_carries_codes_and_data_and_no_words_to_render() -> None:
    built = _paper(None)
    institution = built.institutions[0]
    assert (institution.type, institution.statutory) == ("jobcenter", True)
    uncovered = next(gap for gap in built.gaps if gap.kind == "responsibility_without_contact")
    assert (uncovered.topic, uncovered.topic_label, uncovered.organisation_name, uncovered.region_key) == (
        "sgb_ii_benefits",
        "Leistungen nach SGB II",
        "Jobcenter Leipzig",
        "14713",
    )
    sent = built.model_dump(mode="json")
    assert all("type_label" not in item for item in sent["institutions"])
    assert all("message" not in gap for gap in sent["gaps"])
    gaps = [{**gap, "topic_label": None, "organisation_name": None} for gap in sent["gaps"]]
    worded = json.dumps([sent["institutions"], gaps], ensure_ascii=False)
    words = ("Regelinstitution", "Ansprechperson", "Keine", "keine", "Entwurf", '"ja"', '"nein"', "„")
    for german in (*words, "Bundesamt", "Volkshochschule", "Agentur für Arbeit"):
        assert german not in worded, german
    assert sent["title"] is None
    assert "Schnittstellenpapier" not in json.dumps(sent, ensure_ascii=False)


def test_a_title_staff_gave_the_paper_is_kept_and_an_empty_one_is_none() -> None:
    scope = paper.Scope("region", "14713", "Leipzig", ["14713"])
    for title, kept in (("Papier Leipzig 2024", "Papier Leipzig 2024"), ("", None), (None, None)):
        built = paper.build(
            scope, title=title, organisations=[], responsibilities=[], people={}, topic_labels={}
        )
        assert built.title == kept


def test_a_redacted_paper_holds_no_word_for_the_erased_person() -> None:
    person = _person(("contact_list_sharing",))
    content, _ = paper.redact(_paper(person).model_dump(mode="json"), person.id)
    stored = json.dumps(content, ensure_ascii=False).lower()
    for german in ("gelöscht", "schnittstellenpapier"):
        assert german not in stored, german


def test_a_land_office_counts_for_its_districts_and_a_district_office_for_its_land() -> None:
    assert {"15002", "15"} <= regionlookup.touching("15002", {})
    assert "15003" not in regionlookup.touching("15002", {})
    assert {"15", "15002", "15003"} <= regionlookup.touching("15", {})
    assert {"11000", "11", "11000-08"} <= regionlookup.touching("11000-08", {})


def test_a_custom_region_consists_of_its_districts() -> None:
    custom = {"c-raum-leipzig": CustomRegion("c-raum-leipzig", "Raum Leipzig", ("14713", "14729"))}
    assert regionlookup.districts_in("c-raum-leipzig", custom) == ["14713", "14729"]
    assert {"14713", "14729", "14"} <= regionlookup.touching("c-raum-leipzig", custom)
    assert regionlookup.custom_key("Raum Görlitz / Zittau") == "c-raum-gorlitz-zittau"
    assert regionlookup.problem_with_region_key("c-unbekannt", custom) is not None
    assert regionlookup.problem_with_region_key("14713", custom) is None
