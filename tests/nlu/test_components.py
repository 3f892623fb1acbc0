"""Our Rasa graph components: the batched feature matrix is Rasa's own, row for row."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.components.features import sentence_matrix


def _message(rng: np.random.Generator, widths: tuple[int, ...], dense: bool = False) -> Message:
    message = Message(data={TEXT: "x"})
    for origin, width in enumerate(widths):
        sentence = scipy.sparse.random(1, width, density=0.3, format="coo", random_state=rng)
        sequence = scipy.sparse.random(3, width, density=0.3, format="coo", random_state=rng)
        message.add_features(Features(sequence, FEATURE_TYPE_SEQUENCE, TEXT, f"f{origin}"))
        message.add_features(Features(sentence, FEATURE_TYPE_SENTENCE, TEXT, f"f{origin}"))
    if dense:
        message.add_features(Features(rng.random((1, 4)), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return message


def _rasa(messages: list[Message]) -> scipy.sparse.csr_matrix:
    return LogisticRegressionClassifier._create_X(None, messages)  # it reads nothing from self


@pytest.mark.parametrize("widths", [(7,), (5, 11), (3, 8, 2)])
def test_the_matrix_is_rasas(widths: tuple[int, ...]) -> None:
    rng = np.random.default_rng(20261206)
    messages = [_message(rng, widths) for _ in range(9)]
    ours = sentence_matrix(messages, _rasa)
    assert ours.shape == (9, sum(widths))
    assert (ours != _rasa(messages)).nnz == 0


def test_dense_features_go_rasas_way() -> None:
    rng = np.random.default_rng(7)
    messages = [_message(rng, (5, 6), dense=True) for _ in range(3)]
    calls: list[int] = []

    def fallback(found: list[Message]) -> scipy.sparse.csr_matrix:
        calls.append(len(found))
        return _rasa(found)

    assert (sentence_matrix(messages, fallback) != _rasa(messages)).nnz == 0
    assert calls == [3]


def test_the_spam_scores_are_the_pipelines() -> None:
    """``SpamDetector.scores`` computes by hand what the stored pipeline's ``predict_proba`` gives."""
    from bot.nlu.components.spam import SpamDetector, _pipeline
    from bot.nlu.text import normalise

    config = SpamDetector.get_default_config()
    texts = ["You WON a prize, claim it now", "Slett kontoen min", "Cheap pills, fast shipping",
             "Kva opplysningar har de om meg?", "Verify your mailbox today", "Eg vil rette adressa mi"]
    model = _pipeline(config).fit([normalise(t) for t in texts], [True, False, True, False, True, False])
    detector = SpamDetector(config, None, None, model)  # type: ignore[arg-type]
    probe = ["claim your prize", "slett meg", "Hei!", "verify pills now, kva"]
    expected = model.predict_proba([normalise(t) for t in probe])[:, 1]
    assert np.allclose(detector.scores(probe), expected, rtol=0, atol=1e-12)


def test_the_intent_probabilities_are_sklearns_with_column_major_weights() -> None:
    """The classifier keeps its weights column-major (no copy per parse); the numbers stay sklearn's."""
    from sklearn.linear_model import LogisticRegression

    from bot.nlu.components.logistic_regression import BatchedLogisticRegressionClassifier

    rng = np.random.default_rng(11)
    messages = [_message(rng, (6, 9)) for _ in range(40)]
    labels = [f"intent_{i % 4}" for i in range(40)]
    features = _rasa(messages)
    clf = LogisticRegression(max_iter=500).fit(features, labels)
    expected = clf.predict_proba(features)  # the weights as trained (a slice of the solver's array)
    assert not clf.coef_.flags.f_contiguous
    component = BatchedLogisticRegressionClassifier(
        BatchedLogisticRegressionClassifier.get_default_config(), "intents", None, None
    )
    component.clf = clf
    component.process(messages)
    assert clf.coef_.flags.f_contiguous
    for message, row in zip(messages, expected, strict=True):
        ranking = {r["name"]: r["confidence"] for r in message.get("intent_ranking")}
        assert [ranking[name] for name in clf.classes_] == list(row)  # to the last bit


