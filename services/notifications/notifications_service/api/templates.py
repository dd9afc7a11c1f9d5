"""Templates."""

from __future__ import annotations

from netzwerkstatt.contracts import Page
from netzwerkstatt.contracts.notifications import (
    ListTemplates,
    PreviewTemplate,
    PreviewView,
    SaveTemplate,
    TemplateKey,
    TemplateView,
)
from netzwerkstatt.db import DatabaseDep
from netzwerkstatt.principal import Access
from notifications_service import views
from notifications_service.api.base import operations
from notifications_service.domain import (
    invalid_template,
    merged_templates,
    template_key,
)
from notifications_service.messages.errors import MessageError
from notifications_service.messages.kinds import Language, MessageKind
from notifications_service.messages.templates import load_templates, preview, validate_templates
from notifications_service.store import templates as templates_store


@operations("template.list", access=Access.READ)
async def list_templates(request: ListTemplates, db: DatabaseDep) -> Page[TemplateView]:
    """Every kind in both languages: the template in use, its placeholders and rules."""
    async with db.read() as session:
        custom = await templates_store.load_custom(session)
    every = [
        views.template_view(kind, language, custom.get((kind, language)))
        for kind in MessageKind
        for language in Language
        if request.kind in (None, kind.value) and request.language in (None, language.value)
    ]
    return Page[TemplateView].of(every, request)


@operations("template.preview", access=Access.READ)
async def preview_template(request: PreviewTemplate, db: DatabaseDep) -> PreviewView:
    """Render with fictional sample data; given parts replace the stored ones for this preview only."""
    kind, language = template_key(request)
    async with db.read() as session:
        custom = await templates_store.load_custom(session)
    current = custom.get((kind, language)) or load_templates(kind, language)
    templates = merged_templates(current, subject=request.subject, text=request.text, html=request.html)
    try:
        rendered = preview(kind, language, templates)
    except MessageError as error:
        raise invalid_template(error) from error
    return PreviewView(
        kind=kind.value,
        language=language.value,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
    )


@operations("template.save", access=Access.ADMIN)
async def save_template(request: SaveTemplate, db: DatabaseDep) -> TemplateView:
    """Store a customised template after checking it (unknown placeholders are refused)."""
    kind, language = template_key(request)
    templates = merged_templates(
        load_templates(kind, language), subject=request.subject, text=request.text, html=request.html
    )
    try:
        validate_templates(kind, language, templates)
        preview(kind, language, templates)
    except MessageError as error:
        raise invalid_template(error) from error
    async with db.unit_of_work() as uow:
        await templates_store.save_custom(uow.session, kind, language, templates)
    return views.template_view(kind, language, templates)


@operations("template.reset", access=Access.ADMIN)
async def reset_template(request: TemplateKey, db: DatabaseDep) -> TemplateView:
    """Go back to the shipped template."""
    kind, language = template_key(request)
    async with db.unit_of_work() as uow:
        await templates_store.delete_custom(uow.session, kind, language)
    return views.template_view(kind, language, None)
