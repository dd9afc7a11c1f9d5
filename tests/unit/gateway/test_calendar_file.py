"""The participants' calendar file (``/p/registration/<token>/calendar.ics``): text a coordinator
typed cannot end a content line, so it cannot add properties or events to the file."""

from __future__ import annotations

from gateway_service.web.calendar import event_calendar

EVENT_ID = "51548a3d-0124-4b98-9bdc-b777e60f1206"
EVENT = {
    "title": "Regionalworkshop",
    "days": [{"date": "2027-06-01", "start": "10:00", "end": "12:00"}],
    "venue": {
        "name": "Haus",
        "address": "Weg 1\rEND:VEVENT\rBEGIN:VEVENT\rURL:http://evil.example",
        "room": "A\r\nB",
    },
    "version": 1,
}


def test_no_line_break_but_crlf_between_content_lines() -> None:
    text = event_calendar(EVENT, EVENT_ID)
    assert text.endswith("\r\n")
    lines = text[: -len("\r\n")].split("\r\n")
    assert all("\r" not in line and "\n" not in line for line in lines)
    unfolded = text.replace("\r\n ", "").split("\r\n")
    location = "LOCATION:Haus\\, Weg 1\\nEND:VEVENT\\nBEGIN:VEVENT\\nURL:http://evil.example\\, A\\nB"
    assert location in unfolded
    assert [line for line in unfolded if line.startswith("BEGIN:")] == ["BEGIN:VCALENDAR", "BEGIN:VEVENT"]
    assert not [line for line in unfolded if line.startswith("URL:")]


def test_control_characters_are_dropped_and_tabs_kept() -> None:
    event = {**EVENT, "title": "Lern\x00werk\x1bstatt\tzwei", "venue": {}}
    assert "SUMMARY:Lernwerkstatt\tzwei\r\n" in event_calendar(event, EVENT_ID)
