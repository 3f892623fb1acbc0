"""The case page and its one action so far, pick up: CSRF, Origin and roles enforced by the server."""

from __future__ import annotations

from bot.cases import CaseService, CaseStatus
from tests.staff.conftest import HANDLER, SECOND_HANDLER, VIEWER, StaffSite, open_case

REFUSED = "Forespørselen ble avvist"


async def _unchanged(cases: CaseService, reference: str) -> None:
    case = await cases.get_case(reference, with_messages=False)
    assert case.assignee_id is None and case.status is CaseStatus.NEW
    assert "picked_up" not in [e.action for e in await cases.audit_trail(reference)]


async def test_pick_up_without_a_valid_csrf_token_or_from_another_origin_is_403(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    case_page = await browser.get(f"/staff/cases/{reference}")
    token, action = case_page.csrf, f"/staff/cases/{reference}/pick-up"
    attempts = [
        ({}, {}),  # no token at all
        ({"csrf": ""}, {}),
        ({"csrf": ("y" if token[0] == "x" else "x") + token[1:]}, {}),  # wrong token (never the right one by chance)
        ({"csrf": token}, {"origin": "http://evil.example"}),  # right token, wrong site
        ({"csrf": token}, {"origin": browser.origin.rsplit(":", 1)[0] + ":1"}),  # same host, other port
        ({"csrf": token}, {"origin": browser.origin.replace("http:", "https:")}),  # other scheme
        ({"csrf": token}, {"origin": "null"}),
        ({"csrf": token}, {"origin": None}),  # neither Origin nor Referer
        ({"csrf": token}, {"origin": None, "headers": {"Referer": "http://evil.example/staff/"}}),
    ]
    for token_args, origin_args in attempts:
        page = await browser.post(action, {}, **token_args, **origin_args)
        assert page.status == 403 and REFUSED in page.text, (token_args, origin_args)
        await _unchanged(staff_site.cases, reference)
    referer = {"Referer": f"{browser.origin}/staff/cases/{reference}"}
    done = await browser.post(action, {}, csrf=token, origin=None, headers=referer)  # Referer when no Origin
    assert done.status == 200 and done.path == f"/staff/cases/{reference}"
    assert (await staff_site.cases.get_case(reference, with_messages=False)).assignee_id == staff_site.users[HANDLER[0]]


async def test_the_login_form_needs_its_csrf_token_and_our_origin(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    form = await browser.get("/staff/login")
    credentials = {"email": HANDLER[0], "password": HANDLER[3]}
    assert (await browser.post("/staff/login", credentials)).status == 403
    assert (await browser.post("/staff/login", credentials, csrf=form.csrf, origin="http://evil.example")).status == 403
    fresh = await staff_site.browser()  # a token from another browser's session does not count
    assert (await fresh.post("/staff/login", credentials, csrf=form.csrf)).status == 403
    assert (await browser.post("/staff/login", credentials, csrf=form.csrf)).path == "/staff/"


async def test_a_handler_picks_up_a_case_once(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    page = await browser.get(f"/staff/cases/{reference}")
    assert "Ta saken" in page.text
    done = await browser.post(f"/staff/cases/{reference}/pick-up", {}, csrf=page.csrf)
    assert done.history[0].status == 303 and done.path == f"/staff/cases/{reference}"
    assert "Du har tatt saken." in done.text and "Under behandling" in done.text and "Ta saken" not in done.text
    assert "Saken ble tatt" in done.text  # the audit event on the timeline
    again = await browser.get(f"/staff/cases/{reference}")
    assert "Du har tatt saken." not in again.text  # said once
    queue = await browser.get("/staff/")
    assert "<td>Hanne Handler</td>" in queue.text and "<td>Under behandling</td>" in queue.text
    case = await staff_site.cases.get_case(reference, with_messages=False)
    assert case.assignee_id == staff_site.users[HANDLER[0]] and case.status is CaseStatus.IN_PROGRESS
    other = await staff_site.browser()
    other_page = await other.login(SECOND_HANDLER[0], SECOND_HANDLER[3])
    other_page = await other.get(f"/staff/cases/{reference}")
    assert "Ta saken" not in other_page.text and "Hanne Handler" in other_page.text
    late = await other.post(f"/staff/cases/{reference}/pick-up", {}, csrf=other_page.csrf)
    assert late.status == 409
    assert (await staff_site.cases.get_case(reference, with_messages=False)).assignee_id == staff_site.users[HANDLER[0]]


async def test_a_role_that_cannot_handle_cases_cannot_pick_up(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    browser = await staff_site.browser()
    await browser.login(VIEWER[0], VIEWER[3])
    page = await browser.get(f"/staff/cases/{reference}")
    assert page.status == 200 and "Kari Nordmann" in page.text  # a viewer reads the masked case
    assert "Ta saken" not in page.text and "pick-up" not in page.text
    forced = await browser.post(f"/staff/cases/{reference}/pick-up", {}, csrf=page.csrf)
    assert forced.status == 403 and "Du har ikke tilgang til dette." in forced.text
    await _unchanged(staff_site.cases, reference)


async def test_an_unknown_case_is_404(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    await browser.login(HANDLER[0], HANDLER[3])
    for path in ("/staff/cases/PV-2025-9999", "/staff/cases/%3Cscript%3E"):
        page = await browser.get(path)
        assert page.status == 404 and "Siden eller saken finnes ikke." in page.text and "<script>" not in page.text
    page = await browser.post("/staff/cases/PV-2025-9999/pick-up", {}, csrf=browser.last.csrf if browser.last else "")
    assert page.status == 404
