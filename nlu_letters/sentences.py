"""First-stage training sentences from one half of the letter blocks (``nlu_letters/letter_sentences.yml``, not trained on).

The Rasa model reads letters sentence by sentence; the kinds it got wrong on
``nlu_dev/`` were asks that cite an article ("I request erasure under Article
17", read as ``legal_boilerplate``) and mentions that negate or defer an ask
("I am not asking for a copy", read as ``request_access``).  This writes, from
the even-position half of each block list (``compose.half(..., 0)``; the
second stage's messages are composed from the other half):

- every ask as its request label, as written and with the right's article
  cited ("... under Article 17 of the GDPR", "... jf. personvernforordningen
  artikkel 17");
- every mention (citations, lists of rights, deferrals, "I am not asking ...")
  and every item of the art. 15(1) list and the art. 17(1) grounds as
  ``legal_boilerplate``.

Deterministic: ``python -m nlu_letters.sentences`` rewrites the file.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

from nlu_letters.compose import BLOCKS, _values, half

__all__ = ["OUT", "examples", "main"]

OUT = Path(__file__).with_name("letter_sentences.yml")  # copy into nlu_data/ to train on it (measured: no gain)
ARTICLE = {"access": "15", "rectification": "16", "erasure": "17", "withdraw_consent": "7 nr. 3",
           "objection": "21", "restriction": "18", "portability": "20", "automated_decision": "22",
           "access_portability": "20"}
FOCUSED = True  # the smaller of the two variants measured on nlu_dev (docs/nlu.md); neither is trained on
NEGATED = re.compile(r"not asking|ber ikke|ber ikkje|may later|kan komme til|kan kome til|senere|seinare|at this point|for now|foreløpig|førebels", re.I)
CITE = {
    "en": [" under Article {a} of the GDPR", " (Article {a} GDPR)", ", in accordance with Article {a} GDPR"],
    "nb": [" etter personvernforordningen artikkel {a}", ", jf. GDPR art. {a}", " i medhold av personvernforordningen art. {a}"],
    "nn": [" etter personvernforordninga artikkel {a}", ", jf. GDPR art. {a}", " med heimel i personvernforordninga art. {a}"],
}


def _label(right: str) -> str:
    if right == "access_portability":
        return "request_access+request_portability"
    return f"request_{right}"


def _cited(rng: random.Random, language: str, sentence: str, right: str) -> str:
    article = ARTICLE[right] if language != "en" else ARTICLE[right].replace(" nr. ", "(") + (")" if "nr." in ARTICLE[right] else "")
    body = sentence.rstrip()
    end = body[-1] if body[-1] in ".!?" else ""
    body = body[:-1] if end else body
    if f"rtikkel {ARTICLE[right].split()[0]}" in body or f"rticle {ARTICLE[right].split()[0]}" in body:
        return sentence
    return body + rng.choice(CITE[language]).format(a=article) + (end or ".")


def examples(seed: int = 20261202, *, focused: bool = FOCUSED) -> dict[str, list[str]]:
    """Label -> example sentences (filled in with invented people and synthetic numbers).

    ``focused``: only asks with their article cited and negated/deferred mentions (the two kinds
    the first stage got wrong); otherwise also the plain asks, every mention and the lists."""
    rng = random.Random(seed)
    out: dict[str, list[str]] = defaultdict(list)
    for language, b in BLOCKS.items():
        for right, sentences in b.ASK.items():
            for sentence in half(sentences, 0):
                text = sentence.format(**_values(rng, b))
                cited = _cited(rng, language, text, right)
                if cited != text or not focused:
                    out[_label(right)].append(cited)
                if not focused:
                    out[_label(right)].append(text)
        boiler = [s for sentences in b.MENTION.values() for s in half(sentences, 0)]
        if focused:  # only the negated and deferred asks
            boiler = [s for s in boiler if NEGATED.search(s)]
        else:
            boiler += half(b.ACCESS_LIST, 0) + half(b.ERASURE_GROUNDS, 0)
        out["legal_boilerplate"] += [s.format(**_values(rng, b)) for s in boiler]
    return {label: list(dict.fromkeys(texts)) for label, texts in out.items()}


def main() -> int:
    lines = [
        "# Written by nlu_letters/sentences.py from the even half of nlu_letters/blocks_*.py (do not edit by hand):",
        "# asks as written and with their article cited, and mentions/negated asks/lists as legal_boilerplate.",
        "# Invented people and synthetic numbers only.",
        'version: "3.1"',
        "nlu:",
    ]
    total = 0
    for label, texts in sorted(examples().items()):
        lines += [f"- intent: {label}", "  examples: |"]
        lines += [f"    - {t}" for t in texts]
        total += len(texts)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{total} sentences -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
