"""The queue over real HTTP: default views with counts, filters, search, pages, live rows, bulk actions, presence."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.cases import (
    Actor,
    CaseRequest,
    CaseStatus,
    Channel,
    Direction,
    NewMessage,
    Requester,
    RequestType,
)
from tests.staff.conftest import HANDLER, SECOND_HANDLER, VIEWER, Browser, StaffSite, open_case

ROW = re.compile(r'<th scope="row"><a href="/staff/cases/(PV-\d{4}-\d+)">')


def listed(html: str) -> list[str]:
    return ROW.findall(html)


async def signed_in(site: StaffSite, who: tuple[str, str, str, str] = HANDLER) -> Browser:
    browser = await site.browser()
    await browser.login(who[0], who[3])
    return browser


async def seed(site: StaffSite) -> dict[str, str]:
    """One case per view; the clock stands still, so "due soon" and "overdue" are by receipt date."""
    now = site.clock()
    cases = site.cases
    refs = {
        "overdue": await open_case(cases, email="over@example.org", n=1, received_at=now - timedelta(days=20)),
        "soon": await open_case(cases, email="soon@example.org", n=2, received_at=now - timedelta(days=12)),
        "mine": await open_case(cases, email="mine@example.org", n=3),
        "review": await open_case(cases, email="review@example.org", n=4, review_reason="unclear",
                                  types=frozenset({RequestType.OTHER})),
        "sensitive": await open_case(cases, email="helse@example.org", n=5, sensitive_categories=frozenset({"health"}),
                                     types=frozenset({RequestType.PORTABILITY})),
    }
    english = await cases.open_or_find_case_for_thread(
        CaseRequest(Requester(email="john.smith@example.com"), frozenset({RequestType.ERASURE}), Channel.EMAIL,
                    language="en"),
        NewMessage(Direction.INBOUND, Channel.EMAIL, "Delete", masked_text="Delete", message_id="<en@example.com>"),
    )
    refs["english"] = english.case.reference
    refs["closed"] = await open_case(cases, email="closed@example.org", n=7)
    handler = Actor.staff(site.users[HANDLER[0]])
    await cases.pick_up(refs["mine"], site.users[HANDLER[0]])
    await cases.transition(refs["closed"], CaseStatus.SPAM, actor=handler)
    await cases.transition(refs["closed"], CaseStatus.CLOSED, actor=handler)
    return refs


async def test_the_default_views_and_their_counts(staff_site: StaffSite) -> None:
    refs = await seed(staff_site)
    browser = await signed_in(staff_site)
    everything = await browser.get("/staff/")
    open_refs = [r for k, r in refs.items() if k != "closed"]
    assert sorted(listed(everything.text)) == sorted(open_refs)
    assert listed(everything.text)[:2] == [refs["overdue"], refs["soon"]]  # soonest 14-day deadline first
    expected = {
        "mine": [refs["mine"]],
        "unassigned": sorted(r for r in open_refs if r != refs["mine"]),
        "due_soon": [refs["soon"]],
        "overdue": [refs["overdue"]],
        "review": [refs["review"]],
        "all": sorted(refs.values()),
    }
    for view, wanted in expected.items():
        page = await browser.get(f"/staff/?view={view}")
        assert page.status == 200 and sorted(listed(page.text)) == wanted, view
        assert f'?view={view}" aria-current="page"' in page.text
    counts = dict(re.findall(r'\?view=(\w+)"[^>]*>[^<]+<span class="count">\((\d+)\)', everything.text))
    assert counts == {v: str(len(w)) for v, w in expected.items() if v != "open"}
    assert "Over fristen" in everything.text and "dager over fristen" in everything.text  # in words, not colour only


async def test_filters_and_search(staff_site: StaffSite) -> None:
    refs = await seed(staff_site)
    browser = await signed_in(staff_site)
    checks = {
        "type=portability": [refs["sensitive"]],
        "sensitive=yes": [refs["sensitive"]],
        "language=en": [refs["english"]],
        "channel=chat": [],
        "verified=yes": [],
        "status=in_progress": [refs["mine"]],
        "view=all&status=closed": [refs["closed"]],
        f"q={refs['review'].lower()}": [refs["review"]],
        "q=john.smith": [refs["english"]],
        "q=EXAMPLE.COM": [refs["english"]],
        "q=%25": [],  # a literal percent sign, not a wildcard
        "q=_": [],
    }
    for params, wanted in checks.items():
        page = await browser.get(f"/staff/?{params}")
        assert page.status == 200 and sorted(listed(page.text)) == sorted(wanted), params
    no_sensitive = await browser.get("/staff/?sensitive=no")
    assert refs["sensitive"] not in listed(no_sensitive.text) and len(listed(no_sensitive.text)) == 5
    for bad in ("view=secret", "status=hacked", "type=x", "language=de", "sensitive=maybe", "page=0", "page=x",
                "q=" + "a" * 201):
        page = await browser.get(f"/staff/?{bad}")
        assert page.status == 400 and "Et filter i adressen" in page.text, bad


async def test_pages_of_fifty(staff_site: StaffSite) -> None:
    for n in range(120):
        await open_case(staff_site.cases, email=f"person{n}@example.org", n=n)
    browser = await signed_in(staff_site)
    first = await browser.get("/staff/")
    assert len(listed(first.text)) == 50 and "Side 1 av 3." in first.text and 'rel="next"' in first.text
    second = await browser.get("/staff/?page=2")
    assert len(listed(second.text)) == 50 and not set(listed(first.text)) & set(listed(second.text))
    third = await browser.get("/staff/?page=3")
    assert len(listed(third.text)) == 20 and 'rel="next"' not in third.text and 'rel="prev"' in third.text
    assert (await browser.get("/staff/?page=4")).status == 200  # past the end: an empty page, not an error


async def test_the_rows_fragment_for_live_updates(staff_site: StaffSite) -> None:
    first = await open_case(staff_site.cases)
    browser = await signed_in(staff_site)
    page = await browser.get("/staff/")
    assert 'data-fragment="/staff/?fragment=rows"' in page.text
    second = await open_case(staff_site.cases, email="ny@example.org", n=2)
    rows = await browser.get("/staff/?fragment=rows")
    assert rows.status == 200 and rows.headers["X-Queue-Total"] == "2"
    assert sorted(listed(rows.text)) == sorted([first, second]) and "<html" not in rows.text
    signed_out = await staff_site.browser()
    refused = await signed_out.get("/staff/?fragment=rows", allow_redirects=False)
    assert refused.status in (302, 303) and first not in refused.text


async def test_bulk_assign_spam_and_duplicate(staff_site: StaffSite) -> None:
    refs = await seed(staff_site)
    browser = await signed_in(staff_site)
    page = await browser.get("/staff/")
    other = staff_site.users[SECOND_HANDLER[0]]

    async def bulk(pairs: list[tuple[str, str]], origin: bool = True) -> tuple[int, str, str]:
        headers = {"Origin": browser.origin} if origin else {}
        async with browser.client.post("/staff/bulk", data=[*pairs, ("_csrf", page.csrf)], headers=headers) as r:
            return r.status, str(r.url.path_qs), await r.text()

    status, where, text = await bulk([("action", "assign"), ("assignee", str(other)), ("case", refs["soon"]),
                                      ("case", refs["review"]), ("back", "/staff/?view=unassigned")])
    assert status == 200 and where == "/staff/?view=unassigned" and "2 saker endret. 0 saker" in text
    for key in ("soon", "review"):
        assert (await staff_site.cases.get_case(refs[key], with_messages=False)).assignee_id == other

    status, _, text = await bulk([("action", "spam"), ("case", refs["english"]), ("case", refs["closed"])])
    assert "1 saker endret. 1 saker kunne ikke endres" in text  # a closed case stays closed
    assert (await staff_site.cases.get_case(refs["english"], with_messages=False)).status is CaseStatus.SPAM

    status, where, text = await bulk([("action", "duplicate"), ("duplicate_of", refs["mine"]),
                                      ("case", refs["overdue"]), ("case", refs["mine"]), ("back", "//evil.example/")])
    assert where == "/staff/" and "1 saker endret. 1 saker kunne ikke endres" in text  # not a duplicate of itself
    duplicate = await staff_site.cases.get_case(refs["overdue"], with_messages=False)
    assert duplicate.status is CaseStatus.DUPLICATE

    before = await staff_site.cases.get_case(refs["sensitive"], with_messages=False)
    for pairs in ([("action", "spam")], [("action", "spam"), ("case", "<script>")], [("action", "x"), ("case", refs["sensitive"])],
                  [("action", "assign"), ("assignee", str(staff_site.users[VIEWER[0]])), ("case", refs["sensitive"])],
                  [("action", "spam")] + [("case", f"PV-2025-{n:04d}") for n in range(201)]):
        assert (await bulk(pairs))[0] == 400
    assert (await bulk([("action", "spam"), ("case", refs["sensitive"])], origin=False))[0] == 403
    viewer = await signed_in(staff_site, VIEWER)
    viewer_page = await viewer.get("/staff/")
    assert listed(viewer_page.text) and 'name="case"' not in viewer_page.text  # no boxes to tick
    refused = await viewer.post("/staff/bulk", {"action": "spam", "case": refs["sensitive"]}, csrf=viewer_page.csrf)
    assert refused.status == 403
    after = await staff_site.cases.get_case(refs["sensitive"], with_messages=False)
    assert (after.status, after.version) == (before.status, before.version)


async def test_a_case_someone_else_has_open_shows_who(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    hanne = await signed_in(staff_site)
    hans = await signed_in(staff_site, SECOND_HANDLER)
    await hans.get(f"/staff/cases/{reference}")
    assert "Åpen hos: Hans Handler" in (await hanne.get("/staff/")).text
    assert "Åpen hos: Hans Handler" in (await hanne.get(f"/staff/cases/{reference}")).text
    assert "Åpen hos: Hans" not in (await hans.get("/staff/")).text  # never oneself
    staff_site.clock.advance(minutes=6)
    assert "Åpen hos: Hans" not in (await hanne.get("/staff/")).text
