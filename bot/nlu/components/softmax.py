"""Multinomial logistic regression fitted on the objective scikit-learn's ``lbfgs`` solver minimises, faster.

Why: the whole-message ranking's fit was the largest part of model training (110 s of
about 265 s on 2 cores, session 16), and training must stay under 3 minutes.  Its time
goes to two sparse products per step.  scikit-learn 1.1 (pinned by Rasa) computes the
gradient as ``dense @ X``; SciPy runs that through ``X.T`` in CSC form, 4x slower than
the same product from a CSR copy of ``X.T`` made once.  The scores ``X @ W`` spend their
time waiting on memory; they are summed over blocks of features, one per thread (SciPy
releases the GIL), each reading a CSC block of ``X`` and its own rows of the weights.

Nothing else differs: the same loss (scikit-learn's ``HalfMultinomialLoss``, summed, plus
``0.5 / C`` times the squared weights), starting point (zeros), optimiser (SciPy's
L-BFGS-B with scikit-learn's options) and fitted attributes, so the returned
``LogisticRegression`` is stored, loaded and used like one fitted by ``fit``.
``tests/nlu/test_softmax.py`` compares the two.
"""

from __future__ import annotations

import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from scipy import optimize, sparse

__all__ = ["fit_softmax"]


class _Objective:
    """scikit-learn's multinomial loss and gradient at ``coef`` (its layout: the classes x features+1
    matrix raveled in Fortran order), with the products made as the module docstring says."""

    def __init__(self, rows: Any, target: Any, sample_weight: Any, n_classes: int, strength: float,
                 pool: ThreadPoolExecutor, threads: int) -> None:
        from sklearn._loss.loss import HalfMultinomialLoss

        n_features = rows.shape[1]
        self._columns = rows.T.tocsr()  # the gradient's product, from rows: made once
        step = -(-n_features // threads)
        # X's columns a:b as CSC, with a and b: one block of the scores' product per thread
        self._blocks = [(self._columns[a:a + step].T.tocsc(), a, a + step) for a in range(0, n_features, step)]
        self._loss = HalfMultinomialLoss(n_classes=n_classes)
        self._target, self._sample_weight, self._strength = target, sample_weight, strength
        self._shape, self._pool, self._threads = (n_classes, n_features + 1), pool, threads

    def __call__(self, coef: np.ndarray[Any, Any]) -> tuple[float, np.ndarray[Any, Any]]:
        weights_and_intercept = coef.reshape(self._shape, order="F")
        weights, intercept = weights_and_intercept[:, :-1], weights_and_intercept[:, -1]
        by_feature = np.ascontiguousarray(weights.T)
        raw = sum(self._pool.map(lambda block: block[0] @ by_feature[block[1]:block[2]], self._blocks)) + intercept
        per_sample, gradient_per_sample = self._loss.loss_gradient(
            y_true=self._target, raw_prediction=raw, sample_weight=self._sample_weight, n_threads=self._threads)
        value = float(per_sample.sum()) + 0.5 * self._strength * float(np.vdot(weights, weights))
        gradient = np.empty(self._shape, order="F")
        gradient[:, :-1] = (self._columns @ gradient_per_sample).T + self._strength * weights
        gradient[:, -1] = gradient_per_sample.sum(axis=0)
        return value, gradient.ravel(order="F")


def _check_settings(params: dict[str, Any]) -> None:
    expected = {"penalty": "l2", "solver": "lbfgs", "fit_intercept": True, "multi_class": "auto", "warm_start": False}
    unsupported = {k: params[k] for k, v in expected.items() if params[k] != v}
    if params["class_weight"] not in (None, "balanced"):
        unsupported["class_weight"] = params["class_weight"]
    if unsupported:
        raise ValueError(f"fit_softmax fits only {expected}; got {unsupported}")


def fit_softmax(estimator: Any, features: Any, labels: list[str], *, threads: int = 2) -> Any:
    """``estimator.fit(features, labels)`` for an l2, ``lbfgs``, multinomial ``LogisticRegression`` with an
    intercept and ``class_weight`` None or "balanced" (Rasa's intent classifier sets it).

    Two labels (a binary model: one row of weights) are left to ``estimator.fit``.
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.preprocessing import LabelEncoder
    from sklearn.utils.class_weight import compute_class_weight

    params = estimator.get_params()
    _check_settings(params)
    encoder = LabelEncoder()
    target = encoder.fit_transform(labels).astype(np.float64)
    n_classes = len(encoder.classes_)
    if n_classes < 3:
        return estimator.fit(features, labels)
    rows = sparse.csr_matrix(features, dtype=np.float64)
    n_samples, n_features = rows.shape
    sample_weight = np.ones(n_samples)
    if params["class_weight"] == "balanced":  # as scikit-learn weighs the samples
        sample_weight *= compute_class_weight("balanced", classes=encoder.classes_, y=labels)[target.astype(int)]
    with ThreadPoolExecutor(threads) as pool:
        objective = _Objective(rows, target, sample_weight, n_classes, 1.0 / params["C"], pool, threads)
        result = optimize.minimize(
            objective, np.zeros(n_classes * (n_features + 1)), method="L-BFGS-B", jac=True,
            options={"iprint": -1, "gtol": params["tol"], "maxiter": params["max_iter"]})
    if not result.success:  # as scikit-learn reports it (the whole-message component silences it: a setting)
        warnings.warn(f"lbfgs stopped before converging: {result.message}", ConvergenceWarning, stacklevel=2)
    fitted = result.x.reshape((n_classes, -1), order="F")
    estimator.classes_ = encoder.classes_
    estimator.coef_ = np.ascontiguousarray(fitted[:, :-1])
    estimator.intercept_ = fitted[:, -1].copy()
    estimator.n_iter_ = np.array([min(result.nit, params["max_iter"])], dtype=np.int32)
    estimator.n_features_in_ = n_features
    return estimator
