"""Message templates: stored as files under `templates/<language>/`, validated, rendered, previewed.

Per kind and language there are three files that staff can read and edit:
`<kind>.subject.txt` (one line), `<kind>.txt` (plain-text body) and `<kind>.html` (HTML body
fragment, wrapped into a complete document when rendered).
"""

import html
import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, HttpUrl

from notifications_service.messages.context import (
    CONTEXT_TYPES,
    EventDay,
    EventDetails,
    MessageContext,
    Office,
    Recipient,
    placeholder_names,
)
from notifications_service.messages.errors import MessageError, TemplateNotFoundError, TemplateSyntaxError
from notifications_service.messages.formatting import BERLIN, FormOfAddress
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.messages.renderer import CompiledTemplate, validate_template


class TemplatePart(StrEnum):
    SUBJECT = "subject"
    TEXT = "text"
    HTML = "html"

    @property
    def suffix(self) -> str:
        return {"subject": ".subject.txt", "text": ".txt", "html": ".html"}[self.value]


class TemplateSet(BaseModel):
    """The three templates of one kind in one language, shipped or customised by staff."""

    model_config = ConfigDict(frozen=True)

    subject: str
    text: str
    html: str

    def part(self, part: TemplatePart) -> str:
        return str(getattr(self, part.value))


class RenderedMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: MessageKind
    language: Language
    subject: str
    text: str
    html: str
    unsubscribe_url: str | None = None


def template_name(kind: MessageKind, language: Language, part: TemplatePart) -> str:
    return f"{language.value}/{kind.value}{part.suffix}"


@cache
def load_templates(kind: MessageKind, language: Language) -> TemplateSet:
    """The shipped templates of a kind and language (files of the installed package, read once)."""
    folder = resources.files("notifications_service.messages").joinpath("templates", language.value)
    sources: dict[str, str] = {}
    for part in TemplatePart:
        resource = folder.joinpath(f"{kind.value}{part.suffix}")
        if not resource.is_file():
            raise TemplateNotFoundError("no such template", template=template_name(kind, language, part))
        sources[part.value] = resource.read_text(encoding="utf-8")
    return TemplateSet.model_validate(sources)


def validate_templates(kind: MessageKind, language: Language, templates: TemplateSet) -> None:
    """Check a template set before it is used or saved: known placeholders, one-line subject."""
    allowed = placeholder_names(kind)
    for part in TemplatePart:
        name = template_name(kind, language, part)
        source = templates.part(part)
        if part is TemplatePart.SUBJECT and "\n" in source.strip():
            raise TemplateSyntaxError("the subject must be a single line", template=name)
        if not source.strip():
            raise TemplateSyntaxError("the template is empty", template=name)
        validate_template(source, template=name, allowed=allowed)


_WHITESPACE = re.compile(r"\s+")
# What a placeholder left empty leaves behind (an optional one, as a cancellation's reason): its
# paragraph, or its line between two blank ones, is dropped.
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
_EMPTY_LINES = re.compile(r"\n\s*\n(\s*\n)+")


class CompiledTemplates:
    """A checked template set of one kind and language, ready to be filled in."""

    def __init__(self, kind: MessageKind, language: Language, templates: TemplateSet) -> None:
        validate_templates(kind, language, templates)
        allowed = placeholder_names(kind)
        self.parts = {
            part: CompiledTemplate(
                templates.part(part), template=template_name(kind, language, part), allowed=allowed
            )
            for part in TemplatePart
        }


@lru_cache(maxsize=256)
def compiled_templates(kind: MessageKind, language: Language, templates: TemplateSet) -> CompiledTemplates:
    """Checked and compiled once per kind, language and template text. A template saved by staff
    has new text and so compiles anew; an error is not cached, so a fixed template is used at once."""
    return CompiledTemplates(kind, language, templates)


