"""The sentence-level feature matrix of a batch of messages, built in one step.

Rasa's ``Message.get_sparse_features`` deep-copies and stacks every
featurizer's sequence *and* sentence features per message, and its
``LogisticRegressionClassifier`` then stacks each message with an empty dense
block: a third of the model process's time on a chat turn went there.  Here
each featurizer's sentence rows are stacked once for the whole batch, in the
order the featurizers ran, which is the same matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from scipy.sparse import csr_matrix, hstack, vstack

__all__ = ["sentence_matrix"]


def _sentence_parts(message: Any) -> list[Any] | None:
    """The message's sparse sentence features per featurizer; None when it has dense ones."""
    parts = []
    for found in message.features:
        if found.attribute != TEXT or found.type != FEATURE_TYPE_SENTENCE:
            continue
        if not found.is_sparse():
            return None
        parts.append(found.features)
    return parts


def sentence_matrix(messages: Sequence[Any], fallback: Any) -> csr_matrix:
    """One row per message; ``fallback(messages)`` (Rasa's own way) when a message does not fit the fast path."""
    rows = [_sentence_parts(m) for m in messages]
    width = len(rows[0]) if rows and rows[0] is not None else 0
    if not rows or width == 0 or any(r is None or len(r) != width for r in rows):
        return fallback(messages)
    columns = [vstack([r[i] for r in rows], format="csr") for i in range(width)]  # type: ignore[index]
    return hstack(columns, format="csr") if width > 1 else columns[0]
