"""The Schnittstellenpapier as files: printable HTML, CSV (UTF-8 with BOM, ';' for German Excel) and
XLSX. German headings, because the paper is handed out at German workshops."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from netzwerkstatt import tabular
from netzwerkstatt.contracts.registry import InterfacePaperView, PaperContact
from registry_service.vocabulary import fold

ENTRY_HEADERS = (
    "Art",
    "Thema",
    "Institution",
    "Region",
    "Ansprechperson",
    "Funktion",
    "E-Mail",
    "Telefon",
    "Vertretung",
    "Vertretung E-Mail",
    "Vertretung Telefon",
    "Hinweis",
)
INSTITUTION_HEADERS = ("Institution", "Typ", "Regelinstitution", "Anschrift", "E-Mail", "Telefon")

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "csv": tabular.CSV_MEDIA_TYPE,
    "xlsx": tabular.XLSX_MEDIA_TYPE,
}


def file_name(paper: InterfacePaperView, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(paper.title)).strip("-") or "schnittstellenpapier"
    return f"{slug}-v{paper.version or 0}.{extension}"


def _subheading(paper: InterfacePaperView) -> str:
    issued = paper.issued_at.strftime("%d.%m.%Y") if paper.issued_at else "Entwurf"
    return f"{paper.scope_name} · Version {paper.version or '–'} · Stand {issued}"


def _person(contact: PaperContact | None) -> tuple[str, str, str, str]:
    if contact is None:
        return ("", "", "", "")
    return (contact.name, contact.function or "", contact.email or "", contact.phone or "")


def entry_rows(paper: InterfacePaperView) -> list[list[str]]:
    rows: list[list[str]] = []
    for entry in paper.entries:
        name, function, email, phone = _person(entry.contact)
        substitute, _, substitute_email, substitute_phone = _person(entry.substitute)
        rows.append(
            [
                "Zuständigkeit",
                entry.topic_label,
                entry.organisation_name,
                entry.region_key,
                name,
                function,
                email,
                phone,
                substitute,
                substitute_email,
                substitute_phone,
                "",
            ]
        )
    for gap in paper.gaps:
        rows.append(["Lücke", "", "", "", "", "", "", "", "", "", "", gap.message])
    return rows


def institution_rows(paper: InterfacePaperView) -> list[list[str]]:
    return [
        [
            institution.name,
            institution.type_label,
            "ja" if institution.statutory else "nein",
            institution.address or "",
            institution.email or "",
            institution.phone or "",
        ]
        for institution in paper.institutions
    ]


def _tables(paper: InterfacePaperView) -> tuple[tabular.Table, ...]:
    preamble = (paper.title, _subheading(paper))
    return (
        tabular.Table("Zuständigkeiten", ENTRY_HEADERS, _rows(entry_rows(paper)), preamble),
        tabular.Table("Institutionen", INSTITUTION_HEADERS, _rows(institution_rows(paper)), preamble),
        tabular.Table(
            "Lücken", ("Art", "Hinweis"), tuple((gap.kind, gap.message) for gap in paper.gaps), preamble
        ),
    )


def _rows(rows: list[list[str]]) -> tuple[tuple[tabular.Cell, ...], ...]:
    return tuple(tuple(row) for row in rows)


def to_csv(paper: InterfacePaperView) -> bytes:
    """The responsibilities (the paper's main table) as CSV, written by the kernel's tabular export."""
    return tabular.csv_bytes(_tables(paper)[0])


def to_xlsx(paper: InterfacePaperView) -> bytes:
    """Responsibilities, institutions and gaps, one sheet each, under the paper's title."""
    return tabular.xlsx_bytes(_tables(paper))


def to_html(paper: InterfacePaperView) -> bytes:
    def table(headers: tuple[str, ...], rows: list[list[str]]) -> str:
        head = "".join(f"<th>{escape(header)}</th>" for header in headers)
        body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    entries = [row[1:11] for row in entry_rows(paper) if row[0] == "Zuständigkeit"]
    gap_items = "".join(f"<li>{escape(gap.message)}</li>" for gap in paper.gaps) or "<li>Keine Lücken</li>"
    redaction_note = (
        f"<p class=note>{paper.redactions} Angabe(n) zu Personen wurden nachträglich gelöscht.</p>"
        if paper.redactions
        else ""
    )
    document = f"""<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{escape(paper.title)}</title>
<style>
  body {{ font-family: "Source Sans Pro", Arial, sans-serif; font-size: 10pt; margin: 1.5cm; }}
  h1 {{ font-size: 16pt; margin-bottom: 0; }}
  h2 {{ font-size: 12pt; margin-top: 1.2em; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }}
  th {{ background: #eee; }}
  .note {{ color: #555; }}
  @page {{ size: A4 landscape; margin: 1cm; }}
  @media print {{ body {{ margin: 0; }} tr {{ page-break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>{escape(paper.title)}</h1>
<p class=note>{escape(_subheading(paper))}</p>
{redaction_note}
<h2>Zuständigkeiten und Ansprechpersonen</h2>
{table(ENTRY_HEADERS[1:11], entries)}
<h2>Institutionen</h2>
{table(INSTITUTION_HEADERS, institution_rows(paper))}
<h2>Lücken</h2>
<ul>{gap_items}</ul>
</body>
</html>
"""
    return document.encode("utf-8")


RENDERERS: dict[str, Callable[[InterfacePaperView], bytes]] = {
    "html": to_html,
    "csv": to_csv,
    "xlsx": to_xlsx,
}
