"""Templates."""

from __future__ import annotations

from feedback_service import templating
from feedback_service.api.base import operations
from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.feedback import (
    CopyTemplate,
    EditTemplate,
    GetTemplate,
    ListTemplates,
    TemplateView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access


@operations("template.list", access=Access.READ)
async def list_templates(request: ListTemplates, db: DatabaseDep) -> Page[TemplateView]:
    """Every survey template, the ready-made ones first."""
    return Page[TemplateView].of(await templating.list_templates(db), request)


@operations("template.get", access=Access.READ)
async def get_template(request: GetTemplate, db: DatabaseDep) -> TemplateView:
    """One template with its questions."""
    return await templating.get_template(db, request.template_id)


@operations("template.copy", access=Access.CHANGE)
async def copy_template(request: CopyTemplate, db: DatabaseDep) -> TemplateView:
    """A new, editable template with the same questions (templates belong to no network: any
    coordinator may copy and edit them)."""
    return await templating.copy(db, request)


@operations("template.edit", access=Access.CHANGE)
async def edit_template(request: EditTemplate, db: DatabaseDep) -> TemplateView:
    """Change a template no survey uses yet (a used one is copied instead)."""
    return await templating.edit(db, request)