def test_the_whole_message_rankings_are_the_pipelines() -> None:
    """``WholeMessageClassifier.rankings`` computes by hand what the stored pipeline's ``predict_proba`` gives."""
    from bot.nlu.components.whole_message import WholeMessageClassifier, _pipeline
    from bot.nlu.text import normalise

    config = {**WholeMessageClassifier.get_default_config(), "min_df": 1}  # eight texts: keep every n-gram
    texts = ["Send meg en kopi av opplysningene", "Slett kontoen min", "Rett adressa mi", "Kva lagrar de?",
             "Please send me a copy of my data", "Delete my account", "Correct my address", "What do you store?"]
    labels = ["request_access", "request_erasure", "request_rectification", "ask_data_collected"] * 2
    model = _pipeline(config).fit([normalise(t) for t in texts], labels)
    component = WholeMessageClassifier(config, None, None, model)  # type: ignore[arg-type]
    probe = ["kopi av dataene mine", "slett meg", "Hei!", "correct and delete my address"]
    expected = model.predict_proba([normalise(t) for t in probe])
    for ranking, row in zip(component.rankings(probe), expected, strict=True):
        assert [label for label, _ in ranking] == [model.classes_[j] for j in np.argsort(-row, kind="stable")]
        by_label = dict(ranking)
        assert np.allclose([by_label[c] for c in model.classes_], row, rtol=0, atol=1e-4)  # rounded to 4 places


def test_the_per_right_probabilities_are_the_one_vs_rest_models() -> None:
    """``WholeMessageClassifier.scores`` gives each right what its fitted binary model's ``predict_proba`` gives."""
    from bot.nlu.components.whole_message import (
        WholeMessageClassifier,
        _per_right,
        _pipeline,
        right_indicators,
    )
    from bot.nlu.intents import ALL_RIGHTS
    from bot.nlu.text import normalise

    config = {**WholeMessageClassifier.get_default_config(), "min_df": 1}
    texts = ["Send meg en kopi og slett resten", "Slett kontoen min", "Rett adressa mi", "Kva lagrar de?",
             "Send me a copy as a CSV file", "Stop profiling me", "Keep it but do not use it", "Have a human review it", "Unsubscribe me"]
    labels = ["request_access+request_erasure", "request_erasure", "request_rectification", "ask_data_collected",
              "request_access+request_portability", "request_objection", "request_restriction", "request_automated_decision", "request_withdraw_consent"]
    indicators = right_indicators(labels)
    assert indicators.shape == (9, len(ALL_RIGHTS)) and indicators[0].tolist() == [1, 0, 1, 0, 0, 0, 0, 0]
    model, per_right = _pipeline(config), _per_right(config)
    features = model.steps[0][1].fit_transform([normalise(t) for t in texts])
    model.steps[-1][1].fit(features, labels)
    per_right.fit(features, indicators)
    component = WholeMessageClassifier(config, None, None, model, per_right)  # type: ignore[arg-type]
    probe = ["kopi av dataene mine", "slett meg", "Hei!"]
    expected = per_right.predict_proba(model.steps[0][1].transform([normalise(t) for t in probe]))
    rankings, rights = component.scores(probe)
    assert component.read(probe, [True] * 3)[2:4] == ([{}, {}, {}], [(), (), ()])  # nothing declined, thanked, ...
    assert rankings == component.rankings(probe)
    for own, row in zip(rights, expected, strict=True):
        assert list(own) == list(ALL_RIGHTS)
        assert np.allclose([own[r] for r in ALL_RIGHTS], row, rtol=0, atol=1e-4)
    # A clause that thanks for (declines, defers...) a right: the per-right models also read the text without it.
    thanked = ["Takk for kopien, slett meg", "slett meg"]
    ranked, read, asked, why, _ = component.read(thanked, [True, True])
    assert asked == [read[1], {}] and why == [("thanked",), ()]
    assert read[0] != read[1] and ranked[0] != ranked[1]  # the ranking and the whole-text probabilities read it all
    # Only a text whose metadata asks for it (asked_scope on) is read twice: off, it costs nothing.
    assert component.read(thanked)[2:4] == ([{}, {}], [(), ()]) == component.read(thanked, [False, False])[2:4]
    assert WholeMessageClassifier(config, None, None, model).scores(probe)[1] == [{}, {}, {}]  # an older model
    with pytest.warns(UserWarning, match="present in all training examples"):  # scikit-learn says so
        per_right.fit(features, np.column_stack([np.zeros(9, dtype=np.int8), indicators[:, 1:]]))  # a right never seen
    assert WholeMessageClassifier(config, None, None, model, per_right).scores(probe)[1] == [{}, {}, {}]


