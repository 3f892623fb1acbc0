"""The audit log pages over real HTTP, on SQLite and PostgreSQL: roles, filters, pages, CSV and escaping.

The global log and its CSV are for admins only (checked on the server); a
case's log is for anyone who may read the case.  "Who looked at what unmasked,
when and why" is two clicks from any page.
"""

from __future__ import annotations

import csv
import html
import io
import re

from bot.cases import Actor
from tests.staff.conftest import HANDLER, SECOND_HANDLER, VIEWER, Browser, StaffSite, open_case

ADMIN = ("ada@cantec.no", "Ada Admin", "admin", "riktig-passord-9")
HOSTILE_NAME = "<script>alert('navn')</script> =HYPERLINK(\"http://evil.example\")"
HOSTILE_REASON = "=cmd|' /C calc'!A0 <img src=x onerror=alert(1)>"
ROW = re.compile(r"<tr>\s*<td><time[^>]*>.*?</tr>", re.S)
HREF = re.compile(r'href="([^"]+)"')


async def _admin(site: StaffSite) -> Browser:
    if ADMIN[0] not in site.users:
        site.users[ADMIN[0]] = (await site.cases.add_staff_user(ADMIN[0], ADMIN[1], ADMIN[2], ADMIN[3])).id
    browser = await site.browser()
    await browser.login(ADMIN[0], ADMIN[3])
    return browser


async def _signed_in(site: StaffSite, who: tuple[str, str, str, str]) -> Browser:
    browser = await site.browser()
    await browser.login(who[0], who[3])
    return browser


def _rows(text: str) -> list[str]:
    return ROW.findall(text)


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _link(text: str, label: str) -> str:
    match = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(label) + "</a>", text)
    assert match, f"no link {label!r}"
    return html.unescape(match.group(1))


async def _privileged_views(site: StaffSite) -> tuple[str, str]:
    """Two cases; the hostile-named handler looks at one unmasked, with a hostile reason."""
    looked_at = await open_case(site.cases, email="kari@example.org", n=1)
    other = await open_case(site.cases, email="ola@example.org", n=2)
    sneaky = await site.cases.add_staff_user("sneaky@cantec.no", HOSTILE_NAME, "handler", "riktig-passord-7")
    site.users["sneaky@cantec.no"] = sneaky.id
    site.clock.advance(hours=2)
    await site.cases.record_unmasked_view(looked_at, sneaky.id, reason=HOSTILE_REASON)
    message_pk = (await site.cases.get_case(looked_at)).messages[0].id
    site.clock.advance(hours=1)
    try:
        await site.cases.read_raw_mail(message_pk, site.users[HANDLER[0]], reason="Klage på behandlingen")
    except Exception as exc:  # no raw mail is stored by open_case: the lookup is refused before it is recorded
        assert type(exc).__name__ == "CaseNotFound"
    await site.cases.record_event(
        other, "raw_mail_viewed", actor=Actor.staff(site.users[HANDLER[0]]), message_pk=2, reason="Klage på behandlingen"
    )
    return looked_at, other


async def test_only_admins_see_the_global_audit_log_and_its_csv(staff_site: StaffSite) -> None:
    await open_case(staff_site.cases)
    for who in (HANDLER, VIEWER, SECOND_HANDLER):
        browser = await _signed_in(staff_site, who)
        for path in ("/staff/audit", "/staff/audit.csv", "/staff/audit?action=unmasked_viewed", "/staff/audit.csv?user=1"):
            page = await browser.get(path)
            assert page.status == 403 and "Du har ikke tilgang til dette." in page.text, (who[0], path)
            assert "text/csv" not in page.headers.get("Content-Type", "") and "case_opened" not in page.text
    admin = await _admin(staff_site)
    assert (await admin.get("/staff/audit")).status == 200
    assert (await admin.get("/staff/audit.csv")).status == 200
    anonymous = await staff_site.browser()
    assert (await anonymous.get("/staff/audit.csv")).path == "/staff/login"


async def test_who_viewed_what_unmasked_is_two_clicks_away(staff_site: StaffSite) -> None:
    looked_at, other = await _privileged_views(staff_site)
    admin = await _admin(staff_site)
    queue = await admin.get("/staff/")
    log = await admin.get(_link(queue.text, "Revisjonslogg"))  # click 1: the menu
    assert log.status == 200 and log.path == "/staff/audit"
    preset = await admin.get(_link(log.text, "Hvem har sett umaskert tekst eller original e-post"))  # click 2
    assert preset.status == 200
    rows = _rows(preset.text)
    assert len(rows) == 2  # the two privileged reads, nothing else (the refused lookup left no event)
    newest, oldest = rows
    assert f'<a href="/staff/cases/{other}">{other}</a>' in newest and "Hanne Handler" in newest
    assert "Original e-post hentet" in newest and "<td>Klage på behandlingen</td>" in newest
    assert f'<a href="/staff/cases/{looked_at}">{looked_at}</a>' in oldest and "Umaskert tekst vist" in oldest
    assert "03.03.2025 kl. 12:00" in oldest  # when, in Oslo time (09:00 UTC + 2 h = 11:00 UTC, CET)
    assert HOSTILE_NAME in html.unescape(oldest) and HOSTILE_REASON in html.unescape(oldest)  # shown as text
    assert "<script>alert" not in preset.text and "<img src=x" not in preset.text
    assert "Sak opprettet" not in "".join(rows)


