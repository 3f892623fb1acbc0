"""``create_staff_app(settings, cases)``: the staff web interface as an aiohttp sub-application.

The composition root mounts it at ``/staff/`` on the service's app.  The
middlewares, outermost first: security headers on everything, error pages,
the session cookie, the CSRF and Origin check on state changes, and the
sign-in requirement.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import session_middleware

from bot.cases import CaseService
from bot.cases.models import utcnow
from bot.config import ConfigError, Settings
from bot.outgoing import Mailer
from staff import auth
from staff.errors import error_pages
from staff.keys import CASES, CLOCK, JINJA, MAILER, PRESENCE, QUEUE_REFRESH, SETTINGS, Clock
from staff.presence import Presence
from staff.security import csrf_protect, security_headers
from staff.sessions import Revocations, StaffCookieStorage
from staff.throttle import LoginThrottle
from staff.views import (
    account,
    audit,
    bulk,
    case,
    case_actions,
    privileged,
    queue,
    reply,
    staff_users,
    statistics,
)

__all__ = ["create_staff_app"]

HERE = Path(__file__).resolve().parent


def _routes(app: web.Application) -> None:
    app.router.add_get("/login", auth.login_form, name="login")
    app.router.add_post("/login", auth.login, name="login-submit")
    app.router.add_post("/logout", auth.logout, name="logout")
    app.router.add_get("/", queue.queue, name="queue")
    app.router.add_post("/bulk", bulk.bulk, name="bulk")
    app.router.add_get("/cases/{reference}", case.case_page, name="case")
    app.router.add_post("/cases/{reference}/pick-up", case.pick_up, name="case-pick-up")
    app.router.add_post("/cases/{reference}/assign", case_actions.assign, name="case-assign")
    app.router.add_post("/cases/{reference}/status", case_actions.change_status, name="case-status")
    app.router.add_post("/cases/{reference}/reopen", case_actions.reopen, name="case-reopen")
    app.router.add_post("/cases/{reference}/merge", case_actions.merge, name="case-merge")
    app.router.add_post("/cases/{reference}/extend", case_actions.extend, name="case-extend")
    app.router.add_post("/cases/{reference}/types", case_actions.correct_types, name="case-types")
    app.router.add_post("/cases/{reference}/notes", case_actions.add_note, name="case-note")
    app.router.add_get("/cases/{reference}/reply", reply.compose, name="case-reply")
    app.router.add_post("/cases/{reference}/reply", reply.send, name="case-reply-send")
    app.router.add_post("/cases/{reference}/messages/{message}/unmask", privileged.show_unmasked, name="case-unmask")
    app.router.add_post("/cases/{reference}/messages/{message}/raw", privileged.download_raw, name="case-raw")
    app.router.add_get("/account", account.account_page, name="account")
    app.router.add_post("/account/language", account.set_language, name="account-language")
    app.router.add_post("/account/password", account.change_password, name="account-password")
    app.router.add_get("/admin/users", staff_users.users_page, name="admin-users")
    app.router.add_post("/admin/users", staff_users.add_user, name="admin-user-add")
    app.router.add_post("/admin/users/{user}/disable", staff_users.disable_user, name="admin-user-disable")
    app.router.add_post("/admin/users/{user}/enable", staff_users.enable_user, name="admin-user-enable")
    app.router.add_post("/admin/users/{user}/role", staff_users.change_role, name="admin-user-role")
    app.router.add_post("/admin/users/{user}/password", staff_users.reset_password, name="admin-user-password")
    # statistics and audit pages
    app.router.add_get("/statistics", statistics.statistics_page, name="statistics")
    app.router.add_get("/statistics.csv", statistics.statistics_csv, name="statistics-csv")
    app.router.add_get("/audit", audit.audit_page, name="audit")
    app.router.add_get("/audit.csv", audit.audit_csv, name="audit-csv")
    app.router.add_get("/cases/{reference}/audit", audit.case_audit_page, name="case-audit")
    app.router.add_static("/static/", HERE / "static", name="static", append_version=False)


def create_staff_app(
    settings: Settings,
    cases: CaseService,
    *,
    mailer: Mailer | None = None,
    clock: Clock | None = None,
    queue_refresh_seconds: float = 20.0,
) -> web.Application:
    """The staff interface on the case store ``cases``.

    ``mailer`` sends replies and notices (the email channel's outbox, given by the
    composition root); without one, the pages that send mail say so and send nothing.
    ``clock`` (aware datetimes) is for tests; ``queue_refresh_seconds`` is how often
    the queue page fetches its rows again.
    """
    if not settings.secret_key:
        raise ConfigError("the staff web interface needs secret_key (PERSONVERN_SECRET_KEY) for its sessions")
    app = web.Application(
        middlewares=[
            security_headers,
            error_pages,
            session_middleware(StaffCookieStorage(settings.secret_key)),
            csrf_protect,
            auth.require_login,
        ]
    )
    app[SETTINGS] = settings
    app[CASES] = cases
    app[MAILER] = mailer
    app[PRESENCE] = Presence()
    app[QUEUE_REFRESH] = queue_refresh_seconds
    app[CLOCK] = clock or utcnow
    app[auth.THROTTLE] = LoginThrottle()
    app[auth.REVOCATIONS] = Revocations()
    aiohttp_jinja2.setup(
        app,
        app_key=JINJA,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    _routes(app)
    return app
