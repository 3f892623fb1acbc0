"""Rasa's ``LogisticRegressionClassifier`` with the batch's feature matrix built in one step.

Same training, same model, same probabilities (``tests/nlu/test_components.py``
compares it with Rasa's on the same trained weights); only the arithmetic's
set-up is faster, which matters on every chat turn and every classified mail,
and its fit, which matters to the 3-minute training limit:

- ``train`` fits the same objective with ``bot.nlu.components.softmax``;

- ``_create_X`` stacks the batch's features once (``bot.nlu.components.features``);
- the weights are kept in column-major order.  scikit-learn's
  ``decision_function`` multiplies the sparse features by ``coef_.T``, and
  SciPy copies a transposed row-major matrix into row-major order first, on
  every call: all the weights (features x intents, 8 bytes each), about a
  third of a millisecond per parse.  Stored column-major, ``coef_.T`` is
  already row-major: the same numbers, multiplied in the same order, no copy.
"""

from __future__ import annotations

from typing import Any, List  # noqa: UP035 - Rasa compares typing.List[Message] with its own

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix

from bot.nlu.components.features import sentence_matrix
from bot.nlu.components.softmax import fit_softmax

__all__ = ["BatchedLogisticRegressionClassifier"]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class BatchedLogisticRegressionClassifier(LogisticRegressionClassifier):  # type: ignore[misc]
    """``LogisticRegressionClassifier`` whose feature matrix is stacked once per batch."""

    def _create_X(self, messages: list[Any]) -> csr_matrix:
        return sentence_matrix(messages, super()._create_X)

    def train(self, training_data: TrainingData) -> Resource:
        features, labels = self._create_training_matrix(training_data)
        if features.shape[0] == 0:  # as Rasa's: nothing to learn
            return self._resource
        fit_softmax(self.clf, features, labels)
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:  # noqa: UP006 - Rasa's graph checks these types
        weights = getattr(self.clf, "coef_", None)
        if weights is not None and not weights.flags.f_contiguous:
            self.clf.coef_ = np.asfortranarray(weights)  # once: coef_.T is then row-major (see above)
        return super().process(messages)  # type: ignore[no-any-return]
