"""Queries on the feedback schema (tables in ``tables``); rows go in and come out as the records of
``records``, mapped here and nowhere else."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import SecretBytes
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service.domain.anonymity import SurveyState
from feedback_service.domain.answers import AnswerSet
from feedback_service.domain.defaults import DEFAULT_TEMPLATES
from feedback_service.domain.model import SurveyTemplate, TemplateSnapshot
from feedback_service.domain.retention import ClosedSurvey
from feedback_service.store.records import (
    EventRecord,
    PendingHandout,
    StoredResponse,
    SurveyCounts,
    SurveyInvitation,
    SurveyPepper,
    SurveyRecord,
    TemplateRecord,
)
from feedback_service.store.tables import (
    event_facts,
    invitee_marks,
    metadata,
    pending_handouts,
    responses,
    surveys,
    templates,
    token_digests,
)
from netzwerkstatt.db import utcnow
from netzwerkstatt.names import name_key

__all__ = ["metadata"]

Lock = Literal["share", "update"] | None


def _locked(query: sa.Select[Any], lock: Lock, *, skip_locked: bool = False) -> sa.Select[Any]:
    if lock == "share":
        return query.with_for_update(read=True, skip_locked=skip_locked)
    if lock == "update":
        # NO KEY UPDATE: rows of other tables that refer to the survey can still be inserted.
        return query.with_for_update(key_share=True, skip_locked=skip_locked)
    return query


# -- templates --------------------------------------------------------------------------------------


def _template_values(template: SurveyTemplate) -> dict[str, object]:
    return {
        "id": template.id,
        "name": template.name,
        "name_key": name_key(template.name),
        "language": template.language.value,
        "questions": [question.model_dump(mode="json") for question in template.questions],
        "version": template.version,
    }


def _template(row: sa.Row[Any]) -> TemplateRecord:
    template = SurveyTemplate.model_validate(
        {
            "id": row.id,
            "name": row.name,
            "language": row.language,
            "questions": row.questions,
            "version": row.version,
        }
    )
    return TemplateRecord(template=template, built_in=row.built_in, updated_at=row.updated_at)


async def seed_default_templates(session: AsyncSession) -> None:
    for template in DEFAULT_TEMPLATES:
        await session.execute(
            insert(templates)
            .values(**_template_values(template), built_in=True, updated_at=utcnow())
            .on_conflict_do_nothing()
        )


async def insert_template(session: AsyncSession, template: SurveyTemplate) -> TemplateRecord:
    record = TemplateRecord(template=template, built_in=False, updated_at=utcnow())
    await session.execute(
        templates.insert().values(
            **_template_values(template), built_in=record.built_in, updated_at=record.updated_at
        )
    )
    return record


async def template_named(
    session: AsyncSession, name: str, *, other_than: uuid.UUID | None = None
) -> TemplateRecord | None:
    """The template of this name, whatever its case or spacing."""
    query = sa.select(templates).where(templates.c.name_key == name_key(name))
    if other_than is not None:
        query = query.where(templates.c.id != other_than)
    row = (await session.execute(query.limit(1))).first()
    return _template(row) if row is not None else None


async def update_template(session: AsyncSession, template: SurveyTemplate) -> None:
    await session.execute(
        templates.update()
        .where(templates.c.id == template.id)
        .values(**_template_values(template), updated_at=utcnow())
    )


async def template(session: AsyncSession, template_id: uuid.UUID, lock: Lock = None) -> TemplateRecord | None:
    query = _locked(sa.select(templates).where(templates.c.id == template_id), lock)
    row = (await session.execute(query)).first()
    return _template(row) if row is not None else None


async def all_templates(session: AsyncSession) -> list[TemplateRecord]:
    query = sa.select(templates).order_by(templates.c.built_in.desc(), sa.func.lower(templates.c.name))
    return [_template(row) for row in await session.execute(query)]


async def templates_in_use(session: AsyncSession) -> set[uuid.UUID]:
    return set((await session.scalars(sa.select(surveys.c.template_id).distinct())).all())


# -- event facts ------------------------------------------------------------------------------------


async def upsert_event(session: AsyncSession, event: EventRecord) -> None:
    """Keep the newest version only: an older event arriving late changes nothing."""
    values = {
        "event_id": event.event_id,
        "title": event.title,
        "series_id": event.series_id,
        "series_title": event.series_title,
        "edition": event.edition,
        "first_day": event.first_day,
        "status": event.status,
        "version": event.version,
        "network_id": event.network_id,
    }
    statement = insert(event_facts).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[event_facts.c.event_id],
            set_={key: statement.excluded[key] for key in values if key != "event_id"},
            where=event_facts.c.version < statement.excluded.version,
        )
    )


async def known_event(session: AsyncSession, event_id: uuid.UUID) -> EventRecord | None:
    query = sa.select(event_facts).where(event_facts.c.event_id == event_id)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return EventRecord(
        event_id=row.event_id,
        title=row.title,
        series_id=row.series_id,
        series_title=row.series_title,
        edition=row.edition,
        first_day=row.first_day,
        status=row.status,
        version=row.version,
        network_id=row.network_id,
    )


# -- surveys ----------------------------------------------------------------------------------------


def _survey(row: sa.Row[Any]) -> SurveyRecord:
    return SurveyRecord(
        id=row.id,
        event_id=row.event_id,
        title=row.title,
        series_id=row.series_id,
        series_title=row.series_title,
        edition=row.edition,
        first_day=row.first_day,
        template_id=row.template_id,
        snapshot=TemplateSnapshot.model_validate(row.snapshot),
        state=SurveyState(row.state),
        pepper=SecretBytes(bytes(row.pepper)) if row.pepper is not None else None,
        opened_at=row.opened_at,
        closes_at=row.closes_at,
        closed_on=row.closed_on,
        tokens_issued=row.tokens_issued,
        announced_responses=row.announced_responses,
        announced_period=row.announced_period,
        free_texts_removed=row.free_texts_removed,
    )


async def insert_survey(session: AsyncSession, survey: SurveyRecord) -> None:
    await session.execute(
        surveys.insert().values(
            id=survey.id,
            event_id=survey.event_id,
            title=survey.title,
            series_id=survey.series_id,
            series_title=survey.series_title,
            edition=survey.edition,
            first_day=survey.first_day,
            template_id=survey.template_id,
            snapshot=survey.snapshot.model_dump(mode="json"),
            state=survey.state.value,
            pepper=survey.pepper.get_secret_value() if survey.pepper is not None else None,
            opened_at=survey.opened_at,
            closes_at=survey.closes_at,
            closed_on=survey.closed_on,
            tokens_issued=survey.tokens_issued,
            announced_responses=survey.announced_responses,
            announced_period=survey.announced_period,
            free_texts_removed=survey.free_texts_removed,
        )
    )


async def survey(session: AsyncSession, survey_id: uuid.UUID, lock: Lock = None) -> SurveyRecord | None:
    query = _locked(sa.select(surveys).where(surveys.c.id == survey_id), lock)
    row = (await session.execute(query)).first()
    return _survey(row) if row is not None else None


async def survey_for_event(
    session: AsyncSession, event_id: uuid.UUID, lock: Lock = None
) -> SurveyRecord | None:
    if lock is not None:
        # A survey not written yet cannot be locked: the event's facts row stands in for it, so that
        # two openings of one event's survey run one after the other and the second finds the first's.
        facts = sa.select(event_facts.c.event_id).where(event_facts.c.event_id == event_id)
        await session.execute(_locked(facts, lock))
    query = _locked(sa.select(surveys).where(surveys.c.event_id == event_id), lock)
    row = (await session.execute(query)).first()
    return _survey(row) if row is not None else None


async def survey_list(
    session: AsyncSession,
    *,
    event_id: uuid.UUID | None = None,
    series_id: uuid.UUID | None = None,
    state: str | None = None,
) -> list[SurveyRecord]:
    conditions: list[Any] = []
    if event_id is not None:
        conditions.append(surveys.c.event_id == event_id)
    if series_id is not None:
        conditions.append(surveys.c.series_id == series_id)
    if state is not None:
        conditions.append(surveys.c.state == state)
    query = (
        sa.select(surveys)
        .where(*conditions)
        .order_by(surveys.c.edition.asc().nulls_last(), surveys.c.first_day.asc().nulls_last(), surveys.c.id)
    )
    return [_survey(row) for row in await session.execute(query)]


async def update_survey(session: AsyncSession, survey_id: uuid.UUID, **values: Any) -> None:
    await session.execute(surveys.update().where(surveys.c.id == survey_id).values(**values))


async def mark_closed(
    session: AsyncSession, survey_id: uuid.UUID, *, closed_on: date, tokens_issued: int
) -> None:
    """The survey is closed: its pepper is gone, only the size of its digest set is kept."""
    await update_survey(
        session,
        survey_id,
        state=SurveyState.CLOSED.value,
        pepper=None,
        closed_on=closed_on,
        tokens_issued=tokens_issued,
    )


async def mark_announced(session: AsyncSession, survey_id: uuid.UUID, *, period: int, responses: int) -> None:
    await update_survey(session, survey_id, announced_period=period, announced_responses=responses)


async def mark_free_texts_removed(session: AsyncSession, survey_id: uuid.UUID) -> None:
    await update_survey(session, survey_id, free_texts_removed=True)


async def due_survey_ids(session: AsyncSession, now: datetime, limit: int = 50) -> list[uuid.UUID]:
    """Open surveys past their closing time that no other replica is closing right now."""
    query = _locked(
        sa.select(surveys.c.id)
        .where(surveys.c.state == "open", surveys.c.closes_at <= now)
        .order_by(surveys.c.closes_at)
        .limit(limit),
        "update",
        skip_locked=True,
    )
    return list((await session.scalars(query)).all())


async def _count(session: AsyncSession, table: sa.Table, survey_id: uuid.UUID) -> int:
    query = sa.select(sa.func.count()).select_from(table).where(table.c.survey_id == survey_id)
    return int(await session.scalar(query) or 0)


async def count_responses(session: AsyncSession, survey_id: uuid.UUID) -> int:
    return await _count(session, responses, survey_id)


async def count_digests(session: AsyncSession, survey_id: uuid.UUID) -> int:
    return await _count(session, token_digests, survey_id)


async def count_pending(session: AsyncSession, survey_id: uuid.UUID) -> int:
    return await _count(session, pending_handouts, survey_id)


async def survey_counts(session: AsyncSession, survey: SurveyRecord) -> SurveyCounts:
    """While open the digest set is the number of links handed out; after closing only its size is kept."""
    return SurveyCounts(
        links_handed_out=await count_digests(session, survey.id) if survey.is_open else survey.tokens_issued,
        links_pending=await count_pending(session, survey.id),
        responses=await count_responses(session, survey.id),
    )


# -- invitations ------------------------------------------------------------------------------------


async def add_invitee_marks(session: AsyncSession, survey_id: uuid.UUID, marks: Sequence[str]) -> set[str]:
    """Store the marks; returns those that were new (the others were invited before)."""
    if not marks:
        return set()
    inserted = await session.scalars(
        insert(invitee_marks)
        .values([{"survey_id": survey_id, "mark": mark} for mark in sorted(marks)])
        .on_conflict_do_nothing()
        .returning(invitee_marks.c.mark)
    )
    return set(inserted.all())


async def delete_invitee_mark(session: AsyncSession, survey_id: uuid.UUID, mark: str) -> None:
    await session.execute(
        invitee_marks.delete().where(invitee_marks.c.survey_id == survey_id, invitee_marks.c.mark == mark)
    )


async def add_pending_handouts(
    session: AsyncSession, survey_id: uuid.UUID, person_ids: Sequence[uuid.UUID], now: datetime
) -> None:
    if not person_ids:
        return
    await session.execute(
        insert(pending_handouts)
        .values(
            [
                {"survey_id": survey_id, "person_id": person_id, "attempts": 0, "next_attempt_at": now}
                for person_id in sorted(person_ids)
            ]
        )
        .on_conflict_do_nothing()
    )


async def claim_pending_handouts(session: AsyncSession, now: datetime, limit: int) -> list[PendingHandout]:
    """Due hand-outs of open surveys, locked for this transaction; other replicas skip them."""
    query = (
        sa.select(
            pending_handouts.c.survey_id,
            pending_handouts.c.person_id,
            pending_handouts.c.attempts,
            pending_handouts.c.send_key,
        )
        .join(surveys, surveys.c.id == pending_handouts.c.survey_id)
        .where(surveys.c.state == "open", pending_handouts.c.next_attempt_at <= now)
        .order_by(pending_handouts.c.survey_id, pending_handouts.c.next_attempt_at)
        .limit(limit)
        .with_for_update(of=pending_handouts, skip_locked=True)
    )
    return [
        PendingHandout(
            survey_id=row.survey_id, person_id=row.person_id, attempts=row.attempts, send_key=row.send_key
        )
        for row in await session.execute(query)
    ]


async def start_handouts(
    session: AsyncSession,
    survey_id: uuid.UUID,
    send_keys: Mapping[uuid.UUID, uuid.UUID],
    digests: Sequence[str],
    busy_until: datetime,
) -> None:
    """Before the links are sent: their digests (sorted, an order that says nothing about whose is
    whose), so that a link notifications accepts works whatever happens next; and each person's send
    key, their row left to this round until ``busy_until``."""
    if digests:
        await session.execute(
            token_digests.insert().values([{"survey_id": survey_id, "digest": d} for d in sorted(digests)])
        )
    if send_keys:
        await session.execute(
            pending_handouts.update()
            .where(
                pending_handouts.c.survey_id == survey_id,
                pending_handouts.c.person_id == sa.bindparam("waiting"),
            )
            .values(send_key=sa.bindparam("key"), next_attempt_at=busy_until),
            [{"waiting": person_id, "key": key} for person_id, key in send_keys.items()],
        )


async def forget_handouts(
    session: AsyncSession, survey_id: uuid.UUID, person_ids: Sequence[uuid.UUID]
) -> None:
    """Notifications has these persons' links: nobody waits any more."""
    if person_ids:
        await session.execute(
            pending_handouts.delete().where(
                pending_handouts.c.survey_id == survey_id, pending_handouts.c.person_id.in_(person_ids)
            )
        )


