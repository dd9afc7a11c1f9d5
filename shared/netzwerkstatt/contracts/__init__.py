"""The public contract between services and with other systems: request, reply and event payloads.

One module per owning service. Requests forbid unknown fields (a typo is an error, not ignored);
events are read tolerantly (see ``netzwerkstatt.envelope.DomainEvent``)."""

from pydantic import BaseModel, ConfigDict, Field


class Request(BaseModel):
    """Base of every request payload."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class View(BaseModel):
    """Base of every reply payload."""

    model_config = ConfigDict(frozen=True)


class PageRequest(Request):
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=50, ge=1, le=500)


__all__ = ["PageRequest", "Request", "View"]
