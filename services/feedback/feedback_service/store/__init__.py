"""Queries on the feedback schema (tables in ``tables``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service.domain.defaults import DEFAULT_TEMPLATES
from feedback_service.domain.model import SurveyTemplate
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


def _template_row(template: SurveyTemplate) -> dict[str, Any]:
    return {
        "id": template.id,
        "name": template.name,
        "language": template.language.value,
        "questions": [question.model_dump(mode="json") for question in template.questions],
        "version": template.version,
    }


def template_from_row(row: Any) -> SurveyTemplate:
    return SurveyTemplate.model_validate(
        {
            "id": row["id"],
            "name": row["name"],
            "language": row["language"],
            "questions": row["questions"],
            "version": row["version"],
        }
    )


async def seed_default_templates(session: AsyncSession) -> None:
    for template in DEFAULT_TEMPLATES:
        await session.execute(
            insert(templates)
            .values(**_template_row(template), built_in=True, updated_at=utcnow())
            .on_conflict_do_nothing()
        )


async def insert_template(session: AsyncSession, template: SurveyTemplate) -> dict[str, Any]:
    row = {**_template_row(template), "built_in": False, "updated_at": utcnow()}
    await session.execute(templates.insert().values(**row))
    return row


async def update_template(session: AsyncSession, template: SurveyTemplate) -> None:
    await session.execute(
        templates.update()
        .where(templates.c.id == template.id)
        .values(**_template_row(template), updated_at=utcnow())
    )


async def template_row(session: AsyncSession, template_id: uuid.UUID, lock: Lock = None) -> Any:
    query = _locked(sa.select(templates).where(templates.c.id == template_id), lock)
    return (await session.execute(query)).mappings().first()


async def template_rows(session: AsyncSession) -> list[Any]:
    query = sa.select(templates).order_by(templates.c.built_in.desc(), sa.func.lower(templates.c.name))
    return list((await session.execute(query)).mappings())


async def templates_in_use(session: AsyncSession) -> set[uuid.UUID]:
    return set((await session.scalars(sa.select(surveys.c.template_id).distinct())).all())


# -- event facts ------------------------------------------------------------------------------------


async def upsert_event_facts(session: AsyncSession, values: dict[str, Any]) -> None:
    """Keep the newest version only: an older event arriving late changes nothing."""
    statement = insert(event_facts).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[event_facts.c.event_id],
            set_={key: statement.excluded[key] for key in values if key != "event_id"},
            where=event_facts.c.version < statement.excluded.version,
        )
    )


async def event_facts_row(session: AsyncSession, event_id: uuid.UUID) -> Any:
    query = sa.select(event_facts).where(event_facts.c.event_id == event_id)
    return (await session.execute(query)).mappings().first()


# -- surveys ----------------------------------------------------------------------------------------


async def insert_survey(session: AsyncSession, row: dict[str, Any]) -> None:
    await session.execute(surveys.insert().values(**row))


async def survey_row(session: AsyncSession, survey_id: uuid.UUID, lock: Lock = None) -> Any:
    query = _locked(sa.select(surveys).where(surveys.c.id == survey_id), lock)
    return (await session.execute(query)).mappings().first()


async def survey_row_for_event(session: AsyncSession, event_id: uuid.UUID, lock: Lock = None) -> Any:
    query = _locked(sa.select(surveys).where(surveys.c.event_id == event_id), lock)
    return (await session.execute(query)).mappings().first()


async def survey_rows(
    session: AsyncSession,
    *,
    event_id: uuid.UUID | None = None,
    series_id: uuid.UUID | None = None,
    state: str | None = None,
) -> list[Any]:
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
    return list((await session.execute(query)).mappings())


async def update_survey(session: AsyncSession, survey_id: uuid.UUID, **values: Any) -> None:
    await session.execute(surveys.update().where(surveys.c.id == survey_id).values(**values))


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


async def claim_pending_handouts(session: AsyncSession, now: datetime, limit: int) -> list[Any]:
    """Due hand-outs of open surveys, locked for this transaction; other replicas skip them."""
    query = (
        sa.select(pending_handouts.c.survey_id, pending_handouts.c.person_id, pending_handouts.c.attempts)
        .join(surveys, surveys.c.id == pending_handouts.c.survey_id)
        .where(surveys.c.state == "open", pending_handouts.c.next_attempt_at <= now)
        .order_by(pending_handouts.c.survey_id, pending_handouts.c.next_attempt_at)
        .limit(limit)
        .with_for_update(of=pending_handouts, skip_locked=True)
    )
    return list((await session.execute(query)).mappings())


async def finish_handouts(
    session: AsyncSession, survey_id: uuid.UUID, person_ids: Sequence[uuid.UUID], digests: Sequence[str]
) -> None:
    """Links were accepted by notifications: keep their digests (sorted), forget the persons."""
    if digests:
        await session.execute(
            token_digests.insert().values([{"survey_id": survey_id, "digest": d} for d in sorted(digests)])
        )
    if person_ids:
        await session.execute(
            pending_handouts.delete().where(
                pending_handouts.c.survey_id == survey_id, pending_handouts.c.person_id.in_(person_ids)
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


async def open_survey_peppers(session: AsyncSession) -> list[Any]:
    query = sa.select(surveys.c.id, surveys.c.pepper).where(surveys.c.state == "open")
    return list((await session.execute(query)).mappings())


# -- responses --------------------------------------------------------------------------------------


async def digest_issued(session: AsyncSession, survey_id: uuid.UUID, digest: str) -> bool:
    query = sa.select(sa.literal(True)).where(
        token_digests.c.survey_id == survey_id, token_digests.c.digest == digest
    )
    return bool(await session.scalar(query))


async def response_answers(session: AsyncSession, survey_id: uuid.UUID, key: str) -> Any:
    query = sa.select(responses.c.answers).where(
        responses.c.survey_id == survey_id, responses.c.response_key == key
    )
    return await session.scalar(query)


async def store_response(
    session: AsyncSession, survey_id: uuid.UUID, key: str, answers: dict[str, Any]
) -> bool:
    """Insert or replace the answers under ``key``; True when an earlier answer was replaced."""
    statement = insert(responses).values(survey_id=survey_id, response_key=key, answers=answers)
    inserted = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[responses.c.survey_id, responses.c.response_key],
            set_={"answers": statement.excluded.answers},
        ).returning(sa.literal_column("xmax") == 0)
    )
    return not inserted


async def all_answers(session: AsyncSession, survey_id: uuid.UUID) -> list[Any]:
    # Ordered by key: random after closing, HMACs before; never arrival order.
    query = (
        sa.select(responses.c.answers)
        .where(responses.c.survey_id == survey_id)
        .order_by(responses.c.response_key)
    )
    return list((await session.scalars(query)).all())


async def replace_all_responses(
    session: AsyncSession, survey_id: uuid.UUID, keyed_answers: Sequence[tuple[str, Any]]
) -> None:
    """Rewrite a survey's responses in one batch, in key order (see README: closing)."""
    await session.execute(responses.delete().where(responses.c.survey_id == survey_id))
    if keyed_answers:
        await session.execute(
            responses.insert().values(
                [
                    {"survey_id": survey_id, "response_key": key, "answers": answers}
                    for key, answers in sorted(keyed_answers, key=lambda item: item[0])
                ]
            )
        )


