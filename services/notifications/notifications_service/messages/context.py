"""Typed template contexts: what each kind of message knows, and the placeholders it offers.

A context field becomes placeholders in one of two ways:
- a plain value (text, number, link, date) is offered under its field name, e.g. `{{ accept_link }}`;
- a group (recipient, office, event) offers a fixed set of derived placeholders, e.g. the recipient
  offers `{{ salutation }}` and `{{ recipient_name }}`.
Dates are formatted in Europe/Berlin local time in the style of the message's language.
"""

from datetime import date
from typing import Annotated, ClassVar, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl, PositiveInt, model_validator

from notifications_service.messages.formatting import (
    FormOfAddress,
    format_date,
    format_salutation,
    format_time_span,
    join_words,
)
from notifications_service.messages.kinds import Language, MessageKind

NonEmptyText = Annotated[str, Field(min_length=1)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PlaceholderGroup(_Model):
    """A context part that offers several derived placeholders."""

    @classmethod
    def placeholder_names(cls) -> frozenset[str]:
        raise NotImplementedError

    def placeholders(self, language: Language) -> dict[str, str]:
        raise NotImplementedError


class Recipient(PlaceholderGroup):
    """The contact a message goes to. `email` may be missing in the contacts projection; composing
    a message for such a contact fails with a clear error."""

    contact_id: NonEmptyText
    first_name: NonEmptyText
    last_name: NonEmptyText
    form_of_address: FormOfAddress = FormOfAddress.NEUTRAL
    academic_title: str | None = None
    language: Language = Language.GERMAN
    email: str | None = None

    @classmethod
    def placeholder_names(cls) -> frozenset[str]:
        return frozenset({"salutation", "recipient_name"})

    def placeholders(self, language: Language) -> dict[str, str]:
        title = f"{self.academic_title} " if self.academic_title else ""
        return {
            "salutation": format_salutation(
                first_name=self.first_name,
                last_name=self.last_name,
                form_of_address=self.form_of_address,
                academic_title=self.academic_title,
                language=language,
            ),
            "recipient_name": f"{title}{self.first_name} {self.last_name}",
        }


class Office(PlaceholderGroup):
    """The coordinating office that sends the message and organises the event."""

    name: NonEmptyText
    email: NonEmptyText

    @classmethod
    def placeholder_names(cls) -> frozenset[str]:
        return frozenset({"office_name", "office_email"})

    def placeholders(self, language: Language) -> dict[str, str]:
        return {"office_name": self.name, "office_email": self.email}


class EventDay(_Model):
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be later than starts_at")
        return self


class EventDetails(PlaceholderGroup):
    """An event as messages and calendar files show it. `version` rises with every change."""

    event_id: NonEmptyText
    title: NonEmptyText
    days: Annotated[list[EventDay], Field(min_length=1)]
    venue: NonEmptyText
    address: str = ""
    description: str = ""
    url: HttpUrl | None = None
    version: Annotated[int, Field(ge=0)] = 0

    @model_validator(mode="after")
    def _days_in_order(self) -> Self:
        for earlier, later in zip(self.days, self.days[1:], strict=False):
            if later.starts_at < earlier.ends_at:
                raise ValueError("days must be in chronological order and must not overlap")
        return self

    @property
    def location(self) -> str:
        return f"{self.venue}, {self.address}" if self.address else self.venue

    @classmethod
    def placeholder_names(cls) -> frozenset[str]:
        return frozenset({"event_title", "event_dates", "event_venue", "event_location"})

    def placeholders(self, language: Language) -> dict[str, str]:
        spans = [format_time_span(day.starts_at, day.ends_at, language) for day in self.days]
        return {
            "event_title": self.title,
            "event_dates": join_words(spans, language),
            "event_venue": self.venue,
            "event_location": self.location,
        }


def _format_value(value: object, language: Language) -> str:
    if isinstance(value, date):
        formatted: str = format_date(value, language)
        return formatted
    return str(value)


class MessageContext(_Model):
    """Base of all contexts: every message has a recipient and a sending office."""

    kind: ClassVar[MessageKind]

    recipient: Recipient
    office: Office

    @classmethod
    def placeholder_names(cls) -> frozenset[str]:
        names: set[str] = set()
        for name, field in cls.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, PlaceholderGroup):
                names |= annotation.placeholder_names()
            else:
                names.add(name)
        return frozenset(names)

    def placeholders(self, language: Language) -> dict[str, str]:
        values: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, PlaceholderGroup):
                values |= value.placeholders(language)
            else:
                values[name] = _format_value(value, language)
        return values

    @property
    def unsubscribe_url(self) -> str | None:
        """Link for opting out of optional messages; only optional kinds define one."""
        link = getattr(self, "unsubscribe_link", None)
        return None if link is None else str(link)


