"""The statistics page and its CSV over real HTTP, on SQLite and PostgreSQL: figures against seeded cases.

Cases are opened through the case store as the email channel opens them, on
the settable clock, so weeks, deadlines and durations are exactly known.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timezone

from bot.cases import Actor, CaseService, CaseStatus, RequestType
from tests.staff.conftest import HANDLER, SECOND_HANDLER, VIEWER, StaffSite, open_case

PERIOD = "from=2025-03-03&to=2025-03-23"
ROW = re.compile(r'<tr><th scope="row">([^<]+)</th><td class="num">(\d+)</td></tr>')
WEEK_ROW = re.compile(
    r'<tr><th scope="row">(Uke \d+ \d+)</th><td>([^<]+)</td><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>'
)


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("</section>", start)
    return html[start:end]


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.DictReader(io.StringIO(text[1:])))


def _figure(rows: list[dict[str, str]], figure: str, key: str = "") -> str:
    found = [r["value"] for r in rows if r["figure"] == figure and r["key"] == key]
    assert len(found) == 1, (figure, key, found)
    return found[0]


async def _seed(site: StaffSite) -> dict[str, str]:
    """Three weeks (ISO 10-12 of 2025) of cases with known fates; the clock ends on Sunday 23 March."""
    cases, clock = site.cases, site.clock
    handler = Actor.staff(site.users[HANDLER[0]])
    assert clock.now == datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)  # Monday of week 10
    refs = {
        "a": await open_case(cases, email="a@example.org", n=1),
        "b": await open_case(
            cases, email="b@example.org", n=2, types=frozenset({RequestType.ERASURE, RequestType.ACCESS})
        ),
        "c": await open_case(cases, email="c@example.org", n=3, types=frozenset({RequestType.QUESTION})),
        "d": await open_case(cases, email="d@example.org", n=4, types=frozenset({RequestType.OBJECTION})),
    }
    for key in ("a", "b"):
        await cases.pick_up(refs[key], site.users[HANDLER[0]])
    clock.advance(days=2)  # Wednesday, week 10: A answered in 2 days
    await cases.transition(refs["a"], CaseStatus.RESOLVED, actor=handler)
    clock.advance(days=7)  # Wednesday 12 March, week 11
    refs["e"] = await open_case(cases, email="e@example.org", n=5, types=frozenset({RequestType.PORTABILITY}))
    await cases.transition(refs["d"], CaseStatus.SPAM, actor=handler)
    clock.advance(days=11)  # Sunday 23 March, week 12: B answered in 20 days, past 14 but within the month
    await cases.transition(refs["b"], CaseStatus.RESOLVED, actor=handler)
    return refs


async def _signed_in(site: StaffSite, who: tuple[str, str, str, str] = VIEWER):  # type: ignore[no-untyped-def]
    browser = await site.browser()
    await browser.login(who[0], who[3])
    return browser


async def test_the_figures_match_the_seeded_cases(staff_site: StaffSite) -> None:
    await _seed(staff_site)
    browser = await _signed_in(staff_site)  # a viewer: any role may see statistics
    page = await browser.get(f"/staff/statistics?{PERIOD}")
    assert page.status == 200, page.text
    assert "Viser perioden 03.03.2025–23.03.2025." in page.text
    cells = re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', _section(page.text, "key-heading"))
    assert dict(cells) == {
        "Saker mottatt i perioden": "5",
        "Av dem besvart": "2",
        "Besvart innen 14 dager": "50 % (1 av 2)",
        "Besvart innen lovfristen": "100 % (2 av 2)",
        "Median tid fra mottatt til besvart": "11,0 døgn",
        "Åpne saker over 14-dagersfristen nå": "1",  # C, received 3 March, still new on 23 March
        "Åpne saker over lovfristen nå": "0",
    }
    by_type = dict(ROW.findall(_section(page.text, "types-heading")))
    assert by_type == {
        "Innsyn": "0",
        "Retting": "0",
        "Sletting": "0",
        "Trekke samtykke": "0",
        "Protest": "0",
        "Begrensning": "0",
        "Dataportabilitet": "1",
        "Automatiserte avgjørelser": "0",
        "Spørsmål": "1",
        "Annet": "0",
    }
    assert dict(ROW.findall(_section(page.text, "status-heading"))) == {
        "Ny": "2",
        "Under behandling": "0",
        "Venter på innsender": "0",
    }
    assert WEEK_ROW.findall(_section(page.text, "weeks-heading")) == [
        ("Uke 10 2025", "03.03.2025–09.03.2025", "4", "1"),
        ("Uke 11 2025", "10.03.2025–16.03.2025", "1", "1"),
        ("Uke 12 2025", "17.03.2025–23.03.2025", "0", "1"),
    ]
    received = _section(page.text, "received-heading")
    assert ('Innsyn', '2') in ROW.findall(received) and ('Søppelpost', '1') in ROW.findall(received)
    assert ('Besvart', '2') in ROW.findall(received) and ('Sletting', '1') in ROW.findall(received)


async def test_the_csv_holds_the_same_figures(staff_site: StaffSite) -> None:
    await _seed(staff_site)
    browser = await _signed_in(staff_site, HANDLER)
    async with browser.client.get(f"/staff/statistics.csv?{PERIOD}") as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Content-Disposition"] == 'attachment; filename="statistikk-2025-03-03-2025-03-23.csv"'
        assert response.headers["Cache-Control"] == "no-store"
        rows = _csv(await response.text())
    assert list(rows[0]) == ["figure", "key", "label", "value"]
    assert _figure(rows, "period_from") == "2025-03-03" and _figure(rows, "period_to") == "2025-03-23"
    assert _figure(rows, "received") == "5" and _figure(rows, "resolved") == "2"
    assert _figure(rows, "share_within_14_days") == "0.5" and _figure(rows, "share_within_legal_deadline") == "1.0"
    assert _figure(rows, "median_days_to_resolve") == "11.0"
    assert _figure(rows, "overdue_internal_now") == "1" and _figure(rows, "overdue_legal_now") == "0"
    assert _figure(rows, "open_by_type", "portability") == "1" and _figure(rows, "open_by_type", "access") == "0"
    assert _figure(rows, "open_by_type", "automated_decision") == "0"
    assert _figure(rows, "open_by_status", "new") == "2"
    assert _figure(rows, "received_by_type", "access") == "2"
    assert _figure(rows, "received_by_status", "spam") == "1"
    weekly = [(r["key"], r["value"]) for r in rows if r["figure"] == "received_per_week"]
    assert weekly == [("2025-W10", "4"), ("2025-W11", "1"), ("2025-W12", "0")]
    finished = [(r["key"], r["value"]) for r in rows if r["figure"] == "finished_per_week"]
    assert finished == [("2025-W10", "1"), ("2025-W11", "1"), ("2025-W12", "1")]


async def test_weeks_are_local_weeks(staff_site: StaffSite) -> None:
    """Sunday 23:30 UTC is Monday 00:30 in Oslo: the case belongs to the new week (ISO week 11)."""
    staff_site.clock.now = datetime(2025, 3, 9, 23, 30, tzinfo=timezone.utc)
    await open_case(staff_site.cases, email="late@example.org")
    browser = await _signed_in(staff_site)
    rows = _csv((await browser.get("/staff/statistics.csv?from=2025-03-03&to=2025-03-16")).text)
    weekly = [(r["key"], r["value"]) for r in rows if r["figure"] == "received_per_week"]
    assert weekly == [("2025-W10", "0"), ("2025-W11", "1")]
    # and a period ending on the Sunday leaves it out altogether
    rows = _csv((await browser.get("/staff/statistics.csv?from=2025-03-03&to=2025-03-09")).text)
    assert _figure(rows, "received") == "0"


async def test_the_default_period_is_the_last_twelve_weeks(staff_site: StaffSite) -> None:
    await open_case(staff_site.cases)
    browser = await _signed_in(staff_site, SECOND_HANDLER)
    page = await browser.get("/staff/statistics")
    assert page.status == 200
    assert "Viser perioden 16.12.2024–03.03.2025." in page.text  # Monday of ISO week 51 to today
    weeks = WEEK_ROW.findall(_section(page.text, "weeks-heading"))
    assert len(weeks) == 12 and weeks[0][0] == "Uke 51 2024" and weeks[-1] == ("Uke 10 2025", "03.03.2025–03.03.2025", "1", "0")
    assert 'value="2024-12-16"' in page.text and 'value="2025-03-03"' in page.text  # the form says so too


async def test_charts_are_accessible_svg_beside_tables(staff_site: StaffSite) -> None:
    await _seed(staff_site)
    browser = await _signed_in(staff_site)
    page = await browser.get(f"/staff/statistics?{PERIOD}")
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page.text, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        chart = re.search(r'aria-labelledby="([^" ]+)-title \1-desc"', svg)
        assert 'role="img"' in svg and chart, svg[:200]
        assert f'<title id="{chart.group(1)}-title">' in svg and f'<desc id="{chart.group(1)}-desc">' in svg
    assert "Dataportabilitet: 1" in svgs[0] and "Spørsmål: 1" in svgs[0]  # the description carries the figures
    assert ">Dataportabilitet</text>" in svgs[0]  # labels as text, not colour
    assert ">Mottatt</text>" in svgs[2] and ">Avsluttet</text>" in svgs[2]  # a legend in words
    assert page.text.count("<table") >= 5
    assert "style=" not in page.text and "<script" not in page.text  # the CSP allows neither


async def test_bad_period_input_is_a_400_with_a_clear_message(staff_site: StaffSite) -> None:
    browser = await _signed_in(staff_site)
    cases = {
        "from=2025-13-01": "Fra-datoen er ikke en gyldig dato",
        "from=i%20g%C3%A5r": "Fra-datoen er ikke en gyldig dato",
        "from=2025-3-1": "Fra-datoen er ikke en gyldig dato",
        "to=2025-02-30": "Til-datoen er ikke en gyldig dato",
        "to=1899-01-01": "Til-datoen er ikke en gyldig dato",
        "from=2025-03-10&to=2025-03-01": "Fra-datoen er etter til-datoen",
        "from=2020-01-01&to=2025-01-01": "Perioden er for lang. Velg en periode på høyst 731 dager.",
    }
    for query, message in cases.items():
        page = await browser.get(f"/staff/statistics?{query}")
        assert page.status == 400 and message in page.text, query
        assert 'role="alert"' in page.text and "<svg" not in page.text, query  # the form again, no figures
        export = await browser.get(f"/staff/statistics.csv?{query}")
        assert export.status == 400 and message in export.text and "attachment" not in str(export.headers), query
    hostile = await browser.get("/staff/statistics?from=%3Cscript%3Ealert(1)%3C/script%3E")
    assert hostile.status == 400 and "<script>alert(1)" not in hostile.text and "&lt;script&gt;" in hostile.text


async def test_statistics_need_a_sign_in(staff_site: StaffSite) -> None:
    browser = await staff_site.browser()
    for path in ("/staff/statistics", "/staff/statistics.csv"):
        page = await browser.get(path)
        assert page.path == "/staff/login" and page.history and page.history[0].status == 303


async def test_the_nav_links_to_statistics_for_every_role(staff_site: StaffSite) -> None:
    for who in (VIEWER, HANDLER):
        browser = await _signed_in(staff_site, who)
        queue = await browser.get("/staff/")
        assert 'href="/staff/statistics"' in queue.text
        assert 'href="/staff/audit"' not in queue.text  # the global audit log is for admins
        stats = await browser.get("/staff/statistics")
        assert '<a href="/staff/statistics" aria-current="page">' in stats.text


async def test_the_core_counts_in_sql_across_backends(case_service: CaseService, staff_site: StaffSite) -> None:
    """The store's figures directly: an odd number of resolved cases takes the middle one as the median."""
    refs = await _seed(staff_site)
    handler = Actor.staff(staff_site.users[HANDLER[0]])
    await case_service.pick_up(refs["c"], staff_site.users[HANDLER[0]])
    staff_site.clock.advance(days=1)  # C answered after 21 days: durations 2, 20, 21
    await case_service.transition(refs["c"], CaseStatus.RESOLVED, actor=handler)
    start = datetime(2025, 3, 2, 23, 0, tzinfo=timezone.utc)  # local midnight, Monday 3 March
    stats = await case_service.statistics(start, datetime(2025, 3, 24, 23, 0, tzinfo=timezone.utc))
    assert stats.resolved == 3 and stats.median_time_to_resolve is not None
    assert stats.median_time_to_resolve.days == 20
    assert stats.open_by_status == {CaseStatus.NEW: 1} and stats.open_by_type == {RequestType.PORTABILITY: 1}
    assert [(w.week, w.received, w.finished) for w in stats.weeks] == [(10, 4, 1), (11, 1, 1), (12, 0, 1), (13, 0, 1)]
    assert (await case_service.statistics()).weeks == ()  # weeks only for a bounded period


async def test_the_page_and_its_errors_in_english(staff_site: StaffSite) -> None:
    await _seed(staff_site)
    viewer = staff_site.users[VIEWER[0]]
    await staff_site.cases.staff.set_language(viewer, "en", actor=Actor.staff(viewer))
    browser = await _signed_in(staff_site)
    page = await browser.get(f"/staff/statistics?{PERIOD}")
    assert page.status == 200 and '<html lang="en">' in page.text
    cells = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td></tr>', _section(page.text, "key-heading")))
    assert cells["Answered within 14 days"] == "50% (1 of 2)" and cells["Median time from receipt to answer"] == "11.0 days"
    assert '<tr><th scope="row">Week 11 2025</th><td>10.03.2025–16.03.2025</td>' in page.text
    bad = await browser.get("/staff/statistics?to=yesterday")
    assert bad.status == 400 and "The to date is not a valid date." in bad.text