def test_a_model_trained_before_the_per_right_models_still_loads(tmp_path: Path) -> None:
    """A stored model without the per-right file (an older model) ranks as before, with no check."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.nlu.components import fitted
    from bot.nlu.components.whole_message import FILE, WholeMessageClassifier, _pipeline

    config = {**WholeMessageClassifier.get_default_config(), "min_df": 1}
    model = _pipeline(config).fit(["slett kontoen min", "send meg en kopi", "delete my account", "send me a copy"],
                                  ["request_erasure", "request_access"] * 2)
    storage, resource = LocalModelStorage(tmp_path), Resource("whole_message")
    fitted.save(storage, resource, FILE, model)
    component = WholeMessageClassifier.load(config, storage, resource, None)  # type: ignore[arg-type]
    rankings, rights = component.scores(["slett kontoen"])
    assert rankings[0][0][0] == "request_erasure" and rights == [{}]
    # Two labels (one logit in scikit-learn) are scored as the pipeline scores them.
    assert dict(rankings[0])["request_erasure"] == round(float(model.predict_proba(["slett kontoen"])[0][1]), 4)


def test_the_composed_messages_are_labelled_with_what_they_ask() -> None:
    from bot.nlu.components.whole_message import composed_messages

    texts, labels = composed_messages("nlu_letters/letters.jsonl", "out_of_scope")
    assert len(texts) == len(labels) >= 1000
    assert "request_access+request_portability" in labels and "out_of_scope" in labels
    assert all(label == "out_of_scope" or label.startswith("request_") for label in labels)
    assert composed_messages(None, "out_of_scope") == ([], [])


def test_several_letters_files_are_read_in_order_and_each_retrains(tmp_path: Path) -> None:
    """``letters`` may name the composed letters and the written ones: both are learnt, and a change to
    the second alone changes the component's fingerprint."""
    from rasa.engine.training.fingerprinting import calculate_fingerprint_key

    from bot.nlu.components.whole_message import WholeMessageClassifier, composed_messages

    first, second = tmp_path / "composed.jsonl", tmp_path / "written.jsonl"
    first.write_text('{"text": "Send me a copy.", "requests": ["access"]}\n', encoding="utf-8")
    second.write_text('{"text": "Thanks, all done.", "requests": []}\n\n'
                      '{"text": "Stop profiling me.", "requests": [], "other_rights": ["objection"]}\n', encoding="utf-8")
    assert composed_messages([str(first), str(second)], "out_of_scope") == (
        ["Send me a copy.", "Thanks, all done.", "Stop profiling me."],
        ["request_access", "out_of_scope", "request_objection"])
    config = {**WholeMessageClassifier.get_default_config(), "letters": [str(first), str(second)]}
    before = calculate_fingerprint_key(WholeMessageClassifier, config, {})
    second.write_text('{"text": "Thanks, all done.", "requests": []}\n', encoding="utf-8")
    assert calculate_fingerprint_key(WholeMessageClassifier, config, {}) != before


