"""Two names are one when they differ only in case or spacing: the key services store under a unique
index, and the frozen key their revisions stored, which agree as long as the rule has not changed."""

from __future__ import annotations

import unicodedata

from netzwerkstatt.migrations import name_key_v1
from netzwerkstatt.names import name_key

SAME = [
    "Übersicht Straße",
    "übersicht strasse",
    "  ÜBERSICHT \u00a0STRASSE\t",
    unicodedata.normalize("NFD", "Übersicht Straße"),
]


def test_names_that_differ_in_case_umlaut_case_sharp_s_or_spacing_have_one_key() -> None:
    assert {name_key(name) for name in SAME} == {"übersicht strasse"}
    assert name_key("Übersicht Strasse Nord") != name_key("Übersicht Straße")


def test_the_revisions_key_is_todays_key() -> None:
    for name in [*SAME, "Auswertung (2)", "Wohnungssuche für Geflüchtete"]:
        assert name_key_v1(name) == name_key(name)