async def forget_open_state(session: AsyncSession, survey_id: uuid.UUID) -> None:
    """Delete what only an open survey needs: token digests, invitee marks, pending hand-outs."""
    for table in (token_digests, invitee_marks, pending_handouts):
        await session.execute(table.delete().where(table.c.survey_id == survey_id))


async def survey_rows_to_announce(session: AsyncSession, period: int) -> list[Any]:
    """Open surveys not yet announced in this period, locked; other replicas skip them."""
    query = _locked(
        sa.select(surveys).where(surveys.c.state == "open", surveys.c.announced_period < period),
        "update",
        skip_locked=True,
    )
    return list((await session.execute(query)).mappings())


async def closed_surveys_keeping_free_texts(session: AsyncSession) -> list[Any]:
    """Closed surveys whose free texts are still there, locked; other replicas skip them."""
    query = _locked(
        sa.select(surveys.c.id, surveys.c.closed_on).where(
            surveys.c.state == "closed", surveys.c.free_texts_removed.is_(False)
        ),
        "update",
        skip_locked=True,
    )
    return list((await session.execute(query)).mappings())


async def keyed_answers(session: AsyncSession, survey_id: uuid.UUID) -> list[tuple[str, Any]]:
    query = sa.select(responses.c.response_key, responses.c.answers).where(responses.c.survey_id == survey_id)
    return [(row.response_key, row.answers) for row in await session.execute(query)]


async def update_answers(session: AsyncSession, survey_id: uuid.UUID, key: str, answers: Any) -> None:
    await session.execute(
        responses.update()
        .where(responses.c.survey_id == survey_id, responses.c.response_key == key)
        .values(answers=answers)
    )


# -- right of access --------------------------------------------------------------------------------


async def surveys_marking(session: AsyncSession, marks: dict[uuid.UUID, str]) -> list[Any]:
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
    return list((await session.execute(query)).mappings())


async def pending_for_person(session: AsyncSession, person_id: uuid.UUID) -> list[uuid.UUID]:
    query = sa.select(pending_handouts.c.survey_id).where(pending_handouts.c.person_id == person_id)
    return list((await session.execute(query)).scalars())
