"""``bot.nlu.reading``: asking versus citing, long letters, other rights, doubt - on hand-made parses."""

from __future__ import annotations

from bot.nlu.model import Parse
from bot.nlu.reading import Limits, read

LIMITS = Limits(fallback=0.3, sentence=0.6, marginal=0.7, doubt=0.3, question=0.6, long_message=4)


def parse(intent: str, confidence: float, *others: tuple[str, float]) -> Parse:
    return Parse(intent, confidence, ((intent, confidence), *others), ())


def test_a_cited_right_adds_nothing_but_an_asked_one_does() -> None:
    whole = parse("request_access", 0.8)
    sentences = [
        parse("request_access", 0.9),
        parse("legal_boilerplate", 0.85, ("request_erasure", 0.1)),  # "Article 17 gives me the right to erasure"
        parse("legal_boilerplate", 0.7, ("request_rectification", 0.2)),
    ]
    reading = read(whole, sentences, LIMITS)
    assert reading.rights == ("access",) and not reading.doubt
    assert read(whole, sentences, LIMITS, "sentences").rights == ("access",)  # low marginals: not counted either way


def test_the_first_strategy_counts_every_confident_sentence() -> None:
    whole = parse("request_access", 0.8)
    sentences = [parse("request_access", 0.9), parse("request_erasure", 0.65)]
    assert read(whole, sentences, LIMITS, "sentences").rights == ("access", "erasure")
    assert read(whole, sentences, LIMITS, "whole").rights == ("access",)


def test_a_long_letter_is_read_from_its_sentences_only() -> None:
    whole = parse("request_access+request_rectification", 0.7)  # the bag of words of a whole letter
    sentences = [parse("legal_boilerplate", 0.9)] * 4 + [parse("request_access", 0.8)]
    assert read(whole, sentences, LIMITS).rights == ("access",)
    short = sentences[-2:]
    assert read(whole, short, LIMITS).rights == ("access", "rectification")  # a short message: the whole counts


def test_other_rights_are_their_own_list() -> None:
    reading = read(parse("request_access+request_portability", 0.9), [], LIMITS)
    assert reading.requests == ["access"] and reading.other_rights == ["portability"]
    assert reading.intent == "request_access+request_portability"


def test_a_maybe_request_is_in_doubt_and_a_confident_question_is_not() -> None:
    maybe = read(parse("ask_data_collected", 0.5, ("request_access", 0.4)), [], LIMITS)
    assert maybe.rights == () and maybe.doubt
    unsure_question = read(parse("ask_cookies", 0.45, ("greet", 0.2)), [], LIMITS)
    assert unsure_question.doubt
    sure = read(parse("ask_cookies", 0.92, ("request_access", 0.02)), [], LIMITS)
    assert not sure.doubt and sure.intent == "ask_cookies"
    assert not read(parse("ask_data_collected", 0.5, ("request_access", 0.4)), [], LIMITS, "sentences").doubt
