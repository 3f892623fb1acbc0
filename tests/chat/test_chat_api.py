"""The chat API over real HTTP on the real model and actions: sessions, turns, transcript, bad input, limits."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.cases import CaseService, Channel, Direction
from tests.chat.conftest import SITE, ChatSite, RecordingMailer

pytestmark = pytest.mark.model


async def test_a_visitor_makes_a_request_and_the_transcript_goes_on_the_case(
    chat_site: ChatSite, mailer: RecordingMailer, case_service: CaseService
) -> None:
    async with chat_site.client() as http:
        sender = await chat_site.start(http)
        assert len(sender) >= 32
        status, replies = await chat_site.say(http, sender, "Hei")
        assert status == 200 and "personvernassistent" in replies[0]["text"]
        status, replies = await chat_site.say(http, sender, "I want a copy of all my personal data, please.")
        assert status == 200 and "access" in replies[0]["text"]  # the visitor's language, detected
        assert replies[0]["buttons"][0] == {"title": "Yes, that is right", "payload": "/affirm"}
        for text in ("/affirm", "fiona.clarke@example.com", "Fiona Clarke"):
            status, replies = await chat_site.say(http, sender, text)
        assert "six-digit code" in replies[0]["text"]
        status, replies = await chat_site.say(http, sender, mailer.last_code())
        assert status == 200 and "registered as" in replies[0]["text"]
    reference = replies[0]["text"].split("registered as ")[1].split()[0]
    case = await case_service.get_case(reference)
    assert case.channel is Channel.CHAT and case.identity_verified
    chat = [m for m in case.messages if m.channel is Channel.CHAT]
    assert [m.direction for m in chat[:2]] == [Direction.INBOUND, Direction.OUTBOUND]
    assert chat[0].masked_text == "Hei" and any("registered as" in (m.masked_text or "") for m in chat)
    assert all(m.text_ciphertext and b"Fiona" not in m.text_ciphertext for m in chat)  # encrypted at rest


async def test_the_language_switch_wins_and_html_stays_text(chat_site: ChatSite) -> None:
    async with chat_site.client() as http:
        sender = await chat_site.start(http)
        status, replies = await chat_site.say(http, sender, "Hei <script>alert(1)</script>",
                                              metadata={"language": "nn"})
        assert status == 200
        assert all("<script>" not in r["text"] for r in replies)


async def test_bad_requests_get_clear_json_errors(chat_site: ChatSite) -> None:
    url = chat_site.url("/chat/webhook")
    async with chat_site.client() as http:
        sender = await chat_site.start(http)
        cases = [
            ({"data": b"{not json", "headers": {"Content-Type": "application/json"}}, 400),
            ({"data": b"\xff\xfe\x00binary"}, 400),
            ({"json": ["a list"]}, 400),
            ({"json": {"sender": sender, "message": "   "}}, 400),
            ({"json": {"sender": sender, "message": 5}}, 400),
            ({"json": {"sender": sender, "message": "x" * 2001}}, 413),
            ({"data": b"x" * 1_000_000}, 413),
            ({"json": {"sender": "guessed-sender-id", "message": "hei"}}, 403),
        ]
        for kwargs, expected in cases:
            async with http.post(url, **kwargs) as response:
                body = await response.json()
                assert response.status == expected, (kwargs.get("json"), body)
                assert isinstance(body["error"], str) and body["error"]
    async with chat_site.client() as stranger, stranger.post(url, json={"sender": sender, "message": "hei"}) as response:
        assert response.status == 403 and "session" in (await response.json())["error"]  # the id without its cookie


async def test_origin_is_checked(chat_site: ChatSite) -> None:
    async with chat_site.client() as http:
        for origin in ("https://evil.example", None):
            headers = {"Origin": origin} if origin else {}
            http.headers.pop("Origin", None)
            async with http.post(chat_site.url("/chat/session"), headers=headers) as response:
                assert response.status == 403 and "origin" in (await response.json())["error"]
        async with http.options(chat_site.url("/chat/webhook"), headers={"Origin": SITE}) as response:
            assert response.status == 204
            assert response.headers["Access-Control-Allow-Origin"] == SITE
            assert response.headers["Access-Control-Allow-Credentials"] == "true"


async def test_an_idle_session_expires(chat_site: ChatSite) -> None:
    async with chat_site.client() as http:
        sender = await chat_site.start(http)
        assert (await chat_site.say(http, sender, "Hei"))[0] == 200
        chat_site.now[0] += 59 * 60  # each turn renews the session
        assert (await chat_site.say(http, sender, "Hei"))[0] == 200
        chat_site.now[0] += 61 * 60
        status, body = await chat_site.say(http, sender, "Hei")
        assert status == 403 and "expired" in body["error"]


async def test_turns_and_sessions_are_rate_limited(chat_site: ChatSite) -> None:
    async with chat_site.client("127.0.0.2") as http:
        sender = await chat_site.start(http)
        statuses = [(await chat_site.say(http, sender, "takk"))[0] for _ in range(31)]
        assert statuses[:30] == [200] * 30 and statuses[30] == 429
        for _ in range(29):
            await chat_site.start(http)
        async with http.post(chat_site.url("/chat/session")) as response:
            assert response.status == 429 and int(response.headers["Retry-After"]) > 0
    async with chat_site.client("127.0.0.3") as other:  # another client is not affected
        await chat_site.start(other)


async def test_the_widget_and_demo_page_are_served_safely(chat_site: ChatSite) -> None:
    async with chat_site.client() as http:
        async with http.get(chat_site.url("/chat/")) as page:
            assert page.status == 200 and "widget.js" in await page.text()
            assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        async with http.get(chat_site.url("/chat/widget.js")) as script:
            body = await script.text()
            assert script.headers["Content-Type"].startswith("text/javascript")
            assert "innerHTML" not in body and "aria-live" in body and "sessionStorage" in body
        async with http.get(chat_site.url("/chat/widget.css")) as style:
            assert style.status == 200


async def test_nothing_is_stored_for_a_refused_turn(chat_site: ChatSite, case_service: CaseService) -> None:
    async with chat_site.client() as http:
        await chat_site.say(http, "guessed", "Jeg vil ha innsyn")
    async with case_service.engine.connect() as connection:
        assert (await connection.execute(sa.text("SELECT count(*) FROM chat_conversations"))).scalar_one() == 0
