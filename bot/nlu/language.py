"""Which of our three languages a message is written in: nb, nn or en.

lingua-language-detector restricted to Bokmål, Nynorsk and English does most
of the work.  Short Norwegian messages are where it is weakest (the two written
standards share most words), so a handful of high-signal Nynorsk and Bokmål
marker words settle close calls; the weights were chosen on the training data's
own language labels, never on the held-out test set.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

__all__ = ["Language", "LANGUAGES", "detect_language", "language_scores"]

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")

# Words that occur in one written standard and (almost) never in the other.
_NYNORSK_MARKERS = frozenset(
    """eg ikkje kva korleis kvifor kven kvar kor mykje frå hjå vere vore berre heile
    heilt noko nokon nokre ho dykk dykkar dei deira meir ein eit eigen eige eigne
    seier sjølv sjå òg saman kjem treng tek ver venleg gje gjev gav byrja sel
    opplysningane opplysningar personopplysningar personopplysningane dokumenta
    tenesta tenester nettstaden informasjonskapslar tredjepartar namn namnet
    adressa rekninga meldinga nyheitsbrevet brukaren brukarar tilbod knytt dagar
    veke seinast stillingar besøkjande teken dataa notata forordninga skrive
    byggjer trekkjer ønskjer ynskjer gjer gjere fekk vart lagra lagrar sletta
    retta høyrer spørje de
    """.split()
)
_BOKMAL_MARKERS = frozenset(
    """jeg ikke hva hvordan hvorfor hvem hvor mye fra hos være vært bare hele helt
    noe noen hun dere deres mer en et ett egen eget egne sier selv se sammen
    kommer trenger tar vennligst gi gir ga opplysningene opplysninger
    personopplysninger personopplysningene dokumentene tjenesten tjenester
    nettstedet informasjonskapsler tredjeparter navn navnet adressen regningen
    meldingen nyhetsbrev nyhetsbrevet brukeren brukere tilbud dager uke senest
    stillinger besøkende dataene ønsker gjør gjøre ble lagret lagrer slettet
    rettet spørre
    """.split()
)
_ENGLISH_MARKERS = frozenset(
    """me my you your yours the an please pls plz is are was were be been do does
    did of and with what who how why when where can could would should will i'd
    i'm i've it it's this that these those have has delete remove erase forget
    give copy want like need tell about stop consent withdraw access correct
    request thanks thank hello hi bye info information personal our us there
    """.split()
)
_MARKER_WEIGHT = 0.5
# Feminine definite forms (-a) and plural -ar/-ane are Nynorsk's commonest tells;
# Bokmål allows some -a forms, so these only count for compound nouns we see often.
_NYNORSK_SUFFIX = re.compile(r"(?:adressa|lista|ninga|inga|ingane|ingar)$")
# Without marker words, lingua must be this sure before we call it Nynorsk:
# Bokmål is far more common in what Cantec receives.
_NYNORSK_CONFIDENCE = 0.8
_WORD = re.compile(r"[a-zæøåé]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    # Deferred (here and below): lingua's compiled models load on first use, not on import of bot.nlu.
    from lingua import Language as L
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(L.BOKMAL, L.NYNORSK, L.ENGLISH).build()


def language_scores(text: str) -> dict[Language, float]:
    """lingua's confidence for each language (sums to 1)."""
    from lingua import Language as L

    names = {L.BOKMAL: "nb", L.NYNORSK: "nn", L.ENGLISH: "en"}
    values = _detector().compute_language_confidence_values(text)
    return {names[v.language]: v.value for v in values}  # type: ignore[misc]


def detect_language(text: str, default: Language = "nb") -> Language:
    """Best guess of the message's language; ``default`` for text with no words."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return default
    scores = language_scores(" ".join(words))
    en_hits = sum(w in _ENGLISH_MARKERS for w in words)
    nn_hits = sum(w in _NYNORSK_MARKERS or bool(_NYNORSK_SUFFIX.search(w)) for w in words)
    nb_hits = sum(w in _BOKMAL_MARKERS for w in words)
    english = scores["en"] + _MARKER_WEIGHT * en_hits
    norwegian = scores["nb"] + scores["nn"] + _MARKER_WEIGHT * (nb_hits + nn_hits)
    if english > norwegian:
        return "en"
    if nn_hits != nb_hits:
        # Marker words are far more reliable than character statistics here.
        return "nn" if nn_hits > nb_hits else "nb"
    return "nn" if scores["nn"] >= _NYNORSK_CONFIDENCE * (scores["nb"] + scores["nn"]) else "nb"
