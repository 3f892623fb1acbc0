"""The admin pages over real HTTP (SQLite and PostgreSQL): staff users listed, added, disabled, enabled, reset, re-roled."""

from __future__ import annotations

import asyncio
import logging
import re

import pytest
import sqlalchemy as sa

from bot.cases import Actor, AuditEvent, CaseService, LastActiveAdmin, NotAllowed, StaffRole
from tests.staff.conftest import HANDLER, SECOND_HANDLER, VIEWER, Browser, StaffSite, open_case

ADMIN = ("anne@cantec.no", "Anne Admin", "admin", "riktig-passord-0")
ONE_TIME = re.compile(r'<p class="one-time-password"><code>([^<]+)</code></p>')
HOSTILE = '<script>alert("x")</script>'


async def _admin(site: StaffSite) -> Browser:
    site.users[ADMIN[0]] = (await site.cases.add_staff_user(*ADMIN)).id
    browser = await site.browser()
    assert (await browser.login(ADMIN[0], ADMIN[3])).path == "/staff/"
    return browser


def _one_time(text: str) -> str:
    match = ONE_TIME.search(text)
    assert match, "no one-time password on the page"
    return match.group(1)


async def _trail(cases: CaseService) -> list[tuple[str, int | None, dict[str, object]]]:
    async with cases.engine.connect() as conn:
        rows = (await conn.execute(sa.select(AuditEvent.action, AuditEvent.actor_staff_id, AuditEvent.detail))).all()
    return [(action, actor, dict(detail or {})) for action, actor, detail in rows if action.startswith("staff_")]


async def _state(cases: CaseService) -> list[tuple[int, str, str, bool, str]]:
    return [(u.id, u.email, u.role.value, bool(u.active), u.password_hash) for u in await cases.list_staff_users()]


def _row(text: str, name: str) -> str:
    """The table row of the user called ``name``."""
    return text[text.index(f'<th scope="row">{name}') :].split("</tr>")[0]


def _posts(target: int) -> list[tuple[str, dict[str, str]]]:
    return [
        ("/staff/admin/users", {"email": "ny@cantec.no", "name": "Ny Bruker", "role": "admin"}),
        (f"/staff/admin/users/{target}/disable", {}),
        (f"/staff/admin/users/{target}/enable", {}),
        (f"/staff/admin/users/{target}/role", {"role": "admin"}),
        (f"/staff/admin/users/{target}/password", {}),
    ]


