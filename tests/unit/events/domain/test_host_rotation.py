"""Host rotation of the Ideenwerkstatt among the districts of Sachsen-Anhalt."""

from uuid import NAMESPACE_URL, uuid5

import pytest

from events_service.domain.errors import RuleViolation
from events_service.domain.rotation import HostingRecord, next_edition, rank_hosts, suggest_next_host


def district(name: str) -> str:
    return str(uuid5(NAMESPACE_URL, f"https://example.org/district/{name}"))


POOL = [
    district(n) for n in ("Magdeburg", "Halle (Saale)", "Harz", "Burgenlandkreis", "Altmarkkreis Salzwedel")
]


def hosted(*names: str) -> list[HostingRecord]:
    return [HostingRecord(edition=n + 1, district_id=district(name)) for n, name in enumerate(names)]


def test_next_host_is_never_the_last_host() -> None:
    history = hosted("Magdeburg", "Halle (Saale)", "Harz", "Burgenlandkreis", "Altmarkkreis Salzwedel")

    assert district("Altmarkkreis Salzwedel") not in rank_hosts(POOL, history)


def test_never_hosted_districts_come_first_in_pool_order() -> None:
    history = hosted("Harz", "Magdeburg")

    assert rank_hosts(POOL, history)[:3] == (
        district("Halle (Saale)"),
        district("Burgenlandkreis"),
        district("Altmarkkreis Salzwedel"),
    )


def test_among_past_hosts_the_one_who_hosted_longest_ago_is_suggested() -> None:
    history = hosted(
        "Magdeburg", "Halle (Saale)", "Harz", "Burgenlandkreis", "Altmarkkreis Salzwedel", "Magdeburg"
    )

    assert suggest_next_host(POOL, history) == district("Halle (Saale)")


def test_first_edition_goes_to_the_first_district_of_the_pool() -> None:
    assert suggest_next_host(POOL, []) == district("Magdeburg")


def test_a_pool_of_only_the_last_host_has_no_suggestion() -> None:
    with pytest.raises(RuleViolation) as raised:
        suggest_next_host([district("Harz")], hosted("Harz"))

    assert raised.value.codes == ("no_eligible_host",)


def test_an_empty_pool_is_an_error() -> None:
    with pytest.raises(RuleViolation) as raised:
        suggest_next_host([], [])

    assert raised.value.codes == ("empty_pool",)


def test_editions_continue_from_the_highest_number() -> None:
    assert next_edition(hosted("Magdeburg", "Harz")) == 3
    assert next_edition([], first_edition=13) == 13


def test_an_edition_recorded_twice_is_an_error() -> None:
    history = [HostingRecord(edition=12, district_id=district("Harz"))] * 2

    with pytest.raises(RuleViolation) as raised:
        next_edition(history)

    assert raised.value.codes == ("duplicate_edition",)
