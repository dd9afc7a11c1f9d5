"""Staff pages: sign-in, the dashboard and every section's pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from gateway_service.auth import database_of, session_cookie, settings_of
from gateway_service.i18n import language_from
from gateway_service.security import accounts, sessions
from gateway_service.web import (
    agreement_pages,
    event_pages,
    event_work_pages,
    exports,
    feedback_pages,
    network_pages,
    notification_pages,
    organisation_pages,
    paper_pages,
    people_pages,
    personal_data_pages,
    reminder_pages,
    series_history_pages,
    substitute_pages,
    survey_paper_pages,
)
from gateway_service.web.dashboard import dashboard_panels
from gateway_service.web.guards import checked_form, text
from gateway_service.web.pages import Viewer, section_links
from gateway_service.web.rendering import LANGUAGE_COOKIE, local_path, redirect, render

router = APIRouter(include_in_schema=False)


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
    return render(request, "dashboard.html", await dashboard_panels(request, principal))


# -- the registry's and feedback's own pages (before the generic list pages below) ------------------

for pages_router in (
    exports.router,
    event_pages.router,
    series_history_pages.router,
    event_work_pages.router,
    substitute_pages.router,
    reminder_pages.router,
    agreement_pages.router,
    notification_pages.router,
    organisation_pages.router,
    people_pages.router,
    personal_data_pages.router,
    network_pages.router,
    paper_pages.router,
    survey_paper_pages.router,
    feedback_pages.router,
):
    router.include_router(pages_router)


# -- a section's first page -------------------------------------------------------------------------


@router.get("/{section}")
async def section_start(request: Request, section: str, principal: Viewer) -> Response:
    links = section_links(section)
    if not links:
        context = {"title": "error.not_found", "message_key": "error.no_such_page", "message": None}
        return render(request, "error.html", context, status_code=404)
    return redirect(links[0].path)
