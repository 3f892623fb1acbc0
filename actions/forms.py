"""The base of the chat's form validators: each names its form's slots, so none needs the domain.

rasa-sdk's ``FormValidationAction`` reads only one thing from the domain: the
form's ``required_slots``.  For that Rasa sent the whole domain (26 kB of JSON:
every response in three languages) with every validation call, two or three a
turn while a form runs.  Naming the slots here lets the validators run on the
tracker alone; ``tests/chat/test_form_slots.py`` checks that they are the
domain's.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any, ClassVar

from rasa_sdk import FormValidationAction

__all__ = ["SlotsValidation"]


class SlotsValidation(FormValidationAction, metaclass=ABCMeta):
    """A form validator whose form asks for ``SLOTS``, in that order (as ``required_slots`` in the domain).

    Abstract, so rasa-sdk's executor, which registers every subclass of ``Action``
    it finds, skips this base."""

    SLOTS: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def name(self) -> str:
        """``validate_<form>``."""

    def domain_slots(self, domain: dict[str, Any]) -> list[str]:
        return list(self.SLOTS)
