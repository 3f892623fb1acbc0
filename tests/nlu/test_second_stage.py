"""``bot.nlu.second_stage``: features, fitting, the JSON file, and reading with it - on hand-made parses."""

from __future__ import annotations

import json
from pathlib import Path

from bot.nlu import intents
from bot.nlu.model import Parse
from bot.nlu.reading import Limits, read_second_stage
from bot.nlu.second_stage import SecondStage, feature_names, features, stage_path
from bot.nlu.text import segments

LIMITS = Limits(fallback=0.3, sentence=0.6, marginal=0.7, doubt=0.3, question=0.6)


def parse(intent: str, confidence: float, *others: tuple[str, float]) -> Parse:
    return Parse(intent, confidence, ((intent, confidence), *others), ())


def _letter(asked: str, cited: str) -> tuple[Parse, list[Parse], list[str]]:
    sentences = [
        parse(f"request_{asked}", 0.9),
        parse(f"request_{cited}", 0.7, ("legal_boilerplate", 0.3)),
        parse("legal_boilerplate", 0.95),
    ]
    texts = [f"I hereby request {asked}.", f"Article 17 gives me the right to {cited}.", "Please reply within a month."]
    return parse("legal_boilerplate", 0.99), sentences, texts


def _trained() -> SecondStage:
    rows, labels = [], []
    for _ in range(20):
        for asked, cited in (("access", "erasure"), ("erasure", "rectification"), ("rectification", "access")):
            rows.append(features(*_letter(asked, cited)))
            labels.append({asked})
        rows.append(features(parse("ask_cookies", 0.9, ("request_withdraw_consent", 0.05)), [], []))
        labels.append(set())
    return SecondStage.fit(rows, labels)


def test_one_row_of_features_per_right() -> None:
    rows = features(*_letter("access", "erasure"))
    assert len(rows) == len(intents.ALL_RIGHTS)
    assert all(len(row) == len(feature_names()) for row in rows)


def test_an_asked_right_counts_and_a_cited_one_does_not() -> None:
    stage = _trained()
    whole, sentences, texts = _letter("access", "erasure")
    assert stage.rights(whole, sentences, texts) == ("access",)
    reading = read_second_stage(whole, sentences, texts, stage, LIMITS)
    assert reading.rights == ("access",) and reading.intent == "request_access" and not reading.doubt


def test_a_short_message_is_read_by_the_rules_when_configured() -> None:
    from dataclasses import replace

    stage = _trained()
    whole, sentences, texts = _letter("access", "erasure")  # three sentences
    assert read_second_stage(whole, sentences, texts, stage, replace(LIMITS, stage_from=3)).rights == ("access",)
    # Fewer than stage_from sentences: the roles rules, which count the confident erasure sentence too.
    assert read_second_stage(whole, sentences, texts, stage, replace(LIMITS, stage_from=4)).rights == ("access", "erasure")


def test_the_stage_is_stored_as_json_next_to_the_model(tmp_path: Path) -> None:
    stage = _trained()
    target = stage_path(tmp_path / "nlu-abc.tar.gz")
    assert target.name == "nlu-abc.stage2.json"
    stage.save(target)
    assert json.loads(target.read_text())["features"] == feature_names()
    assert SecondStage.load(target) == stage
    assert SecondStage.load(tmp_path / "missing.stage2.json") is None


def test_a_message_asking_nothing_keeps_its_label() -> None:
    stage = _trained()
    whole = parse("ask_cookies", 0.9)
    reading = read_second_stage(whole, [], [], stage, LIMITS)
    assert reading.rights == () and reading.intent == "ask_cookies"


def test_letters_are_split_at_sentences_not_at_abbreviations() -> None:
    text = "Jeg protesterer etter artikkel 21 nr. 1 mot profileringen. Dere bekreftet mottak 5. mars. Send svar, takk."
    assert segments(text, abbreviations=True) == [
        "Jeg protesterer etter artikkel 21 nr. 1 mot profileringen.", "Dere bekreftet mottak 5. mars.", "Send svar, takk."
    ]
    assert segments(text)[0] == "Jeg protesterer etter artikkel 21 nr."  # the rules keep the split they were tuned with