@pytest.mark.parametrize("sublinear", [True, False])
def test_the_tfidf_features_are_the_vectorizers(sublinear: bool) -> None:
    """``TfidfFeatures`` gives what the fitted vectorizers' own ``transform`` gives, empty texts included."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from bot.nlu.components.tfidf import TfidfFeatures

    corpus = ["slett kontoen min", "send meg en kopi", "kopi av kontoen", "delete my account now", "my account, my data"]
    vectorizers = [TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=sublinear).fit(corpus),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=sublinear, min_df=2).fit(corpus)]
    probe = ["kopi kopi kopi av kontoen min", "", "zzz", "delete my account", "Hei!"]
    expected = scipy.sparse.hstack([v.transform(probe) for v in vectorizers], format="csr").toarray()
    assert np.allclose(TfidfFeatures(vectorizers).transform(probe).toarray(), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("component, option", [("whole_message", "letters"), ("spam", "negatives")])
def test_a_change_to_a_file_the_component_reads_itself_retrains_it(tmp_path: Path, component: str, option: str) -> None:
    # Rasa reuses a cached component while its fingerprint is unchanged; the composed letters are
    # read by the component, not given by the graph, so their contents must be in the fingerprint.
    from rasa.engine.training.fingerprinting import calculate_fingerprint_key

    from bot.nlu.components.spam import SpamDetector
    from bot.nlu.components.whole_message import WholeMessageClassifier

    cls = {"whole_message": WholeMessageClassifier, "spam": SpamDetector}[component]
    data = tmp_path / "letters.jsonl"
    data.write_text('{"text": "Send me a copy.", "requests": ["access"]}\n', encoding="utf-8")
    config = {**cls.get_default_config(), option: str(data)}
    before = calculate_fingerprint_key(cls, config, {})
    assert calculate_fingerprint_key(cls, config, {}) == before
    data.write_text('{"text": "Delete my account.", "requests": ["erasure"]}\n', encoding="utf-8")
    assert calculate_fingerprint_key(cls, config, {}) != before


def test_long_letters_train_the_ranking_and_the_letters_check_but_not_the_short_messages_check(tmp_path: Path) -> None:
    """With ``long_letters`` the short messages' per-right models and the features are the ones trained
    without those letters, to the last digit; the letters' per-right models and the ranking learn them."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.constants import INTENT
    from rasa.shared.nlu.training_data.training_data import TrainingData

    from bot.nlu.components.whole_message import SHORT_RIGHTS_FILE, WholeMessageClassifier

    examples = [("Send meg en kopi", "request_access"), ("Rett adressa mi", "request_rectification"),
                ("Slett kontoen min", "request_erasure"), ("Meld meg av nyhetsbrevet", "request_withdraw_consent"),
                ("Stop profiling me", "request_objection"), ("Keep it but do not use it", "request_restriction"),
                ("Move my data to another shop", "request_portability"), ("Have a human review it", "request_automated_decision"),
                ("Hvor er pakken min?", "out_of_scope"), ("Takk for hjelpen", "out_of_scope")]
    data = TrainingData([Message(data={TEXT: text, INTENT: intent}) for text, intent in examples])
    composed, written = tmp_path / "composed.jsonl", tmp_path / "written.jsonl"
    composed.write_text('{"text": "Please delete my account and all my data.", "requests": ["erasure"]}\n', encoding="utf-8")
    written.write_text('{"text": "Thank you for deleting my account. I now ask for a copy of what remains.", '
                       '"requests": ["access"]}\n{"text": "I reserve the right to object; for now I only want a copy.", '
                       '"requests": ["access"]}\n', encoding="utf-8")
    base = {**WholeMessageClassifier.get_default_config(), "min_df": 1}
    configs = {"without": {**base, "letters": [str(composed)]},
               "with": {**base, "letters": [str(composed), str(written)], "long_letters": [str(written)]}}
    read = {}
    probe = ["thank you for deleting my account", "slett meg", "a copy please"]
    for name, config in configs.items():
        (tmp_path / name).mkdir()
        storage, resource = LocalModelStorage(tmp_path / name), Resource("whole_message")
        WholeMessageClassifier(config, storage, resource).train(data)
        with storage.read_from(resource) as folder:
            assert (Path(folder) / SHORT_RIGHTS_FILE).exists() == (name == "with")
        read[name] = WholeMessageClassifier.load(config, storage, resource, None).read(probe)  # type: ignore[arg-type]
    ranked, rights, _, _, short = read["with"]
    assert short == read["without"][1]  # the short messages' check: as if the written letters were not there
    assert read["without"][4] == [{}, {}, {}]  # one set of per-right models: no second reading
    assert rights != short and ranked != read["without"][0]  # the letters' check and the ranking learnt them


