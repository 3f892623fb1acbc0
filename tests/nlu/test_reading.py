"""``bot.nlu.reading``: asking versus citing, long letters, other rights, doubt - on hand-made parses."""

from __future__ import annotations

from dataclasses import replace

from bot.nlu.model import Parse
from bot.nlu.reading import Limits, _blend, read, read_message

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


def scored(intent: str, confidence: float, ranking: tuple[tuple[str, float], ...], sentences: int = 0) -> tuple[Parse, list[Parse]]:
    """A whole-message parse with the whole-message classifier's ranking, and ``sentences`` plain sentences."""
    whole = Parse(intent, confidence, ((intent, confidence),), (), message_ranking=ranking)
    return whole, [parse("legal_boilerplate", 0.9)] * sentences


def test_the_message_reading_takes_the_whole_message_classifiers_rights() -> None:
    # The intent classifier reads every cited right into the letter; the whole-message classifier does not.
    whole, sentences = scored("request_access+request_erasure", 0.8, (("request_access", 0.7), ("request_erasure", 0.2)), 5)
    sentences = [parse("request_erasure", 0.9), *sentences]
    reading = read_message(whole, sentences, LIMITS)
    assert reading.rights == ("access",) and reading.intent == "request_access" and reading.confidence == 0.7
    assert read(whole, sentences, LIMITS).rights == ("erasure",)  # the sentence reading: the cited right


def test_a_right_summed_over_labels_counts_and_more_easily_in_a_long_letter() -> None:
    ranking = (("request_access", 0.55), ("request_access+request_portability", 0.2), ("request_portability", 0.15))
    short, _ = scored("request_access", 0.9, ranking, 1)
    assert read_message(short, [], LIMITS).rights == ("access",)  # portability 0.35 < 0.4
    long_whole, long_sentences = scored("request_access", 0.9, ranking, LIMITS.long_message)
    reading = read_message(long_whole, long_sentences, LIMITS)
    assert reading.rights == ("access", "portability") and reading.other_rights == ["portability"]
    assert reading.intent == "request_access+request_portability" and reading.confidence == 0.35


def test_the_message_reading_is_in_doubt_when_a_right_came_close_or_the_sentences_disagree() -> None:
    close, _ = scored("ask_data_collected", 0.9, (("ask_data_collected", 0.6), ("request_access", 0.35)))
    reading = read_message(close, [], LIMITS)
    assert reading.rights == () and reading.doubt and reading.intent == "ask_data_collected"
    sure, _ = scored("ask_cookies", 0.95, (("ask_cookies", 0.9), ("request_access", 0.05)))
    assert not read_message(sure, [], LIMITS).doubt
    # The whole-message classifier finds nothing, but the intent classifier reads a request: a person looks.
    disagree, _ = scored("request_erasure", 0.9, (("out_of_scope", 0.9), ("request_erasure", 0.05)))
    reading = read_message(disagree, [], LIMITS)
    assert reading.rights == () and reading.doubt and reading.intent != "request_erasure"


def test_a_model_without_the_whole_message_classifier_is_read_by_the_rules() -> None:
    whole = parse("request_access", 0.8)
    assert read_message(whole, [], LIMITS) == read(whole, [], LIMITS, "roles")


def test_a_short_message_is_read_from_both_classifiers_averaged() -> None:
    # The intent classifier is sure of erasure, the whole-message one leans to access: 0.3/0.7 average.
    message = (("request_access", 0.5), ("request_erasure", 0.45), ("legal_boilerplate", 0.05))
    whole = Parse("request_erasure", 0.9, (("request_erasure", 0.9), ("request_access", 0.1)), (), message_ranking=message)
    reading = read_message(whole, [], LIMITS)
    assert reading.rights == ("erasure",) and reading.intent == "request_erasure"  # 0.58 against 0.38
    letter = [parse("legal_boilerplate", 0.9)] * LIMITS.long_message  # a letter: the whole-message reading alone
    assert read_message(whole, letter, LIMITS).rights == ("access", "erasure")


