"""Header names the intake sets and recognises."""

from __future__ import annotations

__all__ = ["LOOP_HEADER"]

#: Set on every message we send; seeing it inbound means a mail loop.
LOOP_HEADER = "X-Cantec-Personvern-Loop"
