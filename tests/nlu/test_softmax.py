"""``fit_softmax`` fits what ``LogisticRegression.fit`` fits: the same objective, weights and probabilities."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from bot.nlu.components.softmax import fit_softmax


def _data(labels: int, seed: int = 7) -> tuple[sparse.csr_matrix, list[str]]:
    """Sparse, skewed features with a signal per label, and uneven label counts (as intents have)."""
    rng = np.random.default_rng(seed)
    n, d = 600, 900
    y = rng.choice(labels, size=n, p=np.arange(1, labels + 1) / np.arange(1, labels + 1).sum())
    rows = np.repeat(np.arange(n), 12)
    cols = (rng.zipf(1.4, n * 12) + 37 * np.repeat(y, 12)) % d
    features = sparse.csr_matrix((rng.random(n * 12), (rows, cols)), shape=(n, d))
    return features, [f"intent_{i:02d}" for i in y]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("class_weight", [None, "balanced"])
@pytest.mark.parametrize("max_iter", [15, 1000])  # stopped early (as the ranking is) and converged
def test_the_fit_is_scikit_learns(class_weight, max_iter):
    features, labels = _data(labels=9)
    reference = LogisticRegression(C=10.0, max_iter=max_iter, class_weight=class_weight).fit(features, labels)
    ours = fit_softmax(LogisticRegression(C=10.0, max_iter=max_iter, class_weight=class_weight), features, labels)
    assert list(ours.classes_) == list(reference.classes_)
    assert ours.coef_.shape == reference.coef_.shape and ours.intercept_.shape == reference.intercept_.shape
    np.testing.assert_allclose(ours.coef_, reference.coef_, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, reference.intercept_, atol=1e-6)
    np.testing.assert_allclose(ours.predict_proba(features), reference.predict_proba(features), atol=1e-7)
    assert ours.n_iter_.tolist() == reference.n_iter_.tolist()
    assert ours.n_features_in_ == reference.n_features_in_


def test_the_weighting_matters():
    """The balanced fit differs from the unweighted one: the comparison above can tell them apart."""
    features, labels = _data(labels=9)
    plain = fit_softmax(LogisticRegression(C=10.0, max_iter=1000), features, labels)
    balanced = fit_softmax(LogisticRegression(C=10.0, max_iter=1000, class_weight="balanced"), features, labels)
    assert np.abs(plain.coef_ - balanced.coef_).max() > 1e-3


def test_two_labels_are_fitted_by_scikit_learn():
    features, labels = _data(labels=2)
    ours = fit_softmax(LogisticRegression(C=10.0, max_iter=1000), features, labels)
    assert ours.coef_.shape == (1, features.shape[1])
    np.testing.assert_allclose(ours.coef_, LogisticRegression(C=10.0, max_iter=1000).fit(features, labels).coef_)


@pytest.mark.parametrize("setting", [{"penalty": "l1", "solver": "saga"}, {"solver": "newton-cg"}, {"fit_intercept": False},
                                     {"class_weight": {"intent_00": 2.0}}, {"multi_class": "ovr"}, {"warm_start": True}])
def test_other_settings_are_refused_not_fitted_otherwise(setting):
    features, labels = _data(labels=4)
    with pytest.raises(ValueError, match="fit_softmax fits only"):
        fit_softmax(LogisticRegression(**setting), features, labels)


def test_an_early_stop_is_reported_as_scikit_learn_reports_it():
    features, labels = _data(labels=5)
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(max_iter=3).fit(features, labels)
    with pytest.warns(ConvergenceWarning):
        assert fit_softmax(LogisticRegression(max_iter=3), features, labels).n_iter_.tolist() == [3]
