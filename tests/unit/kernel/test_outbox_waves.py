"""The relay's waves keep each aggregate's events in order: one row per aggregate in flight."""

from __future__ import annotations

from types import SimpleNamespace

from netzwerkstatt.outbox import MAX_IN_FLIGHT, _next_wave


def rows(*aggregates: str) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(position=index, aggregate=aggregate) for index, aggregate in enumerate(aggregates)
    ]


def test_a_wave_holds_the_earliest_row_of_each_aggregate() -> None:
    wave, rest = _next_wave(rows("a", "b", "a", "c", "b", "a"))
    assert [row.position for row in wave] == [0, 1, 3]
    assert [row.position for row in rest] == [2, 4, 5]


def test_later_rows_of_an_aggregate_follow_in_later_waves_in_their_order() -> None:
    pending = rows("a", "a", "a", "b")
    waves = []
    while pending:
        wave, pending = _next_wave(pending)
        waves.append([(row.aggregate, row.position) for row in wave])
    assert waves == [[("a", 0), ("b", 3)], [("a", 1)], [("a", 2)]]


def test_no_more_rows_are_in_flight_than_the_window() -> None:
    many = rows(*(f"aggregate-{index}" for index in range(MAX_IN_FLIGHT + 10)))
    wave, rest = _next_wave(many)
    assert len(wave) == MAX_IN_FLIGHT
    assert [row.position for row in rest] == list(range(MAX_IN_FLIGHT, MAX_IN_FLIGHT + 10))
