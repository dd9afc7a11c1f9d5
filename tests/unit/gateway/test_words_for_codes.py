"""Codes travel, words are rendered: every code the services send has words in the gateway's one
catalogue, in German and English; refusals, figures, dates and districts read as people write them."""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import pytest
from starlette.datastructures import FormData

from events_service.domain import vocabulary as events_vocabulary
from gateway_service import i18n
from gateway_service.web import districts
from gateway_service.web.event_forms import day_rows_from, parse_days, speakers_text
from gateway_service.web.groupwork import parameters_from
from gateway_service.web.messages import detail_message, message_of
from gateway_service.web.notification_pages import KINDS as NOTIFICATION_KINDS
from gateway_service.web.rendering import (
    date_formatter,
    figure_formatter,
    moment_formatter,
    person_name_formatter,
    share_formatter,
)
from netzwerkstatt.contracts.groupwork import GroupworkKind
from netzwerkstatt.contracts.notifications import MessageKindName
from netzwerkstatt.errors import FieldError, InvalidInput, NotFound, RuleViolation
from registry_service import vocabulary as registry_vocabulary

SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")

TERMS = [
    ("organisation_type", registry_vocabulary.OrganisationType),
    ("network_kind", registry_vocabulary.NetworkKind),
    ("region_kind", registry_vocabulary.RegionKind),
    ("topic", registry_vocabulary.ResponsibilityTopic),
    ("form_of_address", registry_vocabulary.FormOfAddress),
    ("agenda_format", events_vocabulary.AgendaItemFormat),
]


@pytest.mark.parametrize(("kind", "codes"), TERMS, ids=[kind for kind, _ in TERMS])
def test_every_code_a_service_sends_has_words_in_german_and_english(kind: str, codes: type[StrEnum]) -> None:
    for code in codes:
        german, english = i18n.CATALOGUE[f"{kind}.{code.value}"]
        assert german.strip()
        assert english.strip()
        assert not SNAKE_CASE.search(german), german
    prefixed: list[tuple[str, type[StrEnum]]] = [
        ("events.format_", events_vocabulary.SeriesFormat),
        ("events.status_", events_vocabulary.EventStatus),
        ("registration.status_", events_vocabulary.RegistrationStatus),
        ("invitation.state_", events_vocabulary.InvitationState),
        ("agreement.status_", events_vocabulary.AgreementStatus),
        ("groupwork.", GroupworkKind),
    ]
    for prefix, enum in prefixed:
        for member in enum:
            assert f"{prefix}{member.value}" in i18n.CATALOGUE, member


def test_every_key_has_both_languages_and_german_pages_get_no_english_default() -> None:
    for key, (german, english) in i18n.CATALOGUE.items():
        assert german.strip(), key
        assert english.strip(), key
    assert i18n.term("organisation_type", "employment_agency", "de") == "Agentur für Arbeit"
    assert i18n.term("organisation_type", "employment_agency", "en") == "Federal Employment Agency office"
    assert i18n.term("topic", "housing_search", "de", "Wohnungssuche") == "Wohnungssuche"
    assert i18n.term("network_kind", None, "de") == "–"


def test_pydantic_refusals_are_worded_in_german_with_their_limits() -> None:
    at_least = FieldError(
        field="capacity",
        message="Input should be greater than or equal to 1",
        code="greater_than_equal",
        params={"ge": 1},
    )
    assert detail_message(at_least, "de") == "Der Wert muss mindestens 1 sein."
    assert detail_message(at_least, "en") == "The value must be at least 1."
    literal = FieldError(
        field="group_size",
        message="Input should be 2 or 3",
        code="literal_error",
        params={"expected": "2 or 3"},
    )
    assert detail_message(literal, "de") == "Bitte einen der Werte 2 oder 3 wählen."
    assert detail_message(literal, "en") == "Please choose one of 2 or 3."
    codes = FieldError(
        field="status",
        message="Input should be 'open', 'in_progress', 'done' or 'dropped'",
        code="literal_error",
        params={"expected": "'open', 'in_progress', 'done' or 'dropped'"},
    )
    assert detail_message(codes, "de") == "Bitte einen der angebotenen Werte wählen."
    assert "in_progress" not in detail_message(codes, "en")