def test_long_letters_not_among_the_letters_are_refused_before_training() -> None:
    from bot.nlu.components.whole_message import WholeMessageClassifier

    config = {**WholeMessageClassifier.get_default_config(), "long_letters": ["nlu_letters/written_letters.jsonl"]}
    with pytest.raises(ValueError, match="long_letters must also be listed under letters: nlu_letters/written"):
        WholeMessageClassifier.create(config, None, None, None)  # type: ignore[arg-type]
    config["letters"] = ["nlu_letters/letters.jsonl", "nlu_letters/written_letters.jsonl"]
    assert WholeMessageClassifier.create(config, None, None, None) is not None  # type: ignore[arg-type]


# A tiny two-intent training set for the tests of what ``fitted`` stores.
STORED_TEXTS = ("slett kontoen min", "send meg en kopi", "delete my account", "send me a copy", "slett alt", "a copy please")
STORED_LABELS = ("request_erasure", "request_access") * 3


def test_a_stored_pipeline_keeps_no_dropped_ngrams_and_scores_as_before(tmp_path: Path) -> None:
    """``fitted.save`` leaves out the n-grams ``min_df`` dropped (``stop_words_``), which made saving and
    loading slow; the stored pipeline still gives the fitted one's probabilities."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.nlu.components import fitted
    from bot.nlu.components.whole_message import FILE, TRUSTED, WholeMessageClassifier, _pipeline

    texts, labels = list(STORED_TEXTS), list(STORED_LABELS)
    model = _pipeline({**WholeMessageClassifier.get_default_config(), "min_df": 2}).fit(texts, labels)
    vectorizers = [v for _, v in model.steps[0][1].transformer_list]
    assert all(v.stop_words_ for v in vectorizers)  # min_df dropped some n-grams
    expected = model.predict_proba(["slett kontoen", "send a copy"])
    storage, resource = LocalModelStorage(tmp_path), Resource("whole_message")
    fitted.save(storage, resource, FILE, model)
    stored = fitted.load(storage, resource, FILE, TRUSTED)
    assert not any(hasattr(v, "stop_words_") for _, v in stored.steps[0][1].transformer_list)
    np.testing.assert_array_equal(stored.predict_proba(["slett kontoen", "send a copy"]), expected)


def test_a_stored_vocabulary_is_two_arrays_and_loads_as_the_same_dict(tmp_path: Path) -> None:
    """skops writes a dict entry by entry (slow, 800 bytes an n-gram): ``fitted.save`` stores each
    vocabulary as arrays, ``fitted.load`` makes the dict again; the model saved keeps its own, and a
    file stored with the dict (models trained before) still loads."""
    import json
    import zipfile

    import skops.io as sio
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.nlu.components import fitted
    from bot.nlu.components.whole_message import FILE, TRUSTED, WholeMessageClassifier, _pipeline

    texts, labels = list(STORED_TEXTS), list(STORED_LABELS)
    model = _pipeline({**WholeMessageClassifier.get_default_config(), "min_df": 1}).fit(texts, labels)
    vocabularies = [dict(v.vocabulary_) for _, v in model.steps[0][1].transformer_list]
    storage, resource = LocalModelStorage(tmp_path), Resource("whole_message")
    fitted.save(storage, resource, FILE, model)
    assert [v.vocabulary_ for _, v in model.steps[0][1].transformer_list] == vocabularies
    assert not any(hasattr(v, fitted.TERMS) for _, v in model.steps[0][1].transformer_list)
    with storage.read_from(resource) as folder, zipfile.ZipFile(Path(folder) / FILE) as stored_file:
        schema = stored_file.read("schema.json").decode()
    assert fitted.TERMS in schema and '"vocabulary_"' not in schema
    assert "kontoen" not in json.dumps(json.loads(schema))  # the terms are in an array file, not the schema
    stored = fitted.load(storage, resource, FILE, TRUSTED)
    assert [v.vocabulary_ for _, v in stored.steps[0][1].transformer_list] == vocabularies
    assert not any(hasattr(v, fitted.TERMS) for _, v in stored.steps[0][1].transformer_list)
    np.testing.assert_array_equal(stored.predict_proba(texts), model.predict_proba(texts))

    old = Resource("before")
    with storage.write_to(old) as folder:
        sio.dump(model, Path(folder) / FILE)
    loaded_old = fitted.load(storage, old, FILE, TRUSTED)
    assert [v.vocabulary_ for _, v in loaded_old.steps[0][1].transformer_list] == vocabularies
