"""Every date field of the staff forms reads dates as people write them in German (20.11.2025) as
well as the date inputs send them (2025-11-20); what it cannot read goes to the service as typed,
which names the field."""

from __future__ import annotations

from datetime import date

from gateway_service.web.event_forms import moment_of
from gateway_service.web.guards import date_or_text, read_date


def test_a_german_date_is_read_with_a_short_or_a_long_year() -> None:
    assert read_date("15.01.2027") == date(2027, 1, 15)
    assert read_date("1.9.2024") == date(2024, 9, 1)
    assert read_date("01.09.24") == date(2024, 9, 1)
    assert read_date(" 2024-09-01 ") == date(2024, 9, 1)


def test_a_date_that_does_not_exist_or_is_no_date_is_not_read() -> None:
    assert read_date("32.13.2024") is None
    assert read_date("29.02.2023") is None
    assert read_date("morgen") is None
    assert read_date("") is None


def test_a_typed_date_goes_to_the_service_as_iso_and_anything_else_as_typed() -> None:
    assert date_or_text("15.01.2027") == "2027-01-15"
    assert date_or_text("2027-01-15") == "2027-01-15"
    assert date_or_text("32.13.2024") == "32.13.2024"
    assert date_or_text("") == ""


def test_a_german_deadline_is_read_as_local_time() -> None:
    assert moment_of("13.11.2025 18:00") == "2025-11-13T18:00:00+01:00"
    assert moment_of("13.11.2025, 18.00 Uhr") == "2025-11-13T18:00:00+01:00"
    assert moment_of("2025-07-13T18:00") == "2025-07-13T18:00:00+02:00"
    assert moment_of("13.11.2025 abends") == "13.11.2025 abends"
