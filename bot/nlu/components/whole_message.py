"""``WholeMessageClassifier``: which rights a whole message asks for, read from the whole text at once.

A sentence-by-sentence reading turns every right a letter *mentions* into a
request: a formal access letter lists what article 15 entitles the writer to,
cites article 17 and threatens a complaint.  Read as one bag of words and
character n-grams, trained on whole messages, the same letter is what it asks
for: on ``nlu_dev/`` this reading got the exact request set of 86 % of the
letters, against 29 % for the sentence reading (docs/nlu.md, "Session 8").

Training messages are the intent examples of ``nlu_data/`` (the spam examples
are taken out by ``SpamDetector`` before this component), the Rasa training
files of ``extra_data`` (``nlu_data_next/``: the other rights, legal
boilerplate, indirect requests - data the intent classifier is not trained on,
because on short messages it lowered that classifier's held-out figures), and
the composed whole messages of ``letters`` (``nlu_letters/letters.jsonl``:
letters and short messages with identity details, labelled with the rights
they ask for; those that ask nothing are labelled ``nothing_asked``; and, since
session 14, letters written freely by helper sessions, ``long_letters``: the
ranking and the letters' per-right models learn them, the features and the short
messages' per-right models do not, so short messages are checked as before).  Features: TF-IDF of
words (1-2) and characters (2-5, within words) seen in at least ``min_df``
training texts (2: as good on ``nlu_dev/``, 40 % faster to train), sublinear; one multinomial
logistic regression over the labels, multi-intents included; and, on the same features, one
binary logistic regression per right ("does the message ask for it?", positive for every label
that names it).  The multinomial spreads a right over many labels and reads a right it mentions
as asked when the sum reaches the limit; the per-right models learn each right from all its
examples at once, and the reading uses them as a check (docs/nlu.md, "Session 11").  They also read
each text without the clauses that decline, thank for, refer to, state or defer a right
(``bot.nlu.asking``): the words of a right thanked for are not an ask; the reading's setting
``asked_scope`` says where that reading counts (docs/nlu.md, "Session 12"), and only a text whose
metadata says ``ASKED`` is read so: with the setting off it costs nothing (about 9 % of classify).

At prediction it adds ``message_ranking`` (every label with its probability,
best first) and ``message_rights`` (each right's own probability) to the parse
of a whole message; a text whose metadata says ``UNRANKED`` (a sentence the
product reads apart) is not scored.
``bot.nlu.reading`` turns the ranking into rights (strategies ``letters`` and ``message``).
Stored with skops (no pickle), loaded only with the types it is known to hold.
"""

from __future__ import annotations

import json
import logging
import warnings
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.exceptions import ConvergenceWarning

from bot.config import PROJECT_ROOT
from bot.nlu import intents
from bot.nlu.asking import split_asked
from bot.nlu.components import fitted
from bot.nlu.components.softmax import fit_softmax
from bot.nlu.components.tfidf import TfidfFeatures, words_and_chars
from bot.nlu.text import normalise

__all__ = ["ASKED", "ASKED_RIGHTS_PROPERTY", "RANKING_PROPERTY", "RIGHTS_PROPERTY", "SHORT_RIGHTS_PROPERTY", "UNASKED_PROPERTY", "UNRANKED", "WholeMessageClassifier", "composed_messages", "extra_examples", "letter_files"]

RANKING_PROPERTY = "message_ranking"  # the parse's key: [[label, probability], ...], best first
RIGHTS_PROPERTY = "message_rights"  # the parse's key: {right: probability} from the per-right models
ASKED_RIGHTS_PROPERTY = "message_rights_asked"  # the parse's key: the same, on the text without the clauses below
SHORT_RIGHTS_PROPERTY = "message_rights_short"  # the parse's key: the same, from the models that learnt no ``long_letters``
UNASKED_PROPERTY = "message_unasked"  # the parse's key: why those clauses were left out (bot.nlu.asking)
UNRANKED = "no_message_ranking"  # metadata key: not scored here (a sentence the product reads apart)
ASKED = "read_asked_part"  # metadata key: also read without the clauses that ask nothing (asked_scope on)
FILE = "whole_message.skops"
RIGHTS_FILE = "whole_message_rights.skops"
SHORT_RIGHTS_FILE = "whole_message_rights_short.skops"
TRUSTED = ["scipy.sparse._csr.csr_matrix"]  # what skops flags in this pipeline; anything else is refused
RIGHTS_TRUSTED: list[str] = []  # the per-right models hold only types skops trusts by default
log = logging.getLogger(__name__)


