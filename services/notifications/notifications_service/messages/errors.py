"""Errors raised for bad input: each names what is wrong and where, so staff and callers can fix it."""


class MessageError(ValueError):
    """Base class: bad input for building a message. `field` names the offending input; `params`
    hold what a reader's message needs besides the error's kind (a placeholder, a line)."""

    def __init__(self, message: str, *, field: str, params: dict[str, str | int] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.params = params or {}


class TemplateError(MessageError):
    """A template cannot be used; `template` names it (e.g. 'de/invitation.html')."""

    def __init__(
        self,
        message: str,
        *,
        template: str,
        field: str = "template",
        params: dict[str, str | int] | None = None,
    ) -> None:
        super().__init__(f"{template}: {message}", field=field, params=params)
        self.template = template


class UnknownPlaceholderError(TemplateError):
    def __init__(self, *, template: str, placeholder: str, allowed: frozenset[str]) -> None:
        choices = ", ".join(sorted(allowed))
        super().__init__(
            f"unknown placeholder '{{{{ {placeholder} }}}}'; allowed are: {choices}",
            template=template,
            params={"placeholder": placeholder, "allowed": choices},
        )
        self.placeholder = placeholder


class TemplateSyntaxError(TemplateError):
    pass


class TemplateNotFoundError(TemplateError):
    pass


class MissingAddressError(MessageError):
    pass


class InvalidAddressError(MessageError):
    pass
