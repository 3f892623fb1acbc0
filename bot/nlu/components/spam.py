"""``SpamDetector``: how likely a message is unsolicited bulk or fraudulent mail, beside its intent.

Spam is not a topic like "a question about cookies": a scam can mention
personal data and a furious customer can write like a scam.  So it is judged on
its own axis, by its own binary classifier, not as one more intent competing
with the requests: trained as an intent, the spam examples moved the request
classifier's boundaries (held-out request macro-F1 0.951 -> 0.948).

Positives are the training examples labelled ``intent`` (``spam``); negatives
are every other example plus the long formal request letters of
``negatives`` (``nlu_letters/letters.jsonl``): without long legitimate texts
among the negatives, every formal letter looked like spam (docs/nlu.md has the
figures).  Features are its own - TF-IDF of words (1-2) and characters (2-5),
sublinear, unit length - so a letter's length does not push its score.

The components after this one see the spam examples as ``downstream_intent``
(``out_of_scope`` in config.yml), or not at all when it is None.  Leaving them
out was as good on the training data's development split (macro-F1 0.917 vs
0.916, missed requests 0.038 vs 0.042) until the intent classifier learnt the
everyday examples (session 10): then "your email won our lottery" read as a
rectification, and 13 of 40 development scams were read as asking for a right,
against 7 with the spam examples as out_of_scope (docs/nlu.md).  Registered as
a featurizer because only tokenizers' and featurizers' ``process_training_data``
feed the classifiers in Rasa's recipe.

At prediction it adds ``spam`` (a probability) to the parse, except for
messages whose metadata says ``no_spam_score`` (the sentences the product
reads apart, whose scores nothing uses); ``bot.nlu.reading`` decides with it
and never lets it silence a request.
Stored with skops (no pickle), loaded only with the types it is known to hold.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.components import fitted
from bot.nlu.components.tfidf import TfidfFeatures, words_and_chars
from bot.nlu.components.whole_message import composed_messages
from bot.nlu.text import normalise

__all__ = ["SPAM_PROPERTY", "SpamDetector"]

SPAM_PROPERTY = "spam"  # the parse's key: P(spam)
SKIP = "no_spam_score"  # a message whose metadata has this key true is not scored (a sentence of a message)
FILE = "spam.skops"
TRUSTED = ["scipy.sparse._csr.csr_matrix"]  # what skops flags in this pipeline; anything else is refused
log = logging.getLogger(__name__)


def _pipeline(config: dict[str, Any]) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        words_and_chars(chars_min_df=2),
        LogisticRegression(C=config["C"], max_iter=config["max_iter"], class_weight="balanced",
                           random_state=config["random_state"]),
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SpamDetector(GraphComponent):  # type: ignore[misc]  # rasa is untyped
    """P(spam) for every message, from its own features of the text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intent": "spam", "downstream_intent": None, "negatives": "nlu_letters/letters.jsonl",
                "C": 10.0, "max_iter": 3000, "random_state": 20261206}

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource, model: Any = None) -> None:
        self._config, self._storage, self._resource = config, storage, resource
        self._parts: tuple[TfidfFeatures, Any, float] | None = None
        if model is not None:
            # Scored by hand from the fitted parts: the pipeline's FeatureUnion goes through joblib
            # and sklearn's input checks on every call, most of this component's time on a chat turn.
            union, classifier = model.steps[0][1], model.steps[-1][1]
            self._parts = (TfidfFeatures([v for _, v in union.transformer_list]), classifier.coef_[0],
                           float(classifier.intercept_[0]))

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the composed negatives change, not only the config."""
        return fitted.files_fingerprint([{**cls.get_default_config(), **config}["negatives"]])

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SpamDetector:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> SpamDetector:
        model = fitted.load_or_none(model_storage, resource, FILE, TRUSTED, without="no message is scored")
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.training_examples if m.get(INTENT) and m.get(TEXT)]
        labels = [m.get(INTENT) == self._config["intent"] for m in examples]
        if not any(labels):
            log.warning("no %r examples: the spam detector stays untrained", self._config["intent"])
            return self._resource
        extra, _ = composed_messages(self._config["negatives"], nothing_asked="")
        model = _pipeline(self._config)
        model.fit([normalise(m.get(TEXT)) for m in examples] + [normalise(t) for t in extra], labels + [False] * len(extra))
        fitted.save(self._storage, self._resource, FILE, model)
        return self._resource

    def scores(self, texts: list[str]) -> Any:
        """P(spam) of each text: what the pipeline's ``predict_proba`` gives, without its overhead."""
        assert self._parts is not None
        features_of, weights, bias = self._parts
        features = features_of.transform([normalise(t) for t in texts])
        return 1.0 / (1.0 + np.exp(-(features @ weights + bias)))

    def process(self, messages: list[Message]) -> list[Message]:
        wanted = [m for m in messages if not (m.get("metadata") or {}).get(SKIP)]
        if self._parts is None or not wanted:
            return messages
        scores = self.scores([m.get(TEXT) or "" for m in wanted])
        for message, score in zip(wanted, scores, strict=True):
            message.set(SPAM_PROPERTY, round(float(score), 4), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The same data, its spam examples relabelled (or, with no ``downstream_intent``, left out)
        for the components after this one."""
        spam, downstream = self._config["intent"], self._config["downstream_intent"]
        if downstream is None:
            return training_data.filter_training_examples(lambda m: m.get(INTENT) != spam)
        relabelled = [
            Message(data={**m.data, INTENT: downstream}, output_properties=m.output_properties, features=m.features)
            if m.get(INTENT) == spam else m
            for m in training_data.training_examples
        ]
        return TrainingData(relabelled, training_data.entity_synonyms, training_data.regex_features,
                            training_data.lookup_tables, training_data.responses)
