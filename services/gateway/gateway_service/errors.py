"""Service errors and invalid HTTP requests as HTTP responses of one shape:
``{"error": {"code": ..., "message": ..., "details": [{"field", "message", "code"}]}}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from netzwerkstatt.errors import ErrorCode, ErrorReply, FieldError, ServiceError

HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION: 422,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.RULE_VIOLATION: 422,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.UNAVAILABLE: 503,
    ErrorCode.INTERNAL: 500,
}


def error_response(reply: ErrorReply) -> JSONResponse:
    return JSONResponse(status_code=HTTP_STATUS[reply.code], content={"error": reply.model_dump(mode="json")})


async def _service_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ServiceError)
    return error_response(error.reply())


async def _invalid_request(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = [
        FieldError(
            # FastAPI prefixes the location with "body"/"query"; keep the field path after it.
            field=".".join(str(part) for part in item["loc"][1:]) or str(item["loc"][0]),
            message=item["msg"],
            code=item["type"],
        )
        for item in error.errors()
    ]
    return error_response(ErrorReply(code=ErrorCode.VALIDATION, message="invalid request", details=details))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
