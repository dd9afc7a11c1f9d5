"""The one logging setup: structlog for our code and for the standard library loggers of the
libraries we use, readable in development and JSON in production. Every line carries the service
name and the correlation id of the request or message that caused it.

Errors are cheap and clean in every format: a traceback is rendered as plain text (file, line and
code only, never local variables), and every line passes ``mask_personal_data`` before it is
written: e-mail addresses become ``<e-mail>``, values under name and address keys ``<masked>``,
and statement parameters quoted in database errors ``<parameters>``."""

from __future__ import annotations

import logging
import random
import re
import sys
from collections.abc import Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, Literal

import structlog

CORRELATION_HEADER = "correlation_id"

MASK = "<masked>"
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# SQLAlchemy and asyncpg quote a failed statement's parameters (names, addresses, tokens).
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.DOTALL)
_DETAIL = re.compile(r"(DETAIL:\s+Key \().*?(\)=\().*?(\))")
# Keys whose values are personal data or capabilities wherever they appear in a log line.
PERSONAL_KEYS = frozenset(
    {
        "email",
        "e_mail",
        "address",
        "recipient",
        "recipients",
        "sender",
        "to",
        "name",
        "given_name",
        "family_name",
        "full_name",
        "display_name",
        "person_name",
        "title",
        "phone",
        "token",
        "password",
    }
)
_MAX_DEPTH = 4

# The correlation id and the values bound with it, for the current request or message: one context
# variable set once per message (cheaper than binding each value on its own), read by the log
# processor ``_add_correlation`` only when a line is actually written.
_NOTHING_BOUND: Mapping[str, Any] = MappingProxyType({})
_bound: ContextVar[Mapping[str, Any]] = ContextVar("netzwerkstatt_correlation", default=_NOTHING_BOUND)


def new_correlation_id() -> str:
    """32 hex digits, like a UUID's: a trace id, not a secret, so drawn from the fast generator
    rather than the operating system's (a system call for every request that came without one)."""
    return f"{random.getrandbits(128):032x}"


def current_correlation_id() -> str | None:
    value = _bound.get().get("correlation_id")
    return str(value) if value else None


@contextmanager
def correlation(correlation_id: str | None, **values: Any) -> Iterator[str]:
    """Bind a correlation id (a new one if none came in) and extra values for the block's log lines."""
    cid = correlation_id or new_correlation_id()
    token = _bound.set({**_bound.get(), **values, "correlation_id": cid})
    try:
        yield cid
    finally:
        _bound.reset(token)


def begin_request(correlation_id: str | None, **values: Any) -> str:
    """Bind an HTTP request's correlation id (a new one if none came in) and values for the rest of
    its task, replacing whatever is bound; returns the id.

    A server's request task starts with a copy of a context that may hold an earlier request's
    values: uvicorn resumes reading a connection from inside a request's task, and the connection's
    later callbacks, which start the next request's task, keep that task's context. So the values
    are replaced, not merged, and not reset at the end: the server's own lines after the response
    (its "Exception in ASGI application") carry this request's id, not the one before it."""
    cid = correlation_id or new_correlation_id()
    _bound.set({**values, "correlation_id": cid})
    return cid


def _add_correlation(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    bound = _bound.get()
    if bound:
        for key, value in bound.items():
            event_dict.setdefault(key, value)
    return event_dict


def mask_text(text: str) -> str:
    """E-mail addresses and quoted statement parameters out of free text."""
    if "@" in text:
        text = _EMAIL.sub("<e-mail>", text)
    if "parameters:" in text:
        text = _PARAMETERS.sub("[parameters: <parameters>]", text)
    if "DETAIL:" in text:
        text = _DETAIL.sub(r"\1…\2<parameters>\3", text)
    return text


def _masked(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {
            key: (MASK if str(key).lower() in PERSONAL_KEYS and val else _masked(val, depth + 1))
            for key, val in value.items()
        }
    if isinstance(value, list | tuple):
        return [_masked(item, depth + 1) for item in value]
    return value


def mask_personal_data(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: no personal data in any line (see the module doc)."""
    for key, value in list(event_dict.items()):
        if key.lower() in PERSONAL_KEYS and value:
            event_dict[key] = MASK
        elif isinstance(value, str | dict | list | tuple):
            event_dict[key] = _masked(value)
    return event_dict


def configure_logging(
    service: str,
    *,
    log_format: Literal["console", "json"] = "console",
    level: str = "INFO",
    stream: Any = None,
) -> None:
    """Configure structlog and route the standard library's loggers through the same renderer."""
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        _add_correlation,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        _add_service(service),
        # Tracebacks as plain text, before masking, in every format: never rich's locals.
        structlog.processors.format_exc_info,
        mask_personal_data,
    ]
    renderer: structlog.types.Processor
    if log_format == "json":
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )

    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # FastStream gives its logger a coloured handler of its own that does not propagate (when it is
    # imported, hence the import here); its lines, the brokers' loggers' included (they are its
    # children), go through this setup like every other library's.
    import faststream  # noqa: F401

    faststream_logger = logging.getLogger("faststream")
    faststream_logger.handlers = []
    faststream_logger.propagate = True
    # Libraries speak at WARNING unless something is wrong; our own loggers at the chosen level.
    for noisy in (
        "faststream",
        "nats",
        "sqlalchemy.engine",
        "alembic",
        "uvicorn.access",
        "asyncio",
        "mail.log",
    ):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of the record (a test's capture included),
    not to the one there was when logging was set up."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # always the current sys.stderr


def _add_service(service: str) -> structlog.types.Processor:
    def processor(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        event_dict.setdefault("service", service)
        return event_dict

    return processor


def get_logger(name: str) -> Any:
    return structlog.get_logger(name)
