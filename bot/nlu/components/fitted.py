"""A fitted scikit-learn pipeline kept in the Rasa model: written with skops (never pickle), and
loaded only when it holds no type beyond the ones its component declares trusted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

__all__ = ["load", "save"]


def save(storage: ModelStorage, resource: Resource, file: str, model: Any) -> None:
    import skops.io as sio

    with storage.write_to(resource) as folder:
        sio.dump(model, Path(folder) / file)


def load(storage: ModelStorage, resource: Resource, file: str, trusted: list[str]) -> Any:
    """The stored pipeline; ``ValueError`` when there is none (trained without examples) or it is refused."""
    import skops.io as sio

    with storage.read_from(resource) as folder:
        path = Path(folder) / file
        unknown = sio.get_untrusted_types(file=path)
        if set(unknown) - set(trusted):
            raise ValueError(f"unexpected types in {file}: {unknown}")
        return sio.load(path, trusted=unknown)
