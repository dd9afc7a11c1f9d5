"""Edition titles: a plain function used by the service's handlers (the printed lists are the
gateway's, see test_gateway_event_pages)."""

from events_service.api.events import next_title


def test_the_edition_number_in_the_title_is_counted_up() -> None:
    assert next_title("13. IKOE-Ideenwerkstatt", 13, 14) == "14. IKOE-Ideenwerkstatt"
    assert next_title("Regionalworkshop Leipzig", 1, 2) == "Regionalworkshop Leipzig"
    assert next_title("Ideencafé", None, 1) == "Ideencafé"
