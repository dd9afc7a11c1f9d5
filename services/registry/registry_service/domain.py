"""The registry's rules, independent of storage and transport."""

from __future__ import annotations

from collections.abc import Sequence

from netzwerkstatt.errors import FieldError, InvalidInput

from registry_service.reference.regions import validate_ags
from registry_service.vocabulary import OrganisationType


def check_new_organisation(name: str, type_: str, region_keys: Sequence[str]) -> None:
    """Raise one error naming every field that is wrong."""
    problems: list[FieldError] = []
    if type_ not in {t.value for t in OrganisationType}:
        allowed = ", ".join(t.value for t in OrganisationType)
        problems.append(
            FieldError(
                field="type",
                message=f"unknown organisation type {type_!r}; allowed: {allowed}",
                code="unknown_type",
            )
        )
    for index, key in enumerate(region_keys):
        message = validate_ags(key)
        if message:
            problems.append(FieldError(field=f"region_keys.{index}", message=message, code="unknown_region"))
    if len(set(region_keys)) != len(region_keys):
        problems.append(FieldError(field="region_keys", message="a region is listed twice", code="duplicate"))
    if problems:
        raise InvalidInput("the organisation cannot be created as given", problems)
