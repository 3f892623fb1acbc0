"""Are the intake's dependencies up?  The runner asks after a transient failure.

If the database answers and the classifier classifies, a message that still
failed "transiently" is the problem, not an outage (``intake.runner``).
"""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cases.engine import connection
from bot.errors import PersonvernError
from bot.nlu.classifier import TextClassifier

__all__ = ["DependencyProbe"]


class DependencyProbe:
    def __init__(self, engine: AsyncEngine, classifier: TextClassifier | None) -> None:
        self.engine = engine
        self.classifier = classifier

    async def database_up(self) -> bool:
        try:
            async with connection(self.engine) as conn:
                await conn.execute(sa.text("SELECT 1"))
        except (PersonvernError, OSError):
            return False
        return True

    async def classifier_up(self) -> bool:
        if self.classifier is None:
            return False
        try:
            await asyncio.to_thread(self.classifier.classify, "hei", scan=False)
        except (PersonvernError, OSError):
            return False
        return True

    async def __call__(self) -> bool:
        return await self.database_up() and await self.classifier_up()

    async def status(self) -> dict[str, str]:
        """For ``/healthz``: each dependency "up" or "down"."""
        return {
            "database": "up" if await self.database_up() else "down",
            "classifier": "up" if await self.classifier_up() else "down",
        }
