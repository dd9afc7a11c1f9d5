"""The Schnittstellenpapier as the gateway renders it from the registry's data: printable HTML, CSV and
XLSX in German and in English, every code worded through the one catalogue, regions by name with
their official key, and what staff typed escaped."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from gateway_service.i18n import Language
from gateway_service.web import paper_files
from gateway_service.web.rendering import phone_text
from netzwerkstatt.contracts.registry import ConsentView, MembershipView, PersonView
from registry_service.domain import paper

NOW = datetime(2024, 11, 21, 9, 0, tzinfo=UTC)
JOBCENTER = uuid.uuid4()
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
GAP_KINDS = ("missing_institution_type", "responsibility_without_contact")

HEADINGS: dict[Language, dict[str, Any]] = {
    "de": {
        "csv": ["Art", "Thema", "Institution", "Region", "Regionsschlüssel", "Ansprechperson", "Funktion"],
        "sheets": ["Zuständigkeiten", "Institutionen", "Lücken"],
        "html": ["Zuständigkeiten und Ansprechpersonen", "<th>Regelinstitution</th>", "<h2>Lücken</h2>"],
        "words": [
            "Zuständigkeit",
            "Lücke",
            "Keine Regelinstitution vom Typ „Agentur für Arbeit“ erfasst",
            "„Leistungen nach SGB II (Bürgergeld)“ bei Jobcenter Leipzig (Leipzig (Landkreis)): "
            "keine Ansprechperson benannt",
            "Stand 21.11.2024",
        ],
        "statutory": "ja",
    },
    "en": {
        "csv": ["Type", "Topic", "Institution", "Region", "Region key", "Contact person", "Function"],
        "sheets": ["Responsibilities", "Institutions", "Gaps"],
        "html": ["Responsibilities and contact persons", "<th>Statutory institution</th>", "<h2>Gaps</h2>"],
        "words": [
            "Responsibility",
            "Gap",
            "No statutory institution of the type “Federal Employment Agency office” recorded",
            "“Basic income support (SGB II)” at Jobcenter Leipzig (Leipzig (Landkreis)): "
            "no contact person named",
            "As of Nov 21, 2024",
        ],
        "statutory": "yes",
    },
}


def _person() -> PersonView:
    return PersonView(
        id=uuid.uuid4(),
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
        consents=[ConsentView(kind="contact_list_sharing", given_at=NOW)],
        notes=None,
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


def issued_paper(title: str = "Schnittstellenpapier Leipziger Land") -> dict[str, Any]:
    """A paper as the registry sends it: one Jobcenter with a covered and an uncovered topic."""
    contact = _person()
    responsibilities = [
        {
            "organisation_id": JOBCENTER,
            "organisation_name": "Jobcenter Leipzig",
            "topic": topic,
            "region_key": "14729",
            "contact_person_id": person,
            "substitute_person_id": None,
        }
        for topic, person in (("recognition", contact.id), ("sgb_ii_benefits", None))
    ]
    built = paper.build(
        paper.Scope("region", "14729", "Leipzig (Landkreis)", ["14729"]),
        title=title,
        organisations=[{"id": JOBCENTER, "name": "Jobcenter Leipzig", "type": "jobcenter", "city": "Borna"}],
        responsibilities=responsibilities,
        people={contact.id: contact},
        topic_labels={"recognition": "Anerkennung", "sgb_ii_benefits": "Leistungen nach SGB II"},
        paper_id=uuid.uuid4(),
        version=3,
        issued_at=NOW,
    )
    return built.model_dump(mode="json")


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_text(data: bytes) -> tuple[list[str], str]:
    workbook = load_workbook(io.BytesIO(data))
    cells = [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    return workbook.sheetnames, "\n".join(cells)


def visible_text(html: str) -> str:
    body = html.split("<body>", 1)[1]
    return re.sub(r"<[^>]+>", " ", body)


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_paper_is_rendered_in_the_readers_language_in_all_three_formats(language: Language) -> None:
    expected = HEADINGS[language]
    issued = issued_paper()

    rows = csv_rows(paper_files.to_csv(issued, language))
    assert rows[0][:7] == expected["csv"]
    covered = next(row for row in rows if "Mara Beispiel" in row)
    assert covered[2:6] == ["Jobcenter Leipzig", "Leipzig (Landkreis)", "14729", "Mara Beispiel"]
    csv_text = "\n".join(";".join(row) for row in rows)

    sheets, xlsx = xlsx_text(paper_files.to_xlsx(issued, language))
    assert sheets == expected["sheets"]
    assert "Schnittstellenpapier Leipziger Land" in xlsx
    assert expected["statutory"] in xlsx.splitlines()

    html = paper_files.to_html(issued, language).decode("utf-8")
    assert f'<html lang="{language}">' in html
    assert "<h1>Schnittstellenpapier Leipziger Land</h1>" in html
    for heading in expected["html"]:
        assert heading in html
    assert "Leipzig (Landkreis) <span" in html  # the district by name, its key beside it

    for words in expected["words"]:
        assert words in csv_text or words in xlsx, words
        if words not in ("Zuständigkeit", "Lücke", "Responsibility", "Gap"):
            assert words in html, words
    # Every code was worded: no organisation type, topic or gap kind shows as it travels.
    for text in (csv_text, xlsx, visible_text(html)):
        assert not SNAKE_CASE.findall(text)
        assert "jobcenter" not in text
        for kind in GAP_KINDS:
            assert kind not in text


def test_the_other_language_has_none_of_the_first_ones_headings() -> None:
    english = paper_files.to_csv(issued_paper(), "en").decode("utf-8-sig")
    german = paper_files.to_csv(issued_paper(), "de").decode("utf-8-sig")
    assert "Ansprechperson" in german
    assert "Ansprechperson" not in english
    assert "Contact person" in english
    assert "Contact person" not in german


def test_a_preview_reads_as_a_draft_and_the_file_is_named_after_the_title() -> None:
    draft = issued_paper() | {"id": None, "version": None, "issued_at": None}
    assert "Stand Entwurf" in paper_files.to_html(draft, "de").decode()
    assert "As of Draft" in paper_files.to_html(draft, "en").decode()
    assert paper_files.file_name(issued_paper(), "de", "csv") == "schnittstellenpapier-leipziger-land-v3.csv"
    assert paper_files.file_name(issued_paper("€€"), "en", "xlsx") == "interface-paper-v3.xlsx"


def test_the_html_escapes_what_staff_typed() -> None:
    html = paper_files.to_html(issued_paper("<script>alert(1)</script>"), "de").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_paper_issued_before_gaps_carried_their_parameters_is_still_worded() -> None:
    stored = issued_paper()
    for institution in stored["institutions"]:
        institution["type_label"] = "Jobcenter"
    for gap in stored["gaps"]:
        gap["message"] = "ein alter Satz"
        for field in ("topic_label", "organisation_name", "region_key"):
            gap.pop(field)
    html = paper_files.to_html(stored, "en").decode()
    assert "“Basic income support (SGB II)” at Jobcenter Leipzig (Leipzig (Landkreis)): no contact" in html
    assert "ein alter Satz" not in html


@pytest.mark.parametrize(
    ("language", "title", "erased"),
    [
        ("de", "Schnittstellenpapier Leipzig (Landkreis)", "Gelöschte Person"),
        ("en", "Interface paper Leipzig (Landkreis)", "Erased person"),
    ],
)
def test_an_untitled_paper_and_an_erased_contact_are_worded_in_the_readers_language(
    language: Language, title: str, erased: str
) -> None:
    """The registry stores no words: no title and a contact without a name."""
    untitled = issued_paper(title="")
    assert untitled["title"] is None
    contact = untitled["entries"][0]["contact"]
    person_id = uuid.UUID(contact["person_id"])
    redacted, _ = paper.redact(untitled, person_id)
    assert redacted["entries"][0]["contact"]["name"] is None

    html = paper_files.to_html(redacted, language).decode("utf-8")
    assert f"<title>{title}</title>" in html
    assert f"<h1>{title}</h1>" in html
    assert f"<td>{erased}</td>" in html
    rows = csv_rows(paper_files.to_csv(redacted, language))
    assert [row for row in rows if erased in row]
    _, xlsx = xlsx_text(paper_files.to_xlsx(redacted, language))
    assert title in xlsx
    assert erased in xlsx
    for text in (html, "\n".join(";".join(row) for row in rows), xlsx):
        assert "[gelöscht]" not in text
    other = "Interface paper" if language == "de" else "Schnittstellenpapier"
    assert other not in html
    expected_name = {
        "de": "schnittstellenpapier-leipzig-landkreis",
        "en": "interface-paper-leipzig-landkreis",
    }
    assert paper_files.file_name(redacted, language, "csv") == f"{expected_name[language]}-v3.csv"


def test_phone_numbers_read_in_international_format_in_all_three_formats() -> None:
    """The registry holds numbers in E.164 (+493415550100); the paper shows them as people write
    them internationally, the area code set apart (+49 341 5550100)."""
    issued = issued_paper()
    issued["institutions"][0]["phone"] = "+4930123456"
    words = paper_files.PaperWords(issued, "de")
    page = visible_text(paper_files.to_html(issued, "de").decode())
    spreadsheet = xlsx_text(paper_files.to_xlsx(issued, "de"))[1]
    table = "\n".join(";".join(row) for row in csv_rows(paper_files.to_csv(issued, "de")))
    for text in (page, spreadsheet, table):  # the contact's number
        assert "+49 341 5550100" in text
        assert "+493415550100" not in text
    for text in (page, spreadsheet):  # the institution's (the CSV has the responsibilities only)
        assert "+49 30 123456" in text
        assert "+4930123456" not in text
    assert words.person({"name": "Mara Beispiel", "phone": "+493415550100"})[3] == "+49 341 5550100"


@pytest.mark.parametrize(
    ("held", "shown"),
    [
        ("+4930123456", "+49 30 123456"),
        ("+4915112345678", "+49 1511 2345678"),
        ("+43158858", "+43 1 58858"),
        ("0341 555 0100", "0341 555 0100"),  # not E.164 (an old paper's): as it was written
        ("", ""),
        (None, ""),
    ],
)
def test_a_phone_number_is_shown_in_international_format_or_as_held(held: str | None, shown: str) -> None:
    assert phone_text(held) == shown
