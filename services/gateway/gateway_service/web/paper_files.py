"""The Schnittstellenpapier as files, in the reader's language: printable HTML (a Jinja template, like
the participant list) and CSV or XLSX (written by ``netzwerkstatt.tabular``: BOM, ``;``, no cell a
spreadsheet runs as a formula). The registry sends the issued paper as data and codes (organisation
types, gap kinds with their topic, organisation and region); every word on the paper comes from the
catalogue here, the paper's title too unless staff gave it one, and the word for an erased contact
(who travels without a name). Regions are named; the official key stands next to the name, as the
paper is the one document that needs it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from fastapi.responses import Response

from gateway_service.i18n import Language, term, translate, translator
from gateway_service.web.downloads import disposition as content_disposition
from gateway_service.web.rendering import date_formatter, district_name, environment, phone_text
from netzwerkstatt import tabular

FileFormat = Literal["html", "csv", "xlsx"]
Paper = Mapping[str, Any]

HTML_MEDIA_TYPE = "text/html; charset=utf-8"
# The printed paper is a document of its own: no scripts, nothing loaded from elsewhere.
HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


class PaperWords:
    """What the paper's codes and data read as in one language."""

    def __init__(self, paper: Paper, language: Language) -> None:
        self.paper = paper
        self.language = language
        self.t = translator(language)
        self.date_text = date_formatter(language)

    def title(self) -> str:
        return paper_title(self.paper, self.language)

    def organisation_type(self, code: str | None) -> str:
        return term("organisation_type", code, self.language)

    def topic(self, code: str | None, label: str | None) -> str:
        """A built-in topic in the catalogue's words, a topic staff defined by its own label."""
        return term("topic", code, self.language, label)

    def region(self, key: str | None) -> str:
        return district_name(key)

    def person(self, contact: Mapping[str, Any] | None) -> tuple[str, str, str, str]:
        """Name, function, e-mail and phone of a contact (empty where the paper has none; the phone
        in international form, see ``phone_text``); an erased contact is named by the word for an
        erased person."""
        if not contact:
            return ("", "", "", "")
        return (
            contact.get("name") or self.t("person.erased"),
            contact.get("function") or "",
            contact.get("email") or "",
            phone_text(contact.get("phone")),
        )

    def yes_no(self, value: Any) -> str:
        return self.t("common.yes") if value else self.t("common.no")

    def subheading(self) -> str:
        paper = self.paper
        issued = paper.get("issued_at")
        as_of = self.date_text(issued) if issued else self.t("registry.paper_draft")
        version = paper.get("version") or "–"
        return (
            f"{paper['scope_name']} · {self.t('registry.version')} {version} · "
            f"{self.t('registry.paper_as_of')} {as_of}"
        )

    def redaction_note(self) -> str:
        count = int(self.paper.get("redactions") or 0)
        return self.t("registry.paper_redacted").format(count=count) if count else ""

    def gap_kind(self, gap: Mapping[str, Any]) -> str:
        return self.t(f"registry.gap_kind_{gap['kind']}")

    def gap(self, gap: Mapping[str, Any]) -> str:
        """The gap as a sentence, phrased from its code and parameters."""
        if gap["kind"] == "missing_institution_type":
            return self.t("registry.gap_missing_institution_type").format(
                type=self.organisation_type(gap.get("organisation_type"))
            )
        entry = self._entry_of(gap)
        return self.t("registry.gap_responsibility_without_contact").format(
            topic=self.topic(gap.get("topic"), gap.get("topic_label") or entry.get("topic_label")),
            organisation=gap.get("organisation_name") or entry.get("organisation_name") or "–",
            region=self.region(gap.get("region_key") or entry.get("region_key")),
        )

    def _entry_of(self, gap: Mapping[str, Any]) -> Mapping[str, Any]:
        # Papers issued before gaps carried their organisation and region: the entry has them.
        if gap.get("organisation_name") and gap.get("region_key") and gap.get("topic_label"):
            return {}
        return next(
            (
                entry
                for entry in self.paper.get("entries") or []
                if entry.get("contact") is None
                and entry.get("topic") == gap.get("topic")
                and str(entry.get("organisation_id")) == str(gap.get("organisation_id"))
            ),
            {},
        )


def entry_headers(words: PaperWords) -> tuple[str, ...]:
    t = words.t
    return (
        t("common.type"),
        t("registry.topic"),
        t("registry.paper_institution"),
        t("registry.paper_region"),
        t("registry.region_key"),
        t("registry.contact"),
        t("registry.function"),
        t("registry.channel_email"),
        t("registry.channel_phone"),
        t("registry.substitute"),
        t("registry.paper_substitute_email"),
        t("registry.paper_substitute_phone"),
        t("registry.paper_note"),
    )