async def withdraw_digests(session: AsyncSession, survey_id: uuid.UUID, digests: Sequence[str]) -> None:
    """Links notifications did not take (refused, or it had the person's link already): dead."""
    if digests:
        await session.execute(
            token_digests.delete().where(
                token_digests.c.survey_id == survey_id, token_digests.c.digest.in_(sorted(digests))
            )
        )


async def postpone_handout(
    session: AsyncSession, survey_id: uuid.UUID, person_id: uuid.UUID, attempts: int, next_at: datetime
) -> None:
    await session.execute(
        pending_handouts.update()
        .where(pending_handouts.c.survey_id == survey_id, pending_handouts.c.person_id == person_id)
        .values(attempts=attempts, next_attempt_at=next_at)
    )


async def delete_pending_for_person(session: AsyncSession, person_id: uuid.UUID) -> int:
    result = await session.execute(pending_handouts.delete().where(pending_handouts.c.person_id == person_id))
    return int(getattr(result, "rowcount", 0) or 0)


async def open_survey_peppers(session: AsyncSession) -> list[SurveyPepper]:
    query = sa.select(surveys.c.id, surveys.c.pepper).where(surveys.c.state == "open")
    return [
        SurveyPepper(
            survey_id=row.id, pepper=SecretBytes(bytes(row.pepper)) if row.pepper is not None else None
        )
        for row in await session.execute(query)
    ]


