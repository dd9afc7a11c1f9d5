"""Errors raised for bad input: each names what is wrong and where, so staff and callers can fix it."""


class MessageError(ValueError):
    """Base class: bad input for building a message. `field` names the offending input."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class TemplateError(MessageError):
    """A template cannot be used; `template` names it (e.g. 'de/invitation.html')."""

    def __init__(self, message: str, *, template: str, field: str = "template") -> None:
        super().__init__(f"{template}: {message}", field=field)
        self.template = template


class UnknownPlaceholderError(TemplateError):
    def __init__(self, *, template: str, placeholder: str, allowed: frozenset[str]) -> None:
        super().__init__(
            f"unknown placeholder '{{{{ {placeholder} }}}}'; allowed are: {', '.join(sorted(allowed))}",
            template=template,
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
