"""Every spreadsheet export of every service is written by the kernel's one tabular module: UTF-8 with
a byte order mark and ``;`` for German Excel, typed XLSX cells, the same headers in both formats, and
no cell that a spreadsheet would run as a formula, whatever a name or free text starts with."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from feedback_service.domain.export import free_texts_table, results_xlsx, table_to_csv
from feedback_service.domain.model import QuestionType
from feedback_service.domain.results import FreeTextResult, SurveyResults
from gateway_service.i18n import Language
from gateway_service.web import groupwork_files, paper_files
from netzwerkstatt import tabular
from netzwerkstatt.contracts.registry import InterfacePaperView, PaperContact, PaperEntry, PaperInstitution

DANGEROUS = ['=HYPERLINK("http://evil.example";"Klick")', "+49 341 1234", "-1+1", "@SUM(A1)", "\tTab", "\rCR"]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte order mark"
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def inert_in_csv(cell: str, original: str) -> bool:
    return cell == "'" + original


def xlsx_cells(data: bytes) -> list[tuple[object, str]]:
    workbook = load_workbook(io.BytesIO(data))
    return [
        (cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


def no_formula_in(data: bytes, texts: list[str]) -> None:
    cells = xlsx_cells(data)
    assert all(kind != "f" for _, kind in cells), "a cell is stored as a formula"
    for text in texts:
        assert (text.replace("\r", "\n"), "s") in cells, text  # XML keeps line ends as LF


def test_csv_and_xlsx_carry_the_same_headers_and_typed_cells() -> None:
    table = tabular.Table(
        "Liste",
        ("Name", "Anzahl", "Anteil", "Datum"),
        (("Jobcenter Leipzig", 3, Decimal("12.50"), date(2025, 11, 20)),),
    )

    rows = read_csv(tabular.csv_bytes(table))
    sheet = load_workbook(io.BytesIO(tabular.xlsx_bytes([table]))).active
    assert sheet is not None

    assert rows == [["Name", "Anzahl", "Anteil", "Datum"], ["Jobcenter Leipzig", "3", "12,50", "2025-11-20"]]
    assert [cell.value for cell in sheet[1]] == rows[0]
    name, count, share, day = sheet[2]
    assert (count.data_type, share.data_type, day.is_date) == ("n", "n", True)
    assert (count.value, share.value, day.value.date()) == (3, 12.5, date(2025, 11, 20))
    assert name.value == "Jobcenter Leipzig"


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_kernel_neutralises_each_formula_start(text: str) -> None:
    table = tabular.Table("Liste", ("Name", "Ort"), ((text, "Leipzig"),))

    assert inert_in_csv(read_csv(tabular.csv_bytes(table))[1][0], text)
    no_formula_in(tabular.xlsx_bytes([table]), [text])


def paper_naming(text: str) -> InterfacePaperView:
    organisation = uuid.uuid4()
    return InterfacePaperView(
        id=uuid.uuid4(),
        scope_kind="region",
        scope_key="14713",
        scope_name="Leipzig",
        title="Schnittstellenpapier Leipzig",
        version=1,
        issued_at=None,
        district_keys=["14713"],
        institutions=[
            PaperInstitution(
                organisation_id=organisation,
                name=text,
                type="jobcenter",
                statutory=True,
            )
        ],
        entries=[
            PaperEntry(
                organisation_id=organisation,
                organisation_name=text,
                topic="recognition",
                topic_label="Anerkennung",
                region_key="14713",
                contact=PaperContact(person_id=uuid.uuid4(), name="Mara Beispiel", phone=text),
                substitute=None,
            )
        ],
        gaps=[],
    )


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("text", DANGEROUS)
def test_the_schnittstellenpapier_exports_are_inert(text: str, language: Language) -> None:
    """The registry sends the paper as data; the gateway writes its files through the kernel."""
    paper = paper_naming(text).model_dump(mode="json")

    rows = read_csv(paper_files.to_csv(paper, language))
    assert rows[0][2] == "Institution"
    assert inert_in_csv(rows[1][2], text)  # the institution
    assert inert_in_csv(rows[1][8], text)  # the contact's phone
    no_formula_in(paper_files.to_xlsx(paper, language), [text])


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_feedback_results_exports_are_inert(text: str) -> None:
    results = SurveyResults(
        title=text,
        language="de",
        tokens_issued=4,
        responses=3,
        response_rate_percent=Decimal("75.00"),
        withheld=False,
        questions=(
            FreeTextResult(
                type=QuestionType.FREE_TEXT,
                question_key="keep",
                text="Was sollten wir beibehalten?",
                answered=1,
                texts=(text,),
                deleted_by_retention=0,
            ),
        ),
    )

    rows = read_csv(table_to_csv(free_texts_table(results)))
    assert inert_in_csv(rows[1][2], text)
    no_formula_in(results_xlsx(results), [text])


def world_cafe_naming(text: str) -> dict[str, object]:
    """A World Café plan as ``events.groupwork.get`` sends it, a person and a table topic named ``text``."""
    return {
        "kind": "world_cafe",
        "title": text,
        "parameters": {"kind": "world_cafe", "tables": [{"id": "t1", "topic": text}], "rounds": 1},
        "inputs": {},
        "names": {"p1": text},
        "plan": {
            "rounds": [
                {
                    "number": 1,
                    "tables": [{"table_id": "t1", "topic": text, "host_ids": [], "participant_ids": ["p1"]}],
                }
            ]
        },
    }


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("text", DANGEROUS)
def test_the_group_work_plan_exports_are_inert(text: str, language: Language) -> None:
    """The events service sends the plan as data; the gateway writes its files through the kernel."""
    plan = world_cafe_naming(text)

    rows = read_csv(groupwork_files.to_csv(plan, language, event_title=text))
    assert rows[0] == (
        ["Runde", "Tisch", "Rolle", "Name"] if language == "de" else ["Round", "Table", "Role", "Name"]
    )
    assert inert_in_csv(rows[1][1], text)  # the table's topic
    assert inert_in_csv(rows[1][3], text)  # the person
    no_formula_in(groupwork_files.to_xlsx(plan, language, event_title=text), [text])


@pytest.mark.parametrize(
    ("title", "sheet"),
    [
        ("Regionalworkshop: Anerkennung [Leipzig] 2026?", "Regionalworkshop- Anerkennung -"),
        ("'Ideenwerkstatt' 1/2", "Ideenwerkstatt' 1-2"),
        (":::", "---"),
        ("", "-"),
    ],
)
def test_a_title_excel_refuses_as_a_sheet_name_becomes_one_it_takes(title: str, sheet: str) -> None:
    """An event's title names the sheet of its export; Excel takes no ``\\ / * ? : [ ]`` there."""
    table = tabular.Table(title, ("Name",), (("Anna",),))

    workbook = load_workbook(io.BytesIO(tabular.xlsx_bytes([table])))

    assert workbook.sheetnames == [sheet]
    assert "Anna" in [cell.value for row in workbook[sheet].iter_rows() for cell in row]