# -- responses --------------------------------------------------------------------------------------


async def digest_issued(session: AsyncSession, survey_id: uuid.UUID, digest: str) -> bool:
    query = sa.select(sa.literal(True)).where(
        token_digests.c.survey_id == survey_id, token_digests.c.digest == digest
    )
    return bool(await session.scalar(query))


async def response_answers(session: AsyncSession, survey_id: uuid.UUID, key: str) -> AnswerSet | None:
    query = sa.select(responses.c.answers).where(
        responses.c.survey_id == survey_id, responses.c.response_key == key
    )
    stored = await session.scalar(query)
    return AnswerSet.model_validate(stored) if stored is not None else None


async def store_response(session: AsyncSession, survey_id: uuid.UUID, key: str, answers: AnswerSet) -> bool:
    """Insert or replace the answers under ``key``; True when an earlier answer was replaced."""
    statement = insert(responses).values(
        survey_id=survey_id, response_key=key, answers=answers.model_dump(mode="json")
    )
    inserted = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[responses.c.survey_id, responses.c.response_key],
            set_={"answers": statement.excluded.answers},
        ).returning(sa.literal_column("xmax") == 0)
    )
    return not inserted


async def _stored_answers(session: AsyncSession, survey_id: uuid.UUID) -> list[Any]:
    # Ordered by key: random after closing, HMACs before; never arrival order.
    query = (
        sa.select(responses.c.answers)
        .where(responses.c.survey_id == survey_id)
        .order_by(responses.c.response_key)
    )
    return list((await session.scalars(query)).all())