def test_the_intent_classifier_counts_only_as_far_as_the_labels_it_knows_are_likely() -> None:
    # An objection: the whole-message classifier is sure; the intent classifier, which never learnt
    # objections, reads the nearest right it knows.  Its share is weighed by the whole-message
    # classifier's belief in its labels (0.1 here), so no withdrawal is added.
    message = (("request_objection", 0.9), ("request_withdraw_consent", 0.1))
    whole = Parse("request_withdraw_consent", 0.95, (("request_withdraw_consent", 0.95), ("request_erasure", 0.05)), (),
                  message_ranking=message)
    reading = read_message(whole, [], LIMITS)
    assert reading.rights == ("objection",) and reading.intent == "request_objection"
    # A plain average would have given the withdrawal 0.7 x 0.1 + 0.3 x 0.95 = 0.355; weighed, 0.13.
    assert round(dict(_blend(whole.ranking, message, 0.3))["request_withdraw_consent"], 2) == 0.13


def test_the_letters_strategy_reads_only_letters_from_the_whole_message_classifier() -> None:
    ranking = (("request_access", 0.5), ("request_erasure", 0.45))
    short, _ = scored("request_erasure", 0.9, ranking)
    assert read_message(short, [], LIMITS, "roles") == read(short, [], LIMITS, "roles")  # the rules, as before
    letter, sentences = scored("request_erasure", 0.9, ranking, LIMITS.long_message)
    assert read_message(letter, sentences, LIMITS, "roles").rights == ("access", "erasure")


def test_the_letters_strategy_adds_the_other_rights_of_a_short_message() -> None:
    # "Stop profiling me and keep my data frozen": the intent classifier knows no other right.
    whole, _ = scored("request_erasure", 0.5, (("request_objection", 0.45), ("request_restriction", 0.3), ("request_erasure", 0.2)))
    reading = read_message(whole, [], LIMITS, "roles")
    assert reading.requests == ["erasure"] and reading.other_rights == ["objection"]  # restriction 0.3 < 0.4
    assert reading.intent == "request_erasure+request_objection" and not reading.doubt
    alone, _ = scored("ask_rights", 0.9, (("request_portability", 0.8), ("ask_rights", 0.1)))
    reading = read_message(alone, [], LIMITS, "roles")
    assert reading.rights == ("portability",) and reading.confidence == 0.8
    # An objection the intent classifier took for rectification (its nearest known right): objection only.
    misread, _ = scored("request_rectification", 0.7, (("request_objection", 0.85), ("request_rectification", 0.05)))
    reading = read_message(misread, [], LIMITS, "roles")
    assert reading.rights == ("objection",) and reading.intent == "request_objection"


def test_the_letters_strategy_puts_in_doubt_a_short_message_only_the_ranking_reads_as_a_request() -> None:
    # "I've stopped shopping with you and don't want you keeping anything about me": the rules see
    # a confident statement, the classifier that learnt indirect requests an erasure.
    indirect, _ = scored("out_of_scope", 0.8, (("request_erasure", 0.35), ("out_of_scope", 0.3)))
    reading = read_message(indirect, [], LIMITS, "roles")
    assert reading.rights == () and reading.doubt and reading.intent == "out_of_scope"
    unlikely, _ = scored("out_of_scope", 0.8, (("out_of_scope", 0.7), ("request_erasure", 0.25)))
    assert not read_message(unlikely, [], LIMITS, "roles").doubt  # 0.25 < doubt 0.3
    asked, _ = scored("request_access", 0.9, (("request_erasure", 0.35), ("request_access", 0.3)))
    assert read_message(asked, [], LIMITS, "roles").rights == ("access",)  # the rules read a right: no doubt added


def test_a_letters_best_label_below_the_limit_is_not_a_request_but_may_be_one() -> None:
    # A student's letter about erasure and archiving: no label is likely, erasure only the least unlikely.
    ranking = (("request_erasure", 0.26), ("ask_other_laws", 0.14), ("ask_rights", 0.12))
    letter, sentences = scored("ask_other_laws", 0.9, ranking, LIMITS.long_message)
    reading = read_message(letter, sentences, LIMITS, "roles")
    assert reading.rights == () and reading.doubt  # 0.26 >= message_doubt 0.2: a person reads it
    short, _ = scored("ask_other_laws", 0.2, ranking)
    assert read_message(short, [], LIMITS).rights == ("erasure",)  # a short message: the best label still counts


def checked(intent: str, confidence: float, ranking: tuple[tuple[str, float], ...], own: dict[str, float],
            sentences: int = 0) -> tuple[Parse, list[Parse]]:
    """As ``scored``, with each right's own probability from the per-right models (``own``; the rest 0.01)."""
    whole, parts = scored(intent, confidence, ranking, sentences)
    rights = tuple((r, own.get(r, 0.01)) for r in ("access", "rectification", "erasure", "withdraw_consent",
                                                   "objection", "restriction", "portability", "automated_decision"))
    return replace(whole, message_rights=rights), parts


