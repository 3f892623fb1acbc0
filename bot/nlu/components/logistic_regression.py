"""Rasa's ``LogisticRegressionClassifier`` with the batch's feature matrix built in one step.

Same training, same model, same probabilities (``tests/nlu/test_components.py``
compares it with Rasa's on the same trained weights); only ``_create_X`` is
faster (``bot.nlu.components.features``), which matters on every chat turn and
every classified mail.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from scipy.sparse import csr_matrix

from bot.nlu.components.features import sentence_matrix

__all__ = ["BatchedLogisticRegressionClassifier"]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class BatchedLogisticRegressionClassifier(LogisticRegressionClassifier):  # type: ignore[misc]
    """``LogisticRegressionClassifier`` whose feature matrix is stacked once per batch."""

    def _create_X(self, messages: list[Any]) -> csr_matrix:
        return sentence_matrix(messages, super()._create_X)