def test_a_code_without_words_never_shows_english_on_a_german_page() -> None:
    unknown = FieldError(
        field="x", message="name the organiser (or create the event in a series)", code="odd"
    )
    assert detail_message(unknown, "de") == "Diese Angabe ist nicht zulässig."
    assert detail_message(unknown, "en") == "name the organiser (or create the event in a series)"
    refused = RuleViolation("an event that has already begun cannot be published")
    assert message_of(refused, "de") == "Das ist so nicht möglich."
    published = InvalidInput("x", [FieldError(field="days", message="...", code="event_in_past")])
    assert message_of(published, "de").startswith("Eine Veranstaltung, die schon begonnen hat")


def test_something_named_that_does_not_exist_reads_as_missing_not_as_not_allowed() -> None:
    # The events and feedback services name an unknown event, series, survey, template or plan
    # without a code of their own: the page says it does not exist, not that the entry is not allowed.
    missing = NotFound.for_field("event_id", "no event with id 00000000-0000-0000-0000-000000000000")
    assert [detail.code for detail in missing.details] == ["unknown"]
    assert detail_message(missing.details[0], "de") == "Diesen Eintrag gibt es nicht."
    assert message_of(missing, "de") == "Diesen Eintrag gibt es nicht."
    assert message_of(missing, "en") == "There is no such entry."
    named = NotFound.for_field("person_id", "there is no person", "unknown_person")
    assert detail_message(named.details[0], "de") == "Diese Person gibt es nicht."
    assert InvalidInput.for_field("x", "bad").details[0].code == "invalid"


def test_a_host_that_is_no_district_is_worded_without_the_value_it_came_with() -> None:
    # The events service names no value (only a key it would have to show): "Sachsen" as a host.
    refused = FieldError(field="host_district_key", message="'14' is no district", code="unknown_district")
    assert detail_message(refused, "de") == (
        "Das ist kein Kreis und keine kreisfreie Stadt. Bitte einen Kreis aus der Liste wählen."
    )
    assert detail_message(refused, "en") == "That is no district. Please choose a district from the list."


def test_districts_are_read_and_typed_by_name() -> None:
    assert districts.label("14713") == "Leipzig"
    assert districts.label("14729") == "Leipzig (Landkreis)"
    assert districts.label("11000-08") == "Berlin-Neukölln"
    assert districts.label("custom-raum-halle") == "custom-raum-halle"
    assert districts.key_for("leipzig") == "14713"
    assert districts.key_for("Leipzig (Landkreis)") == "14729"
    assert districts.key_for("halle (saale)") == "15002"
    assert districts.key_for("15001") == "15001"
    # A city state's name is the district the lists suggest (host of an event, an organisation's
    # Kreis), not the Land: "Land Berlin" or its key is the Land.
    assert districts.key_for("Berlin") == "11000"
    assert districts.key_for("hamburg") == "02000"
    assert districts.key_for("Bremen") == "04011"
    assert districts.key_for("Land Berlin") == "11"
    assert districts.key_for("Berlin (Land)") == "11"
    assert (districts.label("11"), districts.label("11000"), districts.label("14")) == (
        "Berlin (Land)",
        "Berlin",
        "Sachsen",
    )
    assert {"Berlin (Land)", "Sachsen"} <= {choice.label for choice in districts.lands()}
    assert districts.key_for("11") == "11"
    assert districts.key_for("Sachsen") == "14"
    assert {"Berlin", "Hamburg", "Bremen"} <= {choice.label for choice in districts.choices()}
    assert districts.keys_for(["Nordsachsen", "Atlantis"]) == (["14730"], ["Atlantis"])
    assert {choice.label for choice in districts.choices()} >= {"Leipzig", "Leipzig (Landkreis)"}


def test_figures_and_dates_follow_the_page_language() -> None:
    assert figure_formatter("de")(1234.5) == "1.234,5"
    assert figure_formatter("en")(1234.5) == "1,234.5"
    assert figure_formatter("de")(None) == "–"
    assert date_formatter("de")("2025-11-20") == "20.11.2025"
    assert date_formatter("en")(date(2025, 11, 20)) == "Nov 20, 2025"
    assert moment_formatter("de")("2025-11-20T09:00:00Z") == "20.11.2025, 10:00"


def test_shares_are_percentages_in_the_page_language() -> None:
    # The events service sends the decision makers' share as a fraction (17 of 19).
    assert share_formatter("de")(17 / 19) == "89\xa0%"
    assert share_formatter("en")(17 / 19) == "89%"
    assert share_formatter("de")(None) == "–"


