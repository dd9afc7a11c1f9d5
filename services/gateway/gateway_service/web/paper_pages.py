"""Registry pages for the Schnittstellenpapier (choose a region or network → preview with its gaps →
issue a numbered snapshot → list → download as HTML, CSV or XLSX, rendered by ``web/paper_files.py``
in the reader's language) and for the import of CSV/XLSX files (upload → dry-run report per row →
confirm)."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from gateway_service.i18n import Language, translate
from gateway_service.web import hints, paper_files
from gateway_service.web.guards import checked_form, text
from gateway_service.web.messages import import_row_problems
from gateway_service.web.pages import (
    CHOICE_LIMIT,
    Manager,
    Viewer,
    data_of,
    failure_status,
    form_errors,
    new_record_id,
    region_key_of,
    region_name_of,
    section,
    sent_before,
    uuid_or_none,
)
from gateway_service.web.rendering import language_of, redirect, render
from gateway_service.web.services import Answer, ask, items_of
from netzwerkstatt import operations as ops
from netzwerkstatt.contracts import MAX_FILE_BYTES
from netzwerkstatt.contracts.registry import (
    ORGANISATION_IMPORT_COLUMNS,
    ORGANISATION_IMPORT_REQUIRED,
    PERSON_IMPORT_COLUMNS,
    PERSON_IMPORT_REQUIRED,
)
from netzwerkstatt.errors import FieldError, Forbidden, InvalidInput

router = APIRouter(include_in_schema=False)

# An upload is sent to the registry in one message; larger files are refused with a clear message.
MAX_IMPORT_BYTES = MAX_FILE_BYTES


async def _networks(request: Request) -> list[dict[str, Any]]:
    answer = await ask(request, ops.registry.NETWORK_LIST, {"limit": CHOICE_LIMIT})
    return items_of(answer.data) if answer.ok else []


def _scope(region_key: str, network_id: str) -> dict[str, str]:
    return {"region_key": region_key} if region_key else ({"network_id": network_id} if network_id else {})


@router.get("/registry/interface-papers")
async def interface_papers(request: Request, principal: Viewer) -> HTMLResponse:
    answer = await ask(request, ops.registry.INTERFACE_PAPER_LIST, {"limit": 100})
    return render(
        request,
        "interface_papers.html",
        section(
            "registry",
            unavailable=not answer.ok,
            papers=items_of(answer.data),
            networks=await _networks(request),
            errors={},
            values={"region": "", "network_id": ""},
        ),
    )


@router.get("/registry/interface-papers/preview")
async def preview(
    request: Request,
    principal: Viewer,
    region: Annotated[str, Query(max_length=200)] = "",
    region_key: Annotated[str, Query(max_length=50)] = "",
    network_id: Annotated[str, Query(max_length=50)] = "",
) -> HTMLResponse:
    # The region is chosen by name (a key, as older links carry it, is read too).
    typed = region.strip() or region_key.strip()
    region_key = await region_key_of(request, typed)
    if bool(region_key) == bool(network_id):
        # Exactly one of the two: said here, in the page's language, next to both fields.
        message = translate("registry.paper_scope_hint", language_of(request))
        answer = Answer(
            error=InvalidInput(
                "choose a region or a network",
                [
                    FieldError(field="region", message=message, code="region_or_network"),
                    FieldError(field="network_id", message=message, code="region_or_network"),
                ],
            )
        )
    else:
        answer = await ask(request, ops.registry.INTERFACE_PAPER_PREVIEW, _scope(region_key, network_id))
    if not answer.ok:
        errors = form_errors(answer)
        if "region_key" in errors:
            errors["region"] = translate("registry.region_unknown", language_of(request)).format(value=typed)
            del errors["region_key"]
        papers = await ask(request, ops.registry.INTERFACE_PAPER_LIST, {"limit": 100})
        return render(
            request,
            "interface_papers.html",
            section(
                "registry",
                unavailable=answer.unavailable,
                papers=items_of(papers.data),
                networks=await _networks(request),
                errors=errors,
                values={
                    "region": region_name_of(region_key) if region_key != typed else typed,
                    "network_id": network_id,
                },
            ),
            status_code=failure_status(answer),
        )
    may_issue = not network_id or hints.may_change(principal, network_id)
    return render(
        request,
        "interface_paper.html",
        section(
            "registry",
            paper=answer.data,
            words=paper_files.PaperWords(answer.data, language_of(request)),
            preview=True,
            may_issue=may_issue,
            scope=_scope(region_key, network_id),
            paper_id=new_record_id(),
        ),
    )


@router.post("/registry/interface-papers")
async def issue(request: Request, principal: Manager) -> Response:
    """Issue the previewed paper under the id its form carries: the form sent twice (a double
    click, a reload) issues one paper, and both sendings lead to it."""
    form = await checked_form(request)
    region_key, network_id = text(form, "region_key"), text(form, "network_id")
    paper_id = new_record_id(form)
    body: dict[str, Any] = _scope(region_key, network_id) | {
        "id": paper_id,
        "title": text(form, "title") or None,
    }
    answer = await ask(request, ops.registry.INTERFACE_PAPER_ISSUE, body)
    if not sent_before(answer):
        paper_id = str(data_of(answer)["id"])
    return redirect(f"/registry/interface-papers/{paper_id}?issued=1")


@router.get("/registry/interface-papers/{paper_id}")
async def interface_paper(request: Request, paper_id: uuid.UUID, principal: Viewer) -> HTMLResponse:
    paper = data_of(await ask(request, ops.registry.INTERFACE_PAPER_GET, {"paper_id": str(paper_id)}))
    return render(
        request,
        "interface_paper.html",
        section(
            "registry",
            paper=paper,
            words=paper_files.PaperWords(paper, language_of(request)),
            preview=False,
            may_issue=False,
            scope={},
            issued=request.query_params.get("issued") is not None,
        ),
    )


@router.get("/registry/interface-papers/{paper_id}/file.{file_format}")
async def download(
    request: Request, paper_id: uuid.UUID, file_format: paper_files.FileFormat, principal: Viewer
) -> Response:
    """The issued paper as a file, rendered here in the reader's language from the registry's data."""
    paper = data_of(await ask(request, ops.registry.INTERFACE_PAPER_GET, {"paper_id": str(paper_id)}))
    return paper_files.paper_file(paper, file_format, language_of(request))


# -- import -----------------------------------------------------------------------------------------


@router.get("/registry/import")
async def import_page(request: Request, principal: Manager) -> HTMLResponse:
    return await _import_page(request, principal, None, None, {}, None)


def _may_import(principal: Any, kind: str) -> None:
    # People arrive with memberships in any organisation of the file, which a coordinator's scope
    # cannot vouch for row by row; organisations are new records and belong to nobody yet.
    if kind == "people" and not principal.on_the_bus().is_admin:
        raise Forbidden("only an admin may import people")


@router.post("/registry/import")
async def dry_run(request: Request, principal: Manager) -> Response:
    form = await checked_form(request)
    kind = text(form, "kind")
    upload = form.get("file")
    errors: dict[str, str] = {}
    if kind not in ("organisations", "people"):
        errors["kind"] = translate("registry.import_kind_missing", language_of(request))
    content = b""
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = translate("registry.import_file_missing", language_of(request))
    else:
        content = await upload.read(MAX_IMPORT_BYTES + 1)
        if len(content) > MAX_IMPORT_BYTES:
            errors["file"] = translate("registry.import_file_too_large", language_of(request))
    chosen = {"kind": kind, "network_id": _network_of(text(form, "network_id"))}
    if errors:
        return await _import_page(request, principal, None, None, errors, None, 422, chosen=chosen)
    _may_import(principal, kind)
    assert isinstance(upload, UploadFile)
    file = {
        "kind": kind,
        "file_name": upload.filename or "upload",
        "content_base64": base64.b64encode(content).decode(),
    }
    answer = await ask(request, ops.registry.IMPORT_DRY_RUN, file)
    if not answer.ok:
        errors = form_errors(answer)
        if "content_base64" in errors or "file_name" in errors:
            errors["file"] = errors.pop("content_base64", "") or errors.pop("file_name", "")
        return await _import_page(
            request, principal, None, None, errors, None, failure_status(answer), chosen=chosen
        )
    upload_chosen = file | {"network_id": chosen["network_id"] or ""}
    return await _import_page(request, principal, answer.data, None, {}, upload_chosen, chosen=chosen)


def import_columns(language: Language) -> dict[str, list[dict[str, Any]]]:
    """Per kind of file, the columns the registry's import reads: heading, the other headings it
    takes, whether every row must fill it, and an example."""
    kinds = {
        "organisations": (ORGANISATION_IMPORT_COLUMNS, ORGANISATION_IMPORT_REQUIRED),
        "people": (PERSON_IMPORT_COLUMNS, PERSON_IMPORT_REQUIRED),
    }
    return {
        kind: [
            {
                "heading": column.header,
                "also": column.aliases,
                "required": column.required or column.field in required,
                "example": translate(f"import.example.{kind}.{column.field}", language),
            }
            for column in columns
        ]
        for kind, (columns, required) in kinds.items()
    }


def _network_of(value: str) -> str | None:
    network = uuid_or_none(value)
    return str(network) if network else None


@router.post("/registry/import/run")
async def run_import(request: Request, principal: Manager) -> Response:
    # The confirmed file comes back as a form field: allow it to be as large as an upload.
    form = await checked_form(request, max_part_size=MAX_IMPORT_BYTES * 2)
    file: dict[str, Any] = {key: text(form, key) for key in ("kind", "file_name", "content_base64")}
    _may_import(principal, file["kind"])
    # New organisations join this network; the registry decides whether it is one of the caller's.
    file["network_id"] = _network_of(text(form, "network_id")) if file["kind"] == "organisations" else None
    chosen = {"kind": file["kind"], "network_id": file["network_id"]}
    answer = await ask(request, ops.registry.IMPORT_RUN, file)
    if answer.error is not None and any(detail.field.startswith("rows.") for detail in answer.error.details):
        # The registry changed since the file was checked (an organisation archived or named twice
        # meanwhile): the file is checked again, so that its problems stand at their rows and columns.
        checked = await ask(request, ops.registry.IMPORT_DRY_RUN, file)
        if checked.ok:
            changed = {"form": translate("registry.import_changed_meanwhile", language_of(request))}
            upload = file | {"network_id": file["network_id"] or ""}
            return await _import_page(
                request, principal, checked.data, None, changed, upload, 409, chosen=chosen
            )
    if not answer.ok:
        errors = form_errors(answer)
        return await _import_page(
            request, principal, None, None, errors, None, failure_status(answer), chosen=chosen
        )
    return await _import_page(request, principal, None, answer.data, {}, None)


async def _import_page(
    request: Request,
    principal: Any,
    report: dict[str, Any] | None,
    result: dict[str, Any] | None,
    errors: dict[str, str],
    upload: dict[str, str] | None,
    status_code: int = 200,
    *,
    chosen: dict[str, Any] | None = None,
) -> HTMLResponse:
    problems = import_row_problems(report, language_of(request)) if report else []
    networks = await hints.networks_to_create_in(request, principal)
    # With exactly one network to choose from, it is chosen already.
    only = str(networks[0]["id"]) if len(networks) == 1 else ""
    chosen = {"kind": "organisations", "network_id": only} | {
        key: value for key, value in (chosen or {}).items() if value
    }
    return render(
        request,
        "import.html",
        section(
            "registry",
            report=report,
            problems=problems,
            result=result,
            errors=errors,
            upload=upload,
            networks=networks,
            chosen=chosen,
            columns=import_columns(language_of(request)),
        ),
        status_code=status_code,
    )