async def test_the_csv_is_the_filtered_view_with_formulas_defused(staff_site: StaffSite) -> None:
    looked_at, other = await _privileged_views(staff_site)
    admin = await _admin(staff_site)
    async with admin.client.get("/staff/audit.csv?action=unmasked_viewed") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Content-Disposition"] == 'attachment; filename="revisjonslogg.csv"'
        rows = _csv(await response.text())
    assert len(rows) == 1
    row = rows[0]
    assert row["case"] == looked_at and row["action"] == "unmasked_viewed" and row["actor"] == "staff"
    assert row["staff_user_id"] == str(staff_site.users["sneaky@cantec.no"]) and row["staff_email"] == "sneaky@cantec.no"
    assert row["reason"] == "'" + HOSTILE_REASON  # a spreadsheet reads it as text, not as a formula
    assert row["staff_user"] == HOSTILE_NAME  # starts with "<": no formula, kept as it is
    assert row["time"] == "2025-03-03T11:00:00+00:00"
    assert row["details"].startswith("{") and '"message_pks"' in row["details"]
    everything = _csv((await admin.get("/staff/audit.csv")).text)
    on_cases = [r for r in everything if r["case"]]
    trails = [*await staff_site.cases.audit_trail(looked_at), *await staff_site.cases.audit_trail(other)]
    assert sorted(r["action"] for r in on_cases) == sorted(e.action for e in trails)
    assert {"case_opened", "unmasked_viewed", "raw_mail_viewed"} <= {r["action"] for r in on_cases}
    assert len(everything) == (await staff_site.cases.audit_events()).total  # the unfiltered export is all of it


