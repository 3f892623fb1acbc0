"""Refuse to start, clearly, when a port the service needs is already taken."""

from __future__ import annotations

import errno
import socket

from bot.config import ConfigError, Settings

__all__ = ["check_ports", "ports_needed"]


def ports_needed(settings: Settings, *, web: bool = True, sink: bool | None = None) -> list[tuple[str, str, int]]:
    """(setting, host, port) for every listener ``personvern run`` starts."""
    needed = [("smtp.port", settings.smtp.host, settings.smtp.port)]
    if web:
        needed.append(("web.port", settings.web.host, settings.web.port))
        needed.append(("nlu.action_port", "127.0.0.1", settings.nlu.action_port))  # the chat's action server
    if settings.is_local if sink is None else sink:
        needed.append(("relay.port", settings.relay.host, settings.relay.port))
    return needed


def check_ports(needed: list[tuple[str, str, int]]) -> None:
    """``ConfigError`` naming the setting and its variable when a port cannot be bound."""
    for name, host, port in needed:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, port))
            except OSError as exc:
                variable = "PERSONVERN_" + name.replace(".", "_").upper()
                why = "is already in use (is another personvern running?)" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
                raise ConfigError(f"{host}:{port} ({name}) {why}; choose another with {variable}") from exc
