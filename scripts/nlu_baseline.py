"""The plain peer the understanding layer must beat: whole-message TF-IDF + logistic regression.

Trained in the same run on the same data as the pipeline: ``nlu_data/`` (Rasa's
own reader, so the examples are exactly the model's), and whatever more the
pipeline's whole-message classifier learns from (``config.yml``: its
``extra_data`` files and its composed ``letters``): word 1-2-grams and character 2-5-grams,
one logistic regression over the intent labels, the predicted label's request
types as the answer.  No sentences, no thresholds: what a first attempt would
be, and the yardstick the issue names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT
from bot.nlu import intents
from bot.nlu.language import detect_language

__all__ = ["TfidfBaseline"]

NLU_DATA = PROJECT_ROOT / "nlu_data"


def _training_examples(data_dir: Path) -> tuple[list[str], list[str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(data_dir))
    texts, labels = [], []
    for example in data.intent_examples:
        texts.append(example.get("text"))
        labels.append(example.get("intent"))
    return texts, labels


def _pipeline_extras() -> tuple[list[str], list[str]]:
    """The whole-message classifier's own training examples beyond ``nlu_data/``, as ``config.yml`` names them."""
    import yaml

    from bot.nlu.components.whole_message import WholeMessageClassifier, composed_messages, extra_examples

    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text(encoding="utf-8"))
    for component in config.get("pipeline") or ():
        if component.get("name", "").endswith(WholeMessageClassifier.__name__):
            options = {**WholeMessageClassifier.get_default_config(), **component}
            texts, labels = extra_examples(options["extra_data"])
            more_texts, more_labels = composed_messages(options["letters"], options["nothing_asked"])
            return texts + more_texts, labels + more_labels
    return [], []


class TfidfBaseline:
    def __init__(self, data_dir: Path = NLU_DATA, seed: int = 20261124) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, make_pipeline

        texts, labels = _training_examples(data_dir)
        more_texts, more_labels = _pipeline_extras()
        texts, labels = texts + more_texts, labels + more_labels
        features = FeatureUnion([
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True)),
        ])
        self.model = make_pipeline(features, LogisticRegression(max_iter=2000, C=10.0, random_state=seed))
        self.model.fit(texts, labels)
        self.examples = len(texts)

    def classify_many(self, texts: list[str]) -> list[dict[str, Any]]:
        """Predictions in the shape of ``Classification.to_dict()``."""
        out = []
        for text, label, proba in zip(texts, self.model.predict(texts), self.model.predict_proba(texts), strict=True):
            types = intents.rights_in(label)
            requests = [r for r in intents.REQUEST_TYPES if r in types]
            others = [r for r in intents.OTHER_RIGHTS if r in types]
            out.append({
                "requests": requests,
                "other_rights": others,
                "intent": label,
                "confidence": round(float(max(proba)), 4),
                "section": intents.section_for(label, requests),
                "language": detect_language(text),
            })
        return out
