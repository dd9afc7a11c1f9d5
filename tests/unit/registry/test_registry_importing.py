"""Dry runs of organisation and people imports from CSV and XLSX files."""

import io

import pytest
from openpyxl import Workbook

from registry_service.domain.importing import (
    ImportFileError,
    ImportKind,
    OrganisationRow,
    PersonRow,
    dry_run,
    organisation_match_key,
)
from registry_service.domain.reference import Region, RegionCatalogue, load_reference_regions
from registry_service.vocabulary import FormOfAddress, Language, OrganisationType, RegionKind

ORGANISATIONS_CSV = """\
Name;Typ;Region;E-Mail;Telefon;PLZ;Ort
Jobcenter Halle (Saale);Jobcenter;15002;kontakt@jobcenter-halle.example.org;0345 1234567;06108;Halle (Saale)
Agentur für Arbeit Halle;Agentur für Arbeit;15002;;;;
Volkshochschule Leipzig;VHS;14713;info@vhs-leipzig.example.org;0341 7654321;04109;Leipzig
"""

PEOPLE_CSV = """\
Anrede,Vorname,Nachname,E-Mail,Telefon,Organisation,Funktion,Entscheidungsbefugt,Sprache
Frau,Kim,Beispiel,Kim.Beispiel@Example.org,0345 1111111,Jobcenter Halle (Saale),Teamleitung,ja,Deutsch
Herr,Alex,Muster,alex.muster@example.com,,Volkshochschule Leipzig,Fachbereichsleitung,nein,en
,Sam,Probe,sam.probe@example.org,,,,,
"""


def organisations(text: str, encoding: str = "utf-8") -> list[OrganisationRow]:
    report = dry_run(text.encode(encoding), "organisationen.csv", ImportKind.ORGANISATIONS)
    return [row for row in report.valid_rows if isinstance(row, OrganisationRow)]