async def test_an_admin_sees_every_staff_user(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    await (await staff_site.browser()).login(VIEWER[0], VIEWER[3])
    await staff_site.cases.staff.set_active(staff_site.users[SECOND_HANDLER[0]], False, actor=Actor.system())
    queue = await browser.get("/staff/")
    assert 'href="/staff/admin/users"' in queue.text and "Brukere" in queue.text
    page = await browser.get("/staff/admin/users")
    assert page.status == 200 and "<h1>Brukere</h1>" in page.text and 'aria-current="page">Brukere' in page.text
    for email, name, _role, _password in (ADMIN, HANDLER, VIEWER, SECOND_HANDLER):
        assert email in page.text and name in page.text
    row = _row(page.text, SECOND_HANDLER[1])
    assert "Deaktivert" in row and "saksbehandler" in row and "Aldri" in row and "Aktiver" in row
    viewer_row = _row(page.text, VIEWER[1])
    assert "lesetilgang" in viewer_row and "Aktiv" in viewer_row and "kl." in viewer_row  # signed in just now
    me = _row(page.text, ADMIN[1])
    assert "(deg)" in me and f"/staff/admin/users/{staff_site.users[ADMIN[0]]}/password" not in me


async def test_handlers_and_viewers_get_403_on_every_admin_url(staff_site: StaffSite) -> None:
    await _admin(staff_site)
    target = staff_site.users[SECOND_HANDLER[0]]
    before = await _state(staff_site.cases)
    for email, _name, _role, password in (HANDLER, VIEWER):
        browser = await staff_site.browser()
        queue = await browser.login(email, password)
        assert "/staff/admin/users" not in queue.text  # not offered...
        assert (await browser.get("/staff/admin/users")).status == 403  # ...and refused on the server
        for path, form in _posts(target):
            refused = await browser.post(path, form, csrf=queue.csrf)
            assert refused.status == 403 and "Du har ikke tilgang" in refused.text, path
    assert await _state(staff_site.cases) == before
    assert [a for a, *_ in await _trail(staff_site.cases) if a not in ("staff_added", "staff_login")] == []


async def test_admin_posts_without_a_valid_token_or_origin_change_nothing(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    page = await browser.get("/staff/admin/users")
    target = staff_site.users[HANDLER[0]]
    before, trail = await _state(staff_site.cases), await _trail(staff_site.cases)
    for path, form in _posts(target):
        for csrf, origin in ((None, "own"), ("wrong", "own"), (page.csrf, "https://evil.example"), (page.csrf, None)):
            refused = await browser.post(path, form, csrf=csrf, origin=origin)
            assert refused.status == 403 and ONE_TIME.search(refused.text) is None, (path, csrf, origin)
    assert await _state(staff_site.cases) == before and await _trail(staff_site.cases) == trail


async def test_adding_a_user_shows_a_one_time_password_once(
    staff_site: StaffSite, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    browser = await _admin(staff_site)
    page = await browser.get("/staff/admin/users")
    form = {"email": " Nora@Cantec.no ", "name": "Nora Ny", "role": "viewer"}
    added = await browser.post("/staff/admin/users", form, csrf=page.csrf)
    assert added.status == 200 and "Brukeren er lagt til" in added.text and "nora@cantec.no" in added.text
    password = _one_time(added.text)
    assert len(password) >= 20 and added.headers["Cache-Control"] == "no-store"
    listed = await browser.get("/staff/admin/users")
    assert "nora@cantec.no" in listed.text and password not in listed.text
    newcomer = await staff_site.browser()
    held = await newcomer.login("nora@cantec.no", password)  # a one-time password: choose your own first
    assert held.path == "/staff/account" and "engangspassord" in held.text
    reference = await open_case(staff_site.cases)
    for path in ("/staff/", f"/staff/cases/{reference}", "/staff/statistics"):
        assert (await newcomer.get(path)).path == "/staff/account", path
    own = "nora sitt eget passord 1"
    form = {"current_password": password, "new_password": own, "repeat_password": own}
    changed = await newcomer.post("/staff/account/password", form, csrf=held.csrf)
    assert changed.status == 200 and "engangspassord" not in changed.text
    assert (await newcomer.get("/staff/")).path == "/staff/"
    user = await staff_site.cases.find_staff_user("nora@cantec.no")
    assert user is not None and user.role is StaffRole.VIEWER and user.name == "Nora Ny"
    trail = await _trail(staff_site.cases)
    assert ("staff_added", staff_site.users[ADMIN[0]], {"staff_user_id": user.id, "role": "viewer"}) in trail
    assert password not in str(trail) and password not in caplog.text and password not in user.password_hash


async def test_a_bad_new_user_is_refused_and_nothing_is_added(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    page = await browser.get("/staff/admin/users")
    before = await _state(staff_site.cases)
    for form, status, message in (
        ({"email": HANDLER[0].upper(), "name": "Dobbel", "role": "handler"}, 409, "finnes allerede"),
        ({"email": "ikke-en-adresse", "name": "Feil", "role": "handler"}, 400, "gyldig e-postadresse"),
        ({"email": "a<b>@cantec.no", "name": "Feil", "role": "handler"}, 400, "gyldig e-postadresse"),
        ({"email": "tom@cantec.no", "name": "  ", "role": "handler"}, 400, "navnet"),
        ({"email": "sjef@cantec.no", "name": "Sjef", "role": "superuser"}, 400, "ugyldig"),
    ):
        refused = await browser.post("/staff/admin/users", form, csrf=page.csrf)
        assert refused.status == status and message in refused.text and ONE_TIME.search(refused.text) is None, form
    assert await _state(staff_site.cases) == before


async def test_hostile_names_are_escaped_on_the_admin_pages(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    page = await browser.get("/staff/admin/users")
    added = await browser.post(
        "/staff/admin/users", {"email": "ond@cantec.no", "name": HOSTILE, "role": "handler"}, csrf=page.csrf
    )
    listed = await browser.get("/staff/admin/users")
    for text in (added.text, listed.text):
        assert HOSTILE not in text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text


async def test_a_disabled_user_cannot_sign_in_and_loses_the_session(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    victim = await staff_site.browser("127.0.0.2")
    assert (await victim.login(HANDLER[0], HANDLER[3])).path == "/staff/"
    target = staff_site.users[HANDLER[0]]
    staff_site.clock.advance(seconds=5)
    page = await browser.get("/staff/admin/users")
    done = await browser.post(f"/staff/admin/users/{target}/disable", {}, csrf=page.csrf)
    assert done.status == 200 and done.path == "/staff/admin/users" and "Brukeren er deaktivert" in done.text
    assert (await victim.get("/staff/")).path == "/staff/login"  # the session is over at once
    assert (await (await staff_site.browser()).login(HANDLER[0], HANDLER[3])).status == 401
    stale = victim.cookie()
    enabled = await browser.post(f"/staff/admin/users/{target}/enable", {}, csrf=page.csrf)
    assert "Brukeren er aktivert." in enabled.text
    assert (await (await staff_site.browser()).login(HANDLER[0], HANDLER[3])).path == "/staff/"
    assert stale is None or (await victim.get("/staff/")).path == "/staff/login"  # no old session comes back
    admin_id = staff_site.users[ADMIN[0]]
    actions = [(a, who) for a, who, d in await _trail(staff_site.cases) if d.get("staff_user_id") == target]
    assert ("staff_disabled", admin_id) in actions and ("staff_enabled", admin_id) in actions


async def test_an_old_session_stays_over_after_the_user_is_enabled_again(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    victim = await staff_site.browser("127.0.0.2")
    await victim.login(HANDLER[0], HANDLER[3])
    kept = victim.cookie()
    target = staff_site.users[HANDLER[0]]
    staff_site.clock.advance(seconds=5)
    page = await browser.get("/staff/admin/users")
    await browser.post(f"/staff/admin/users/{target}/disable", {}, csrf=page.csrf)
    await browser.post(f"/staff/admin/users/{target}/enable", {}, csrf=page.csrf)
    replay = await staff_site.browser("127.0.0.3")  # the cookie from before, never shown the disabled state
    replay.client.session.cookie_jar.update_cookies({"personvern_staff": kept or ""}, replay.client.make_url("/staff/"))
    assert kept and (await replay.get("/staff/")).path == "/staff/login"


async def test_a_reset_password_is_shown_once_and_ends_the_old_one(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    victim = await staff_site.browser("127.0.0.2")
    await victim.login(VIEWER[0], VIEWER[3])
    target = staff_site.users[VIEWER[0]]
    staff_site.clock.advance(seconds=5)
    page = await browser.get("/staff/admin/users")
    reset = await browser.post(f"/staff/admin/users/{target}/password", {}, csrf=page.csrf)
    assert reset.status == 200 and "Nytt passord er laget" in reset.text and VIEWER[0] in reset.text
    password = _one_time(reset.text)
    assert (await victim.get("/staff/")).path == "/staff/login"
    assert (await (await staff_site.browser()).login(VIEWER[0], VIEWER[3])).status == 401
    assert (await (await staff_site.browser()).login(VIEWER[0], password)).path == "/staff/account"  # one-time
    assert password not in (await browser.get("/staff/admin/users")).text
    trail = await _trail(staff_site.cases)
    assert ("staff_password_reset", staff_site.users[ADMIN[0]], {"staff_user_id": target}) in trail
    assert password not in str(trail)
    own = await browser.post(f"/staff/admin/users/{staff_site.users[ADMIN[0]]}/password", {}, csrf=page.csrf)
    assert own.status == 409 and "Min konto" in own.text and ONE_TIME.search(own.text) is None
    missing = await browser.post("/staff/admin/users/99999/password", {}, csrf=page.csrf)
    assert missing.status == 404
    assert (await browser.post("/staff/admin/users/abc/disable", {}, csrf=page.csrf)).status == 404


async def test_changing_a_role_takes_effect_at_once(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    handler = await staff_site.browser("127.0.0.2")
    await handler.login(HANDLER[0], HANDLER[3])
    target = staff_site.users[HANDLER[0]]
    page = await browser.get("/staff/admin/users")
    done = await browser.post(f"/staff/admin/users/{target}/role", {"role": "admin"}, csrf=page.csrf)
    assert done.status == 200 and "Rollen er endret." in done.text
    assert (await handler.get("/staff/admin/users")).status == 200  # promoted: the next request is an admin's
    await browser.post(f"/staff/admin/users/{target}/role", {"role": "viewer"}, csrf=page.csrf)
    assert (await handler.get("/staff/admin/users")).status == 403
    assert (await staff_site.cases.get_staff_user(target)).role is StaffRole.VIEWER
    assert (await browser.post(f"/staff/admin/users/{target}/role", {"role": "root"}, csrf=page.csrf)).status == 400
    changes = [d for a, _w, d in await _trail(staff_site.cases) if a == "staff_role_changed"]
    assert changes == [
        {"staff_user_id": target, "old": "handler", "new": "admin"},
        {"staff_user_id": target, "old": "admin", "new": "viewer"},
    ]


async def test_the_last_active_admin_can_be_neither_disabled_nor_demoted(staff_site: StaffSite) -> None:
    browser = await _admin(staff_site)
    me = staff_site.users[ADMIN[0]]
    page = await browser.get("/staff/admin/users")
    for path, form in ((f"/staff/admin/users/{me}/disable", {}), (f"/staff/admin/users/{me}/role", {"role": "handler"})):
        refused = await browser.post(path, form, csrf=page.csrf)
        assert refused.status == 409 and "siste aktive administratoren" in refused.text, path
    user = await staff_site.cases.get_staff_user(me)
    assert user.active and user.role is StaffRole.ADMIN
    assert (await browser.get("/staff/admin/users")).status == 200
    # With a second active admin, either may step down (and a disabled admin does not count).
    second = staff_site.users[HANDLER[0]]
    await browser.post(f"/staff/admin/users/{second}/role", {"role": "admin"}, csrf=page.csrf)
    await browser.post(f"/staff/admin/users/{second}/disable", {}, csrf=page.csrf)
    assert (await browser.post(f"/staff/admin/users/{me}/role", {"role": "handler"}, csrf=page.csrf)).status == 409
    await browser.post(f"/staff/admin/users/{second}/enable", {}, csrf=page.csrf)
    stepped_down = await browser.post(f"/staff/admin/users/{me}/role", {"role": "handler"}, csrf=page.csrf)
    assert stepped_down.status == 200 and stepped_down.path == "/staff/"  # no admin now: back to the queue
    assert "/staff/admin/users" not in stepped_down.text
    assert (await staff_site.cases.get_staff_user(me)).role is StaffRole.HANDLER


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(staff_site: StaffSite) -> None:
    cases = staff_site.cases
    first = (await cases.add_staff_user(*ADMIN)).id
    second = (await cases.add_staff_user("arne@cantec.no", "Arne Admin", "admin", "riktig-passord-5")).id
    results = await asyncio.gather(
        cases.staff.set_role(second, "handler", actor=Actor.staff(first)),
        cases.staff.set_role(first, "handler", actor=Actor.staff(second)),
        return_exceptions=True,
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], (LastActiveAdmin, NotAllowed)), results
    admins = [u for u in await cases.list_staff_users() if u.role is StaffRole.ADMIN and u.active]
    assert len(admins) == 1


async def test_only_an_admin_or_the_system_manages_staff_in_the_core(staff_site: StaffSite) -> None:
    cases, handler = staff_site.cases, staff_site.users[HANDLER[0]]
    viewer = staff_site.users[VIEWER[0]]
    for attempt in (
        cases.staff.set_role(viewer, "admin", actor=Actor.staff(handler)),
        cases.staff.set_active(viewer, False, actor=Actor.staff(handler)),
        cases.staff.reset_password(viewer, actor=Actor.staff(handler)),
        cases.staff.add("x@cantec.no", "X", "admin", "riktig-passord-6", actor=Actor.staff(handler)),
        cases.staff.set_language(viewer, "en", actor=Actor.staff(handler)),
        cases.staff.set_role(viewer, "admin", actor=Actor.requester()),
    ):
        with pytest.raises(NotAllowed):
            await attempt
    assert (await cases.staff.set_role(viewer, "handler", actor=Actor.system())).role is StaffRole.HANDLER
    only = (await cases.add_staff_user(*ADMIN)).id
    with pytest.raises(LastActiveAdmin):  # the system (the CLI) cannot leave the store without an admin either
        await cases.staff.set_active(only, False, actor=Actor.system())
    with pytest.raises(LastActiveAdmin):
        await cases.staff.set_role(only, "viewer", actor=Actor.system())
