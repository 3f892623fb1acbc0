"""The classifier in its own process: same answers as in-process, survives its child dying."""

from __future__ import annotations

import os
import signal

import pytest

from bot.config import load_settings
from bot.errors import ClassifierUnavailable, TransientError
from bot.nlu.classifier import Thresholds
from bot.nlu.process import ClassifierProcess

TEXTS = [
    "Jeg vil ha innsyn i opplysningene dere har om meg, og slett kontoen min etterpå.",
    "Eg trekkjer tilbake samtykket mitt.",
    "How long do you keep my data?",
    "Når kommer pakken min?",
]


@pytest.fixture(scope="module")
def process(model_dir):
    settings = load_settings(need_secrets=False)
    classifier = ClassifierProcess(model_dir, thresholds=Thresholds.from_settings(settings.nlu))
    classifier.start()
    yield classifier
    classifier.close()


def test_answers_match_the_in_process_classifier(process, classifier):
    local = classifier  # the suite's in-process Classifier on the same model
    assert process.classify_many(TEXTS) == local.classify_many(TEXTS)
    assert process.model_name == local.model_name
    assert process.pid is not None and process.pid != os.getpid()


def test_a_killed_child_is_replaced_on_the_next_call(process):
    before = process.classify(TEXTS[0])
    os.kill(process.pid, signal.SIGKILL)
    assert process.classify(TEXTS[0]) == before  # a new child loaded the model and answered


def test_no_model_means_unavailable_which_the_intake_retries(tmp_path):
    classifier = ClassifierProcess(tmp_path / "no-models-here")
    try:
        with pytest.raises(ClassifierUnavailable) as caught:
            classifier.classify("Slett meg.")
        assert isinstance(caught.value, TransientError)
    finally:
        classifier.close()
