"""Staff pages: sign-in, dashboard, registry organisations and the list pages."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from netzwerkstatt.errors import ServiceError

from gateway_service.auth import Principal, database_of, session_cookie, settings_of
from gateway_service.i18n import language_from
from gateway_service.security import accounts, sessions
from gateway_service.security.roles import Permission
from gateway_service.web import listings
from gateway_service.web.guards import checked_form, staff, text
from gateway_service.web.rendering import LANGUAGE_COOKIE, local_path, redirect, render
from gateway_service.web.services import ask, ask_listing, items_of

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(staff(Permission.VIEW))]
Manager = Annotated[Principal, Depends(staff(Permission.MANAGE))]

PAGE_SIZE = 25


# -- signing in and out -----------------------------------------------------------------------------


@router.get("/login")
async def login_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "login.html", {"next": local_path(next), "error": None, "email": ""})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request, anonymous=True)
    email, password, target = text(form, "email"), str(form.get("password") or ""), text(form, "next")
    database, settings = database_of(request), settings_of(request)
    address = request.client.host if request.client else "unknown"
    context: dict[str, Any] = {"next": local_path(target), "email": email}
    try:
        account = await accounts.authenticate(database, settings, email, password, address)
    except accounts.LoginThrottled:
        return render(request, "login.html", {**context, "error": "auth.throttled"}, status_code=429)
    if account is None:
        return render(request, "login.html", {**context, "error": "auth.failed"}, status_code=401)
    session_id, _ = await sessions.start_session(database, settings, account.id, session_cookie(request))
    response = redirect(local_path(target))
    response.set_cookie(
        sessions.cookie_name(settings),
        session_id,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )
    return response


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    await checked_form(request)
    session_id = session_cookie(request)
    if session_id:
        await sessions.end_session(database_of(request), session_id)
    response = redirect("/login")
    response.delete_cookie(sessions.cookie_name(settings_of(request)), path="/")
    return response


@router.get("/language/{code}")
async def switch_language(code: str, next: str = "/") -> RedirectResponse:
    # Only a display preference: no CSRF concern, and any unknown code falls back to German.
    response = redirect(local_path(next))
    response.set_cookie(LANGUAGE_COOKIE, language_from(code), samesite="lax", path="/", max_age=31536000)
    return response


# -- dashboard --------------------------------------------------------------------------------------


@router.get("/")
async def dashboard(request: Request, principal: Viewer) -> HTMLResponse:
    panels = [
        ("dashboard.upcoming", await ask_listing(request, "events", "event.list", {"upcoming": True})),
        ("dashboard.agreements", await ask_listing(request, "events", "agreement.list", {"due_soon": True})),
        ("dashboard.feedback", await ask_listing(request, "feedback", "survey.list", {})),
        (
            "dashboard.failed",
            await ask_listing(request, "notifications", "delivery.list", {"status": "failed"}),
        ),
    ]
    shown = [
        {"title": title, "unavailable": answer.unavailable, "rows": items_of(answer.data)[:5]}
        for title, answer in panels
    ]
    return render(request, "dashboard.html", {"panels": shown})


# -- registry: organisations ------------------------------------------------------------------------


@router.get("/registry/organisations")
async def organisations(
    request: Request,
    principal: Viewer,
    name: Annotated[str, Query(max_length=200)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> HTMLResponse:
    body = {"name": name or None, "offset": offset, "limit": PAGE_SIZE}
    answer = await ask(request, "registry", "organisation.list", body)
    page = answer.data if answer.ok and isinstance(answer.data, dict) else {"items": [], "total": 0}
    return render(
        request,
        "organisations.html",
        {
            "section": "registry",
            "links": listings.section_links("registry"),
            "unavailable": not answer.ok,
            "page": page,
            "name": name,
            "offset": offset,
            "page_size": PAGE_SIZE,
        },
    )


@router.get("/registry/organisations/new")
async def new_organisation(request: Request, principal: Manager) -> HTMLResponse:
    return render(request, "organisation_form.html", _organisation_form({}, {}))


@router.post("/registry/organisations/new")
async def create_organisation(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    values = {
        "name": text(form, "name"),
        "type": text(form, "type"),
        "region_keys": text(form, "region_keys"),
    }
    body = {
        "name": values["name"],
        "type": values["type"],
        "region_keys": [key.strip() for key in values["region_keys"].split(",") if key.strip()],
    }
    answer = await ask(request, "registry", "organisation.create", body)
    if answer.ok:
        return redirect(f"/registry/organisations?name={_query_value(values['name'])}")
    errors = _field_errors(answer.error) if answer.error else {}
    status = 503 if answer.unavailable else 422
    return render(
        request,
        "organisation_form.html",
        _organisation_form(values, errors, unavailable=answer.unavailable),
        status_code=status,
    )


def _organisation_form(
    values: dict[str, str], errors: dict[str, str], unavailable: bool = False
) -> dict[str, Any]:
    return {
        "section": "registry",
        "links": listings.section_links("registry"),
        "values": {"name": "", "type": "", "region_keys": ""} | values,
        "errors": errors,
        "unavailable": unavailable,
    }


def _field_errors(error: ServiceError) -> dict[str, str]:
    """Field messages by the form field they belong to (``region_keys.0`` → ``region_keys``)."""
    errors: dict[str, str] = {}
    for detail in error.details:
        field = detail.field.split(".")[0]
        errors[field] = f"{errors[field]} {detail.message}".strip() if field in errors else detail.message
    if not errors:
        errors["form"] = error.message
    return errors


def _query_value(value: str) -> str:
    return quote(value, safe="")


# -- the other list pages ---------------------------------------------------------------------------


@router.get("/{section}/{slug}")
async def listing_page(request: Request, section: str, slug: str, principal: Viewer) -> HTMLResponse:
    listing = listings.BY_PATH.get(f"/{section}/{slug}")
    if listing is None:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    answer = await ask_listing(request, listing.section, listing.operation, listing.request)
    rows = items_of(answer.data)
    return render(
        request,
        "listing.html",
        {
            "section": listing.section,
            "links": listings.section_links(listing.section),
            "listing": listing,
            "unavailable": answer.unavailable,
            "rows": rows,
            "columns": listings.shown_columns(listing, rows),
        },
    )


@router.get("/{section}")
async def section_start(request: Request, section: str, principal: Viewer) -> Response:
    if section == "registry":
        return redirect("/registry/organisations")
    links = listings.section_links(section)
    if not links:
        return render(request, "error.html", {"title": "error.not_found", "message": None}, status_code=404)
    return redirect(links[0].path)