def entry_rows(words: PaperWords) -> list[tuple[str, ...]]:
    """The paper's main table: one row per responsibility, then one per gap."""
    rows: list[tuple[str, ...]] = []
    for entry in words.paper["entries"]:
        name, function, email, phone = words.person(entry.get("contact"))
        substitute, _, substitute_email, substitute_phone = words.person(entry.get("substitute"))
        rows.append(
            (
                words.t("registry.paper_row_responsibility"),
                words.topic(entry["topic"], entry.get("topic_label")),
                entry["organisation_name"],
                words.region(entry["region_key"]),
                entry["region_key"],
                name,
                function,
                email,
                phone,
                substitute,
                substitute_email,
                substitute_phone,
                "",
            )
        )
    for gap in words.paper["gaps"]:
        rows.append((words.t("registry.paper_row_gap"), *[""] * 11, words.gap(gap)))
    return rows


def institution_headers(words: PaperWords) -> tuple[str, ...]:
    t = words.t
    return (
        t("registry.paper_institution"),
        t("common.type"),
        t("registry.paper_statutory"),
        t("registry.address"),
        t("registry.channel_email"),
        t("registry.channel_phone"),
    )


def institution_rows(words: PaperWords) -> list[tuple[str, ...]]:
    return [
        (
            institution["name"],
            words.organisation_type(institution["type"]),
            words.yes_no(institution["statutory"]),
            institution.get("address") or "",
            institution.get("email") or "",
            phone_text(institution.get("phone")),
        )
        for institution in words.paper["institutions"]
    ]


def tables(words: PaperWords) -> tuple[tabular.Table, ...]:
    """Responsibilities, institutions and gaps, each under the paper's title."""
    t = words.t
    preamble = (words.title(), words.subheading())
    gaps = tuple((words.gap_kind(gap), words.gap(gap)) for gap in words.paper["gaps"])
    return (
        tabular.Table(
            t("registry.responsibilities")[:31], entry_headers(words), tuple(entry_rows(words)), preamble
        ),
        tabular.Table(
            t("registry.institutions")[:31],
            institution_headers(words),
            tuple(institution_rows(words)),
            preamble,
        ),
        tabular.Table(t("registry.gaps")[:31], (t("common.type"), t("registry.paper_note")), gaps, preamble),
    )


def to_csv(paper: Paper, language: Language) -> bytes:
    """The responsibilities (the paper's main table, its gaps at the end) as CSV."""
    return tabular.csv_bytes(tables(PaperWords(paper, language))[0])


def to_xlsx(paper: Paper, language: Language) -> bytes:
    """Responsibilities, institutions and gaps, one sheet each."""
    return tabular.xlsx_bytes(tables(PaperWords(paper, language)))


def to_html(paper: Paper, language: Language) -> bytes:
    """The printable paper (A4 landscape), rendered by the gateway's templates."""
    words = PaperWords(paper, language)
    document = environment.get_template("interface_paper_print.html").render(
        paper=paper,
        words=words,
        t=words.t,
        language=language,
        institution_headers=institution_headers(words),
        institutions=institution_rows(words),
    )
    return document.encode("utf-8")


RENDERERS: dict[FileFormat, tuple[Callable[[Paper, Language], bytes], str]] = {
    "html": (to_html, HTML_MEDIA_TYPE),
    "csv": (to_csv, tabular.CSV_MEDIA_TYPE),
    "xlsx": (to_xlsx, tabular.XLSX_MEDIA_TYPE),
}


def paper_title(paper: Paper, language: Language) -> str:
    """The title staff gave the paper, else the word for the paper and its scope's name."""
    title = paper.get("title")
    if title:
        return str(title)
    return translate("registry.paper_default_title", language).format(scope=paper.get("scope_name") or "")


def file_name(paper: Paper, language: Language, extension: str) -> str:
    title = paper_title(paper, language)
    title = title if tabular.slug(title) else translator(language)("registry.paper_file_name")
    return tabular.file_name(title, f"v{paper.get('version') or 0}", extension=extension)


def paper_file(
    paper: Paper, file_format: FileFormat, language: Language, *, disposition: str = "attachment"
) -> Response:
    """The issued paper as a file in the reader's language; not kept anywhere (no-store)."""
    render, media_type = RENDERERS[file_format]
    headers = {
        "Content-Disposition": content_disposition(file_name(paper, language, file_format), disposition),
        "Cache-Control": "no-store",
    }
    if file_format == "html":
        headers["Content-Security-Policy"] = HTML_POLICY
    return Response(render(paper, language), media_type=media_type, headers=headers)
