"""Security headers on every response of the staff app: pages, redirects, errors, static files."""

from __future__ import annotations

from tests.staff.conftest import HANDLER, StaffSite, open_case
from tests.staff.test_escaping import only_our_scripts

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'"
)


def _check(headers, what: str) -> None:  # type: ignore[no-untyped-def]
    assert headers.get("Content-Security-Policy") == CSP, what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "same-origin", what


async def test_every_response_has_the_security_headers(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    seen = []
    logged_out = await browser.get("/staff/")
    seen += [("redirect", logged_out.history[0].headers), ("login", logged_out.headers)]
    seen.append(("csrf 403", (await browser.post("/staff/login", {"email": "a@b.c", "password": "x"})).headers))
    seen.append(("failed login", (await browser.login(HANDLER[0], "feil")).headers))
    queue = await browser.login(HANDLER[0], HANDLER[3])
    seen += [("login redirect", queue.history[0].headers), ("queue", queue.headers)]
    seen.append(("case", (await browser.get(f"/staff/cases/{reference}")).headers))
    seen.append(("404", (await browser.get("/staff/cases/PV-1999-0001")).headers))
    seen.append(("router 404", (await browser.get("/staff/no/such/page")).headers))
    seen.append(("405", (await browser.get("/staff/logout")).headers))
    static = await browser.get("/staff/static/staff.css")
    assert static.status == 200 and static.headers["Content-Type"].startswith("text/css")
    seen.append(("static", static.headers))
    for what, headers in seen:
        _check(headers, what)
    for what, headers in seen:
        if what != "static":
            assert headers.get("Cache-Control") == "no-store", what
    cookie = queue.history[0].headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; Secure whenever the request came over TLS


async def test_pages_are_accessible_html_without_inline_script_or_style(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    login = await browser.get("/staff/login")
    queue = await browser.login(HANDLER[0], HANDLER[3])
    case = await browser.get(f"/staff/cases/{reference}")
    for page in (login, queue, case):
        text = page.text
        assert '<html lang="nb">' in text and text.count("<h1") == 1
        assert 'class="skip-link" href="#main"' in text and '<main id="main"' in text
        assert only_our_scripts(text) and "style=" not in text and "<style" not in text and " on" + "click" not in text
    assert '<label for="email">' in login.text and '<label for="password">' in login.text
    assert '<th scope="col">Referanse</th>' in queue.text and '<th scope="row">' in queue.text


async def test_the_session_cookie_is_secure_over_tls(tls_staff_site: StaffSite) -> None:
    browser = await tls_staff_site.browser()
    assert browser.origin.startswith("https://")
    form = await browser.get("/staff/login")
    assert "Secure" in form.headers.get("Set-Cookie", "")
    queue = await browser.post("/staff/login", {"email": HANDLER[0], "password": HANDLER[3]}, csrf=form.csrf)
    assert queue.path == "/staff/" and "Hanne Handler" in queue.text
    cookie = queue.history[0].headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    _check(queue.headers, "queue over TLS")
