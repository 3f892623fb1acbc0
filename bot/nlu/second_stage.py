"""The second stage: which rights a whole message asks for, from its sentence-level scores.

The Rasa model scores the whole message and each sentence (``bot.nlu.model``).
A letter cites, lists and describes many rights and asks for one or two, so
uniting the sentences' rights over-reads it.  This stage turns the parses of
one message into a few numbers per right (the whole message's marginal; the
highest sentence marginal, overall, in sentences that ask in the first person
or the imperative, and in sentences that cite or list; how many sentences name
the right and where the first one is; how much of the message is boilerplate)
and a logistic regression per right, trained on whole messages written for
training (``nlu_letters/``), says whether that right is asked.

It is stored next to the Rasa model as plain JSON (``<model>.stage2.json``:
weights, no pickles), trained by ``bot.nlu.train`` in the same step.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.nlu import intents
from bot.nlu.model import Parse

__all__ = ["MAX_SENTENCES", "SecondStage", "feature_names", "features", "stage_path"]

MAX_SENTENCES = 40  # sentences of a message scored (a letter's ask may come after a long list)

# A sentence that asks: first person with a request verb, a polite or bare imperative.
_ASK = re.compile(
    r"\b(?:i\s+(?:hereby\s+)?(?:request|ask|want|would like|object|withdraw|demand|require|no longer|contest|am withdrawing|am writing to request)"
    r"|please|kindly|could you|can you|would you|stop|delete|send|remove|unsubscribe|take me off|transfer|export|correct|update|change"
    r"|jeg\s+(?:ber|krever|vil|ønsker|trekker|protesterer|motsetter|samtykker ikke|bestrider|handler ikke)"
    r"|eg\s+(?:ber|krev|vil|ønskjer|trekkjer|protesterer|set meg|samtykkjer ikkje|bestrid|handlar ikkje)"
    r"|med dette|vennligst|ver venleg|kan (?:dere|de)|send|slett|stopp|slutt|fjern|meld meg av|ta meg av|overfør|rett|endre|oppdater|avslutt|behold|ikke bruk|ikkje bruk)\b",
    re.IGNORECASE,
)
# A sentence that cites, lists, defers or declines.
_MENTION = re.compile(
    r"(?:\b(?:article|artikkel|art\.)\s*\d+|\bright to\b|\brett(?:en)? til\b|\brett på\b|reserve the right|forbeholder|atterhald"
    r"|held fast på retten|^\s*(?:\(?[a-h]\)|-\s)|\bmay later\b|\bmay (?:ask|object|decide)\b|kan komme til|kan kome til|\bsenere\b|\bseinare\b"
    r"|not asking|ber ikke|ber ikkje|still want|fortsatt ha|framleis ha|whether|om det|om dere|om de\b|existence of|the right|retten)",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:i|my|me|jeg|meg|min|mine|mitt|eg|mi)\b", re.IGNORECASE)

_RIGHT_NAMES = intents.ALL_RIGHTS
_PER_RIGHT = ("whole", "max", "max_ask", "max_plain", "max_mention", "mean", "named_share", "named_ask",
              "first_pos", "max_boiler", "whole_top")
_GLOBAL = ("sentences_log", "boiler_share", "ask_share", "mention_share", "whole_question", "whole_request",
           "others_max", "long")


def feature_names() -> list[str]:
    return [*_PER_RIGHT, *_GLOBAL, *(f"is_{r}" for r in _RIGHT_NAMES)]


def _marginals(parse: Parse) -> dict[str, float]:
    out: dict[str, float] = {}
    for label, confidence in parse.ranking:
        for right in intents.rights_in(label):
            out[right] = out.get(right, 0.0) + confidence
    return out


def features(whole: Parse, sentences: Sequence[Parse], texts: Sequence[str]) -> list[list[float]]:
    """One row per right (``intents.ALL_RIGHTS`` order), columns as ``feature_names()``."""
    wm = _marginals(whole)
    sm = [_marginals(s) for s in sentences]
    n = len(sentences)
    ask = [bool(_ASK.search(t)) for t in texts]
    mention = [bool(_MENTION.search(t)) for t in texts]
    boiler = [s.intent == intents.BOILERPLATE_INTENT for s in sentences]
    whole_question = sum(c for label, c in whole.ranking if label in intents.QUESTION_SECTIONS)
    whole_request = sum(c for label, c in whole.ranking if intents.rights_in(label))
    rows: list[list[float]] = []
    best_by_right = {r: max([m.get(r, 0.0) for m in sm], default=wm.get(r, 0.0)) for r in _RIGHT_NAMES}
    for right in _RIGHT_NAMES:
        values = [m.get(right, 0.0) for m in sm]
        if not values:  # a one-sentence message: the whole message is its only sentence
            values, ask_s, mention_s, boiler_s = [wm.get(right, 0.0)], [True], [False], [whole.intent == intents.BOILERPLATE_INTENT]
            named = [right in intents.rights_in(whole.intent)]
        else:
            ask_s, mention_s, boiler_s = ask, mention, boiler
            named = [right in intents.rights_in(s.intent) and s.confidence >= 0.4 for s in sentences]
        k = len(values)
        first = next((i for i, v in enumerate(values) if v >= 0.5), None)
        rows.append([
            wm.get(right, 0.0),
            max(values),
            max([v for v, a, m in zip(values, ask_s, mention_s, strict=True) if a and not m], default=0.0),
            max([v for v, m in zip(values, mention_s, strict=True) if not m], default=0.0),
            max([v for v, m in zip(values, mention_s, strict=True) if m], default=0.0),
            sum(values) / k,
            sum(named) / k,
            float(any(nm and a and not m for nm, a, m in zip(named, ask_s, mention_s, strict=True))),
            1.0 if first is None else first / k,
            max([v for v, b in zip(values, boiler_s, strict=True) if b], default=0.0),
            float(right in intents.rights_in(whole.intent)),
        ])
    others = [max(v for r2, v in best_by_right.items() if r2 != r) for r in _RIGHT_NAMES]
    glob = [
        math.log1p(n),
        sum(boiler) / n if n else float(whole.intent == intents.BOILERPLATE_INTENT),
        sum(ask) / n if n else 1.0,
        sum(mention) / n if n else 0.0,
        whole_question,
        whole_request,
    ]
    out = []
    for i, row in enumerate(rows):
        onehot = [float(i == j) for j in range(len(_RIGHT_NAMES))]
        out.append([*row, *glob, others[i], float(n >= 6), *onehot])
    return out


def stage_path(model_path: Path) -> Path:
    """Where the second stage of ``models/nlu-<hash>.tar.gz`` lives."""
    return model_path.with_name(model_path.name.removesuffix(".tar.gz") + ".stage2.json")


@dataclass(frozen=True)
class SecondStage:
    """A logistic regression per right over ``features()``; ``threshold`` decides."""

    weights: dict[str, list[float]]  # right -> coefficients (same order as feature_names())
    bias: dict[str, float]
    mean: list[float]
    scale: list[float]
    threshold: float = 0.5
    max_sentences: int = MAX_SENTENCES

    def probabilities(self, whole: Parse, sentences: Sequence[Parse], texts: Sequence[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for right, row in zip(_RIGHT_NAMES, features(whole, sentences, texts), strict=True):
            z = self.bias[right] + sum(
                w * (x - m) / s for w, x, m, s in zip(self.weights[right], row, self.mean, self.scale, strict=True)
            )
            out[right] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def rights(self, whole: Parse, sentences: Sequence[Parse], texts: Sequence[str]) -> tuple[str, ...]:
        p = self.probabilities(whole, sentences, texts)
        return tuple(r for r in _RIGHT_NAMES if p[r] >= self.threshold)

    def to_json(self) -> dict[str, Any]:
        return {"features": feature_names(), "weights": self.weights, "bias": self.bias, "mean": self.mean,
                "scale": self.scale, "threshold": self.threshold, "max_sentences": self.max_sentences}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SecondStage | None:
        """The stored stage, or None when there is none or it was made for other features."""
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("features") != feature_names():
            return None
        return cls(weights=data["weights"], bias=data["bias"], mean=data["mean"], scale=data["scale"],
                   threshold=float(data["threshold"]), max_sentences=int(data.get("max_sentences", MAX_SENTENCES)))

    @classmethod
    def fit(cls, rows: list[list[list[float]]], labels: list[set[str]], *, c: float = 1.0, pooled: bool = True,
            threshold: float = 0.5, max_sentences: int = MAX_SENTENCES, balanced: bool = False,
            seed: int = 20261124) -> SecondStage:
        """Train on messages' feature rows and their asked rights (scikit-learn, standardised features)."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        x = np.array([row for message in rows for row in message], dtype=float)
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale == 0] = 1.0
        xs = (x - mean) / scale
        y_all = np.array([[r in asked for r in _RIGHT_NAMES] for asked in labels], dtype=int)
        weights: dict[str, list[float]] = {}
        bias: dict[str, float] = {}
        k = len(_RIGHT_NAMES)
        if pooled:
            model = LogisticRegression(C=c, max_iter=2000, random_state=seed).fit(xs, y_all.reshape(-1))
            for right in _RIGHT_NAMES:
                weights[right] = [float(w) for w in model.coef_[0]]
                bias[right] = float(model.intercept_[0])
        else:
            for j, right in enumerate(_RIGHT_NAMES):
                xj, yj = xs[j::k], y_all[:, j]
                model = LogisticRegression(C=c, max_iter=2000, random_state=seed, class_weight="balanced" if balanced else None).fit(xj, yj)
                weights[right] = [float(w) for w in model.coef_[0]]
                bias[right] = float(model.intercept_[0])
        return cls(weights=weights, bias=bias, mean=[float(v) for v in mean], scale=[float(v) for v in scale],
                   threshold=threshold, max_sentences=max_sentences)
