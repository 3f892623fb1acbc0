"""Compose the whole training messages for the second stage (``letters.jsonl``) from the blocks.

Letters in the style of request generators and lawyers' letters (subject,
salutation, identity block, one or two asks, citations and lists of what the
answer must contain, rights mentioned but not asked, deadlines, complaint
threats, signature), shorter everyday messages (an ask with numbers and
identity details around it), and messages that ask nothing.  The labels are
the rights asked, known by construction.  Deterministic:

    python -m nlu_letters.compose            # rewrites nlu_letters/letters.jsonl

Every block was written for this project; people, firms and numbers are invented.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from nlu_letters import blocks_en, blocks_nb, blocks_nn

__all__ = ["compose", "main"]

OUT = Path(__file__).with_name("letters.jsonl")
BLOCKS: dict[str, ModuleType] = {"nb": blocks_nb, "nn": blocks_nn, "en": blocks_en}
RIGHTS = ("access", "rectification", "erasure", "withdraw_consent",
          "objection", "restriction", "portability", "automated_decision")
REQUESTS = RIGHTS[:4]
# What is asked, with weights close to real mail: mostly one right, some pairs.
ASKS: list[tuple[tuple[str, ...], int]] = [
    (("access",), 16), (("rectification",), 6), (("erasure",), 9), (("withdraw_consent",), 6),
    (("objection",), 5), (("restriction",), 4), (("portability",), 3), (("automated_decision",), 3),
    (("access", "portability"), 4), (("access", "erasure"), 3), (("access", "rectification"), 2),
    (("access", "withdraw_consent"), 2), (("erasure", "objection"), 2), (("erasure", "withdraw_consent"), 2),
    (("access", "automated_decision"), 1), (("objection", "restriction"), 1), (("rectification", "restriction"), 1),
    (("withdraw_consent", "objection"), 1), ((), 7),
]
# Asked together more rarely, so composed apart (after the messages above, from their own random
# stream, which leaves those as they were): three or four of the requests in one message.
SEVERAL: list[tuple[str, ...]] = [
    ("access", "rectification", "erasure"), ("access", "rectification", "withdraw_consent"),
    ("access", "erasure", "withdraw_consent"), ("rectification", "erasure", "withdraw_consent"),
    ("access", "rectification", "erasure", "withdraw_consent"),
]
WRONG = {"Halvorsen": "Halvorson", "Brekke": "Brekk", "Lindqvist": "Lindkvist", "Nygaard": "Nygård", "Solheim": "Solhem",
         "Aas": "Aasen", "Berge": "Berg", "Vik": "Wik", "Dahl": "Dal", "Kolstad": "Kolstadt", "Nordmo": "Nordmoe",
         "Haugland": "Hauglan", "Rasmussen": "Rasmusen", "Tveit": "Tveitt", "Myhre": "Myre", "Lie": "Li",
         "Fossum": "Fossumm", "Strand": "Strandh", "Kvam": "Kvamm", "Holm": "Hollm", "Heggheim": "Hegheim",
         "Natvik": "Nattvik", "Myklebust": "Myklebost", "Aasen": "Åsen", "Skeie": "Skeye", "Teigen": "Tegen",
         "Fjære": "Fjere", "Lothe": "Lote"}


PART: int | None = None  # None: every block (chosen on nlu_dev); 1: the odd half only (measured, worse)


def half(items: list[str], part: int | None) -> list[str]:
    """One of two disjoint halves of a block list: part 0 (even positions) trains the first stage
    (``nlu_letters.sentences``), part 1 (odd positions) composes the second stage's messages, so the
    second stage learns from sentences the first stage has not seen.  A one-item list serves both;
    ``part=None`` is the whole list."""
    if part is None:
        return items
    return items[part::2] or items


def _fill(text: str, values: dict[str, str]) -> str:
    return text.format(**values)


def _values(rng: random.Random, b: ModuleType) -> dict[str, str]:
    name = rng.choice(b.NAMES)
    first, last = name.split(" ", 1)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    year2 = rng.randint(50, 99)
    return {
        "name": name, "name_first": first, "name_last": last, "wrong": WRONG.get(last, last + "e"),
        "email": f"{first.lower()}.{last.lower()}@example.{rng.choice(['no', 'com'])}".replace("å", "a").replace("æ", "ae").replace("ø", "o"),
        "phone": f"9{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(100, 999)}",
        "cust": str(rng.randint(100000, 999999)),
        "fnr": f"{day:02d}{month:02d}{year2}{rng.randint(10000, 99999)}",
        "dob": f"{day:02d}.{month:02d}.19{year2}",
        "addr": f"{rng.choice(['Storgata', 'Kirkeveien', 'Sjøgata', 'Bakkeveien', 'Elvegata'])} {rng.randint(1, 80)}, "
                f"{rng.choice(['0150 Oslo', '5003 Bergen', '7011 Trondheim', '6800 Førde', '9008 Tromsø'])}",
        "year": str(rng.randint(2012, 2024)),
        "order": f"CT-{rng.randint(10000, 99999)}",
        "date": f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.2025",
        "company": rng.choice(b.COMPANIES),
        "firm": rng.choice(b.FIRMS),
    }


def _ask_sentences(rng: random.Random, b: ModuleType, asked: tuple[str, ...]) -> list[str]:
    if "access" in asked and "portability" in asked and rng.random() < 0.7:
        rest = [r for r in asked if r not in ("access", "portability")]
        return [rng.choice(half(b.ASK["access_portability"], PART)), *(rng.choice(half(b.ASK[r], PART)) for r in rest)]
    out = [rng.choice(half(b.ASK[r], PART)) for r in asked]
    if asked and rng.random() < 0.25:  # the ask repeated in other words
        out.append(rng.choice(half(b.ASK[rng.choice(asked)], PART)))
    return out


def _mentions(rng: random.Random, b: ModuleType, asked: tuple[str, ...], n: int) -> list[str]:
    # Mostly rights NOT asked (the trap), sometimes the asked ones cited as well.
    pool = [r for r in RIGHTS if r not in asked] if rng.random() < 0.8 else list(RIGHTS)
    rights = [rng.choice(pool) for _ in range(n)]
    return list(dict.fromkeys(rng.choice(half(b.MENTION[r], PART)) for r in rights))


def letter(rng: random.Random, language: str, asked: tuple[str, ...]) -> str:
    b = BLOCKS[language]
    v = _values(rng, b)
    head: list[str] = []
    if rng.random() < 0.85:
        head.append(rng.choice(b.SUBJECTS[asked[0] if asked else "none"]))
    head.append(rng.choice(b.SALUTATIONS))
    body: list[str] = []
    if rng.random() < 0.6:
        body.append(rng.choice(b.IDENTITY[:3]))
    asks = _ask_sentences(rng, b, asked) if asked else [rng.choice(b.QUESTION_BODY)] if rng.random() < 0.6 else []
    opening = _mentions(rng, b, asked, rng.randint(0, 2)) if rng.random() < 0.4 else []
    body += opening + asks
    if "access" in asked and rng.random() < 0.6 or not asked and rng.random() < 0.3:
        body.append(rng.choice(b.ACCESS_LIST_INTRO))
        items = half(b.ACCESS_LIST, PART)
        k = rng.randint(4 if PART is None else min(3, len(items)), len(items))
        body += sorted(rng.sample(items, k), key=items.index)
    if "erasure" in asked and rng.random() < 0.5:
        grounds = half(b.ERASURE_GROUNDS, PART)
        body += rng.sample(grounds, rng.randint(1, min(2, len(grounds))))
    body += _mentions(rng, b, asked, rng.randint(1, 4))
    body += rng.sample(b.GENERIC, rng.randint(2, 5))
    if rng.random() < 0.5:
        rng.shuffle(body[-4:])  # asks are not always first; boilerplate is not always last
    ident = rng.sample(b.IDENTITY[3:], rng.randint(0, 4))
    tail = [rng.choice(b.CLOSINGS), v["name"], *rng.sample(b.SIGNATURE_EXTRA, rng.randint(0, 2))]
    paragraphs = ["\n".join(head), " ".join(body[: len(body) // 2]), " ".join(body[len(body) // 2 :])]
    if ident:
        paragraphs.append("\n".join(ident))
    paragraphs.append("\n".join(tail))
    return _fill("\n\n".join(p for p in paragraphs if p), v)


def short_message(rng: random.Random, language: str, asked: tuple[str, ...]) -> str:
    """An everyday message: one ask among details (numbers, identity), sometimes a mention or a pleasantry."""
    b = BLOCKS[language]
    v = _values(rng, b)
    parts = _ask_sentences(rng, b, asked) if asked else [rng.choice(b.QUESTION_BODY)]
    parts += rng.sample(b.IDENTITY, rng.randint(0, 2))
    if rng.random() < 0.3:
        parts += _mentions(rng, b, asked, 1)
    rng.shuffle(parts)
    if rng.random() < 0.4:
        parts.append(rng.choice(b.GENERIC[9:11]))
    if rng.random() < 0.4:
        parts.append(v["name"])
    return _fill(rng.choice([" ", "\n"]).join(parts), v)


def _message(rng: random.Random, number: int, kind: str, asked: tuple[str, ...], language: str) -> dict[str, Any]:
    text = letter(rng, language, asked) if kind == "letter" else short_message(rng, language, asked)
    return {"id": f"L{number:04d}", "kind": kind, "language": language, "text": text,
            "requests": [r for r in REQUESTS if r in asked], "other_rights": [r for r in RIGHTS[4:] if r in asked]}


def _language(rng: random.Random) -> str:
    return rng.choices(("nb", "nn", "en"), weights=(4, 3, 3))[0]


def compose(n_letters: int = 720, n_short: int = 360, n_several: int = 120, seed: int = 20261210) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    choices, weights = zip(*ASKS, strict=True)
    out: list[dict[str, Any]] = []
    for i in range(n_letters + n_short):
        language = _language(rng)
        asked = rng.choices(choices, weights=weights)[0]
        out.append(_message(rng, i + 1, "letter" if i < n_letters else "short", asked, language))
    several = random.Random(seed + 1)  # its own stream: the messages above stay as they were
    for i in range(n_letters + n_short, n_letters + n_short + n_several):
        language = _language(several)
        asked = several.choice(SEVERAL)
        out.append(_message(several, i + 1, "letter" if i % 2 == 0 else "short", asked, language))
    return out


def main() -> int:
    items = compose()
    with OUT.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(items)} messages -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