async def all_answers(session: AsyncSession, survey_id: uuid.UUID) -> list[AnswerSet]:
    return [AnswerSet.model_validate(answers) for answers in await _stored_answers(session, survey_id)]


async def rekey_responses(session: AsyncSession, survey_id: uuid.UUID, new_key: Callable[[], str]) -> int:
    """Rewrite a survey's responses under fresh keys in one batch, in key order (see README:
    closing); the answers are moved as stored. Returns how many there are."""
    stored = await _stored_answers(session, survey_id)
    await session.execute(responses.delete().where(responses.c.survey_id == survey_id))
    keyed_answers = [(new_key(), answers) for answers in stored]
    if keyed_answers:
        await session.execute(
            responses.insert().values(
                [
                    {"survey_id": survey_id, "response_key": key, "answers": answers}
                    for key, answers in sorted(keyed_answers, key=lambda item: item[0])
                ]
            )
        )
    return len(stored)


async def forget_open_state(session: AsyncSession, survey_id: uuid.UUID) -> None:
    """Delete what only an open survey needs: token digests, invitee marks, pending hand-outs."""
    for table in (token_digests, invitee_marks, pending_handouts):
        await session.execute(table.delete().where(table.c.survey_id == survey_id))


async def surveys_to_announce(session: AsyncSession, period: int) -> list[SurveyRecord]:
    """Open surveys not yet announced in this period, locked; other replicas skip them."""
    query = _locked(
        sa.select(surveys).where(surveys.c.state == "open", surveys.c.announced_period < period),
        "update",
        skip_locked=True,
    )
    return [_survey(row) for row in await session.execute(query)]


