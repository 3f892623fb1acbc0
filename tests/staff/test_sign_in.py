"""Signing in and out of the staff interface: the queue behind it, throttling, session expiry."""

from __future__ import annotations

from datetime import timedelta

from bot.cases import Actor, CaseStatus
from tests.staff.conftest import HANDLER, VIEWER, StaffSite, open_case

FAILED = "Innloggingen mislyktes. Kontroller e-postadressen og passordet."
THROTTLED = "For mange mislykkede innlogginger. Vent en stund og prøv igjen."


async def test_logged_out_requests_go_to_the_login_page(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    for path in ("/staff/", f"/staff/cases/{reference}", "/staff/no-such-page"):
        page = await browser.get(path)
        assert page.status == 200 and page.path == "/staff/login", path
        assert page.history[0].status == 303
        assert reference not in page.text and "Kari" not in page.text
    refused = await browser.post(f"/staff/cases/{reference}/pick-up", {}, csrf=page.csrf)
    assert refused.path == "/staff/login"
    assert (await staff_site.cases.get_case(reference, with_messages=False)).assignee_id is None


async def test_login_shows_the_queue_by_the_14_day_deadline(staff_site: StaffSite) -> None:
    clock = staff_site.clock
    newer = await open_case(staff_site.cases, name="Nina Nyere", n=1)
    older = await open_case(
        staff_site.cases, email="ola@example.org", name="Ola Eldre", n=2, received_at=clock.now - timedelta(days=15)
    )
    closed = await open_case(staff_site.cases, email="lukket@example.org", name="Lukket Sak", n=3)
    await staff_site.cases.transition(closed, CaseStatus.SPAM, actor=Actor.system())
    browser = await staff_site.browser()
    page = await browser.login(HANDLER[0], HANDLER[3])
    assert page.status == 200 and page.path == "/staff/"
    assert "<h1>Saker i kø: Alle åpne</h1>" in page.text and "Hanne Handler" in page.text and "2 saker." in page.text
    assert page.text.index(older) < page.text.index(newer)
    assert closed not in page.text and "Lukket Sak" not in page.text
    assert "14 dager igjen" in page.text  # the new case, received today
    assert "1 dag over fristen" in page.text  # received 15 days ago: the 14-day promise is broken
    assert "deadline-overdue" in page.text and "Innsyn" in page.text and "Ny" in page.text


async def test_a_wrong_password_and_an_unknown_account_get_the_same_generic_answer(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    wrong = await browser.login(HANDLER[0], "feil-passord")
    unknown = await browser.login("finnes.ikke@cantec.no", "feil-passord")
    for page in (wrong, unknown):
        assert page.status == 401 and FAILED in page.text
    assert wrong.text.replace(HANDLER[0], "") == unknown.text.replace("finnes.ikke@cantec.no", "").replace(
        unknown.csrf, wrong.csrf
    )
    assert (await browser.get("/staff/")).path == "/staff/login"


async def test_five_failures_throttle_the_account_and_the_address(staff_site: StaffSite) -> None:
    attacker = await staff_site.browser("127.0.0.2")
    for _ in range(5):
        assert (await attacker.login(HANDLER[0], "gjetning")).status == 401
    for who in (attacker, await staff_site.browser("127.0.0.3")):  # the account, from any address
        page = await who.login(HANDLER[0], HANDLER[3])
        assert page.status == 429 and THROTTLED in page.text and FAILED not in page.text
    # The address too: five guesses at accounts that do not exist, then even a right password is refused.
    sprayer = await staff_site.browser("127.0.0.4")
    for n in range(5):
        assert (await sprayer.login(f"ingen{n}@cantec.no", "gjetning")).status == 401
    nobody = await sprayer.login("ingen9@cantec.no", "gjetning")
    assert nobody.status == 429 and THROTTLED in nobody.text
    assert (await sprayer.login(VIEWER[0], VIEWER[3])).status == 429
    assert (await (await staff_site.browser("127.0.0.5")).login(VIEWER[0], VIEWER[3])).path == "/staff/"
    # An account that does not exist is throttled just like one that does.
    guesser = await staff_site.browser("127.0.0.6")
    for _ in range(5):
        await guesser.login("ukjent@cantec.no", "gjetning")
    elsewhere = await (await staff_site.browser("127.0.0.7")).login("ukjent@cantec.no", "gjetning")
    assert elsewhere.status == 429 and THROTTLED in elsewhere.text
    staff_site.clock.advance(minutes=15, seconds=1)  # the window has passed
    assert (await attacker.login(HANDLER[0], HANDLER[3])).path == "/staff/"


async def test_login_starts_a_new_session_and_logout_ends_it(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    form = await browser.get("/staff/login")
    before = browser.cookie()
    assert before
    page = await browser.post("/staff/login", {"email": HANDLER[0], "password": HANDLER[3]}, csrf=form.csrf)
    signed_in = browser.cookie()
    assert page.path == "/staff/" and signed_in and signed_in != before
    assert page.csrf != form.csrf  # a new CSRF token with the new session
    replay = await staff_site.browser()  # the cookie from before the login opens nothing
    replay.client.session.cookie_jar.update_cookies({"personvern_staff": before}, replay.client.make_url("/staff/"))
    assert (await replay.get("/staff/")).path == "/staff/login"

    out = await browser.post("/staff/logout", {}, csrf=page.csrf)
    assert out.path == "/staff/login" and "Du er logget ut." in out.text
    assert browser.cookie() != signed_in  # deleted; the login page starts an anonymous one
    assert (await browser.get("/staff/")).path == "/staff/login"
    stolen = await staff_site.browser()  # a copy of the signed-in cookie kept from before the logout
    stolen.client.session.cookie_jar.update_cookies({"personvern_staff": signed_in}, stolen.client.make_url("/staff/"))
    assert (await stolen.get("/staff/")).path == "/staff/login"


async def test_a_session_expires_after_30_idle_minutes(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    for _ in range(3):  # in use: 20 minutes at a time keeps it alive
        staff_site.clock.advance(minutes=20)
        assert (await browser.get("/staff/")).path == "/staff/"
    staff_site.clock.advance(minutes=30, seconds=1)
    page = await browser.get("/staff/")
    assert page.path == "/staff/login" and "Økten din er utløpt" in page.text


async def test_a_session_ends_after_10_hours_however_busy(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    for _ in range(20):  # 9 h 40 min of steady use
        staff_site.clock.advance(minutes=29)
        assert (await browser.get("/staff/")).path == "/staff/"
    staff_site.clock.advance(minutes=29)
    assert (await browser.get("/staff/")).path == "/staff/login"
    assert (await browser.login(HANDLER[0], HANDLER[3])).path == "/staff/"  # and signing in again works


async def test_signing_in_again_ends_the_session_that_came_before(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    first = browser.cookie()
    again = await browser.login(VIEWER[0], VIEWER[3])  # signed in, the form goes to the queue; post anyway
    assert again.path == "/staff/" and "Vera Viewer" in again.text and "Hanne Handler" not in again.text
    old = await staff_site.browser()
    old.client.session.cookie_jar.update_cookies({"personvern_staff": first}, old.client.make_url("/staff/"))
    assert (await old.get("/staff/")).path == "/staff/login"