class EventMessageContext(MessageContext):
    event: EventDetails


class InvitationContext(EventMessageContext):
    kind = MessageKind.INVITATION
    accept_link: HttpUrl
    decline_link: HttpUrl
    calendar_link: HttpUrl


class RegistrationConfirmedContext(EventMessageContext):
    kind = MessageKind.REGISTRATION_CONFIRMED
    cancel_link: HttpUrl
    calendar_link: HttpUrl


class WaitlistedContext(EventMessageContext):
    kind = MessageKind.WAITLISTED
    waitlist_position: PositiveInt
    cancel_link: HttpUrl


class PromotedContext(EventMessageContext):
    kind = MessageKind.PROMOTED
    cancel_link: HttpUrl
    calendar_link: HttpUrl


class RegistrationCancelledContext(EventMessageContext):
    kind = MessageKind.REGISTRATION_CANCELLED


class EventChangedContext(EventMessageContext):
    kind = MessageKind.EVENT_CHANGED
    change_summary: NonEmptyText
    cancel_link: HttpUrl
    calendar_link: HttpUrl


class WaitlistChangedContext(EventMessageContext):
    """No calendar entry: the person has no place yet (they get one when they move up)."""

    kind = MessageKind.WAITLIST_CHANGED
    change_summary: NonEmptyText
    cancel_link: HttpUrl


class EventCancelledContext(EventMessageContext):
    kind = MessageKind.EVENT_CANCELLED
    # The reason as a sentence of the recipient's language, or empty when staff gave none (its
    # paragraph is then left out).
    cancellation_reason: str = ""


class ReminderContext(EventMessageContext):
    kind = MessageKind.REMINDER
    cancel_link: HttpUrl
    calendar_link: HttpUrl
    unsubscribe_link: HttpUrl


class FeedbackRequestContext(EventMessageContext):
    kind = MessageKind.FEEDBACK_REQUEST
    survey_link: HttpUrl
    survey_closes_on: date
    unsubscribe_link: HttpUrl


class AgreementDueContext(MessageContext):
    kind = MessageKind.AGREEMENT_DUE
    agreement_text: NonEmptyText
    due_date: date


class SaveTheDateContext(EventMessageContext):
    kind = MessageKind.SAVE_THE_DATE
    series_title: NonEmptyText
    unsubscribe_link: HttpUrl


CONTEXT_TYPES: dict[MessageKind, type[MessageContext]] = {
    context_type.kind: context_type
    for context_type in (
        InvitationContext,
        RegistrationConfirmedContext,
        WaitlistedContext,
        PromotedContext,
        RegistrationCancelledContext,
        EventChangedContext,
        WaitlistChangedContext,
        EventCancelledContext,
        ReminderContext,
        FeedbackRequestContext,
        AgreementDueContext,
        SaveTheDateContext,
    )
}


def placeholder_names(kind: MessageKind) -> frozenset[str]:
    """The placeholders templates of this kind may use."""
    return CONTEXT_TYPES[kind].placeholder_names()
