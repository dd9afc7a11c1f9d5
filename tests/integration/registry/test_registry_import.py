"""Import from CSV and XLSX: a dry run reports every row's problems; the import writes all rows or
none; importing the same file again creates no duplicates."""

from __future__ import annotations

import asyncio
import base64
import io
import uuid
from typing import Any

from openpyxl import Workbook
from registry_helpers import RegistryApi, codes, fields

from netzwerkstatt.principal import Principal, Role


def _file(kind: str, name: str, content: bytes) -> dict[str, Any]:
    return {"kind": kind, "file_name": name, "content_base64": base64.b64encode(content).decode()}


def _organisations_csv(tag: str, *rows: str) -> bytes:
    header = "Name;Typ;Region;E-Mail;Telefon;PLZ;Ort"
    return "\n".join([header, *rows]).replace("{tag}", tag).encode("utf-8")


def _people_xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "Anrede",
            "Vorname",
            "Nachname",
            "E-Mail",
            "Telefon",
            "Organisation",
            "Funktion",
            "Entscheidungsbefugt",
        ]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def test_broken_rows_are_reported_per_row_and_nothing_is_imported(api: RegistryApi) -> None:
    tag = uuid.uuid4().hex[:8]
    content = _organisations_csv(
        tag,
        "Jobcenter {tag};Jobcenter;14713;jc-{tag}@example.org;0341 555 0100;04129;Leipzig",
        "Burg {tag};Burg;14713;;;;",
        "Sozialamt {tag};Sozialamt;99999;kaputt;;4109;Leipzig",
    )
    report = await api.call("import.dry_run", _file("organisations", "akteure.csv", content))
    assert (report["valid_count"], report["invalid_count"], report["would_create"]) == (1, 2, 1)
    problems = {row["row"]: {p["field"] for p in row["problems"]} for row in report["invalid_rows"]}
    assert problems == {3: {"organisation_type"}, 4: {"region", "email", "postal_code"}}

    error = await api.fails("import.run", _file("organisations", "akteure.csv", content))
    assert error.code == "validation_error"
    assert {"rows.3.organisation_type", "rows.4.region", "rows.4.email", "rows.4.postal_code"} == fields(
        error
    )
    assert (await api.call("organisation.list", {"name": tag}))["total"] == 0


async def test_a_file_in_the_wrong_encoding_is_refused_as_a_whole(api: RegistryApi) -> None:
    content = "Name;Typ;Region\nAgentur für Arbeit Straße;BA;14713\n".encode("cp1252")
    error = await api.fails("import.dry_run", _file("organisations", "akteure.csv", content))
    assert codes(error) == {"file": "not_utf8"}
    assert error.details[0].params == {"line": 2}
    assert "UTF-8" in error.details[0].message


async def test_re_importing_the_same_files_creates_no_duplicates(api: RegistryApi) -> None:
    tag = uuid.uuid4().hex[:8]
    organisations = _organisations_csv(
        tag,
        "Jobcenter {tag};Jobcenter;14713;jc-{tag}@example.org;0341 555 0100;04129;Leipzig",
        "VHS {tag};Volkshochschule;14713;;;;",
    )
    first = await api.call("import.run", _file("organisations", "akteure.csv", organisations))
    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 0)
    again = await api.call("import.run", _file("organisations", "akteure.csv", organisations))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert (await api.call("organisation.list", {"name": tag}))["total"] == 2

    people = [
        [
            "Frau",
            "Lina",
            f"Probe{tag}",
            f"lina.{tag}@example.org",
            "0341 555 0111",
            f"Jobcenter {tag}",
            "Teamleitung",
            "ja",
        ],
        ["", "Sam", f"Probe{tag}", f"sam.{tag}@example.org", "", f"VHS {tag}", "Kursplanung", "nein"],
    ]
    created = await api.call("import.run", _file("people", "personen.xlsx", _people_xlsx(people)))
    assert created["created"] == 2
    again_people = await api.call("import.dry_run", _file("people", "personen.xlsx", _people_xlsx(people)))
    assert (again_people["would_create"], again_people["would_update"], again_people["unchanged"]) == (
        0,
        0,
        2,
    )
    people[1][4] = "0341 555 0122"
    changed = await api.call("import.run", _file("people", "personen.xlsx", _people_xlsx(people)))
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    listed = await api.call("person.list", {"name": f"Probe{tag}"})
    assert listed["total"] == 2
    lina = next(item for item in listed["items"] if item["given_name"] == "Lina")
    assert lina["form_of_address"] == "ms"
    assert lina["memberships"][0]["decision_maker"] is True


async def test_a_person_of_an_unknown_organisation_is_a_row_problem(api: RegistryApi) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [["Herr", "Kai", f"Probe{tag}", f"kai.{tag}@example.org", "", f"Nirgendwo {tag}", "", ""]]
    report = await api.call("import.dry_run", _file("people", "personen.xlsx", _people_xlsx(rows)))
    assert report["invalid_rows"] == [
        {
            "row": 2,
            "problems": [
                {
                    "field": "organisation",
                    "message": f"no organisation named 'Nirgendwo {tag}' in the registry; import it first",
                    "code": "unknown_organisation",
                    "params": {"value": f"Nirgendwo {tag}", "count": 0},
                }
            ],
        }
    ]
    assert report["valid_count"] == 0


