"""A topic staff add is named in words; its code is derived from the German label."""

from __future__ import annotations

import re

import pytest

from registry_service.domain.topics import code_from_label, unique_code

CODE = re.compile(r"^[a-z][a-z0-9_]{2,60}$")  # CreateTopic.code


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Wohnungssuche", "wohnungssuche"),
        ("Anerkennung ausländischer Abschlüsse", "anerkennung_auslaendischer_abschluesse"),
        ("Große Übergänge / Öffnung", "grosse_uebergaenge_oeffnung"),
        ("  Café-Treff (Jugend)!  ", "cafe_treff_jugend"),
        ("IT", "topic_it"),
        ("3D-Druck", "topic_3d_druck"),
        ("…", "topic"),
    ],
)
def test_the_code_is_the_german_label_in_lowercase_ascii_with_underscores(label: str, code: str) -> None:
    assert code_from_label(label) == code
    assert CODE.match(code)


def test_a_long_label_gives_a_code_short_enough_for_a_suffix() -> None:
    code = unique_code("Sehr " * 40, taken={code_from_label("Sehr " * 40)})
    assert code.endswith("_2")
    assert CODE.match(code)


def test_a_code_that_is_taken_gets_the_next_free_number() -> None:
    assert unique_code("Wohnungssuche", taken=set()) == "wohnungssuche"
    assert unique_code("Wohnungssuche", taken={"wohnungssuche"}) == "wohnungssuche_2"
    assert unique_code("Wohnungssuche", taken={"wohnungssuche", "wohnungssuche_2"}) == "wohnungssuche_3"
