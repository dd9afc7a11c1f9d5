"""Listing pages read their page and size from the address; what is no page number there (other
digits, a number too long for any page) falls back to the first page and the default size."""

from __future__ import annotations

from typing import Any

import pytest

from gateway_service.web.guards import number_or_text, whole_number
from gateway_service.web.listing import listing
from gateway_service.web.rendering import entries_formatter

ROWS = [{"name": f"Organisation {n:02d}"} for n in range(60)]


def listed(**params: str) -> Any:
    return listing(
        ROWS,
        path="/registry/organisations",
        params=params,
        columns={"name": lambda row: row["name"]},
        searched=lambda row: row["name"],
        default_sort="name",
    )


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "-2", "2.0", " 2", "zwei", ""])
def test_a_page_that_is_no_page_number_is_the_first_page(value: str) -> None:
    shown = listed(page=value, size=value)
    assert (shown.page, shown.size) == (1, 25)
    assert shown.rows[0]["name"] == "Organisation 00"


def test_a_page_past_the_last_is_the_last_page() -> None:
    shown = listed(page="999999", size="50")
    assert (shown.page, shown.pages, shown.size) == (2, 2, 50)


@pytest.mark.parametrize(
    ("typed", "number"), [("0", 0), ("12", 12), ("²", None), ("٣", None), ("9" * 19, None), ("1e3", None)]
)
def test_only_the_digits_0_to_9_make_a_whole_number(typed: str, number: int | None) -> None:
    assert whole_number(typed) == number
    assert number_or_text(typed) == (typed if number is None else number)


def test_a_lists_count_names_one_entry_in_the_singular() -> None:
    german, english = entries_formatter("de"), entries_formatter("en")
    assert (german(0), german(1), german(1250)) == (
        "0 Einträge insgesamt",
        "1 Eintrag insgesamt",
        "1.250 Einträge insgesamt",
    )
    assert (english(1), english(2)) == ("1 entry in total", "2 entries in total")
