"""The kinds of messages the notifications service sends and the rules attached to each kind."""

from enum import StrEnum


class MessageKind(StrEnum):
    INVITATION = "invitation"
    REGISTRATION_CONFIRMED = "registration_confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    REGISTRATION_CANCELLED = "registration_cancelled"
    EVENT_CHANGED = "event_changed"
    WAITLIST_CHANGED = "waitlist_changed"  # the event moved; for those on its waiting list
    EVENT_CANCELLED = "event_cancelled"
    REMINDER = "reminder"
    FEEDBACK_REQUEST = "feedback_request"
    AGREEMENT_DUE = "agreement_due"
    SAVE_THE_DATE = "save_the_date"


class Language(StrEnum):
    GERMAN = "de"
    ENGLISH = "en"


class CalendarMethod(StrEnum):
    """iTIP method (RFC 5546) of the calendar attachment."""

    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


# Optional kinds are courtesy messages a person may unsubscribe from. Everything else concerns
# something the person is part of (their registration, an event they are invited to or booked
# for, an agreement they own) and must reach them even after an opt-out.
OPTIONAL_KINDS: frozenset[MessageKind] = frozenset(
    {MessageKind.SAVE_THE_DATE, MessageKind.REMINDER, MessageKind.FEEDBACK_REQUEST}
)
ESSENTIAL_KINDS: frozenset[MessageKind] = frozenset(MessageKind) - OPTIONAL_KINDS

# Which kinds carry an .ics attachment, and with which method. A cancelled registration sends a
# CANCEL as well so the entry disappears from that person's calendar.
CALENDAR_METHODS: dict[MessageKind, CalendarMethod] = {
    MessageKind.INVITATION: CalendarMethod.REQUEST,
    MessageKind.REGISTRATION_CONFIRMED: CalendarMethod.REQUEST,
    MessageKind.PROMOTED: CalendarMethod.REQUEST,
    MessageKind.EVENT_CHANGED: CalendarMethod.REQUEST,
    MessageKind.EVENT_CANCELLED: CalendarMethod.CANCEL,
    MessageKind.REGISTRATION_CANCELLED: CalendarMethod.CANCEL,
}


def is_essential(kind: MessageKind) -> bool:
    return kind in ESSENTIAL_KINDS


def calendar_method(kind: MessageKind) -> CalendarMethod | None:
    """The iTIP method of the kind's calendar attachment, or None if it carries none."""
    return CALENDAR_METHODS.get(kind)


def should_send(kind: MessageKind, *, opted_out: bool) -> bool:
    """Whether a message of this kind goes out to a person with the given opt-out state."""
    return is_essential(kind) or not opted_out
