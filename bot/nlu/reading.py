"""What a message asks for, from the model's parses of the whole text and of each sentence.

The rules (``strategy="roles"``, the product's): a sentence whose best label
is ``legal_boilerplate`` (it cites or describes a right: "Article 15 gives me
the right to...", "I reserve the right to complain") adds nothing; a long
message (a formal letter) is read from its sentences only, because the
bag of words of a whole letter mixes what is asked with what is cited; every
other parse adds the rights of its best label when it is confident enough,
and any right whose probability summed over all labels is high on its own.

When nothing is asked with confidence but something might be (a right's
summed probability above ``doubt``, or a question read with low confidence),
the reading is *in doubt*: the channel must not treat the message as a plain
question (see issue 10's safety net).

``strategy="letters"`` (the configured one since session 8, ``read_message``)
reads a letter (``long_message`` sentences or more) from the whole-message
classifier (``bot.nlu.components.whole_message``) instead, which learnt from
whole letters what they ask; shorter messages keep the rules above.
``strategy="message"`` reads short messages from that classifier and the
intent classifier averaged (measured, not configured: docs/nlu.md).

``strategy="second_stage"`` (measured in issue 10, not configured) lets
``bot.nlu.second_stage`` decide from all the sentence scores together which
rights the message asks for (``read_second_stage``); the rules above remain
its fallback when a model has no second stage.  ``strategy="sentences"``
(every parse counts, the first version) and ``"whole"`` (the whole text only)
are kept for ``make eval``'s comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from bot.nlu import intents
from bot.nlu.model import Parse

if TYPE_CHECKING:
    from bot.nlu.second_stage import SecondStage

__all__ = ["Limits", "Reading", "Strategy", "read", "read_message", "read_second_stage", "spam_or"]

Strategy = Literal["letters", "message", "second_stage", "roles", "sentences", "whole"]


@dataclass(frozen=True)
class Limits:
    fallback: float  # the whole message's best label counts from this confidence
    sentence: float  # a sentence's best label counts from this confidence
    marginal: float  # a right counts when its probability summed over labels reaches this
    doubt: float = 0.3  # below the counting limits but above this: "may be a request"
    question: float = 0.6  # a question read with less confidence than this is in doubt
    long_message: int = 6  # sentences from which the whole-message parse is not used
    max_sentences: int = 12  # sentences read per message
    stage_from: int = 0  # second_stage: a message of fewer sentences is read by the rules ("roles"); setting: 4
    spam: float = 0.6  # P(spam) from which a message that asks for nothing is spam (never a request)
    message: float = 0.4  # strategy "message": a right counts from this whole-message probability...
    message_long: float = 0.3  # ...or from this one in a long message (``long_message`` sentences or more)
    message_doubt: float = 0.2  # ...and from this one the message is in doubt when nothing counts
    message_blend: float = 0.3  # a shorter message: the intent classifier's share of the averaged probabilities
    # The per-right check (strategies "letters" and "message"; a model with per-right models):
    right_keep: float = 0.05  # a short message: a right the rules read stays only from this own probability...
    right_add: float = 0.7  # ...and a right counts from this one even when the rules (or, in a letter, the ranking) did not
    right_confirm: float = 0.3  # a letter, or one of several rights in a short message: the own probability a right needs
    # Where the per-right models read a message without its clauses that decline, thank for, refer to,
    # state or defer a right (Parse.asked_rights): "all", "letters" or "off" (docs/nlu.md, "Session 12").
    asked_scope: str = "off"
    # A model with two sets of per-right models (the whole-message classifier's ``long_letters``): a letter
    # is checked by those that learnt the written letters ("letters") or by the short messages' ("short");
    # a short message always by the short messages' (docs/nlu.md, "Session 14").
    letter_check: str = "letters"
    # A machine-readable copy is access + portability (bot.nlu.formats; the classifier applies it).
    formats: bool = False


@dataclass(frozen=True)
class Reading:
    rights: tuple[str, ...]  # in ``intents.ALL_RIGHTS`` order
    intent: str
    confidence: float
    doubt: bool
    likely_spam: bool = False  # the spam detector is confident (set by ``spam_or``)

    @property
    def requests(self) -> list[str]:
        return [r for r in self.rights if r in intents.REQUEST_TYPES]

    @property
    def other_rights(self) -> list[str]:
        return [r for r in self.rights if r in intents.OTHER_RIGHTS]


def _marginals(parse: Parse) -> dict[str, float]:
    """P(right is asked for), summed over every label containing it (multi-intents count for each)."""
    return _marginals_of(parse.ranking)


def _marginals_of(ranking: Sequence[tuple[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for label, confidence in ranking:
        for right in intents.rights_in(label):
            out[right] = out.get(right, 0.0) + confidence
    return out


def _rights_of(parse: Parse, threshold: float, marginal: float) -> set[str]:
    found = {r for r, p in _marginals(parse).items() if p >= marginal}
    if parse.confidence >= threshold:
        found |= set(intents.rights_in(parse.intent))
    return found


def _not_asking(whole: Parse, limits: Limits, might_ask: bool) -> Reading:
    """No right asked: the whole message's best label that names no right, and whether that is in doubt."""
    label, confidence = next(((lab, c) for lab, c in whole.ranking if not intents.rights_in(lab)), (intents.FALLBACK_INTENT, 0.0))
    if confidence < limits.fallback or label == intents.FALLBACK_INTENT:
        label = intents.FALLBACK_INTENT
    unsure_question = label in intents.QUESTION_SECTIONS and confidence < limits.question
    return Reading((), label, round(float(confidence), 4), doubt=might_ask or unsure_question)