def render(
    kind: MessageKind,
    context: MessageContext,
    *,
    language: Language | None = None,
    templates: TemplateSet | None = None,
) -> RenderedMessage:
    """Render a message in the recipient's language (or `language`), from shipped or given templates."""
    expected = CONTEXT_TYPES[kind]
    if type(context) is not expected:
        raise MessageError(
            f"a {kind.value} message needs a {expected.__name__}, got {type(context).__name__}",
            field="context",
        )
    language = language or context.recipient.language
    compiled = compiled_templates(kind, language, templates or load_templates(kind, language)).parts
    values = context.placeholders(language)

    # Values may contain line breaks; a header must not.
    subject = _WHITESPACE.sub(" ", compiled[TemplatePart.SUBJECT].fill(values, escape_html=False)).strip()
    body = _EMPTY_PARAGRAPH.sub("", compiled[TemplatePart.HTML].fill(values, escape_html=True))
    text = compiled[TemplatePart.TEXT].fill(values, escape_html=False)
    document = (
        f'<!DOCTYPE html>\n<html lang="{language.value}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(subject)}</title>\n</head>\n<body>\n{body.strip()}\n</body>\n</html>\n"
    )
    return RenderedMessage(
        kind=kind,
        language=language,
        subject=subject,
        text=_EMPTY_LINES.sub("\n\n", text).strip() + "\n",
        html=document,
        unsubscribe_url=context.unsubscribe_url,
    )


_SAMPLE_BASE = "https://netzwerkstatt.example.org"


def _link(path: str) -> HttpUrl:
    return HttpUrl(f"{_SAMPLE_BASE}/{path}")


def sample_context(kind: MessageKind, language: Language) -> MessageContext:
    """Fictional but realistic data for previews, showing every placeholder of the kind."""
    recipient = Recipient(
        contact_id="sample-contact",
        first_name="Jana",
        last_name="Musterfrau",
        form_of_address=FormOfAddress.MS,
        academic_title="Dr.",
        language=language,
        email="jana.musterfrau@example.org",
    )
    office = Office(name="Koordinierungsstelle IQ Netzwerk Sachsen", email="koordination@example.org")
    event = EventDetails(
        event_id="sample-event",
        title="14. Ideenwerkstatt der Integrationskoordinator*innen",
        days=[
            EventDay(
                starts_at=datetime(2025, 11, 20, 10, 0, tzinfo=BERLIN),
                ends_at=datetime(2025, 11, 20, 17, 0, tzinfo=BERLIN),
            ),
            EventDay(
                starts_at=datetime(2025, 11, 21, 9, 0, tzinfo=BERLIN),
                ends_at=datetime(2025, 11, 21, 14, 30, tzinfo=BERLIN),
            ),
        ],
        venue="einewelt haus",
        address="Magdeburg",
        url=_link("events/sample-event"),
        version=1,
    )
    links = {
        "accept_link": _link("p/sample-token/accept"),
        "decline_link": _link("p/sample-token/decline"),
        "cancel_link": _link("p/sample-token/cancel"),
        "calendar_link": _link("p/sample-token/calendar.ics"),
        "survey_link": _link("p/sample-token/survey"),
        "unsubscribe_link": _link("p/sample-token/unsubscribe"),
    }
    extra: dict[str, object] = {
        "waitlist_position": 2,
        "change_summary": (
            "Der zweite Tag beginnt um 9:00 Uhr."
            if language is Language.GERMAN
            else "The second day starts at 9:00."
        ),
        "survey_closes_on": date(2025, 12, 5),
        "cancellation_reason": (
            "Grund der Absage: Die Referentin ist erkrankt."
            if language is Language.GERMAN
            else "Reason: the speaker has fallen ill."
        ),
        "series_title": "Ideenwerkstatt",
        "agreement_text": (
            "Schnittstellenpapier der Region Leipzig aktualisieren"
            if language is Language.GERMAN
            else "Update the interface paper of the Leipzig region"
        ),
        "due_date": date(2025, 11, 30),
    }
    context_type = CONTEXT_TYPES[kind]
    fields = set(context_type.model_fields)
    data: dict[str, object] = {"recipient": recipient, "office": office, "event": event}
    data |= links | extra
    if kind is MessageKind.SAVE_THE_DATE:
        data["event"] = event.model_copy(
            update={"title": "15. Ideenwerkstatt", "days": [_shift_year(day) for day in event.days]}
        )
    return context_type.model_validate({name: value for name, value in data.items() if name in fields})


def _shift_year(day: EventDay) -> EventDay:
    return EventDay(starts_at=day.starts_at + timedelta(weeks=52), ends_at=day.ends_at + timedelta(weeks=52))


def preview(kind: MessageKind, language: Language, templates: TemplateSet | None = None) -> RenderedMessage:
    """Render a kind with sample data, e.g. for staff checking a template before saving it."""
    return render(kind, sample_context(kind, language), language=language, templates=templates)
