"""Check the development sets in this directory and print their counts.

    python nlu_dev/validate.py

Checks: every line parses as JSON with exactly the documented fields; ids are
unique and well-formed (the prefix of each file in ``FILES``); texts are unique; labels
are in the vocabulary and in the fixed order; ``kind`` agrees with the labels
(a request names at least one right, anything else names none); letters are
120-450 words; e-mail addresses use example.com / example.no only (besides Cantec's
own personvern@cantec.no).  ``mixed_dev.jsonl`` has two fields more, as the held-out
test set: the expected ``intent`` and statement ``section`` (a name or null).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {"letters_dev.jsonl": "D", "everyday_dev.jsonl": "F", "everyday_dev_2.jsonl": "H",
         "letters_dev_2.jsonl": "L", "everyday_dev_3.jsonl": "E", "everyday_dev_4.jsonl": "G",
         "letters_dev_3.jsonl": "R", "letters_dev_4.jsonl": "T", "everyday_dev_5.jsonl": "V", "everyday_dev_6.jsonl": "X", "mixed_dev.jsonl": "K"}
FIELDS = {"id", "text", "language", "kind", "requests", "other_rights", "doubt", "note"}
EXTRA_FIELDS = {"mixed_dev.jsonl": {"intent", "section"}}
LANGUAGES = ("nb", "nn", "en")
KINDS = ("request", "question", "smalltalk", "inform", "out_of_scope", "spam")
REQUESTS = ("access", "rectification", "erasure", "withdraw_consent")
OTHER_RIGHTS = ("objection", "restriction", "portability", "automated_decision")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def _is_letters(name: str) -> bool:
    """Letters files are told apart by name, so a new one needs no edit here."""
    return name.startswith("letters")


def check(path: Path, prefix: str, seen_texts: set[str]) -> tuple[list[dict], list[str]]:
    rows, errors, ids = [], [], set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        extra = EXTRA_FIELDS.get(path.name, set())
        if set(row) != FIELDS | extra:
            errors.append(f"{where}: fields {sorted(row)}")
            continue
        if "intent" in extra and (not isinstance(row["intent"], str) or not row["intent"]):
            errors.append(f"{where}: intent {row['intent']!r}")
        if "section" in extra and not (row["section"] is None or isinstance(row["section"], str) and row["section"]):
            errors.append(f"{where}: section {row['section']!r}")
        if not re.fullmatch(prefix + r"\d{3}", row["id"]) or row["id"] in ids:
            errors.append(f"{where}: bad or duplicate id {row['id']}")
        ids.add(row["id"])
        text = row["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
        elif text in seen_texts:
            errors.append(f"{where}: duplicate text")
        seen_texts.add(text)
        if row["language"] not in LANGUAGES:
            errors.append(f"{where}: language {row['language']}")
        if row["kind"] not in KINDS:
            errors.append(f"{where}: kind {row['kind']}")
        for field, vocab in (("requests", REQUESTS), ("other_rights", OTHER_RIGHTS)):
            labels = row[field]
            if not isinstance(labels, list) or any(x not in vocab for x in labels):
                errors.append(f"{where}: {field} {labels}")
            elif labels != [x for x in vocab if x in labels]:
                errors.append(f"{where}: {field} not in fixed order or repeated: {labels}")
        rights = row["requests"] + row["other_rights"]
        if (row["kind"] == "request") != bool(rights):
            errors.append(f"{where}: kind {row['kind']} with rights {rights}")
        if not isinstance(row["doubt"], bool):
            errors.append(f"{where}: doubt not bool")
        if not isinstance(row["note"], str) or not row["note"].strip():
            errors.append(f"{where}: empty note")
        if _is_letters(path.name):
            words = len(text.split())
            if not 120 <= words <= 450:
                errors.append(f"{where}: {words} words")
        for domain in EMAIL.findall(text):
            if domain.lower() not in ("example.com", "example.no", "cantec.no"):
                errors.append(f"{where}: e-mail domain {domain}")
        rows.append(row)
    return rows, errors


def report(name: str, rows: list[dict]) -> None:
    print(f"\n{name}: {len(rows)} items")
    langs = Counter(r["language"] for r in rows)
    print("  language:", ", ".join(f"{k} {langs[k]} ({100 * langs[k] / len(rows):.0f} %)" for k in LANGUAGES))
    kinds = Counter(r["kind"] for r in rows)
    print("  kind:", ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k]))
    rights = Counter(x for r in rows for x in r["requests"] + r["other_rights"])
    print("  rights asked:", ", ".join(f"{k} {rights[k]}" for k in (*REQUESTS, *OTHER_RIGHTS)))
    combos = Counter("+".join(r["requests"] + r["other_rights"]) for r in rows if len(r["requests"] + r["other_rights"]) > 1)
    print("  combined asks:", ", ".join(f"{k} {v}" for k, v in sorted(combos.items())) or "none")
    doubt = [r["id"] for r in rows if r["doubt"]]
    print(f"  doubt: {len(doubt)} ({', '.join(doubt)})")
    if _is_letters(name):
        words = sorted(len(r["text"].split()) for r in rows)
        print(f"  words: min {words[0]}, median {words[len(words) // 2]}, max {words[-1]}")


def main() -> int:
    seen: set[str] = set()
    all_errors = []
    for name, prefix in FILES.items():
        rows, errors = check(HERE / name, prefix, seen)
        all_errors += errors
        report(name, rows)
    for e in all_errors:
        print("ERROR", e, file=sys.stderr)
    print("\nOK" if not all_errors else f"\n{len(all_errors)} errors")
    return 1 if all_errors else 0


if __name__ == "__main__":
    sys.exit(main())