def test_every_kind_of_message_has_its_template_page_and_words() -> None:
    assert get_args(MessageKindName) == NOTIFICATION_KINDS
    for kind in NOTIFICATION_KINDS:
        assert f"kind.{kind}" in i18n.CATALOGUE


def test_days_come_as_rows_of_native_inputs_and_german_dates_are_read() -> None:
    form = FormData(
        [
            ("day_date", "2025-11-20"),
            ("day_start", "10:00"),
            ("day_end", "16:00"),
            ("day_date", "21.11.2025"),
            ("day_start", "9.30"),
            ("day_end", "15:00"),
            ("day_date", ""),
            ("day_start", ""),
            ("day_end", ""),
        ]
    )
    errors: dict[str, str] = {}
    assert parse_days(day_rows_from(form), errors) == [
        {"date": "2025-11-20", "start": "10:00", "end": "16:00"},
        {"date": "2025-11-21", "start": "09:30", "end": "15:00"},
    ]
    assert errors == {}
    assert parse_days([], errors) == []
    assert errors == {"days": "Bitte mindestens einen Tag angeben."}


def test_the_speed_consultation_form_sends_its_group_size_as_a_number() -> None:
    form = {"kind": "speed_consultation", "rounds": "3", "group_size": "3", "lines": "", "slots": ""}
    assert parameters_from(form) == {"kind": "speed_consultation", "rounds": "3", "group_size": 3}


def test_an_erased_person_is_named_in_the_readers_language_and_leaves_the_agenda_form() -> None:
    """The services send no name for an erased person; the pages say so in words."""
    assert person_name_formatter("de")(None) == "Gelöschte Person"
    assert person_name_formatter("en")(None) == "Erased person"
    assert person_name_formatter("de")("Mara Beispiel") == "Mara Beispiel"
    speakers: list[dict[str, Any]] = [
        {"person_id": None, "name": None},
        {"person_id": None, "name": "Dr. Kim Beispiel"},
    ]
    assert speakers_text(speakers) == "Dr. Kim Beispiel"  # saving again does not make them a guest


@pytest.mark.parametrize(
    "code",
    [
        # events.event.enter_held
        "duplicate_id",
        "not_held_yet",
        "duplicate_attendee",
        "not_an_event_day",
        "not_a_member",
        # feedback.survey.enter_paper
        "survey_exists",
        "closed_in_future",
        "closed_before_event",
        "more_returned_than_handed_out",
        "event_not_completed",
    ],
)
def test_the_refusals_of_entering_history_afterwards_are_worded_in_german(code: str) -> None:
    refusal = FieldError(field="field", message="english words of the service", code=code)
    german = detail_message(refusal, "de")
    assert german != i18n.translate("error.invalid", "de"), code
    assert not SNAKE_CASE.search(german), german


def test_the_count_of_problems_not_listed_reads_as_a_sentence_with_its_number() -> None:
    rest = FieldError(
        field="body", message="4899 more problems", code="more_problems", params={"count": 4899}
    )
    assert (
        detail_message(rest, "de")
        == "4899 weitere Probleme dieser Eingabe sind hier nicht einzeln aufgeführt."
    )
    assert detail_message(rest, "en") == "4899 more problems of this entry are not listed here."


# The calls that write a refusal's code, with the position of the code among their arguments (``None``:
# only as ``code=``). A function or class that hands its own ``code`` parameter on to one of these
# writes codes too (the events service's ``fail(code, message, field)``, an import's
# ``problem(field, code, message)``, ``UnreadableFile(message, code)``) and is found by the scan. The
# feedback service's answer and link refusals carry their code on to the field errors it replies with.
REFUSAL_CALLS: dict[str, int | None] = {
    "for_field": 2,
    "FieldError": None,
    "RuleError": None,
    "AnswerError": None,
    "TokenRejected": 0,
}


@functools.cache
def _nodes(node: ast.AST) -> tuple[ast.AST, ...]:
    """``ast.walk`` once per node: the scan below visits the same functions again and again."""
    return tuple(ast.walk(node))


def _sources(folder: Path) -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(), str(path))
        for path in sorted(folder.rglob("*.py"))
        if "migrations" not in path.parts and "testing" not in path.parts
    }