def test_a_good_organisation_file_yields_typed_rows_and_no_problems() -> None:
    report = dry_run(ORGANISATIONS_CSV.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert (report.valid_count, report.invalid_count) == (3, 0)
    first = report.valid_rows[0]
    assert isinstance(first, OrganisationRow)
    assert first.row == 2
    assert first.organisation_type is OrganisationType.JOBCENTER
    assert first.region_key == "15002"
    assert first.phone == "+493451234567"
    assert first.postal_code == "06108"
    assert report.valid_rows[2].organisation_type is OrganisationType.ADULT_EDUCATION_CENTRE  # type: ignore[union-attr]
    assert report.columns["organisation_type"] == "Typ"


def test_a_good_people_file_with_commas_yields_typed_rows() -> None:
    report = dry_run(PEOPLE_CSV.encode(), "personen.csv", ImportKind.PEOPLE)
    assert (report.valid_count, report.invalid_count) == (3, 0)
    kim, alex, sam = report.valid_rows
    assert isinstance(kim, PersonRow)
    assert isinstance(alex, PersonRow)
    assert isinstance(sam, PersonRow)
    assert (kim.form_of_address, kim.is_decision_maker, kim.language) == (FormOfAddress.MS, True, Language.DE)
    assert kim.match_key == "kim.beispiel@example.org"
    assert kim.organisation == "Jobcenter Halle (Saale)"
    assert (alex.form_of_address, alex.is_decision_maker, alex.language) == (
        FormOfAddress.MR,
        False,
        Language.EN,
    )
    assert (sam.form_of_address, sam.language, sam.role) == (FormOfAddress.NEUTRAL, Language.DE, None)


def test_a_utf8_file_with_byte_order_mark_is_read_like_one_without() -> None:
    with_bom = ORGANISATIONS_CSV.encode("utf-8-sig")
    report = dry_run(with_bom, "organisationen.csv", ImportKind.ORGANISATIONS)
    assert report.valid_count == 3
    assert report.columns["name"] == "Name"


def test_broken_rows_are_reported_per_row_with_field_and_message() -> None:
    text = """\
Name;Typ;Region;E-Mail;Telefon;PLZ
;Jobcenter;15002;;;
Sozialamt Magdeburg;Sozialamt;15003;sozialamt@@example.org;;
Ausländerbehörde Halle;ABH;15002;;12;
Bäckerei Beispiel;Bäckerei;15002;;;
Jobcenter Irgendwo;Jobcenter;15099;;;
Jobcenter Halle;Jobcenter;15002;;;6108
"""
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert (report.valid_count, report.invalid_count) == (0, 6)
    codes = {invalid.row: [(p.field, p.code) for p in invalid.problems] for invalid in report.invalid_rows}
    assert codes == {
        2: [("name", "missing")],
        3: [("email", "invalid_email")],
        4: [("phone", "invalid_phone")],
        5: [("organisation_type", "unknown_type")],
        6: [("region", "unknown_region")],
        7: [("postal_code", "invalid_postal_code")],
    }
    assert "'Bäckerei'" in report.problems_of(5)[0].message
    assert "15099" in report.problems_of(6)[0].message


def test_the_second_of_two_equal_rows_is_reported_as_duplicate_of_the_first() -> None:
    text = """\
Name;Typ;Region
Jobcenter Halle (Saale);Jobcenter;15002
JOBCENTER  HALLE SAALE;Jobcenter;15002
Jobcenter Halle (Saale);Jobcenter;15003
"""
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert [row.row for row in report.valid_rows] == [2, 4]
    (problem,) = report.problems_of(3)
    assert (problem.field, problem.code) == ("name", "duplicate")
    assert "duplicate of row 2" in problem.message


def test_people_are_duplicates_when_their_email_differs_only_in_case() -> None:
    text = """\
Vorname;Nachname;E-Mail
Kim;Beispiel;kim.beispiel@example.org
Kim;Beispiel;KIM.BEISPIEL@EXAMPLE.ORG
"""
    report = dry_run(text.encode(), "personen.csv", ImportKind.PEOPLE)
    assert report.valid_count == 1
    (problem,) = report.problems_of(3)
    assert (problem.field, problem.code, problem.message) == (
        "email",
        "duplicate",
        "duplicate of row 2: same e-mail address",
    )


def test_people_rows_without_name_or_email_or_with_unclear_values_are_reported() -> None:
    text = """\
Anrede;Vorname;Nachname;E-Mail;Entscheidungsbefugt;Sprache
Frau;;Beispiel;kim@example.org;ja;de
Herr;Alex;Muster;;nein;de
Dr.;Sam;Probe;sam@example.org;vielleicht;Klingonisch
"""
    report = dry_run(text.encode(), "personen.csv", ImportKind.PEOPLE)
    assert report.valid_count == 0
    assert [(p.field, p.code) for p in report.problems_of(2)] == [("first_name", "missing")]
    assert [(p.field, p.code) for p in report.problems_of(3)] == [("email", "missing")]
    assert [(p.field, p.code) for p in report.problems_of(4)] == [
        ("form_of_address", "invalid_value"),
        ("language", "invalid_value"),
        ("is_decision_maker", "invalid_value"),
    ]


def test_a_single_name_column_is_split_into_first_and_last_name() -> None:
    text = "Name;E-Mail\nKim Lea Beispiel;kim@example.org\n"
    (person,) = dry_run(text.encode(), "personen.csv", ImportKind.PEOPLE).valid_rows
    assert isinstance(person, PersonRow)
    assert (person.first_name, person.last_name) == ("Kim Lea", "Beispiel")


def test_a_cp1252_encoded_file_is_reported_with_the_line_not_guessed() -> None:
    text = "Name;Typ;Region\nJobcenter Halle;Jobcenter;15002\nAusländerbehörde Halle;ABH;15002\n"
    with pytest.raises(ImportFileError) as caught:
        dry_run(text.encode("cp1252"), "organisationen.csv", ImportKind.ORGANISATIONS)
    message = caught.value.message
    assert "not UTF-8" in message
    assert "line 3" in message
    assert "Windows-1252" in message
    assert "'ä'" in message
    assert [detail.field for detail in caught.value.details] == ["file"]


def test_a_missing_required_column_is_a_file_error_naming_the_column() -> None:
    with pytest.raises(ImportFileError, match="required column missing: 'Name'"):
        dry_run(b"Typ;Region\nJobcenter;15002\n", "organisationen.csv", ImportKind.ORGANISATIONS)
    with pytest.raises(ImportFileError, match="'Vorname' and 'Nachname'"):
        dry_run(b"E-Mail\nkim@example.org\n", "personen.csv", ImportKind.PEOPLE)


def test_a_file_error_says_why_by_its_code_and_lists_the_columns_expected() -> None:
    cases = [
        (b"foo;bar\n1;2\n", ImportKind.ORGANISATIONS, "no_known_columns"),
        (b"foo;bar\n1;2\n", ImportKind.PEOPLE, "no_known_columns"),
        (b"Typ;Region\nJobcenter;15002\n", ImportKind.ORGANISATIONS, "missing_columns"),
        (b"E-Mail\nkim@example.org\n", ImportKind.PEOPLE, "missing_columns"),
        (b"Name;E-Mail;Email\nKim;a@example.org;b@example.org\n", ImportKind.PEOPLE, "duplicate_column"),
    ]
    for content, kind, code in cases:
        with pytest.raises(ImportFileError) as caught:
            dry_run(content, "datei.csv", kind)
        [detail] = caught.value.details
        assert (detail.field, detail.code) == ("file", code)
        if code != "duplicate_column":
            assert detail.params["columns"]
    with pytest.raises(ImportFileError) as caught:
        dry_run(b"foo;bar\n1;2\n", "datei.csv", ImportKind.ORGANISATIONS)
    assert str(caught.value.details[0].params["columns"]).startswith("Name, Typ, Region")


def test_two_columns_meaning_the_same_field_are_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="'E-Mail' and 'Email' both mean 'E-Mail'"):
        dry_run(b"Name;E-Mail;Email\nKim Beispiel;a@example.org;b@example.org\n", "p.csv", ImportKind.PEOPLE)