def test_a_right_the_rules_read_stays_only_when_its_own_model_gives_it_some_chance() -> None:
    # "The price on your site is wrong": the intent classifier reads rectification, the per-right
    # model of rectification gives it 0.02 (< right_keep 0.05): no right, and a person reads it.
    ranking = (("out_of_scope", 0.6), ("request_rectification", 0.2))
    wrong, _ = checked("request_rectification", 0.55, ranking, {"rectification": 0.02})
    wrong = replace(wrong, ranking=(("request_rectification", 0.55), ("out_of_scope", 0.4)))
    reading = read_message(wrong, [], LIMITS, "roles")
    assert reading.rights == () and reading.doubt and reading.intent == "out_of_scope"  # the best label naming no right
    kept, _ = checked("request_rectification", 0.8, ranking, {"rectification": 0.06})
    assert read_message(kept, [], LIMITS, "roles").rights == ("rectification",)
    # Of two rights the rules read, the one its model rules out goes; the reading is not in doubt.
    both, _ = checked("request_access+request_erasure", 0.8, (("request_access+request_erasure", 0.5),),
                      {"access": 0.9, "erasure": 0.03})
    reading = read_message(both, [], LIMITS, "roles")
    assert reading.rights == ("access",) and reading.intent == "request_access" and not reading.doubt
    assert reading.confidence == 0.9


def test_a_right_its_own_model_is_sure_of_counts_in_a_short_message_the_rules_missed() -> None:
    # "What have you got on me? I ordered from you last year": a question to the rules.
    ranking = (("ask_data_collected", 0.5), ("request_access", 0.4))
    missed, _ = checked("ask_data_collected", 0.9, ranking, {"access": 0.75})
    reading = read_message(missed, [], LIMITS, "roles")
    assert reading.rights == ("access",) and reading.intent == "request_access" and not reading.doubt
    unsure, _ = checked("ask_data_collected", 0.9, ranking, {"access": 0.65})  # < right_add 0.7
    assert read_message(unsure, [], LIMITS, "roles").rights == ()
    # The "message" strategy reads short messages its own way: no right is added there.
    assert read_message(missed, [], LIMITS, "message").rights == read_message(unsure, [], LIMITS, "message").rights


def test_a_letters_right_needs_its_own_model_too() -> None:
    # A letter that cites article 17 at length and asks for a copy: the ranking sums erasure to 0.35.
    ranking = (("request_access", 0.55), ("request_erasure", 0.35))
    letter, sentences = checked("request_access", 0.9, ranking, {"access": 0.8, "erasure": 0.1}, LIMITS.long_message)
    assert read_message(letter, sentences, LIMITS, "roles").rights == ("access",)
    assert read_message(letter, sentences, LIMITS, "message").rights == ("access",)  # letters: both strategies
    nothing, sentences = checked("request_access", 0.9, ranking, {"access": 0.2, "erasure": 0.1}, LIMITS.long_message)
    reading = read_message(nothing, sentences, LIMITS, "roles")
    assert reading.rights == () and reading.doubt  # a person reads it
    # A right its model is sure of counts in a letter too, where the ranking put "nothing asked" first.
    ranking = (("out_of_scope", 0.7), ("request_erasure", 0.12))
    missed, sentences = checked("out_of_scope", 0.9, ranking, {"erasure": 0.72}, LIMITS.long_message)
    assert read_message(missed, sentences, LIMITS, "roles").rights == ("erasure",)
    unsure, sentences = checked("out_of_scope", 0.9, ranking, {"erasure": 0.6}, LIMITS.long_message)
    assert read_message(unsure, sentences, LIMITS, "roles").rights == ()


def test_a_model_without_per_right_models_is_read_as_before() -> None:
    ranking = (("out_of_scope", 0.6), ("request_rectification", 0.2))
    whole, _ = scored("request_rectification", 0.8, ranking)
    assert whole.message_rights == ()
    assert read_message(whole, [], LIMITS, "roles").rights == ("rectification",)


