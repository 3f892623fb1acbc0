"""My account over real HTTP (SQLite and PostgreSQL): the language of the pages, and changing one's own password."""

from __future__ import annotations

import re

import sqlalchemy as sa

from bot.cases import AuditEvent, CaseService
from tests.staff.conftest import HANDLER, VIEWER, StaffSite, open_case

NEW_PASSWORD = "et-helt-nytt-passord-9"
HTML_LANG = re.compile(r'<html lang="([a-z]+)">')


def _lang(text: str) -> str:
    match = HTML_LANG.search(text)
    assert match, "no <html lang>"
    return match.group(1)


async def _actions(cases: CaseService, staff_user_id: int) -> list[tuple[str, int | None, dict[str, object]]]:
    """The audit trail's staff-account events about ``staff_user_id``: (action, actor, detail)."""
    async with cases.engine.connect() as conn:
        rows = (await conn.execute(sa.select(AuditEvent.action, AuditEvent.actor_staff_id, AuditEvent.detail))).all()
    return [(a, who, d) for a, who, d in rows if (d or {}).get("staff_user_id") == staff_user_id]


async def test_every_signed_in_role_has_an_account_page_linked_from_the_header(staff_site: StaffSite) -> None:
    for email, name, role, password in (HANDLER, VIEWER):
        browser = await staff_site.browser()
        queue = await browser.login(email, password)
        assert 'href="/staff/account"' in queue.text and "Min konto" in queue.text
        page = await browser.get("/staff/account")
        assert page.status == 200 and "<h1>Min konto</h1>" in page.text
        assert name in page.text and email in page.text and role != "admin"
        assert 'aria-current="page">Min konto' in page.text
        assert "/staff/admin/users" not in page.text  # no admin link for anyone but admins
    assert (await (await staff_site.browser()).get("/staff/account")).path == "/staff/login"


