"""Printable lists and edition titles: plain functions used by the service's handlers."""

from datetime import date

from events_service.api.events import next_title
from events_service.printing import Participant, participant_list, sign_in_sheet


def test_names_are_escaped_in_the_printable_list() -> None:
    html = participant_list(
        "Regionalworkshop", "14.05.2019", "Leipzig", [Participant("<b>Mara</b>", "A & B", True, False)]
    )
    assert "&lt;b&gt;Mara&lt;/b&gt;" in html
    assert "A &amp; B" in html
    assert "<b>Mara</b>" not in html


def test_the_sign_in_sheet_has_an_empty_signature_cell_per_person() -> None:
    people = [Participant(f"Person {n}", "Jobcenter", False, False) for n in range(3)]
    html = sign_in_sheet("Ideenwerkstatt", date(2024, 11, 21), "Halle", people)
    assert html.count('<td class="signature"></td>') == 3
    assert "21.11.2024" in html


def test_the_edition_number_in_the_title_is_counted_up() -> None:
    assert next_title("13. IKOE-Ideenwerkstatt", 13, 14) == "14. IKOE-Ideenwerkstatt"
    assert next_title("Regionalworkshop Leipzig", 1, 2) == "Regionalworkshop Leipzig"
    assert next_title("Ideencafé", None, 1) == "Ideencafé"
