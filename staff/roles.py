"""The role checks at the top of a staff handler: 403 before anything is read or changed.

The case store checks roles again (it has the last word); these keep a
refused request from doing any work at all.
"""

from __future__ import annotations

from aiohttp import web

from bot.cases import StaffRole, StaffUser
from staff.errors import Refused
from staff.keys import USER

__all__ = ["require_admin", "require_handler"]


def require_handler(request: web.Request) -> StaffUser:
    """The signed-in user, if their role works cases (handler or admin); 403 otherwise."""
    user: StaffUser = request[USER]
    if not user.role.can_handle_cases:
        raise Refused(403)
    return user


def require_admin(request: web.Request) -> StaffUser:
    """The signed-in admin; 403 for every other role."""
    user: StaffUser = request[USER]
    if user.role is not StaffRole.ADMIN or not user.active:
        raise Refused(403)
    return user
