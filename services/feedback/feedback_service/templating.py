"""Survey templates as staff see and change them: list, read, copy, edit (not while in use)."""

from __future__ import annotations

import uuid

from pydantic import ValidationError

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
        copied = await store.insert_template(uow.session, copy_template(record.template, name=request.name))
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
        await store.update_template(uow.session, template)
        updated = await store.template(uow.session, request.template_id)
    assert updated is not None  # locked above
    return template_view(updated, in_use=False)
