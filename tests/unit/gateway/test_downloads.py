"""File names of downloads: readable German words, ASCII for every client, and filename* too."""

from __future__ import annotations

from datetime import date

from gateway_service.web.downloads import disposition
from netzwerkstatt.tabular import file_name


def test_a_file_name_is_made_of_the_titles_words_the_date_and_what_it_holds() -> None:
    name = file_name("umfrage", "Regionalworkshop Leipzig", date(2027, 2, 10), "Freitexte", extension="csv")
    assert name == "umfrage-regionalworkshop-leipzig-2027-02-10-freitexte.csv"
    assert file_name("Görlitz: Straße & Ämter", None, extension="xlsx") == "goerlitz-strasse-aemter.xlsx"
    assert file_name("", "—", extension="json") == "export.json"


def test_the_disposition_names_the_file_in_ascii_and_as_filename_star() -> None:
    assert disposition("anmeldungen-vhs-2027-02-10.csv") == (
        'attachment; filename="anmeldungen-vhs-2027-02-10.csv"; '
        "filename*=UTF-8''anmeldungen-vhs-2027-02-10.csv"
    )
    assert disposition('Pläne "neu".html', "inline") == (
        "inline; filename=\"Pl_ne _neu_.html\"; filename*=UTF-8''Pl%C3%A4ne%20%22neu%22.html"
    )