def _pipeline(config: dict[str, Any]) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        words_and_chars(words_min_df=config["min_df"], chars_min_df=config["min_df"]),
        LogisticRegression(C=config["C"], max_iter=config["max_iter"], random_state=config["random_state"]),
    )


def _per_right(config: dict[str, Any]) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    return OneVsRestClassifier(LogisticRegression(C=config["C"], max_iter=config["rights_max_iter"],
                                                  random_state=config["random_state"]))


def _weights(per_right: Any) -> tuple[Any, Any] | None:
    """Fitted per-right models as (features x rights weights, intercepts), or None.

    (A right with no training example gets a constant predictor instead: no check then.)"""
    if per_right is None or not all(hasattr(e, "coef_") for e in per_right.estimators_):
        return None
    return (np.ascontiguousarray(np.column_stack([e.coef_[0] for e in per_right.estimators_])),
            np.array([e.intercept_[0] for e in per_right.estimators_]))


def right_indicators(labels: list[str]) -> np.ndarray[Any, np.dtype[np.int8]]:
    """One column per right (``intents.ALL_RIGHTS`` order): 1 where the label names it."""
    return np.array([[right in intents.rights_in(label) for right in intents.ALL_RIGHTS] for label in labels], dtype=np.int8)


def extra_examples(paths: list[str]) -> tuple[list[str], list[str]]:
    """Intent examples of Rasa training files this component learns from and the intent classifier does not."""
    from rasa.shared.nlu.training_data.loading import load_data

    texts, labels = [], []
    for path in paths:
        for example in load_data(str(PROJECT_ROOT / path)).intent_examples:
            texts.append(example.get(TEXT))
            labels.append(example.get(INTENT))
    return texts, labels


def letter_files(option: str | list[str] | None) -> list[str]:
    """The ``letters`` option as a list: one file (the composed letters) or several (and the written ones)."""
    if not option:
        return []
    return [option] if isinstance(option, str) else list(option)