async def closed_surveys_keeping_free_texts(session: AsyncSession) -> list[ClosedSurvey]:
    """Closed surveys whose free texts are still there, locked; other replicas skip them."""
    query = _locked(
        sa.select(surveys.c.id, surveys.c.closed_on).where(
            surveys.c.state == "closed", surveys.c.free_texts_removed.is_(False)
        ),
        "update",
        skip_locked=True,
    )
    return [ClosedSurvey(survey_id=row.id, closed_on=row.closed_on) for row in await session.execute(query)]


async def keyed_answers(session: AsyncSession, survey_id: uuid.UUID) -> list[StoredResponse]:
    query = sa.select(responses.c.response_key, responses.c.answers).where(responses.c.survey_id == survey_id)
    return [
        StoredResponse(key=row.response_key, answers=AnswerSet.model_validate(row.answers))
        for row in await session.execute(query)
    ]


async def update_answers(session: AsyncSession, survey_id: uuid.UUID, key: str, answers: AnswerSet) -> None:
    await session.execute(
        responses.update()
        .where(responses.c.survey_id == survey_id, responses.c.response_key == key)
        .values(answers=answers.model_dump(mode="json"))
    )


# -- right of access --------------------------------------------------------------------------------


async def surveys_marking(session: AsyncSession, marks: dict[uuid.UUID, str]) -> list[SurveyInvitation]:
    """The open surveys (id → the person's invitee mark under that survey's pepper) holding the mark."""
    if not marks:
        return []
    condition = sa.or_(
        *(
            sa.and_(invitee_marks.c.survey_id == survey_id, invitee_marks.c.mark == mark)
            for survey_id, mark in marks.items()
        )
    )
    query = (
        sa.select(surveys.c.id.label("survey_id"), surveys.c.event_id, surveys.c.title, surveys.c.state)
        .join(invitee_marks, invitee_marks.c.survey_id == surveys.c.id)
        .where(condition)
        .order_by(surveys.c.opened_at)
    )
    return [
        SurveyInvitation(
            survey_id=row.survey_id, event_id=row.event_id, title=row.title, state=SurveyState(row.state)
        )
        for row in await session.execute(query)
    ]


async def pending_for_person(session: AsyncSession, person_id: uuid.UUID) -> list[uuid.UUID]:
    query = sa.select(pending_handouts.c.survey_id).where(pending_handouts.c.person_id == person_id)
    return list((await session.execute(query)).scalars())