def read_second_stage(
    whole: Parse, sentences: list[Parse], texts: Sequence[str], stage: SecondStage, limits: Limits
) -> Reading:
    """The rights the second stage finds asked; in doubt when one of them came close or the rules would count one.

    A short message (fewer than ``limits.stage_from`` sentences) is read by the rules: the stage was
    chosen for letters, and on short messages the rules miss fewer requests (docs/nlu.md)."""
    if len(sentences) < limits.stage_from:
        return read(whole, sentences, limits, "roles")
    p = stage.probabilities(whole, sentences, texts)
    rights = tuple(r for r in intents.ALL_RIGHTS if p[r] >= stage.threshold)
    if rights:
        intent = intents.intent_for_rights(rights)
        confidence = whole.confidence if whole.intent == intent else min(p[r] for r in rights)
        return Reading(rights, intent, round(float(confidence), 4), doubt=False)
    might_ask = max(p.values(), default=0.0) >= limits.doubt or bool(read(whole, sentences, limits, "roles").rights)
    return _not_asking(whole, limits, might_ask)


def _blend(intent_ranking: Sequence[tuple[str, float]], message_ranking: Sequence[tuple[str, float]],
           weight: float) -> tuple[tuple[str, float], ...]:
    """The two classifiers' probabilities averaged label by label (``weight`` for the intent classifier's), best first.

    The intent classifier never learnt some labels (the other rights, legal boilerplate): on an
    objection it spreads its probability over the labels it knows, mostly a withdrawal.  So its
    share counts only as much as the whole-message classifier believes the answer is among those
    labels (its probability times that mass), and the mixture is normalised again."""
    known = {label for label, _ in intent_ranking}
    inside = sum(p for label, p in message_ranking if label in known)
    mixed: dict[str, float] = {}
    for label, p in message_ranking:
        mixed[label] = mixed.get(label, 0.0) + (1.0 - weight) * p
    for label, p in intent_ranking:
        mixed[label] = mixed.get(label, 0.0) + weight * p * inside
    total = sum(mixed.values()) or 1.0
    return tuple(sorted(((label, p / total) for label, p in mixed.items()), key=lambda item: -item[1]))