async def test_choosing_english_changes_the_pages_and_html_lang_and_is_kept(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    page = await browser.get("/staff/account")
    assert _lang(page.text) == "nb" and 'value="nb" checked' in page.text
    done = await browser.post("/staff/account/language", {"language": "en"}, csrf=page.csrf)
    assert done.status == 200 and done.path == "/staff/account" and done.history[0].status == 303
    assert _lang(done.text) == "en" and "<h1>My account</h1>" in done.text
    assert "The language has been changed." in done.text and 'value="en" checked' in done.text
    queue = await browser.get("/staff/")
    assert _lang(queue.text) == "en" and "<h1>Case queue" in queue.text and "Sign out" in queue.text
    assert "Saker i kø" not in queue.text and "Logg ut" not in queue.text
    case = await browser.get(f"/staff/cases/{reference}")
    assert _lang(case.text) == "en" and "Timeline" in case.text and "Tidslinje" not in case.text
    assert (await staff_site.cases.get_staff_user(staff_site.users[HANDLER[0]])).language == "en"
    # Kept on the account, not in the browser: another sign-in elsewhere gets English too.
    elsewhere = await staff_site.browser()
    assert _lang((await elsewhere.login(HANDLER[0], HANDLER[3])).text) == "en"
    # Others keep theirs; the login page (nobody signed in) stays in Bokmål.
    other = await staff_site.browser()
    assert _lang((await other.login(VIEWER[0], VIEWER[3])).text) == "nb"
    assert _lang((await (await staff_site.browser()).get("/staff/login")).text) == "nb"
    back = await browser.post("/staff/account/language", {"language": "nb"}, csrf=case.csrf)
    assert _lang(back.text) == "nb" and "Språket er endret." in back.text
    actions = [a for a, *_ in await _actions(staff_site.cases, staff_site.users[HANDLER[0]])]
    assert actions.count("staff_language_set") == 2


async def test_an_unknown_language_or_a_forged_form_changes_nothing(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    page = await browser.get("/staff/account")
    assert (await browser.post("/staff/account/language", {"language": "sv"}, csrf=page.csrf)).status == 400
    assert (await browser.post("/staff/account/language", {}, csrf=page.csrf)).status == 400
    assert (await browser.post("/staff/account/language", {"language": "en"})).status == 403  # no token
    assert (await browser.post("/staff/account/language", {"language": "en"}, csrf="wrong")).status == 403
    forged = await browser.post("/staff/account/language", {"language": "en"}, csrf=page.csrf, origin="https://evil.example")
    assert forged.status == 403
    assert (await staff_site.cases.get_staff_user(staff_site.users[HANDLER[0]])).language is None


async def test_changing_the_password_rotates_the_session_and_ends_the_others(staff_site: StaffSite) -> None:
    email, _name, _role, old = HANDLER
    other = await staff_site.browser("127.0.0.2")
    await other.login(email, old)
    staff_site.clock.advance(seconds=5)
    browser = await staff_site.browser()
    await browser.login(email, old)
    before = browser.cookie()
    page = await browser.get("/staff/account")
    form = {"current_password": old, "new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    staff_site.clock.advance(seconds=5)
    done = await browser.post("/staff/account/password", form, csrf=page.csrf)
    assert done.status == 200 and done.path == "/staff/account"
    assert "Passordet er endret." in done.text
    assert browser.cookie() != before and done.csrf != page.csrf  # a new session id and a new token
    assert (await browser.get("/staff/")).path == "/staff/"  # this browser stays signed in
    ended = await other.get("/staff/")
    assert ended.path == "/staff/login" and "Økten din er utløpt" in ended.text  # the other session is over
    # A copy of this browser's old cookie is refused too.
    thief = await staff_site.browser("127.0.0.3")
    thief.client.session.cookie_jar.update_cookies({"personvern_staff": before or ""}, browser.client.make_url("/staff/"))
    assert (await thief.get("/staff/")).path == "/staff/login"
    assert (await (await staff_site.browser()).login(email, old)).status == 401  # the old password is gone
    assert (await (await staff_site.browser()).login(email, NEW_PASSWORD)).path == "/staff/"
    trail = await _actions(staff_site.cases, staff_site.users[email])
    assert ("staff_password_changed", staff_site.users[email], {"staff_user_id": staff_site.users[email]}) in trail
    assert not any(old in str(d) or NEW_PASSWORD in str(d) for _a, _w, d in trail)


async def test_a_password_change_needs_the_current_password_and_the_policy(staff_site: StaffSite) -> None:
    email, _name, _role, old = HANDLER
    browser = await staff_site.browser()
    await browser.login(email, old)
    page = await browser.get("/staff/account")
    cases = [
        ({"current_password": "feil-passord-her", "new_password": NEW_PASSWORD}, "Det nåværende passordet er feil."),
        ({"current_password": old, "new_password": "kort"}, "minst 12 tegn"),
        ({"current_password": old, "new_password": "x" * 1025}, "høyst 1024 tegn"),
        ({"current_password": old, "new_password": old}, "et annet enn det nåværende"),
        ({"current_password": old, "new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD + "x"}, "ikke like"),
    ]
    for form, message in cases:
        form.setdefault("repeat_password", form["new_password"])
        refused = await browser.post("/staff/account/password", form, csrf=page.csrf)
        assert refused.status == 400 and message in refused.text and 'role="alert"' in refused.text, message
        assert old not in refused.text and NEW_PASSWORD not in refused.text  # never echoed back
    for csrf, origin in ((None, "own"), ("wrong", "own"), (page.csrf, "https://evil.example")):
        form = {"current_password": old, "new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
        assert (await browser.post("/staff/account/password", form, csrf=csrf, origin=origin)).status == 403
    assert (await browser.get("/staff/")).path == "/staff/"  # still signed in: nothing was changed
    assert (await (await staff_site.browser()).login(email, old)).path == "/staff/"
    trail = [a for a, *_ in await _actions(staff_site.cases, staff_site.users[email])]
    assert "staff_password_changed" not in trail and trail.count("staff_password_change_failed") == 1


async def test_guessing_the_current_password_is_throttled_like_signing_in(staff_site: StaffSite) -> None:
    email, _name, _role, old = HANDLER
    browser = await staff_site.browser()
    await browser.login(email, old)
    page = await browser.get("/staff/account")
    form = {"current_password": "gjetning-nr-x", "new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD}
    for _ in range(5):
        assert (await browser.post("/staff/account/password", form, csrf=page.csrf)).status == 400
    form["current_password"] = old
    throttled = await browser.post("/staff/account/password", form, csrf=page.csrf)
    assert throttled.status == 429 and "For mange mislykkede" in throttled.text
    staff_site.clock.advance(minutes=16)  # the throttle's window has passed; nothing was changed meanwhile
    assert (await (await staff_site.browser("127.0.0.9")).login(email, NEW_PASSWORD)).status == 401
    assert (await (await staff_site.browser("127.0.0.10")).login(email, old)).path == "/staff/"


async def test_hostile_names_are_escaped_on_the_account_page(staff_site: StaffSite) -> None:
    hostile = '<script>alert("x")</script>'
    await staff_site.cases.add_staff_user("ond@cantec.no", hostile, "viewer", "riktig-passord-4")
    browser = await staff_site.browser()
    await browser.login("ond@cantec.no", "riktig-passord-4")
    page = await browser.get("/staff/account")
    assert hostile not in page.text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
