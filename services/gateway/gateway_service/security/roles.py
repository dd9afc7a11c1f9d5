"""Roles of staff accounts and API tokens, and what each may do. Checked on the server for every
request; the UI only hides what a role may not do."""

from __future__ import annotations

from enum import StrEnum

from netzwerkstatt.principal import Role

__all__ = ["PERMISSIONS", "Permission", "Role", "allows"]


class Permission(StrEnum):
    VIEW = "view"  # read every page and query
    MANAGE = "manage"  # change domain data: organisations, events, invitations, surveys, ...
    OPERATE = "operate"  # operations: replay dead letters, staff accounts, API tokens


PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.COORDINATOR: frozenset({Permission.VIEW, Permission.MANAGE}),
    Role.READ_ONLY: frozenset({Permission.VIEW}),
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in PERMISSIONS[role]