def composed_messages(paths: str | list[str] | None, nothing_asked: str) -> tuple[list[str], list[str]]:
    """The whole messages of the ``letters`` files and their labels: the rights each asks for, as one (multi-)intent."""
    texts, labels = [], []
    for path in letter_files(paths):
        with (PROJECT_ROOT / path).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    item = json.loads(line)
                    rights = [*item.get("requests", ()), *item.get("other_rights", ())]
                    texts.append(item["text"])
                    labels.append(intents.intent_for_rights(rights) if rights else nothing_asked)
    return texts, labels


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class WholeMessageClassifier(GraphComponent):  # type: ignore[misc]  # rasa is untyped
    """A ranking of the intent labels for each whole message, from its own features of the text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # max_iter 100 stops L-BFGS before it converges (about 180 iterations on session 10's data):
        # the same figures on every development set, in 60 % of the time (docs/nlu.md, "Session 10").
        # long_letters: of the letters files, those the short messages' per-right models do not learn
        # from; the letters' own per-right models and the ranking do (docs/nlu.md, "Session 14").
        return {"letters": "nlu_letters/letters.jsonl", "long_letters": [], "nothing_asked": "out_of_scope", "extra_data": [],
                "C": 10.0, "max_iter": 100, "rights_max_iter": 200, "min_df": 2, "random_state": 20261207}

    def __init__(self, config: dict[str, Any], storage: ModelStorage, resource: Resource, model: Any = None,
                 per_right: Any = None, per_right_short: Any = None) -> None:
        self._config, self._storage, self._resource = config, storage, resource
        self._parts: tuple[TfidfFeatures, Any, Any, list[str]] | None = None
        self._rights = _weights(per_right)  # (features x rights weights, intercepts)
        self._short_rights = _weights(per_right_short) if self._rights is not None else None
        if model is not None:
            # Scored by hand from the fitted parts (a softmax over one product), without the
            # pipeline's per-call input checks (bot.nlu.components.tfidf); the weights are kept
            # (features x labels) row-major so that SciPy does not copy them on every call.
            union, regression = model.steps[0][1], model.steps[-1][1]
            coef, bias = regression.coef_, regression.intercept_
            if coef.shape[0] == 1:  # two labels: one logit for the second; a softmax over (0, logit) is its sigmoid
                coef, bias = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], bias])
            self._parts = (TfidfFeatures([v for _, v in union.transformer_list]), np.ascontiguousarray(coef.T),
                           bias, [str(c) for c in regression.classes_])

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the extra files or the composed letters change, not only the config."""
        options = {**cls.get_default_config(), **config}
        return fitted.files_fingerprint([*options["extra_data"], *letter_files(options["letters"])])

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> WholeMessageClassifier:
        stray = set(letter_files(config.get("long_letters"))) - set(letter_files(config.get("letters")))
        if stray:  # else they would be learnt by nothing, silently
            raise ValueError(f"long_letters must also be listed under letters: {', '.join(sorted(stray))}")
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> WholeMessageClassifier:
        model = fitted.load_or_none(model_storage, resource, FILE, TRUSTED, without="messages are read by sentences")
        per_right = fitted.load_or_none(model_storage, resource, RIGHTS_FILE, RIGHTS_TRUSTED,
                                        without="rights are read without their own check") if model is not None else None
        short = (fitted.load_or_none(model_storage, resource, SHORT_RIGHTS_FILE, RIGHTS_TRUSTED,
                                     without="short messages are checked by the letters' per-right models")
                 if per_right is not None and config.get("long_letters") else None)
        return cls(config, model_storage, resource, model, per_right, short)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        if not examples:
            log.warning("no intent examples: the whole-message classifier stays untrained")
            return self._resource
        texts = [m.get(TEXT) for m in examples]
        labels = [m.get(INTENT) for m in examples]
        long_only = set(letter_files(self._config["long_letters"]))
        short_rows = [True] * len(texts)  # the rows the short messages' per-right models learn from
        more = [(extra_examples(self._config["extra_data"]), False)]
        more += [(composed_messages(path, self._config["nothing_asked"]), path in long_only)
                 for path in letter_files(self._config["letters"])]
        for (more_texts, more_labels), long in more:
            texts += more_texts
            labels += more_labels
            short_rows += [not long] * len(more_texts)
        model, per_right = _pipeline(self._config), _per_right(self._config)
        per_right_short = _per_right(self._config) if long_only else None
        with warnings.catch_warnings():
            # Stopping early is the setting (get_default_config), not a failure worth a warning.
            warnings.simplefilter("ignore", ConvergenceWarning)
            cleaned = [normalise(t) for t in texts]
            # The features are fitted without the ``long_letters`` (vocabulary and IDF): else the short
            # messages' per-right models, which do not learn those letters, would still see other
            # features because of them (docs/nlu.md, "Session 14").
            union = model.steps[0][1]
            if long_only:
                union.fit([t for t, short in zip(cleaned, short_rows, strict=True) if short])
                features = union.transform(cleaned)
            else:
                features = union.fit_transform(cleaned)  # once, for both models
            fit_softmax(model.steps[-1][1], features, labels)  # model.steps[-1][1].fit's objective, faster
            # Trained on whole texts: trained on the asked parts (``ASKED``) they read the
            # development sets no better (docs/nlu.md, "Session 12").
            indicators = right_indicators(labels)
            per_right.fit(features, indicators)
            if per_right_short is not None:
                keep = np.flatnonzero(short_rows)
                per_right_short.fit(features[keep], indicators[keep])
        fitted.save(self._storage, self._resource, FILE, model)
        fitted.save(self._storage, self._resource, RIGHTS_FILE, per_right)
        if per_right_short is not None:
            fitted.save(self._storage, self._resource, SHORT_RIGHTS_FILE, per_right_short)
        return self._resource

    def rankings(self, texts: list[str]) -> list[list[tuple[str, float]]]:
        """Each text's labels with their probabilities, best first (what ``predict_proba`` gives)."""
        return self.scores(texts)[0]

    def scores(self, texts: list[str]) -> tuple[list[list[tuple[str, float]]], list[dict[str, float]]]:
        """Each text's ranking (``rankings``) and its rights' own probabilities (empty without per-right models)."""
        ranked, rights, _, _, _ = self.read(texts)
        return ranked, rights

    def read(self, texts: list[str], asked: list[bool] | None = None) -> tuple[list[list[tuple[str, float]]], list[dict[str, float]],
                                              list[dict[str, float]], list[tuple[str, ...]], list[dict[str, float]]]:
        """``scores``; for each text ``asked`` marks that declines, thanks for, refers to, states or
        defers a right its rights' own probabilities without those clauses and why they were left
        out (``bot.nlu.asking``; empty for the others); and each text's rights' probabilities from the
        short messages' per-right models (empty without ``long_letters``)."""
        assert self._parts is not None
        features_of, weights, bias, labels = self._parts
        cleaned = [normalise(t) for t in texts]
        features = features_of.transform(cleaned)
        rights: list[dict[str, float]] = [{} for _ in texts]
        asked_rights: list[dict[str, float]] = [{} for _ in texts]
        unasked: list[tuple[str, ...]] = [() for _ in texts]
        short: list[dict[str, float]] = [{} for _ in texts]
        if self._short_rights is not None:
            short = self._own(features, *self._short_rights)
        if self._rights is not None:
            weights_r, bias_r = self._rights
            rights = self._own(features, weights_r, bias_r)
            if asked and any(asked):
                split = [split_asked(t) if a else (t, ()) for t, a in zip(cleaned, asked, strict=True)]
                changed = [i for i, (_, reasons) in enumerate(split) if reasons]
                if changed:
                    again = self._own(features_of.transform([split[i][0] for i in changed]), weights_r, bias_r)
                    for i, own in zip(changed, again, strict=True):
                        asked_rights[i], unasked[i] = own, split[i][1]
        scores = np.asarray(features @ weights) + bias
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        order = np.argsort(-probabilities, axis=1, kind="stable")
        ranked = [[(labels[j], round(float(row[j]), 4)) for j in best] for row, best in zip(probabilities, order, strict=True)]
        return ranked, rights, asked_rights, unasked, short

    @staticmethod
    def _own(features: Any, weights: Any, bias: Any) -> list[dict[str, float]]:
        """Each right's probability from its own model, for each row of ``features``."""
        logits = np.asarray(features @ weights) + bias
        return [{r: round(float(p), 4) for r, p in zip(intents.ALL_RIGHTS, row, strict=True)}
                for row in 1.0 / (1.0 + np.exp(-logits))]

    def process(self, messages: list[Message]) -> list[Message]:
        wanted = [m for m in messages if not (m.get("metadata") or {}).get(UNRANKED)]
        if self._parts is None or not wanted:
            return messages
        rankings, rights, asked_rights, unasked, short_rights = self.read(
            [m.get(TEXT) or "" for m in wanted], [bool((m.get("metadata") or {}).get(ASKED)) for m in wanted])
        for message, ranking, own, asked, reasons, short in zip(wanted, rankings, rights, asked_rights, unasked,
                                                                 short_rights, strict=True):
            message.set(RANKING_PROPERTY, [[label, p] for label, p in ranking if p >= 0.0001], add_to_output=True)
            if own:
                message.set(RIGHTS_PROPERTY, own, add_to_output=True)
            if short:
                message.set(SHORT_RIGHTS_PROPERTY, short, add_to_output=True)
            if asked:
                message.set(ASKED_RIGHTS_PROPERTY, asked, add_to_output=True)
                message.set(UNASKED_PROPERTY, list(reasons), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