def _with_other_rights(reading: Reading, marginals: dict[str, float], limits: Limits) -> Reading:
    """``reading`` plus the other rights (objection, restriction, ...) the ranking finds (``message``).

    The intent classifier, which reads short messages, never learnt the other rights: it reads an
    objection as the nearest right it knows.  So when the whole-message classifier finds another
    right, the intent classifier's rights stay only where that ranking gives them ``message_doubt``."""
    extra = {r for r in intents.OTHER_RIGHTS if marginals.get(r, 0.0) >= limits.message} - set(reading.rights)
    if not extra:
        return reading
    kept = {r for r in reading.rights if marginals.get(r, 0.0) >= limits.message_doubt}
    rights = tuple(r for r in intents.ALL_RIGHTS if r in extra or r in kept)
    confidence = reading.confidence if kept else min(marginals[r] for r in extra)
    return Reading(rights, intents.intent_for_rights(rights), round(float(confidence), 4), doubt=False)


def _checked(reading: Reading, whole: Parse, limits: Limits, long: bool) -> Reading:
    """``reading`` with every right confirmed by its own per-right model (``Parse.message_rights``).

    The rules read a right from the intent classifier's best label or summed probability, and in a
    letter the multinomial ranking sums a right over every label naming it: both take a right that is
    only mentioned, or a non-request, for a request.  A right stays only when the per-right model
    gives it ``right_keep`` (a letter, or one of several rights read in a short message: ``right_confirm``,
    since a second right is where a mention is most often taken for an ask); a right that model is sure of (``right_add``)
    counts even when the rules or the ranking missed it.  A message that loses every right is in
    doubt: a person reads it, nothing is promised (docs/nlu.md, "Session 11").  ``read_message``
    checks letters and the rules' reading of short messages, not the averaged ``message`` one."""
    scoped = bool(whole.asked_rights) and (limits.asked_scope == "all" or (limits.asked_scope == "letters" and long))
    if scoped:
        own = dict(whole.asked_rights)
    elif whole.short_rights and (not long or limits.letter_check == "short"):
        own = dict(whole.short_rights)
    else:
        own = dict(whole.message_rights)
    if not own:
        return reading
    several = not long and len(reading.rights) > 1
    # A message that thanks for, declines, refers to or defers a right (``asked_scope``): the rules
    # read that right from the whole text, its own model without those clauses; it must confirm it.
    needs = limits.right_confirm if long or several or scoped else limits.right_keep
    kept = {r for r in reading.rights if own.get(r, 0.0) >= needs}
    if several and not kept:  # of several rights none is confirmed: the likeliest stays, as if read alone
        likeliest = max(reading.rights, key=lambda r: own.get(r, 0.0))
        kept = {likeliest} if own.get(likeliest, 0.0) >= limits.right_keep else set()
    kept |= {r for r, p in own.items() if p >= limits.right_add}
    if kept == set(reading.rights):
        return reading
    if not kept:
        return _not_asking(whole, limits, might_ask=True)
    rights = tuple(r for r in intents.ALL_RIGHTS if r in kept)
    return Reading(rights, intents.intent_for_rights(rights), round(min(own[r] for r in rights), 4), doubt=False)


def read_message(whole: Parse, sentences: list[Parse], limits: Limits, short: Strategy = "message") -> Reading:
    """The rights the whole-message classifier finds asked: any right whose probability summed
    over its labels is high enough, and its best label's (in a letter only when that label
    reaches ``message_long``).  In doubt when nothing is asked but a right came close, or the
    sentence reading (``roles``) would have counted one or is in doubt itself.

    A message shorter than a letter (``long_message`` sentences) is read by the rules (``short``
    ``"roles"``, strategy ``letters``) plus the other rights the ranking finds (``message``
    threshold), and is in doubt when the rules read nothing but the ranking gives a right
    ``doubt``; or it is read from both classifiers' probabilities averaged (``message_blend`` of
    the intent classifier's; strategy ``message``, docs/nlu.md).  Then each right is checked by its
    own per-right model (``_checked``).

    A model without the whole-message classifier is read by the rules (``roles``)."""
    long = len(sentences) >= limits.long_message
    if not whole.message_ranking:
        return read(whole, sentences, limits, "roles")
    if long or short == "roles":
        return _checked(_read_message(whole, sentences, limits, short, long), whole, limits, long)
    return _read_message(whole, sentences, limits, short, long)


