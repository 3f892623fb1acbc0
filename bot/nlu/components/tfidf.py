"""TF-IDF features of a few texts without scikit-learn's per-call overhead.

``TfidfVectorizer.transform`` validates the fitted state and rebuilds the idf
vector from its diagonal matrix on every call: most of its time on one short
text (a chat turn), and as much again as the classifier itself.  ``TfidfFeatures``
keeps the idf vector and applies the same steps - counts, sublinear tf, idf,
l2 norm - in scikit-learn's order, so the features are the vectorizer's own
(``tests/nlu/test_components.py`` compares them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack

__all__ = ["TfidfFeatures", "words_and_chars"]


def words_and_chars(*, words_min_df: int = 1, chars_min_df: int = 1) -> Any:
    """The features our components learn from: TF-IDF of words (1-2) and characters (2-5, within
    words), sublinear, each kept when seen in at least ``*_min_df`` training texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=words_min_df),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=chars_min_df),
    )


class TfidfFeatures:
    """The concatenated features of fitted ``TfidfVectorizer``s (l2 norm, idf, optional sublinear tf)."""

    def __init__(self, vectorizers: list[Any]) -> None:
        from sklearn.feature_extraction.text import CountVectorizer

        for v in vectorizers:
            if v.norm != "l2" or not v.use_idf:
                raise ValueError("only l2-normalised TF-IDF with idf is supported")
        self._count = CountVectorizer.transform  # the counts of the vectorizer's own vocabulary and analyzer
        self._parts = [(v, np.asarray(v.idf_, dtype=np.float64), bool(v.sublinear_tf)) for v in vectorizers]

    def transform(self, texts: list[str]) -> csr_matrix:
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

        blocks = []
        for vectorizer, idf, sublinear in self._parts:
            counts = self._count(vectorizer, texts).astype(np.float64)
            if sublinear:
                np.log(counts.data, out=counts.data)
                counts.data += 1.0
            counts.data *= idf[counts.indices]
            inplace_csr_row_normalize_l2(counts)
            blocks.append(counts)
        return hstack(blocks, format="csr")
