"""The classification API over real HTTP: good input, and bad input answered clearly."""

from __future__ import annotations

from aiohttp.test_utils import TestClient, TestServer

from api import create_app
from bot.config import load_settings


async def _client(classifier) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(TestServer(create_app(load_settings(need_secrets=False), classifier)))
    await client.start_server()
    return client


async def test_classifies_one_text_and_a_batch(classifier) -> None:  # type: ignore[no-untyped-def]
    client = await _client(classifier)
    try:
        one = await client.post("/api/classify", json={"text": "Please delete all personal data you hold about me."})
        assert one.status == 200
        body = await one.json()
        assert body["requests"] == ["erasure"] and body["language"] == "en"
        batch = await client.post("/api/classify", json={"messages": [{"id": "a", "text": "hei"}, {"id": "b", "text": "slett meg"}]})
        assert [r["id"] for r in (await batch.json())["results"]] == ["a", "b"]
        health = await client.get("/healthz")
        assert (await health.json())["status"] == "ok"
    finally:
        await client.close()


async def test_bad_input_gets_a_clear_400(classifier) -> None:  # type: ignore[no-untyped-def]
    client = await _client(classifier)
    try:
        cases = [
            ('{"text": ', "not valid JSON"),
            ("[1, 2]", "must be a JSON object"),
            ('{"text": "   "}', "has no text"),
            ('{"messages": []}', "non-empty 'messages'"),
            ('{"text": "' + "x" * 100_001 + '"}', "longer than"),
        ]
        for raw, expected in cases:
            response = await client.post("/api/classify", data=raw, headers={"Content-Type": "application/json"})
            assert response.status == 400, raw[:20]
            assert expected in (await response.json())["error"]
    finally:
        await client.close()
