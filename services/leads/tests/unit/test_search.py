"""A lead's search bigrams: what the list's search box can find it by, computed before the
lead is stored (the database's bigrams() gives the same for other writes)."""

from __future__ import annotations

from leads.domain.search import search_grams


def test_a_lead_is_findable_by_every_two_characters_of_its_name_and_of_its_company() -> None:
    grams = search_grams("王芳", "云南液压有限公司")
    assert sorted(grams) == sorted({"王芳", "云南", "南液", "液压", "压有", "有限", "限公", "公司"})
    assert len(grams) == len(set(grams))


def test_nothing_spans_the_name_and_the_company() -> None:
    assert "芳云" not in search_grams("王芳", "云南液压")


def test_latin_letters_are_lower_cased_like_the_databases_lower() -> None:
    # Our clusters run without a locale: lower() and ILIKE fold ASCII letters only.
    assert set(search_grams("Wang", "ABB中国")) == {"wa", "an", "ng", "ab", "bb", "b中", "中国"}


def test_repeated_bigrams_are_stored_once() -> None:
    assert sorted(search_grams("张张张", "张张机械")) == ["张张", "张机", "机械"]


def test_a_name_or_company_shorter_than_two_characters_adds_nothing() -> None:
    assert search_grams("", "") == []
    assert search_grams("王", "") == []
    assert sorted(search_grams("王", "三一")) == ["三一"]


def test_other_cased_letters_also_give_their_lower_case_bigrams() -> None:
    """The C ctype leaves Ä alone; a linguistic one lowers it: both sets are kept, so the
    lead is found whichever the cluster uses (the ILIKE decides the rest)."""
    assert set(search_grams("Ärzte", "")) == {"Är", "är", "rz", "zt", "te"}
