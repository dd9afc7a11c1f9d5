"""Rules of the notifications service that need no servers: who gets what, staff input checks,
links to the public pages and how events read in messages."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta
from typing import Any, get_args

import pytest

from netzwerkstatt.contracts.events import EventDay, EventFacts, PublicOrganiser
from netzwerkstatt.contracts.notifications import MessageKindName
from netzwerkstatt.errors import InvalidInput
from notifications_service.domain import checked_offsets, invalid_template, suppression_reason
from notifications_service.messages.errors import TemplateSyntaxError, UnknownPlaceholderError
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.messages.renderer import placeholders_in
from notifications_service.outgoing import Links, change_summary, event_details


def test_the_contract_names_exactly_the_kinds_the_service_sends() -> None:
    assert set(get_args(MessageKindName)) == {kind.value for kind in MessageKind}


@pytest.mark.parametrize(
    ("kind", "opted_out", "consents", "reason"),
    [
        (MessageKind.REGISTRATION_CONFIRMED, True, False, None),
        (MessageKind.EVENT_CANCELLED, True, True, None),
        (MessageKind.REMINDER, True, True, "opted_out"),
        (MessageKind.REMINDER, False, False, None),
        (MessageKind.SAVE_THE_DATE, False, False, "no_consent"),
        (MessageKind.SAVE_THE_DATE, False, True, None),
    ],
)
def test_essential_messages_always_go_out_and_optional_ones_respect_opt_out_and_consent(
    kind: MessageKind, opted_out: bool, consents: bool, reason: str | None
) -> None:
    assert suppression_reason(kind, opted_out=opted_out, consents_to_event_contact=consents) == reason


def test_reminder_offsets_are_whole_seconds_largest_first() -> None:
    assert checked_offsets([timedelta(days=1), timedelta(days=7)]) == [7 * 86400, 86400]


def test_reminder_offsets_out_of_range_or_twice_are_refused_with_each_position_named() -> None:
    with pytest.raises(InvalidInput) as refused:
        checked_offsets([timedelta(seconds=30), timedelta(days=2), timedelta(days=2), timedelta(days=400)])
    assert [(d.field, d.code) for d in refused.value.details] == [
        ("offsets.0", "out_of_range"),
        ("offsets.2", "duplicate"),
        ("offsets.3", "out_of_range"),
    ]


def test_a_template_error_names_the_part_it_is_in() -> None:
    error = UnknownPlaceholderError(
        template="de/reminder.html", placeholder="vorname", allowed=frozenset({"a"})
    )
    [detail] = invalid_template(error).details
    assert (detail.field, detail.code) == ("html", "unknown_placeholder")
    # what a reader's words need: the placeholder and those allowed
    assert detail.params == {"placeholder": "vorname", "allowed": "a"}


@pytest.mark.parametrize(
    ("source", "params"),
    [
        ("Guten Tag\n{{ Vorname }}", {"line": 2, "found": "{{ Vorname }}"}),
        ("Guten Tag {{ event_title", {"line": 1, "brace": "{{"}),
    ],
)
def test_a_template_syntax_error_names_the_line_and_what_was_found(
    source: str, params: dict[str, Any]
) -> None:
    with pytest.raises(TemplateSyntaxError) as raised:
        placeholders_in(source, template="de/reminder.txt")
    [detail] = invalid_template(raised.value).details
    assert (detail.field, detail.code, detail.params) == ("text", "template_syntax", params)


def test_links_point_at_the_gateways_public_pages_with_tokens_escaped() -> None:
    links = Links("https://netzwerkstatt.example.org/")
    assert str(links.invitation("a/b c", "accept")) == (
        "https://netzwerkstatt.example.org/p/invitation/a%2Fb%20c?answer=accept"
    )
    assert (
        str(links.registration_calendar("t1"))
        == "https://netzwerkstatt.example.org/p/registration/t1/calendar.ics"
    )
    assert str(links.unsubscribe("u1")) == "https://netzwerkstatt.example.org/p/unsubscribe/u1"


def test_a_change_notice_names_what_changed_in_the_readers_language() -> None:
    assert change_summary(["days", "venue"], Language.GERMAN) == (
        "Geändert hat sich: Datum und Uhrzeit und Veranstaltungsort."
    )
    assert change_summary(["capacity"], Language.ENGLISH) == "What changed: date, time or venue."


def test_an_event_without_a_venue_reads_as_venue_to_follow_with_days_in_berlin_time() -> None:
    facts = EventFacts(
        event_id=uuid.uuid4(),
        format="network_meeting",
        title="Netzwerktreffen Chemnitz",
        days=[
            EventDay(date=date(2026, 3, 29), start=time(9, 0), end=time(12, 0)),
            EventDay(date=date(2026, 3, 28), start=time(9, 0), end=time(12, 0)),
        ],
        organiser=PublicOrganiser(name="Koordinierungsstelle"),
        status="published",
        version=4,
    )
    details = event_details(facts, Language.GERMAN)
    assert details.venue == "Ort wird noch bekannt gegeben"
    assert [day.starts_at.utcoffset() for day in details.days] == [timedelta(hours=1), timedelta(hours=2)]
    assert details.version == 4
