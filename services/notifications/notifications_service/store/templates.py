"""Templates customised by staff, stored per kind and language; shipped templates apply otherwise."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt.db import utcnow
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.messages.templates import TemplateSet
from notifications_service.store import custom_templates

CustomTemplates = dict[tuple[MessageKind, Language], TemplateSet]


async def load_custom(session: AsyncSession) -> CustomTemplates:
    rows = (await session.execute(sa.select(custom_templates))).all()
    return {
        (MessageKind(row.kind), Language(row.language)): TemplateSet(
            subject=row.subject, text=row.text, html=row.html
        )
        for row in rows
    }


async def save_custom(
    session: AsyncSession, kind: MessageKind, language: Language, templates: TemplateSet
) -> None:
    values = {**templates.model_dump(), "updated_at": utcnow()}
    statement = insert(custom_templates).values(kind=kind.value, language=language.value, **values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[custom_templates.c.kind, custom_templates.c.language], set_=values
        )
    )


async def delete_custom(session: AsyncSession, kind: MessageKind, language: Language) -> bool:
    result = await session.execute(
        custom_templates.delete()
        .where(custom_templates.c.kind == kind.value, custom_templates.c.language == language.value)
        .returning(custom_templates.c.kind)
    )
    return result.first() is not None
