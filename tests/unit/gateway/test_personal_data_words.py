"""The printable right of access words every part of the erasure reach and every area, right and
purpose it names from the catalogue, in German and English (a code without words would reach the
page as the code itself, or fail it)."""

from __future__ import annotations

from gateway_service import i18n
from gateway_service.web.personal_data_pages import AREAS, RIGHTS, erasure_keys


def test_every_part_of_the_erasure_reach_and_every_section_of_the_page_has_words_in_both_languages() -> None:
    keys = erasure_keys()
    keys |= {f"access.area_{area}" for area in AREAS}
    keys |= {f"access.purpose_{area}" for area in AREAS}
    keys |= {f"access.right_{right}" for right in RIGHTS}
    missing = sorted(keys - i18n.CATALOGUE.keys())
    assert missing == []
    for key in keys:
        german, english = i18n.CATALOGUE[key]
        assert german.strip(), key
        assert english.strip(), key
