"""What the feedback store hands out and takes: one frozen record per kind of row.

Rows become records in the store only (``feedback_service.store``); the rest of the service reads
attributes of known types, and the pepper travels as ``SecretBytes`` so no repr or log shows it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from pydantic import SecretBytes

from feedback_service.domain.anonymity import SurveyState
from feedback_service.domain.answers import AnswerSet
from feedback_service.domain.model import SurveyTemplate, TemplateSnapshot


@dataclass(frozen=True)
class EventRecord:
    """What feedback knows of an event (the projection of the events service's facts)."""

    event_id: uuid.UUID
    title: str
    series_id: uuid.UUID | None
    series_title: str | None
    edition: int | None
    first_day: date | None
    status: str
    version: int
    network_id: uuid.UUID | None


@dataclass(frozen=True)
class TemplateRecord:
    template: SurveyTemplate
    built_in: bool
    updated_at: datetime


@dataclass(frozen=True)
class SurveyRecord:
    id: uuid.UUID
    event_id: uuid.UUID
    title: str
    series_id: uuid.UUID | None
    series_title: str | None
    edition: int | None
    first_day: date | None
    template_id: uuid.UUID
    snapshot: TemplateSnapshot
    state: SurveyState
    # Only while the survey is open.
    pepper: SecretBytes | None
    # Every survey is written opened; the columns are nullable for the schema's draft state only.
    opened_at: datetime
    closes_at: datetime
    closed_on: date | None
    tokens_issued: int
    announced_responses: int
    announced_period: int
    free_texts_removed: bool

    @property
    def is_open(self) -> bool:
        return self.state is SurveyState.OPEN

    @property
    def edition_label(self) -> str:
        """How the survey's edition is named in a series comparison, e.g. "12. Ideenwerkstatt"."""
        if self.edition is not None and self.series_title:
            return f"{self.edition}. {self.series_title}"
        return self.title


@dataclass(frozen=True)
class SurveyCounts:
    """How far a survey got: links handed out, links still to hand out, answers stored."""

    links_handed_out: int
    links_pending: int
    responses: int


@dataclass(frozen=True)
class SurveyPepper:
    survey_id: uuid.UUID
    pepper: SecretBytes | None


@dataclass(frozen=True)
class PendingHandout:
    survey_id: uuid.UUID
    person_id: uuid.UUID
    attempts: int
    # The idempotency key of an earlier request whose outcome is unknown (None: nothing sent yet).
    send_key: uuid.UUID | None = None


@dataclass(frozen=True)
class StoredResponse:
    key: str
    answers: AnswerSet


@dataclass(frozen=True)
class SurveyInvitation:
    """An open survey whose invitee marks hold a person."""

    survey_id: uuid.UUID
    event_id: uuid.UUID
    title: str
    state: SurveyState
