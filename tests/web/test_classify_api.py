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


async def test_hostile_input_is_a_4xx_never_a_500(classifier) -> None:  # type: ignore[no-untyped-def]
    client = await _client(classifier)
    try:
        json_type = {"Content-Type": "application/json"}
        cases = [
            ("[" * 10_000 + "]" * 10_000, json_type, 400, "nested too deeply"),
            ('{"text": ' + "[" * 10_000 + "]" * 10_000 + "}", json_type, 400, ""),
            ('{"text": "\\ud800 slett meg"}', json_type, 400, "lone surrogate"),
            ('{"messages": [{"id": "\\udfff", "text": "slett meg"}]}', json_type, 400, "lone surrogate"),
            ('{"text": "slett meg", "n": ' + "9" * 5000 + "}", json_type, 400, "cannot be read"),
            ('{"text": "slett meg"}', {"Content-Type": "text/plain"}, 415, "application/json"),
            (b'{"text": "\xff\xfe"}', json_type, 400, "UTF-8"),
        ]
        for raw, headers, status, expected in cases:
            response = await client.post("/api/classify", data=raw, headers=headers)
            assert response.status == status, (raw[:30], response.status)
            body = await response.json()
            assert expected in body["error"], body
    finally:
        await client.close()


async def test_too_much_work_in_one_request_is_413(classifier) -> None:  # type: ignore[no-untyped-def]
    client = await _client(classifier)
    try:
        messages = [{"id": n, "text": "a b c " * 15_000} for n in range(5)]  # 450,000 characters in all
        response = await client.post("/api/classify", json={"messages": messages})
        assert response.status == 413 and "characters" in (await response.json())["error"]
        too_many = [{"id": n, "text": "hei"} for n in range(257)]
        response = await client.post("/api/classify", json={"messages": too_many})
        assert response.status == 413
    finally:
        await client.close()


async def test_a_small_request_is_not_stuck_behind_a_large_batch(classifier) -> None:  # type: ignore[no-untyped-def]
    """Order of completion, not a timing: the small request finishes while the large one is still going."""
    import asyncio

    client = await _client(classifier)
    try:
        large = [{"id": n, "text": f"Jeg vil ha innsyn i opplysningene mine, sak {n}. " * 40} for n in range(40)]
        done: list[str] = []

        async def post(name: str, body: dict) -> None:  # type: ignore[type-arg]
            response = await client.post("/api/classify", json=body)
            assert response.status == 200
            done.append(name)

        big = asyncio.create_task(post("large", {"messages": large}))
        await asyncio.sleep(0.05)  # the large batch is being classified
        await post("small", {"text": "Slett kontoen min."})
        await big
        assert done == ["small", "large"]
    finally:
        await client.close()


async def test_healthz_says_degraded_with_503_when_a_dependency_is_down(classifier) -> None:  # type: ignore[no-untyped-def]
    state = {"database": "down", "classifier": "up"}

    async def health() -> dict[str, str]:
        return dict(state)

    client = TestClient(TestServer(create_app(load_settings(need_secrets=False), classifier, health=health)))
    await client.start_server()
    try:
        response = await client.get("/healthz")
        assert response.status == 503
        assert (await response.json())["status"] == "degraded" and (await response.json())["database"] == "down"
        state["database"] = "up"
        response = await client.get("/healthz")
        assert response.status == 200 and (await response.json())["status"] == "ok"
    finally:
        await client.close()