def _called(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def _code_argument(call: ast.Call, calls: dict[str, int | None]) -> ast.expr | None:
    name = _called(call)
    if name not in calls:
        return None
    for keyword in call.keywords:
        if keyword.arg == "code":
            return keyword.value
    position = calls[name]
    return call.args[position] if position is not None and len(call.args) > position else None


def _functions(tree: ast.Module) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, bool]]:
    """Each function as it is called (a class by its name for its ``__init__``), and whether its
    first parameter is ``self``/``cls``."""
    found: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, bool]] = []
    for node in _nodes(tree):
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                    name = node.name if member.name == "__init__" else member.name
                    found.append((name, member, True))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((node.name, node, False))
    return found


def refusal_calls(trees: Iterable[ast.Module]) -> dict[str, int | None]:
    """``REFUSAL_CALLS`` and every function that passes its ``code`` parameter on to one of them."""
    calls = dict(REFUSAL_CALLS)
    grown = True
    while grown:
        grown = False
        for tree in trees:
            for name, function, bound in _functions(tree):
                positional = [argument.arg for argument in function.args.posonlyargs + function.args.args]
                keyword_only = [argument.arg for argument in function.args.kwonlyargs]
                if name in calls or "code" not in positional + keyword_only:
                    continue
                hands_on = any(
                    isinstance(node, ast.Call)
                    and isinstance(argument := _code_argument(node, calls), ast.Name)
                    and argument.id == "code"
                    for node in _nodes(function)
                )
                if hands_on:
                    calls[name] = positional.index("code") - bound if "code" in positional else None
                    grown = True
    return calls


