"""The shipped word lists and rule data are well formed and do not contradict themselves."""

from __future__ import annotations

import pytest

from bot.sensitive.datafiles import load_json
from bot.sensitive.errors import LexiconError
from bot.sensitive.findings import CATEGORIES
from bot.sensitive.inflection import norwegian_forms
from bot.sensitive.lexicon import PIPELINE_FILES, Term
from bot.sensitive.pipelines import get_engine
from bot.sensitive.rules import load_rules


def test_term_syntax() -> None:
    term = Term.parse("=tro kreft* medlem")
    assert term.bases == ("tro", "kreft", "medlem")
    assert term.exact == {"tro"} and term.compound == {"kreft"}
    assert not term.literal and Term.parse("=hiv").literal
    with pytest.raises(LexiconError):
        Term.parse("= *")


def test_norsk_ordbank_and_nynorsk_forms() -> None:
    forms = norwegian_forms(["fagforening", "medlem", "innvandrer"])
    assert {"fagforeningen", "fagforeningene"} <= forms["fagforening"]
    assert "medlemmer" in forms["medlem"]  # irregular, only the Ordbank table knows it
    assert {"innvandrar", "innvandrarar"} <= forms["innvandrer"]  # Nynorsk -ar agent nouns


@pytest.mark.parametrize("name", sorted({f for files in PIPELINE_FILES.values() for f in files}))
def test_list_files_name_known_categories(name: str) -> None:
    data = load_json(name)
    assert set(data["categories"]) <= set(CATEGORIES)
    for spec in data["categories"].values():
        assert set(spec) <= {"strong", "weak", "patterns"}


def test_rule_order_covers_every_category_kind() -> None:
    assert [name for name, _ in load_rules()] == ["national_id", "bank_account", "payment_card", "special_categories"]


@pytest.mark.parametrize("pipeline", sorted(PIPELINE_FILES))
def test_no_exclusion_swallows_a_whole_term(pipeline: str) -> None:
    """An exclusion whose lemmas equal a term's would silently disable that term."""
    engine = get_engine()
    match_set = engine.match_sets[pipeline]
    lexicon = match_set.lexicon

    def key(term: Term) -> tuple[str, ...]:
        attr = "lower_" if match_set.needs_literal(term) else "norm_"
        return tuple(getattr(t, attr) for t in engine.doc(term.text))

    terms = {key(t) for ts in lexicon.terms.values() for t in ts}
    clashes = [t.text for t in lexicon.exclusions if key(t) in terms]
    assert clashes == []
