"""``create_app(settings)``: the aiohttp application.

The classifier is given (``make run`` shares its classifier process with the
intake) or loaded once in a cleanup context, and called from one worker thread
(inference is CPU-bound and must not block the event loop).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.nlu.classifier import Classifier, TextClassifier

__all__ = ["create_app", "SETTINGS", "CLASSIFIER"]

SETTINGS = web.AppKey("settings", Settings)
CLASSIFIER = web.AppKey("classifier", TextClassifier)
EXECUTOR = web.AppKey("executor", ThreadPoolExecutor)
MAX_BATCH = 256
MAX_TEXT = 100_000


def _bad_request(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": message}), content_type="application/json")


async def healthz(request: web.Request) -> web.Response:
    classifier = request.app.get(CLASSIFIER)
    return web.json_response({"status": "ok", "model": classifier.model_name if classifier else None})


async def classify(request: web.Request) -> web.Response:
    """POST {"text": "..."} or {"messages": [{"id": .., "text": ..}, ...]}."""
    try:
        body: Any = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _bad_request(f"body is not valid JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise _bad_request("body must be a JSON object")
    single = "text" in body
    items = [{"text": body["text"]}] if single else body.get("messages")
    if not isinstance(items, list) or not items:
        raise _bad_request("give 'text' or a non-empty 'messages' list")
    if len(items) > MAX_BATCH:
        raise _bad_request(f"at most {MAX_BATCH} messages per request")
    texts = []
    for index, item in enumerate(items):
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise _bad_request(f"message {index} has no text")
        if len(text) > MAX_TEXT:
            raise _bad_request(f"message {index} is longer than {MAX_TEXT} characters")
        texts.append(text)
    classifier = request.app[CLASSIFIER]
    loop = asyncio.get_running_loop()
    results = await loop.run_in_executor(request.app[EXECUTOR], classifier.classify_many, texts)
    out = [{"id": item.get("id"), **r.to_dict()} for item, r in zip(items, results, strict=True)]
    return web.json_response(out[0] if single else {"results": out})


def create_app(settings: Settings, classifier: TextClassifier | None = None) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app[SETTINGS] = settings

    async def nlu_ctx(app: web.Application) -> AsyncIterator[None]:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlu")
        app[EXECUTOR] = executor
        if classifier is not None:
            app[CLASSIFIER] = classifier
        else:
            loop = asyncio.get_running_loop()
            app[CLASSIFIER] = await loop.run_in_executor(
                executor,
                Classifier.from_settings, settings,
            )
        yield
        executor.shutdown(wait=False, cancel_futures=True)

    app.cleanup_ctx.append(nlu_ctx)
    app.router.add_get("/healthz", healthz, name="healthz")
    app.router.add_post("/api/classify", classify, name="classify")
    return app
