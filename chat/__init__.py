"""The website chat: a channel (imports only the core ``bot``), mounted at ``/chat``.

``create_chat_app(settings, dialogue=..., cases=...)`` builds it; the dialogue
(Rasa rules, forms, responses) runs in the model's process
(``bot.dialogue.process``) and its custom actions in the rasa-sdk action server
(``actions/``).  See ``chat.app`` and docs/chat.md.
"""

from __future__ import annotations

from chat.app import create_chat_app

__all__ = ["create_chat_app"]