async def test_a_staff_name_that_is_a_formula_is_defused_too(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    formula = await staff_site.cases.add_staff_user("f@cantec.no", "=1+2", "handler", "riktig-passord-8")
    await staff_site.cases.pick_up(reference, formula.id)
    admin = await _admin(staff_site)
    rows = _csv((await admin.get(f"/staff/audit.csv?user={formula.id}")).text)
    assert [r["staff_user"] for r in rows] == ["'=1+2"] * len(rows) and {r["action"] for r in rows} >= {"picked_up"}
    page = await admin.get(f"/staff/audit?user={formula.id}")
    assert "<td>=1+2</td>" in page.text  # on the page it is plain (escaped) text


async def test_filters_by_user_action_and_period(staff_site: StaffSite) -> None:
    first = await open_case(staff_site.cases, email="a@example.org", n=1)  # 3 March
    staff_site.clock.advance(days=3)
    second = await open_case(staff_site.cases, email="b@example.org", n=2)  # 6 March
    await staff_site.cases.pick_up(second, staff_site.users[HANDLER[0]])
    staff_site.clock.advance(days=3)
    await staff_site.cases.pick_up(first, staff_site.users[SECOND_HANDLER[0]])  # 9 March
    admin = await _admin(staff_site)

    by_user = _rows((await admin.get(f"/staff/audit?user={staff_site.users[HANDLER[0]]}")).text)
    assert len(by_user) == 2 and all("Hanne Handler" in r for r in by_user)  # picked up: assigned and status
    by_action = _rows((await admin.get("/staff/audit?action=case_opened")).text)
    assert [second in by_action[0], first in by_action[1]] == [True, True]  # newest first
    period = _rows((await admin.get("/staff/audit?from=2025-03-06&to=2025-03-06")).text)
    assert period and all("06.03.2025" in r for r in period) and not any(first in r for r in period)
    combined = await admin.get(
        f"/staff/audit?user={staff_site.users[SECOND_HANDLER[0]]}&action=picked_up&from=2025-03-09"
    )
    assert len(_rows(combined.text)) == 1 and first in combined.text and "1 hendelse." in combined.text
    assert 'selected>Hans Handler' in combined.text and 'value="picked_up" checked' in combined.text
    csv_link = _link(combined.text, "Last ned utvalget som CSV")
    assert "action=picked_up" in csv_link and "from=2025-03-09" in csv_link
    assert len(_csv((await admin.get(csv_link)).text)) == 1
    nothing = await admin.get("/staff/audit?from=2025-04-01")
    assert _rows(nothing.text) == [] and "Ingen hendelser passer med filteret." in nothing.text


async def test_pages_of_a_hundred_newest_first(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    for i in range(104):
        staff_site.clock.advance(minutes=1)
        await staff_site.cases.record_event(reference, "processing_failed", attempt=i)
    admin = await _admin(staff_site)
    first = await admin.get("/staff/audit?action=processing_failed")
    rows = _rows(first.text)
    assert len(rows) == 100 and "104 hendelser." in first.text and "Side 1 av 2." in first.text
    assert "<dd>103</dd>" in rows[0] and "<dd>4</dd>" in rows[-1]  # the newest first
    second = await admin.get(_link(first.text, "Neste side"))
    assert second.status == 200 and "Side 2 av 2." in second.text
    rest = _rows(second.text)
    assert len(rest) == 4 and "<dd>0</dd>" in rest[-1] and "Neste side" not in second.text
    assert _link(second.text, "Forrige side").endswith("/staff/audit?action=processing_failed")  # the filter kept
    export = _csv((await admin.get("/staff/audit.csv?action=processing_failed&page=2")).text)
    assert len(export) == 104  # the export is every page of the filtered view
    assert [r["details"] for r in export[:2]] == ['{"attempt": 103}', '{"attempt": 102}']


async def test_bad_filter_input_is_a_400_with_a_clear_message(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    admin = await _admin(staff_site)
    viewer = await _signed_in(staff_site, VIEWER)
    cases = {
        "user=abc": "Den valgte saksbehandleren finnes ikke",
        "user=999999": "Den valgte saksbehandleren finnes ikke",
        "action=%3Cscript%3E": "En valgt handling er ugyldig",
        "page=0": "Sidetallet må være et helt tall fra 1 til 10000.",
        "page=-1": "Sidetallet må være et helt tall",
        "page=99999999": "Sidetallet må være et helt tall",
        "from=2025-02-31": "Fra-datoen er ikke en gyldig dato",
        "to=31.03.2025": "Til-datoen er ikke en gyldig dato",
        "from=2025-03-10&to=2025-03-01": "Fra-datoen er etter til-datoen",
    }
    for query, message in cases.items():
        page = await admin.get(f"/staff/audit?{query}")
        assert page.status == 400 and message in page.text and 'role="alert"' in page.text, query
        assert _rows(page.text) == [], query
        export = await admin.get(f"/staff/audit.csv?{query}")
        assert export.status == 400 and message in export.text, query
        own = await viewer.get(f"/staff/cases/{reference}/audit?{query}")
        assert own.status == 400 and message in own.text, query


async def test_a_case_audit_log_is_for_anyone_who_may_read_the_case(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases, email="a@example.org", n=1)
    other = await open_case(staff_site.cases, email="b@example.org", n=2)
    await staff_site.cases.pick_up(reference, staff_site.users[HANDLER[0]])
    viewer = await _signed_in(staff_site, VIEWER)
    page = await viewer.get(f"/staff/cases/{reference.lower()}/audit")
    assert page.status == 200 and f"Revisjonslogg for sak {reference}" in page.text
    rows = _rows(page.text)
    assert len(rows) == len(await staff_site.cases.audit_trail(reference)) >= 3  # opened, assigned, status...
    assert not any(other in r for r in rows) and not any("Ada Admin" in r for r in rows)  # this case only
    assert "Saken ble tildelt" in page.text and "Sak opprettet" in rows[-1]  # the oldest last
    assert f'href="/staff/cases/{reference}"' in page.text  # back to the case
    assert "Last ned utvalget som CSV" not in page.text  # the export is the admins' global one
    only_status = _rows((await viewer.get(f"/staff/cases/{reference}/audit?action=status_changed")).text)
    assert len(only_status) == 1 and "Status endret" in only_status[0]
    for missing in ("PV-2025-9999", "not-a-reference", "PV-2025-0001%3Cscript%3E"):
        assert (await viewer.get(f"/staff/cases/{missing}/audit")).status == 404, missing


async def test_a_purged_case_keeps_its_audit_log(staff_site: StaffSite) -> None:
    from bot.cases import CaseStatus

    reference = await open_case(staff_site.cases)
    handler = Actor.staff(staff_site.users[HANDLER[0]])
    await staff_site.cases.transition(reference, CaseStatus.SPAM, actor=handler)
    await staff_site.cases.transition(reference, CaseStatus.CLOSED, actor=handler)
    staff_site.clock.advance(days=400)
    assert (await staff_site.cases.purge()).references == (reference,)
    viewer = await _signed_in(staff_site, VIEWER)
    page = await viewer.get(f"/staff/cases/{reference}/audit")
    assert page.status == 200 and "Saken er slettet etter oppbevaringstiden" in page.text
    assert "Sak slettet etter oppbevaringstiden" in page.text  # the purge event, worded


async def test_the_audit_log_in_english(staff_site: StaffSite) -> None:
    reference = await open_case(staff_site.cases)
    admin = await _admin(staff_site)
    await staff_site.cases.staff.set_language(staff_site.users[ADMIN[0]], "en", actor=Actor.staff(staff_site.users[ADMIN[0]]))
    page = await admin.get("/staff/audit?action=case_opened")
    assert page.status == 200 and "Audit log" in page.text and "1 event." in page.text and reference in page.text
    assert "Who saw unmasked text or original mail" in page.text
    bad = await admin.get("/staff/audit?user=nobody")
    assert bad.status == 400 and "The chosen staff user does not exist." in bad.text