def test_of_several_rights_in_a_short_message_each_needs_its_own_model_to_confirm_it() -> None:
    # "Thanks for deleting my account - can I get a copy of the invoice data too?": the rules read
    # access and erasure; erasure's own model gives it 0.2 (< right_confirm 0.3), access 0.6.
    ranking = (("request_access+request_erasure", 0.5),)
    two, _ = checked("request_access+request_erasure", 0.8, ranking, {"access": 0.6, "erasure": 0.2})
    assert read_message(two, [], LIMITS, "roles").rights == ("access",)
    # Read alone, the same 0.2 would keep a right (right_keep 0.05): the stricter limit is for several.
    alone, _ = checked("request_erasure", 0.8, (("request_erasure", 0.5),), {"erasure": 0.2})
    assert read_message(alone, [], LIMITS, "roles").rights == ("erasure",)
    # None of several confirmed: the likeliest stays, as if it had been read alone.
    weak, _ = checked("request_access+request_erasure", 0.8, ranking, {"access": 0.1, "erasure": 0.2})
    reading = read_message(weak, [], LIMITS, "roles")
    assert reading.rights == ("erasure",) and not reading.doubt


def test_a_right_read_beside_a_clause_that_thanks_for_it_needs_its_own_model_to_confirm_it() -> None:
    # "Takk for hjelpa med slettinga, alt ser fint ut no": the rules read erasure; its own model gives it
    # 0.6 on the whole text, 0.1 on the text without the thanks (Parse.asked_rights): above right_keep,
    # below right_confirm.
    ranking = (("request_erasure", 0.5), ("smalltalk_thanks", 0.3))
    whole, _ = checked("request_erasure", 0.8, ranking, {"erasure": 0.6})
    thanked = replace(whole, asked_rights=tuple((r, 0.1 if r == "erasure" else p) for r, p in whole.message_rights),
                      unasked=("thanked",))
    for scope in ("off", "letters"):  # a short message: only "all" reads it without the thanks
        assert read_message(thanked, [], replace(LIMITS, asked_scope=scope), "roles").rights == ("erasure",)
    reading = read_message(thanked, [], replace(LIMITS, asked_scope="all"), "roles")
    assert reading.rights == () and reading.doubt  # a person reads it; nothing is promised
    sure = replace(thanked, asked_rights=whole.message_rights)
    assert read_message(sure, [], replace(LIMITS, asked_scope="all"), "roles").rights == ("erasure",)


def test_a_letters_right_declined_in_it_goes_when_the_scope_reaches_letters() -> None:
    # A letter that asks for erasure and says "I do not need a copy": the ranking reads access too,
    # access's own model gives it 0.8 on the whole letter, 0.1 without the refusal.
    ranking = (("request_access+request_erasure", 0.5), ("request_erasure", 0.4))
    letter, sentences = checked("request_erasure", 0.8, ranking, {"access": 0.8, "erasure": 0.9}, LIMITS.long_message)
    declined = replace(letter, asked_rights=tuple((r, 0.1 if r == "access" else p) for r, p in letter.message_rights),
                       unasked=("declined",))
    assert read_message(declined, sentences, replace(LIMITS, asked_scope="off"), "roles").rights == ("access", "erasure")
    for scope in ("letters", "all"):
        assert read_message(declined, sentences, replace(LIMITS, asked_scope=scope), "roles").rights == ("erasure",)


def test_short_messages_are_checked_by_the_models_that_learnt_no_written_letter() -> None:
    # A model with two sets of per-right models (long_letters, docs/nlu.md "Session 14"): "Ny adresse er
    # Strandkaien 4" - the letters' models give rectification 0.02, the short messages' 0.4.
    ranking = (("inform", 0.5), ("request_rectification", 0.4))
    whole, _ = checked("request_rectification", 0.8, ranking, {"rectification": 0.02})
    two = replace(whole, short_rights=tuple((r, 0.4 if r == "rectification" else p) for r, p in whole.message_rights))
    assert read_message(whole, [], LIMITS, "roles").rights == ()  # one set: the only one checks it
    for letter_check in ("letters", "short"):
        assert read_message(two, [], replace(LIMITS, letter_check=letter_check), "roles").rights == ("rectification",)
    # A letter: checked by the letters' models ("letters"), or by the short messages' ("short").
    ranking = (("request_access", 0.6), ("request_erasure", 0.35))
    letter, sentences = checked("request_access", 0.9, ranking, {"access": 0.8, "erasure": 0.5}, LIMITS.long_message)
    letter = replace(letter, short_rights=tuple((r, 0.1 if r == "erasure" else p) for r, p in letter.message_rights))
    assert read_message(letter, sentences, replace(LIMITS, message_long=0.3), "roles").rights == ("access", "erasure")
    short_check = replace(LIMITS, message_long=0.3, letter_check="short")
    assert read_message(letter, sentences, short_check, "roles").rights == ("access",)
