"""``create_app(settings)``: the aiohttp application.

The classifier is given (``make run`` shares its classifier process with the
intake) or loaded once in a cleanup context, and called from one worker thread
(inference is CPU-bound and must not block the event loop).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from bot.config import Settings
from bot.nlu.classifier import Classification, Classifier, TextClassifier

__all__ = ["create_app", "SETTINGS", "CLASSIFIER"]

SETTINGS = web.AppKey("settings", Settings)
CLASSIFIER = web.AppKey("classifier", TextClassifier)
EXECUTOR = web.AppKey("executor", ThreadPoolExecutor)
Health = Callable[[], Awaitable[dict[str, str]]]
HEALTH: web.AppKey[Health] = web.AppKey("health")
MAX_BATCH = 256
MAX_TEXT = 100_000
# Work per request, in characters (bytes alone would let 2 MB of "a b c" through):
# beyond it 413.  Batches run in chunks, so a small request waits for one chunk,
# not for a whole large batch ahead of it.
MAX_REQUEST_CHARS = 400_000
CHUNK_CHARS = 20_000
JSON_TYPES = ("application/json",)


def _error(status: type[web.HTTPException], message: str) -> web.HTTPException:
    return status(text=json.dumps({"error": message}), content_type="application/json")


def _too_large(message: str, limit: int, actual: int) -> web.HTTPException:
    return web.HTTPRequestEntityTooLarge(
        max_size=limit, actual_size=actual, text=json.dumps({"error": message}), content_type="application/json"
    )


def _bad_request(message: str) -> web.HTTPException:
    return _error(web.HTTPBadRequest, message)


async def healthz(request: web.Request) -> web.Response:
    """``ok`` (200) when every dependency answers, else ``degraded`` (503) with which one is down."""
    classifier = request.app.get(CLASSIFIER)
    health = request.app.get(HEALTH)
    checks = await health() if health is not None else {}
    ok = all(state == "up" for state in checks.values())
    body = {"status": "ok" if ok else "degraded", "model": classifier.model_name if classifier else None, **checks}
    return web.json_response(body, status=200 if ok else 503)


async def _json_body(request: web.Request) -> Any:
    """The parsed body; every way it can be bad is a 4xx with a reason, never a 500."""
    if request.content_type not in JSON_TYPES:
        raise _error(web.HTTPUnsupportedMediaType, "send the body as application/json")
    raw = await request.read()
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _bad_request("body is not UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise _bad_request(f"body is not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise _bad_request("body is nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise _bad_request(f"body has a value that cannot be read: {str(exc)[:80]}") from exc


def _clean_string(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _bad_request(f"{what} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _bad_request(f"{what} holds a lone surrogate (not valid Unicode text)") from exc
    return value


def _messages(body: Any) -> tuple[bool, list[tuple[Any, str]]]:
    """(single, [(id, text)...]) from the request body, validated."""
    if not isinstance(body, dict):
        raise _bad_request("body must be a JSON object")
    single = "text" in body
    items = [{"text": body["text"]}] if single else body.get("messages")
    if not isinstance(items, list) or not items:
        raise _bad_request("give 'text' or a non-empty 'messages' list")
    if len(items) > MAX_BATCH:
        raise _too_large(f"at most {MAX_BATCH} messages per request", MAX_BATCH, len(items))
    out: list[tuple[Any, str]] = []
    for index, item in enumerate(items):
        text = _clean_string(item.get("text") if isinstance(item, dict) else None, f"message {index}'s text")
        if not text or not text.strip():
            raise _bad_request(f"message {index} has no text")
        if len(text) > MAX_TEXT:
            raise _bad_request(f"message {index} is longer than {MAX_TEXT} characters")
        ident = item.get("id")
        if not isinstance(ident, (str, int, type(None))) or isinstance(ident, bool):
            raise _bad_request(f"message {index}'s id must be a string or an integer")
        out.append((_clean_string(ident, f"message {index}'s id") if isinstance(ident, str) else ident, text))
    total = sum(len(t) for _, t in out)
    if total > MAX_REQUEST_CHARS:
        raise _too_large(f"at most {MAX_REQUEST_CHARS} characters per request", MAX_REQUEST_CHARS, total)
    return single, out


def _chunks(texts: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if chunks[-1] and size + len(text) > CHUNK_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(text)
        size += len(text)
    return chunks


async def classify(request: web.Request) -> web.Response:
    """POST {"text": "..."} or {"messages": [{"id": .., "text": ..}, ...]}."""
    single, items = _messages(await _json_body(request))
    classifier = request.app[CLASSIFIER]
    loop = asyncio.get_running_loop()
    results: list[Classification] = []
    for chunk in _chunks([text for _, text in items]):
        results += await loop.run_in_executor(request.app[EXECUTOR], classifier.classify_many, chunk)
    out = [{"id": ident, **r.to_dict()} for (ident, _), r in zip(items, results, strict=True)]
    return web.json_response(out[0] if single else {"results": out})


def create_app(
    settings: Settings, classifier: TextClassifier | None = None, *, health: Health | None = None
) -> web.Application:
    """``health``: the composition root's check of the dependencies (``/healthz``)."""
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app[SETTINGS] = settings
    if health is not None:
        app[HEALTH] = health

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