def _members(trees: Iterable[ast.Module]) -> dict[str, str]:
    """``Class.MEMBER`` -> its string, for the string members of the sources' classes (code enums)."""
    members: dict[str, str] = {}
    for tree in trees:
        for node in _nodes(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if (
                        isinstance(item, ast.Assign)
                        and isinstance(item.value, ast.Constant)
                        and isinstance(item.value.value, str)
                    ):
                        for target in item.targets:
                            if isinstance(target, ast.Name):
                                members[f"{node.name}.{target.id}"] = item.value.value
    return members


def _strings(node: ast.expr, assigned: dict[str, list[ast.expr]], members: dict[str, str]) -> list[str]:
    """The codes an argument can be: a string, an enum's member (``Code.X`` or ``Code.X.value``),
    either of ``a if ... else b``, or what the name it is was assigned in the same function."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        member = members.get(f"{node.value.id}.{node.attr}")
        return [member] if member is not None else []
    if isinstance(node, ast.IfExp):
        return _strings(node.body, assigned, members) + _strings(node.orelse, assigned, members)
    if isinstance(node, ast.Name):
        return [code for value in assigned.get(node.id, []) for code in _strings(value, {}, members)]
    return []


def codes_written_in(folder: Path) -> dict[str, str]:
    """Every refusal code written out in a folder's code (``for_field(field, message, code)``,
    ``FieldError(code=...)``, ``RuleError(code=...)``, ``fail(code, ...)`` and the like, also as
    ``"a" if ... else "b"`` or a name assigned so), with one place it is written."""
    trees = _sources(folder)
    calls = refusal_calls(trees.values())
    members = _members(trees.values())
    found: dict[str, str] = {}
    for path, tree in trees.items():
        scopes: list[ast.AST] = [tree]
        scopes += [node for node in _nodes(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
        # The module's constants (``OTHER_NETWORK = "other_network"``), then each function's own names.
        constants: dict[str, list[ast.expr]] = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        constants.setdefault(target.id, []).append(statement.value)
        for scope in scopes:
            assigned = dict(constants)
            for node in _nodes(scope) if scope is not tree else ():
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            assigned[target.id] = [*assigned.get(target.id, []), node.value]
            for node in _nodes(scope):
                if isinstance(node, ast.Call) and (argument := _code_argument(node, calls)) is not None:
                    for code in _strings(argument, assigned, members):
                        found.setdefault(code, f"{path}:{node.lineno}")
    return found


@functools.cache
def _written_everywhere() -> dict[str, str]:
    """Scanned once per run: the sources do not change while the tests read them."""
    root = Path(__file__).resolve().parents[3]
    written: dict[str, str] = {}
    for folder in (root / "services", root / "shared" / "netzwerkstatt"):
        written |= codes_written_in(folder)
    return written


def test_the_scan_finds_codes_however_a_service_raises_them() -> None:
    written = _written_everywhere()
    assert len(written) > 100
    # fail(code, ...) of the events service, RuleError(code=...), a helper's positional code, a code
    # chosen by a condition, one assigned to a name first, an enum's member, a module's constant
    for code in (
        "agreement_closed",
        "text_blank",
        "invalid_number",
        "erased_person",
        "unknown_person",
        "ambiguous_organisation",
        "not_utf8",
        "unknown_question",
        "unknown_token",
        "other_network",
    ):
        assert code in written, code


def test_every_refusal_code_the_services_write_has_words_in_german_and_english() -> None:
    without_words = {
        code: where for code, where in _written_everywhere().items() if f"error.{code}" not in i18n.CATALOGUE
    }
    assert without_words == {}
    for code in _written_everywhere():
        german, english = i18n.CATALOGUE[f"error.{code}"]
        assert german.strip(), code
        assert english.strip(), code
        assert not SNAKE_CASE.search(re.sub(r"\{\w+\}", "", german)), code  # placeholders aside


def test_a_required_field_left_empty_reads_as_required_not_as_a_count_of_characters() -> None:
    empty = FieldError(
        field="last_name",
        message="String should have at least 1 character",
        code="string_too_short",
        params={"min_length": 1},
    )
    no_entry = FieldError(
        field="days",
        message="List should have at least 1 item after validation",
        code="too_short",
        params={"min_length": 1},
    )
    three = FieldError(
        field="title",
        message="String should have at least 3 characters",
        code="string_too_short",
        params={"min_length": 3},
    )

    assert detail_message(empty, "de") == "Bitte füllen Sie dieses Feld aus."
    assert detail_message(no_entry, "de") == "Bitte mindestens einen Eintrag angeben."
    assert detail_message(three, "de") == "Bitte mindestens 3 Zeichen eingeben."
    assert detail_message(empty, "en") == "Please fill in this field."


def test_a_csv_file_saved_by_excel_in_windows_1252_is_refused_in_german_with_the_reason() -> None:
    from netzwerkstatt.tabular import UnreadableFile, read_table

    content = "Name;Typ;Region\nAgentur für Arbeit;Agentur für Arbeit;14713\n".encode("cp1252")
    with pytest.raises(UnreadableFile) as refused:
        read_table(content, "akteure.csv")
    german = detail_message(refused.value.details[0], "de")
    assert "UTF-8" in german
    assert "Zeile 2" in german
    assert "UTF-8" in detail_message(refused.value.details[0], "en")


def test_an_ambiguous_phone_number_in_an_import_is_worded_in_german_with_its_value() -> None:
    from gateway_service.web.messages import import_problem_message

    problem = {"field": "phone", "message": "-", "code": "ambiguous_phone", "params": {"value": "4935"}}
    assert "„4935“" in import_problem_message(problem, "de")


@pytest.mark.parametrize(("code", "value"), [("invalid_postal_code", "1067"), ("invalid_phone", "4,93E+11")])
def test_an_import_row_problem_with_a_postcode_or_phone_names_the_value_read(code: str, value: str) -> None:
    from gateway_service.web.messages import import_problem_message

    problem = {"field": "postal_code", "message": "-", "code": code, "params": {"value": value}}
    assert f"„{value}“" in import_problem_message(problem, "de")


def test_a_date_a_refusal_names_is_written_as_the_page_language_writes_dates() -> None:
    early = FieldError(
        field="due_on", message="-", code="due_before_event", params={"event_date": "2025-11-20"}
    )
    assert detail_message(early, "de") == (
        "Das Fälligkeitsdatum darf nicht vor der Veranstaltung (20.11.2025) liegen."
    )
    assert detail_message(early, "en") == "The due date must not lie before the event (Nov 20, 2025)."


def test_another_networks_refusal_names_the_network_where_its_name_is_known() -> None:
    named = FieldError(
        field="network_id",
        message="-",
        code="other_network",
        params={"network_id": "7f0c9a52-6b1e-4d7a-9a53-4a3c2e1b8f10", "network_name": "IQ Netzwerk Sachsen"},
    )
    assert detail_message(named, "de").startswith(
        "Das gehört zum Netzwerk „IQ Netzwerk Sachsen“, nicht zu Ihren Netzwerken."
    )
    unnamed = FieldError(
        field="network_id",
        message="-",
        code="other_network",
        params={"network_id": "7f0c9a52-6b1e-4d7a-9a53-4a3c2e1b8f10"},
    )
    assert detail_message(unnamed, "de").startswith("Das gehört zu keinem Ihrer Netzwerke.")
    assert "7f0c9a52" not in detail_message(unnamed, "de")