async def test_a_row_names_its_unknown_organisation_together_with_its_other_problems(
    api: RegistryApi,
) -> None:
    """A wrong e-mail address and phone number do not hide that the organisation is unknown: the
    dry run names all three of the row at once."""
    tag = uuid.uuid4().hex[:8]
    rows = [["Herr", "Kai", f"Probe{tag}", "kai-at-example.org", "0341 12", f"Nirgendwo {tag}", "", ""]]
    report = await api.call("import.dry_run", _file("people", "personen.xlsx", _people_xlsx(rows)))
    [row] = report["invalid_rows"]
    assert {problem["field"]: problem["code"] for problem in row["problems"]} == {
        "email": "invalid_email",
        "phone": "invalid_phone",
        "organisation": "unknown_organisation",
    }
    assert report["valid_count"] == 0


async def test_content_that_is_no_base64_is_named(api: RegistryApi) -> None:
    error = await api.fails(
        "import.dry_run", {"kind": "people", "file_name": "x.csv", "content_base64": "%%%"}
    )
    assert fields(error) == {"content_base64"}


async def test_a_coordinators_import_adds_the_new_organisations_to_the_network_chosen(
    api: RegistryApi,
) -> None:
    network = await api.call(
        "network.create", {"name": f"Netzwerk {uuid.uuid4().hex[:8]}", "kind": "regional_institutions"}
    )
    coordinator = Principal.staff(
        Role.COORDINATOR, account_id=uuid.uuid4(), network_ids=[uuid.UUID(network["id"])]
    )
    tag = uuid.uuid4().hex[:8]
    file = _file(
        "organisations",
        "orgs.csv",
        _organisations_csv(tag, "VHS {tag};Volkshochschule;14713;;;;", "Jobcenter {tag};Jobcenter;14729;;;;"),
    )
    refused = await api.fails("import.run", file, principal=coordinator)
    assert codes(refused) == {"network_id": "choose_own_network"}
    result = await api.call("import.run", file | {"network_id": network["id"]}, principal=coordinator)
    assert result["created"] == 2
    members = (await api.call("network.get", {"network_id": network["id"]}))["member_organisation_ids"]
    assert len(members) == 2
    for organisation_id in members:
        renamed = {"organisation_id": organisation_id, "name": f"Umbenannt {uuid.uuid4().hex[:8]}"}
        assert (await api.call("organisation.update", renamed, principal=coordinator))["version"] == 2


async def test_the_registry_answers_other_requests_while_it_reads_a_large_file(api: RegistryApi) -> None:
    """Reading and checking 10,000 rows is seconds of CPU: it runs beside the service's other work,
    so a request sent after the file is answered before the file's report."""
    rows = [
        f"Volkshochschule Probe {index};VHS;15002;vhs{index}@example.org;0345 1234567;06108;Halle"
        for index in range(10_000)
    ]
    # Seconds of CPU on a quiet machine; many more when the machine is shared by other test workers.
    dry_run = asyncio.create_task(
        api.call(
            "import.dry_run",
            _file("organisations", "akteure.csv", _organisations_csv("", *rows)),
            timeout=120,
        )
    )
    await asyncio.sleep(0.2)  # the file is being read
    answered: list[str] = []
    dry_run.add_done_callback(lambda _: answered.append("file"))

    await api.call("organisation.list", {"name": "Volkshochschule Probe", "limit": 1})
    answered.append("list")
    report = await dry_run

    assert report["valid_count"] == 10_000
    assert answered == ["list", "file"]


async def test_re_importing_with_fewer_columns_keeps_what_the_file_does_not_say(api: RegistryApi) -> None:
    """A file without the address, e-mail, title, form of address or language columns (or with
    those cells empty) changes what it says and keeps the rest, as an empty phone cell does."""
    tag = uuid.uuid4().hex[:8]
    full = _organisations_csv(tag, "Jobcenter {tag};Jobcenter;14713;jc-{tag}@example.org;;04129;Leipzig")
    assert (await api.call("import.run", _file("organisations", "akteure.csv", full)))["created"] == 1
    fewer = f"Name;Typ;Region;Telefon\nJobcenter {tag};Jobcenter;14713;0341 555 0100\n".encode()
    report = await api.call("import.dry_run", _file("organisations", "akteure.csv", fewer))
    assert (report["would_create"], report["would_update"]) == (0, 1)
    await api.call("import.run", _file("organisations", "akteure.csv", fewer))
    [organisation] = (await api.call("organisation.list", {"name": tag}))["items"]
    assert organisation["address"] == {"street": None, "postal_code": "04129", "city": "Leipzig"}
    assert [(c["kind"], c["value"]) for c in organisation["contact_channels"]] == [
        ("email", f"jc-{tag}@example.org"),
        ("phone", "+493415550100"),
    ]
    again = await api.call("import.dry_run", _file("organisations", "akteure.csv", fewer))
    assert (again["would_update"], again["unchanged"]) == (0, 1)

    header = "Anrede;Titel;Vorname;Nachname;E-Mail;Sprache\n"
    person = f"Frau;Dr.;Lina;Probe{tag};lina.{tag}@example.org;Englisch\n"
    created = await api.call("import.run", _file("people", "p.csv", (header + person).encode()))
    assert created["created"] == 1
    names_only = f"Vorname;Nachname;E-Mail\nLina;Probe{tag};Lina.{tag}@Example.org\n".encode()
    unchanged = await api.call("import.dry_run", _file("people", "p.csv", names_only))
    assert (unchanged["would_update"], unchanged["unchanged"]) == (0, 1)
    await api.call("import.run", _file("people", "p.csv", names_only))
    [lina] = (await api.call("person.list", {"name": f"Probe{tag}"}))["items"]
    assert (lina["form_of_address"], lina["title"], lina["language"]) == ("ms", "Dr.", "en")
