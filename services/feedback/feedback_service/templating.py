"""Survey templates as staff see and change them: list, read, copy, edit (not while in use)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from feedback_service import store
from feedback_service.domain.model import (
    Language,
    SurveyTemplate,
    TemplateEdit,
    TemplateInUseError,
    copy_template,
    edit_template,
)
from feedback_service.views import template_view
from netzwerkstatt.contracts.feedback import (
    CopyTemplate,
    EditTemplate,
    TemplateView,
)
from netzwerkstatt.db import Database
from netzwerkstatt.errors import Conflict, InvalidInput, NotFound, RuleViolation, ServiceError, field_errors


def _not_found(template_id: uuid.UUID) -> ServiceError:
    return NotFound.for_field("template_id", f"no survey template {template_id}")


def _name_taken(name: str) -> ServiceError:
    return Conflict.for_field(
        "name",
        f"a survey template named {name!r} exists already; templates are told apart by their names",
        "template_name_taken",
        {"name": name},
    )


async def _check_name_free(session: AsyncSession, name: str, template_id: uuid.UUID | None = None) -> None:
    """A name no other template has, compared without case; the unique index on it decides a race."""
    if await store.template_named(session, name, other_than=template_id) is not None:
        raise _name_taken(name)


async def list_templates(database: Database) -> list[TemplateView]:
    async with database.read() as session:
        records = await store.all_templates(session)
        used = await store.templates_in_use(session)
    return [template_view(record, in_use=record.template.id in used) for record in records]


async def get_template(database: Database, template_id: uuid.UUID) -> TemplateView:
    async with database.read() as session:
        record = await store.template(session, template_id)
        used = await store.templates_in_use(session)
    if record is None:
        raise _not_found(template_id)
    return template_view(record, in_use=template_id in used)


async def copy(database: Database, request: CopyTemplate) -> TemplateView:
    async with database.unit_of_work() as uow:
        record = await store.template(uow.session, request.template_id)
        if record is None:
            raise _not_found(request.template_id)
        # Requests arrive trimmed (``Request`` strips every text).
        await _check_name_free(uow.session, request.name)
        try:
            async with uow.session.begin_nested():
                copied = await store.insert_template(
                    uow.session, copy_template(record.template, name=request.name)
                )
        except sa.exc.IntegrityError:
            raise _name_taken(request.name) from None
    return template_view(copied, in_use=False)


def _edited(template: SurveyTemplate, request: EditTemplate, *, in_use: bool) -> SurveyTemplate:
    try:
        edit = TemplateEdit.model_validate(
            {
                "name": request.name,
                "language": Language(request.language) if request.language else None,
                "questions": [q.model_dump() for q in request.questions] if request.questions else None,
            }
        )
        return edit_template(template, edit, in_use=in_use)
    except ValidationError as error:
        raise InvalidInput("the template cannot be changed as given", field_errors(error)) from None
    except TemplateInUseError as error:
        raise RuleViolation.for_field("template_id", str(error), error.code) from None


async def edit(database: Database, request: EditTemplate) -> TemplateView:
    async with database.unit_of_work() as uow:
        record = await store.template(uow.session, request.template_id, lock="update")
        if record is None:
            raise _not_found(request.template_id)
        if record.built_in:
            raise RuleViolation.for_field(
                "template_id", "a ready-made template cannot be edited; copy it and edit the copy", "built_in"
            )
        if record.template.version != request.expected_version:
            raise Conflict.for_field(
                "expected_version",
                f"the template was changed meanwhile (now version {record.template.version}); "
                "reload and edit again",
                "stale_version",
            )
        in_use = request.template_id in await store.templates_in_use(uow.session)
        template = _edited(record.template, request, in_use=in_use)
        await _check_name_free(uow.session, template.name, request.template_id)
        try:
            async with uow.session.begin_nested():
                await store.update_template(uow.session, template)
        except sa.exc.IntegrityError:
            raise _name_taken(template.name) from None
        updated = await store.template(uow.session, request.template_id)
    assert updated is not None  # locked above
    return template_view(updated, in_use=False)
