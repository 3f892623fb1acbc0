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
from staff.keys import CASES, CLOCK, JINJA, MAILER, SETTINGS, Clock
from staff.security import csrf_protect, security_headers
from staff.sessions import Revocations, StaffCookieStorage
from staff.throttle import LoginThrottle
from staff.views import case, queue

__all__ = ["create_staff_app"]

HERE = Path(__file__).resolve().parent


def _routes(app: web.Application) -> None:
    app.router.add_get("/login", auth.login_form, name="login")
    app.router.add_post("/login", auth.login, name="login-submit")
    app.router.add_post("/logout", auth.logout, name="logout")
    app.router.add_get("/", queue.queue, name="queue")
    app.router.add_get("/cases/{reference}", case.case_page, name="case")
    app.router.add_post("/cases/{reference}/pick-up", case.pick_up, name="case-pick-up")
    app.router.add_static("/static/", HERE / "static", name="static", append_version=False)


def create_staff_app(
    settings: Settings, cases: CaseService, *, mailer: Mailer | None = None, clock: Clock | None = None
) -> web.Application:
    """The staff interface on the case store ``cases``.

    ``mailer`` sends replies and notices (the email channel's outbox, given by the
    composition root); without one, the pages that send mail say so and send nothing.
    ``clock`` (aware datetimes) is for tests.
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
