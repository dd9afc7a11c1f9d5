"""The events service's glossary: the codes of its domain terms.

Codes are English and stable (they travel in messages and are stored). Codes travel, words are
rendered: the German and English words people read for them live in the gateway's one catalogue
(``gateway_service/i18n.py``), not here.
"""

from __future__ import annotations

from enum import StrEnum


class SeriesFormat(StrEnum):
    REGIONAL_WORKSHOP = "regional_workshop"
    IDEAS_WORKSHOP = "ideas_workshop"
    IDEAS_CAFE = "ideas_cafe"
    LEARNING_WORKSHOP = "learning_workshop"
    FUTURE_WORKSHOP = "future_workshop"
    NETWORK_MEETING = "network_meeting"
    SPECIALIST_DAY = "specialist_day"
    CUSTOM = "custom"


class AgendaItemFormat(StrEnum):
    WELCOME = "welcome"
    GREETING = "greeting"
    IMPULSE = "impulse"
    TALK = "talk"
    WORKSHOP = "workshop"
    PRACTICE_WORKSHOP = "practice_workshop"
    WORLD_CAFE = "world_cafe"
    SPEED_CONSULTATION = "speed_consultation"
    BARCAMP = "barcamp"
    PLENARY = "plenary"
    QUESTIONS = "questions"
    PRESENTATION_ROUND = "presentation_round"
    NETWORKING = "networking"
    BREAK = "break"
    LUNCH = "lunch"
    CLOSING = "closing"
    OTHER = "other"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    DECLINED = "declined"


class InvitationState(StrEnum):
    """Where an invitation stands now: its answer, followed by the person's registration for the
    event once there is one, however it was made or cancelled (``domain.registration.invitation_state``)."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class AgreementStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


Term = SeriesFormat | AgendaItemFormat | EventStatus | RegistrationStatus | AgreementStatus


def phrase(term: Term) -> str:
    """A code as plain English words for the service's own error messages ("in progress"); what
    people read on pages and in files is rendered by the gateway from its catalogue."""
    return term.value.replace("_", " ")