def test_english_headers_are_accepted_and_unknown_headers_are_listed_not_dropped_silently() -> None:
    text = "name,type,region,notes\nJobcenter Halle,jobcenter,15002,call first\n"
    report = dry_run(text.encode(), "organisations.csv", ImportKind.ORGANISATIONS)
    assert report.valid_count == 1
    assert report.ignored_columns == ["notes"]


def test_blank_lines_are_counted_as_blank_rows() -> None:
    text = "Name;Typ;Region\nJobcenter Halle;Jobcenter;15002\n;;\nVHS Leipzig;VHS;14713\n"
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert report.valid_count == 2
    assert report.blank_rows == [3]


def test_an_empty_file_or_an_unknown_format_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="the file is empty"):
        dry_run(b"\n\n", "organisationen.csv", ImportKind.ORGANISATIONS)
    with pytest.raises(ImportFileError, match=r"only \.csv and \.xlsx"):
        dry_run(b"{}", "organisationen.json", ImportKind.ORGANISATIONS)
    with pytest.raises(ImportFileError, match=r"not a readable \.xlsx workbook"):
        dry_run(b"Name;Typ\n", "organisationen.xlsx", ImportKind.ORGANISATIONS)


def test_a_region_may_be_given_by_its_exact_name_unless_the_name_is_ambiguous() -> None:
    text = "Name;Typ;Region\nJobcenter Halle;Jobcenter;Halle (Saale)\nJobcenter Leipzig;Jobcenter;Leipzig\n"
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert [row.region_key for row in report.valid_rows] == ["15002"]  # type: ignore[union-attr]
    (problem,) = report.problems_of(3)
    assert problem.code == "ambiguous_region"
    assert "14713" in problem.message
    assert "14729" in problem.message


def test_an_ambiguous_region_name_names_its_candidates_by_key() -> None:
    text = "Name;Typ;Region\nJobcenter Leipzig;Jobcenter;Leipzig\n"
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    (problem,) = report.problems_of(2)
    assert problem.params == {"value": "Leipzig", "candidates": "14713,14729"}


@pytest.mark.parametrize(
    ("heading", "named", "key"),
    [
        ("Kreis", "Landkreis Leipzig", "14729"),
        ("Kreise", "Leipzig (Landkreis)", "14729"),
        ("Landkreis", "Stadt Leipzig", "14713"),
        ("Region", "Nordsachsen", "14730"),
        ("Kreisschlüssel", "14713", "14713"),
    ],
)
def test_the_region_column_is_read_under_its_german_headings_and_by_a_name_that_says_which(
    heading: str, named: str, key: str
) -> None:
    text = f"Name;Art;{heading}\nProbe Import e.V.;Freier Träger / Verein;{named}\n"
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert report.ignored_columns == []
    assert report.invalid_rows == []
    assert [row.region_key for row in report.valid_rows] == [key]  # type: ignore[union-attr]


def test_custom_regions_can_be_added_to_the_catalogue_the_import_checks_against() -> None:
    altmark = Region(key="custom-altmark", name="Altmark", kind=RegionKind.CUSTOM)
    catalogue = RegionCatalogue([*load_reference_regions(), altmark])
    text = "Name;Typ;Region\nKoordinierungsstelle Altmark;Integrationskoordination;custom-altmark\n"
    report = dry_run(text.encode(), "organisationen.csv", ImportKind.ORGANISATIONS, regions=catalogue)
    assert report.valid_count == 1


def test_the_organisation_match_key_ignores_case_umlaut_spelling_and_punctuation() -> None:
    assert organisation_match_key("Ausländerbehörde  Halle (Saale)", "15002") == organisation_match_key(
        "AUSLAENDERBEHOERDE HALLE SAALE", "15002"
    )
    assert organisation_match_key("Jobcenter Halle", "15002") != organisation_match_key(
        "Jobcenter Halle", "15003"
    )


def test_reimporting_the_same_file_produces_the_same_match_keys() -> None:
    first = [row.match_key for row in organisations(ORGANISATIONS_CSV)]
    second = [row.match_key for row in organisations(ORGANISATIONS_CSV)]
    assert first == second
    assert len(set(first)) == 3


def workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_of_people_reads_like_the_same_csv() -> None:
    data = workbook_bytes(
        [
            ["Anrede", "Vorname", "Nachname", "E-Mail", "Telefon", "Entscheidungsbefugt", "Sprache"],
            ["Frau", "Kim", "Beispiel", "kim.beispiel@example.org", "0345 1111111", True, "Deutsch"],
            [None, None, None, None, None, None, None],
            ["Herr", "Alex", "Muster", "alex.muster@example.com", None, False, "English"],
        ]
    )
    report = dry_run(data, "Personen.XLSX", ImportKind.PEOPLE)
    assert report.valid_count == 2
    assert report.blank_rows == [3]
    kim, alex = report.valid_rows
    assert isinstance(kim, PersonRow)
    assert isinstance(alex, PersonRow)
    assert (kim.row, kim.phone, kim.is_decision_maker) == (2, "+493451111111", True)
    assert (alex.row, alex.language, alex.is_decision_maker) == (4, Language.EN, False)


def test_numeric_cells_in_an_xlsx_file_that_lost_their_leading_zero_are_explained() -> None:
    data = workbook_bytes(
        [
            ["Name", "Typ", "Region", "PLZ"],
            ["Jobcenter Flensburg", "Jobcenter", 1001, 24937],
            ["Jobcenter Halle", "Jobcenter", 15002, 6108],
        ]
    )
    report = dry_run(data, "organisationen.xlsx", ImportKind.ORGANISATIONS)
    assert report.valid_count == 0
    (region_problem,) = report.problems_of(2)
    assert "'1001'" in region_problem.message
    assert "leading zero" in region_problem.message
    (postal_problem,) = report.problems_of(3)
    assert "leading zero" in postal_problem.message


def test_values_longer_than_the_registry_keeps_are_row_problems_of_the_dry_run() -> None:
    """A row the dry run accepts is one the import can write: the registry's own limits apply."""
    people = f"""\
Titel;Vorname;Nachname;E-Mail;Funktion
{"Prof. " * 10};Kim;Beispiel;kim@example.org;Teamleitung
Dr.;{"K" * 101};Beispiel;alex@example.org;{"Leitung " * 30}
Dr.;Sam;Probe;sam@example.org;Teamleitung
"""
    report = dry_run(people.encode(), "personen.csv", ImportKind.PEOPLE)
    assert report.valid_count == 1
    assert [(p.field, p.code, p.params) for p in report.problems_of(2)] == [
        ("title", "string_too_long", {"max_length": 50})
    ]
    assert [(p.field, p.code) for p in report.problems_of(3)] == [
        ("first_name", "string_too_long"),
        ("role", "string_too_long"),
    ]

    organisations = f"""\
Name;Typ;Region;Ort;Webseite
J;Jobcenter;15002;Halle;
Jobcenter Halle;Jobcenter;15002;{"Halle " * 20};https://example.org/{"x" * 300}
"""
    report = dry_run(organisations.encode(), "organisationen.csv", ImportKind.ORGANISATIONS)
    assert report.valid_count == 0
    assert [(p.field, p.code) for p in report.problems_of(2)] == [("name", "string_too_short")]
    assert [(p.field, p.code) for p in report.problems_of(3)] == [
        ("city", "string_too_long"),
        ("website", "string_too_long"),
    ]


def test_a_phone_number_excel_turned_into_a_number_is_a_row_problem_not_a_wrong_number() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Vorname", "Nachname", "E-Mail", "Telefon"])
    sheet.append(["Kim", "Beispiel", "kim.beispiel@example.org", 4.93515550123e11])  # +49 351 5550123
    sheet.append(["Alex", "Muster", "alex.muster@example.org", 3515550123])  # 0351 5550123
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = dry_run(buffer.getvalue(), "personen.xlsx", ImportKind.PEOPLE)
    assert [(p.field, p.code, p.params) for p in report.problems_of(2)] == [
        ("phone", "ambiguous_phone", {"value": "493515550123"})
    ]
    [alex] = report.valid_rows
    assert isinstance(alex, PersonRow)
    assert alex.phone == "+493515550123"


def test_values_under_a_merged_heading_cell_are_refused_not_left_out_unseen() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name", "Typ", "Kreis", "Anschrift", None])
    sheet.merge_cells("D1:E1")
    sheet.append(["Tafel Görlitz e.V.", "Verein", "14626", "Berliner Straße 1", "02826"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportFileError) as refused:
        dry_run(buffer.getvalue(), "akteure.xlsx", ImportKind.ORGANISATIONS)
    [detail] = refused.value.details
    assert (detail.code, detail.params) == ("unnamed_column", {"column": "E", "row": 2})
    csv_file = "Name;Typ;Region\nTafel Görlitz e.V.;Verein;14626;Notiz\n".encode()
    with pytest.raises(ImportFileError) as refused:
        dry_run(csv_file, "akteure.csv", ImportKind.ORGANISATIONS)
    assert refused.value.details[0].params == {"column": "D", "row": 2}
