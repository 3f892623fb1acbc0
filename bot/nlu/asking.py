"""The clauses of a message that ask nothing: a right declined, thanked for, referred to, done, stated or put off.

A bag of words reads "I do not need a copy", "thank you for deleting my account" and "I may
later ask for rectification" as asking for access, erasure and rectification: the right's
words are there, the refusal, the thanks and the deferral are one small word each.  The
labelling conventions (nlu_dev/README.md) say these add nothing, so the per-right models
(``bot.nlu.components.whole_message``) can also read a message without them (``split_asked``);
the setting ``nlu.asked_scope`` says where the reading uses that (docs/nlu.md, "Session 12").

The cues (``CUES``) are grammar, not topics, in six families: *declined* (a negated verb of
asking, or a declined need for what a right gives: "ber ikke om", "I do not need a copy"),
*thanked* (thanks *for* something; not "thanks in advance"), *referred* (an earlier request or
e-mail: "jeg viser til mitt krav"), *done* (what Cantec has done: "kontoen er sletta"; not after
"til/until/når": a condition), *stated* (rights the writer knows of or also has) and *deferred*
("I may later", "vurderer å", "I reserve the right").  Verbs of wanting are left out on purpose:
"jeg ønsker ikke å motta reklame" and "I do not want you to keep my data" are requests.

A thanks or a reference drops its own clause ("takk for kopien, nå kan dere slette alt" keeps
the erasure); any other cue drops its part of the sentence, up to a contrast ("men", "but",
"bare", "just"), so "slett kontoen, men jeg trenger ikke kopi" keeps its first half and "my
rights to rectification and erasure remain, and I am not exercising them" drops the rights.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Final

__all__ = ["CUES", "asked_part", "not_asking", "split_asked"]

_NOT = r"(?:ikke|ikkje|not|n't)"
_I = r"(?:jeg|eg|vi|me|i|we)"
# What a right gives, as the object of a declined need ("I do not need a copy", "ikkje behov for retting").
_RIGHT_NOUN = (r"(?:kopi|innsyn|oversikt|utskrift|retting|korrigering|endring|sletting|avgrensing|begrensning|"
               r"overføring|format|formatet|copy|copies|access|overview|rectification|correction|erasure|deletion|"
               r"restriction)")
# Thanks in advance are a polite ask, not thanks for something done.
_NOT_AHEAD = r"(?!.*\b(?:in\s+advance|på\s+forhånd|i\s+førevegen|i\s+forkant)\b)"
# Done by Cantec: "sletta", "deleted" (after "er", "has been", "dere har"), unless negated or still pending.
_DONE = (r"(?:sletta|slettet|retta|rettet|korrigert|oppdatert|sendt|deleted|removed|erased|corrected|updated|"
         r"rectified|fixed|sent)")
_NOT_YET = r"(?!(?:ikke|ikkje|not|never|aldri|still|fortsatt|framleis|enno|ennå|endå|yet)\b)"
# "Frys profilen til det er rettet", "delete it once it has been sent": a condition, not a thing done.
_UNTIL = re.compile(r"\b(?:til|inntil|før|når|etter\s+at|dersom|hvis|viss|until|till|before|once|when|after|if)\s+"
                    r"(?:\w+\s+){0,3}$", re.IGNORECASE)
# reason -> the patterns that mark a clause as asking nothing (lower case; matched on lower-cased text).
CUES: Final[dict[str, tuple[str, ...]]] = {
    "declined": (
        # "jeg ber ikke om", "eg treng ikkje", "vi krever ikke"; inverted "ber vi ikke om", "foreløpig ber vi ikke"
        rf"\b{_I}\s+(?:ber|krever|krev)\s+(?:\w+\s+)?{_NOT}\b",
        rf"\b(?:ber|krever|krev)\s+{_I}\s+(?:\w+\s+)?{_NOT}\b",
        # Needing is declined only for what a right gives: "jeg trenger ikke nyhetsbrevet" is a request.
        rf"\b(?:trenger|treng)\s+(?:\w+\s+)?(?:ikke|ikkje)\b.{{0,40}}?\b{_RIGHT_NOUN}",
        rf"(?:\bikke|\bikkje|\bnot|n't|\bno|\bingen)\s+(?:\w+\s+){{0,2}}?(?:trenger|treng|behov\s+for|need|require)\b"
        rf".{{0,40}}?\b{_RIGHT_NOUN}",
        rf"\b{_NOT}\s+(?:nødvendig|naudsynt|naudsynleg)\b",
        rf"\b(?:er|is|are)\s+{_NOT}\s+(?:\w+\s+)?(?:et|eit|noe|noko|a|an|my)\s+(?:\w+\s+)?"
        r"(?:krav|begjæring|anmodning|oppmoding|request|demand|claim)\b",
        r"\bingen\s+(?:flere|fleire|andre|nye)\s+(?:spørsmål\s+eller\s+)?(?:krav|ønsker|ønske|ynske)\b",
        rf"\bgj[øe]r\s+{_NOT}\s+gjeldande?\b",
        # "I am not asking", "we're not requesting", "I am not exercising them now"
        r"\b(?:i|we)(?:\s+am|'m|\s+are|'re)\s+not\s+(?:\w+\s+)?(?:asking|requesting|seeking|exercising|invoking|"
        r"making|submitting|raising|requiring)\b",
        r"\b(?:i|we)\s+(?:do|did)\s*(?:not|n't)\s+(?:\w+\s+)?(?:request|ask|seek)\b",
        r"\b(?:i|we)\s+have\s+no\s+(?:further\s+|other\s+|new\s+)?(?:requests?|demands?|need)\b",
        r"\bnot\s+(?:requesting|asking\s+for)\s+anything\b",
        r"\bno\s+action\s+(?:is\s+)?(?:needed|required|necessary)\b",
    ),
    "thanked": (
        rf"^{_NOT_AHEAD}(?:\w+,?\s+){{0,3}}?(?:thank\s+you|thanks)\s+(?:\w+\s+){{0,2}}?for\b",
        rf"^{_NOT_AHEAD}(?:\w+,?\s+){{0,3}}?takk\s+(?:\w+\s+){{0,2}}?for\b",
        r"\b(?:i|we)\s+(?:would\s+like|want|wish)\s+to\s+thank\b",
        rf"\b{_I}\s+vil\s+(?:\w+\s+)?takke\b",
        rf"\b{_I}\s+(?:setter|set)\s+(?:\w+\s+)?pris\s+på\b",
    ),
    "referred": (
        # An earlier request referred to, not repeated (a follow-up that repeats the ask says so elsewhere).
        r"\bviser\s+til\s+(?:\w+\s+){0,3}?(?:krav|kravet|henvendelsen?|begjæringa?|begjæringen|anmodningen?|"
        r"førespurnaden?|forespørselen?|brevet|brev|e-posten|e-post)\b",
        r"\b(?:i|we)\s+refer\s+to\s+(?:my|our)\b",
        r"\b(?:further\s+to|with\s+reference\s+to|following\s+up\s+on)\s+my\b",
        r"\b(?:i|we)\s+(?:previously|earlier|already)\s+(?:asked|requested|wrote|sent)\b",
        rf"(?:^|\b{_I}\s+)(?:ba|bad)\s+(?:\w+\s+){{0,2}}?om\b",
        r"\b(?:fått|motteke|mottatt|received|get|got)\s+(?:\w+\s+){0,2}?(?:e-posten|eposten|brevet|meldinga|meldingen|"
        r"henvendelsen|email|e-mail|letter|message)\b",
        r"\b(?:tidligere|tidlegare)\s+(?:bedt|bede|bett|krevd|kravd)\b",
    ),
    "done": (
        # What Cantec has already done ("kontoen er sletta", "you have deleted"), not a negated one.
        rf"\b(?:er|har\s+blitt|har\s+vorte|vart|ble|blei|has\s+been|have\s+been|was|were)\s+(?:{_NOT_YET}\w+\s+)?"
        rf"{_DONE}\b",
        rf"\b(?:dere|de|dykk|you)\s+(?:har|hev|have)\s+(?:{_NOT_YET}\w+\s+)?{_DONE}\b",
        r"\b(?:i|we)\s+appreciated\b",
        # Satisfied: the matter is settled ("alt i orden", "all good").  Not "got the file": "when I
        # have got the file, delete my account" asks.
        r"\b(?:alt|alt\s+er|alt\s+var)\s+i\s+orden\b|\balt\s+ser\s+(?:fint|bra)\s+ut\b|\ball\s+good\b",
    ),
    "stated": (
        # Rights the writer knows of or also has, listed beside the one asked for.
        r"\b(?:i|we)\s+(?:am|are)\s+(?:well\s+)?aware\b",
        r"\b(?:i|we)\s+(?:also\s+)?(?:note|know|understand)\s+that\b",
        rf"\b{_I}\s+(?:er|kjenner|kjenner|veit|vet)\s+(?:\w+\s+)?(?:klar\s+over|kjent\s+med|kjend\s+med|til\s+(?:retten|rettane|rettene|rettighetene))\b",
        rf"\b(?:{_I}\s+(?:har|have)|(?:har|hev)\s+{_I})\s+(?:også|òg|og\s+så|also)\s+(?:rett|the\s+right|rights)\b",
    ),
    "deferred": (
        r"\b(?:i|we)\s+(?:may|might|could|will|shall)\s+(?:\w+\s+){0,3}?(?:later|subsequently|in\s+due\s+course|"
        r"in\s+the\s+future|at\s+a\s+later\s+(?:date|stage|point|time))\b",
        r"\bat\s+a\s+later\s+(?:date|stage|point|time)\b",
        r"\b(?:at\s+some\s+point|some\s+day|eventually|one\s+day)\b",
        r"\b(?:i|we)\s+reserve\s+(?:the|my|our)\s+right",
        r"\b(?:i|we)\s+(?:am|are)\s+(?:considering|contemplating|thinking\s+(?:about|of))\b",
        r"\b(?:i|we)\s+(?:considered|contemplated)\b",
        r"\b(?:may|might|will)\s+follow\b",
        r"\b(?:if|should)\s+i\s+decide\b",
        r"\bi\s+have\s+(?:not|n't)\s+(?:yet\s+)?decided\b",
        r"\b(?:kan|vil|kommer\s+til\s+å|kjem\s+til\s+å)\s+(?:\w+\s+){0,4}?(?:senere|seinare|seinere|etter\s+hvert|"
        r"etter\s+kvart)\b",
        r"\bpå\s+(?:et|eit)\s+(?:senere|seinare|seinere)\s+tidspunkt\b",
        r"\b(?:forbeholder|føreheld|foreheld)\s+(?:meg|oss)\b",
        r"\bvurder(?:er|te)\s+(?:\w+\s+)?(?:å|om)\b",
        r"\b(?:kommer|kjem)\s+(?:\w+\s+)?til\s+å\s+(?:be|kreve|krevje|sende|gjøre|gjere)\b",
        r"\b(?:kommer|kjem)\s+tilbake\b",
        rf"\b(?:har|hev)\s+(?:\w+\s+)?(?:ennå|enno|endå|enda)\s+{_NOT}\s+bestemt\b",
    ),
}
# One alternation per reason, run over all of a message's clauses at once, one per line and in lower
# case (faster than matching case-insensitively): a space (``\s``) never reaches into the next clause
# and ``^`` is a clause's start.  The patterns are written in lower case.
_COMPILED: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (reason, re.compile("|".join(f"(?:{p})" for p in patterns).replace(r"\s", r"[^\S\n]"), re.MULTILINE))
    for reason, patterns in CUES.items()
)
# Sentences (ends, line breaks, semicolons); parts of a sentence, each from a contrast on ("..., men",
# "..., but", "..., bare", "I just"); clauses of a part (commas, colons).
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+|;\s+")
_PARTS = re.compile(r"(?:,\s*|\s+)(?=(?:men|but)\b)|,\s+(?=(?:\w+\s+)?(?:bare|berre|just|only|kun|instead|however|"
                    r"derimot|i\s+stedet|i\s+staden|nå|now)\b)", re.IGNORECASE)
_CLAUSES = re.compile(r"[,:]\s+")
# A thanks or a reference covers its own clause ("takk for kopien, nå kan dere slette alt"; "I wrote to you
# in May, please send it now"); the other cues the whole part.
_CLAUSE_ONLY = frozenset({"thanked", "referred"})


def not_asking(clause: str) -> str | None:
    """Why ``clause`` asks for nothing ("declined", "thanked", "referred", "done", "stated", "deferred"), or None."""
    return _reasons([clause.replace("\n", " ")])[0]


def _reasons(clauses: list[str]) -> list[str | None]:
    """``not_asking`` for each clause (none holds a line break), with one scan of them all per reason."""
    lowered = [c.lower() for c in clauses]
    joined = "\n".join(lowered)
    starts = list(accumulate((len(c) + 1 for c in lowered[:-1]), initial=0))
    reasons: list[str | None] = [None] * len(clauses)
    for reason, pattern in _COMPILED:
        for found in pattern.finditer(joined):
            i = bisect_right(starts, found.start()) - 1
            if reasons[i] is None and not (reason == "done" and _UNTIL.search(joined, starts[i], found.start())):
                reasons[i] = reason
    return reasons


def split_asked(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without what declines, thanks for, refers to or defers a right (one clause per line),
    and why each dropped clause asks nothing, in order (empty, and ``text`` itself, when none is).

    A thanks or a reference drops its clause; any other cue the whole part of the sentence it is in."""
    parts = [[c.strip() for c in _CLAUSES.split(part) if c.strip()]
             for sentence in _SENTENCES.split(text) for part in _PARTS.split(sentence)]
    reasons = iter(_reasons([c for part in parts for c in part]))
    kept: list[str] = []
    found: list[str] = []
    for part in parts:
        why = [next(reasons) for _ in part]
        found += [r for r in why if r is not None]
        if not any(r is not None and r not in _CLAUSE_ONLY for r in why):
            kept += [c for c, r in zip(part, why, strict=True) if r is None]
    return ("\n".join(kept), tuple(found)) if found else (text, ())


def asked_part(text: str) -> str:
    """``split_asked``'s text only."""
    return split_asked(text)[0]
