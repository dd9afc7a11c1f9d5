"""Printable HTML: the participant list and the sign-in sheet of one day (German, A4, no scripts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

_STYLE = """
@page { size: A4; margin: 15mm; }
body { font-family: sans-serif; font-size: 10pt; }
h1 { font-size: 14pt; margin-bottom: 2mm; }
p.meta { margin-top: 0; color: #444; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #999; padding: 2mm; text-align: left; vertical-align: top; }
td.signature { width: 35%; height: 9mm; }
"""


class Participant:
    def __init__(self, name: str, organisation: str | None, newcomer: bool, decision_maker: bool) -> None:
        self.name = name
        self.organisation = organisation or ""
        self.newcomer = newcomer
        self.decision_maker = decision_maker


def _page(title: str, meta: str, head: Sequence[str], rows: Sequence[Sequence[str]], cells: str = "") -> str:
    header = "".join(f"<th>{escape(column)}</th>" for column in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(value)}</td>" for value in row) + cells + "</tr>" for row in rows
    )
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="meta">{escape(meta)}</p>'
        f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></body></html>"
    )


def participant_list(event_title: str, when: str, venue: str, participants: Sequence[Participant]) -> str:
    rows = [
        [
            str(number),
            person.name,
            person.organisation,
            "ja" if person.decision_maker else "",
            "ja" if person.newcomer else "",
        ]
        for number, person in enumerate(participants, start=1)
    ]
    return _page(
        f"Teilnehmendenliste – {event_title}",
        f"{when} · {venue} · {len(participants)} Teilnehmende",
        ["Nr.", "Name", "Organisation", "Entscheidungsbefugt", "Neu dabei"],
        rows,
    )


def sign_in_sheet(event_title: str, day: date, venue: str, participants: Sequence[Participant]) -> str:
    rows = [[str(number), p.name, p.organisation] for number, p in enumerate(participants, start=1)]
    return _page(
        f"Unterschriftenliste – {event_title}",
        f"{day:%d.%m.%Y} · {venue}",
        ["Nr.", "Name", "Organisation", "Unterschrift"],
        rows,
        cells='<td class="signature"></td>',
    )