def _read_message(whole: Parse, sentences: list[Parse], limits: Limits, short: Strategy, long: bool) -> Reading:
    """``read_message`` before the per-right check."""
    if short == "roles" and not long:
        marginals = _marginals_of(whole.message_ranking)
        reading = _with_other_rights(read(whole, sentences, limits, "roles"), marginals, limits)
        if not reading.rights and max(marginals.values(), default=0.0) >= limits.doubt:
            # The rules read nothing, but the classifier that learnt indirect requests finds one
            # likely enough: a person reads it (the safety net), nothing is promised.
            reading = replace(reading, doubt=True)
        return reading
    ranking = whole.message_ranking if long else _blend(whole.ranking, whole.message_ranking, limits.message_blend)
    marginals = _marginals_of(ranking)
    counts_from = limits.message_long if long else limits.message
    best, best_p = ranking[0]
    found = {r for r, p in marginals.items() if p >= counts_from}
    if not long or best_p >= counts_from:
        # A letter's best label below the limit is no confident reading: the safety net takes it.
        found |= set(intents.rights_in(best))
    rights = tuple(r for r in intents.ALL_RIGHTS if r in found)
    if rights:
        intent = intents.intent_for_rights(rights)
        confidence = best_p if best == intent else min(marginals.get(r, 0.0) for r in rights)
        return Reading(rights, intent, round(float(confidence), 4), doubt=False)
    by_sentences = read(whole, sentences, limits, "roles")
    might_ask = max(marginals.values(), default=0.0) >= limits.message_doubt or bool(by_sentences.rights) or by_sentences.doubt
    return _not_asking(whole, limits, might_ask)


def _counted(whole: Parse, sentences: list[Parse], limits: Limits, strategy: Strategy) -> list[tuple[Parse, float]]:
    """The parses that may add rights, each with the confidence its best label needs."""
    if strategy == "whole" or not sentences:
        return [(whole, limits.fallback)]
    if strategy == "sentences":
        return [(whole, limits.fallback), *((s, limits.sentence) for s in sentences)]
    asking = [s for s in sentences if not (s.intent == intents.BOILERPLATE_INTENT and s.confidence >= limits.sentence)]
    counted = [(s, limits.sentence) for s in asking]
    if len(sentences) < limits.long_message:
        counted.insert(0, (whole, limits.fallback))
    return counted


def read(whole: Parse, sentences: list[Parse], limits: Limits, strategy: Strategy = "roles") -> Reading:
    """The rights asked for, the intent to report, its confidence, and whether the reading is in doubt."""
    counted = _counted(whole, sentences, limits, strategy)
    found: set[str] = set()
    for parse, threshold in counted:
        found |= _rights_of(parse, threshold, limits.marginal)
    rights = tuple(r for r in intents.ALL_RIGHTS if r in found)
    if rights:
        intent = intents.intent_for_rights(rights)
        # The whole message's confidence when it says exactly this, else the best of any parse naming a right.
        confidence = whole.confidence if whole.intent == intent else max(
            (p.confidence for p, _ in counted if intents.rights_in(p.intent)), default=0.0
        )
        return Reading(rights, intent, round(float(confidence), 4), doubt=False)
    if whole.confidence >= limits.fallback and whole.intent != intents.FALLBACK_INTENT:
        intent, confidence = whole.intent, whole.confidence
    else:
        intent, confidence = intents.FALLBACK_INTENT, whole.confidence
    might_ask = max((p for parse, _ in counted for p in _marginals(parse).values()), default=0.0) >= limits.doubt
    unsure_question = intent in intents.QUESTION_SECTIONS and confidence < limits.question
    doubt = strategy == "roles" and (might_ask or unsure_question)
    return Reading((), intent, round(float(confidence), 4), doubt=doubt)


def spam_or(reading: Reading, whole: Parse, limits: Limits) -> Reading:
    """``reading`` marked ``likely_spam`` when the spam detector is confident, and read as spam
    when moreover nothing is, or may be, asked.

    A request, another right or a reading in doubt is never spam: a scam-like request still
    gets its case, and spam gets no reply at all (the email channel's backscatter rule)."""
    if whole.spam < limits.spam:
        return reading
    if reading.rights or reading.doubt:
        return replace(reading, likely_spam=True)
    return Reading((), intents.SPAM_INTENT, round(float(whole.spam), 4), doubt=False, likely_spam=True)
