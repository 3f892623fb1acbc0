"""A fitted scikit-learn pipeline kept in the Rasa model: written with skops (never pickle), and
loaded only when it holds no type beyond the ones its component declares trusted; and the
fingerprint of the files it was fitted from beside Rasa's training data.

Each vectorizer's vocabulary is written as two arrays (its terms and their columns) and made a
dict again when loaded: skops writes a dict entry by entry into its JSON schema, about 800
bytes and a few Python calls per n-gram (36 MB for the whole-message vocabulary, 3.4 s to write
and 2.8 s to read, in every training and every start of the service).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

__all__ = ["files_fingerprint", "load", "load_or_none", "save", "without_stop_words"]
TERMS, COLUMNS = "vocabulary_terms_", "vocabulary_columns_"  # what a stored vectorizer holds instead of vocabulary_
log = logging.getLogger(__name__)


def files_fingerprint(paths: list[str | None]) -> str:
    """A digest of the named files' contents (relative to the project), for ``fingerprint_addon``.

    Rasa caches a trained component under a fingerprint of its config and of the training data it
    is given; files a component reads by itself are not in it, so without this a change to them
    alone would reuse the component trained on their old contents."""
    from bot.config import PROJECT_ROOT

    digest = hashlib.sha256()
    for path in paths:
        if path:
            digest.update(path.encode() + b"\0" + (PROJECT_ROOT / path).read_bytes() + b"\0")
    return digest.hexdigest()


def without_stop_words(model: Any) -> Any:
    """``model`` with every fitted vectorizer's ``stop_words_`` removed, which nothing reads after fitting.

    With ``min_df`` a vectorizer keeps every n-gram it dropped as too rare: on our texts more of them
    than it keeps, each written and read one by one by skops (docs/nlu.md, "Session 15").
    scikit-learn documents the attribute as safe to delete before storing. Changes ``model`` itself."""
    for part in _parts(model):
        if hasattr(part, "stop_words_"):
            del part.stop_words_
    return model


def _parts(model: Any) -> list[Any]:
    return [model, *(model.get_params(deep=True).values() if hasattr(model, "get_params") else ())]


@contextmanager
def _vocabularies_as_arrays(model: Any) -> Iterator[Any]:
    """``model`` with each vectorizer's ``vocabulary_`` dict held as two arrays, put back on exit."""
    moved = []
    try:
        for part in _parts(model):
            vocabulary = getattr(part, "vocabulary_", None)
            if isinstance(vocabulary, dict) and vocabulary:
                terms = np.array(list(vocabulary), dtype=str)
                if terms.tolist() != list(vocabulary):  # a term numpy would change (a trailing NUL): keep the dict
                    continue
                setattr(part, TERMS, terms)
                setattr(part, COLUMNS, np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary)))
                del part.vocabulary_
                moved.append((part, vocabulary))
        yield model
    finally:
        for part, vocabulary in moved:
            part.vocabulary_ = vocabulary
            delattr(part, TERMS)
            delattr(part, COLUMNS)


def _vocabularies_as_dicts(model: Any) -> Any:
    """The stored arrays made each vectorizer's ``vocabulary_`` again (a model stored before has it already)."""
    for part in _parts(model):
        if hasattr(part, TERMS):
            part.vocabulary_ = dict(zip(getattr(part, TERMS).tolist(), getattr(part, COLUMNS).tolist(), strict=True))
            delattr(part, TERMS)
            delattr(part, COLUMNS)
    return model


def save(storage: ModelStorage, resource: Resource, file: str, model: Any) -> None:
    import skops.io as sio

    with storage.write_to(resource) as folder, _vocabularies_as_arrays(without_stop_words(model)) as storable:
        sio.dump(storable, Path(folder) / file)


def load(storage: ModelStorage, resource: Resource, file: str, trusted: list[str]) -> Any:
    """The stored pipeline; ``ValueError`` when there is none (trained without examples, or before the
    component stored this file) or it is refused."""
    import skops.io as sio

    with storage.read_from(resource) as folder:
        path = Path(folder) / file
        if not path.is_file():  # a model trained before the component stored this file
            raise ValueError(f"the model has no {file}")
        unknown = sio.get_untrusted_types(file=path)
        if set(unknown) - set(trusted):
            raise ValueError(f"unexpected types in {file}: {unknown}")
        return _vocabularies_as_dicts(sio.load(path, trusted=unknown))


def load_or_none(storage: ModelStorage, resource: Resource, file: str, trusted: list[str], without: str) -> Any:
    """``load``, or ``None`` with a warning saying what the model does ``without`` it."""
    try:
        return load(storage, resource, file, trusted)
    except ValueError as exc:  # no resource (trained without examples) or a refused file
        log.warning("%s not loaded (%s): %s", file, exc, without)
        return None
