"""A lead's search bigrams: what the list's search box can find it by, computed before the
lead is stored (the database's bigrams() gives the same for other writes: the
integration tests compare the two)."""

from __future__ import annotations

from leads.domain.search import fold, search_grams


def test_a_lead_is_findable_by_every_two_characters_of_its_name_and_of_its_company() -> None:
    grams = search_grams("王芳", "云南液压有限公司")
    assert sorted(grams) == sorted({"王芳", "云南", "南液", "液压", "压有", "有限", "限公", "公司"})
    assert len(grams) == len(set(grams))


def test_nothing_spans_the_name_and_the_company() -> None:
    assert "芳云" not in search_grams("王芳", "云南液压")


def test_latin_letters_are_case_folded() -> None:
    assert set(search_grams("Wang", "ABB中国")) == {"wa", "an", "ng", "ab", "bb", "b中", "中国"}


def test_letters_of_every_script_are_case_folded_not_only_ascii() -> None:
    """ÉCOLE is found by école, ПЕТРОВ by петров, ΣΊΣΥΦΟΣ by σίσυφος (final sigma too):
    full case folding, the same as PostgreSQL's casefold() under pg_unicode_fast."""
    assert set(search_grams("ÉCOLE", "ПЕТР")) == {"éc", "co", "ol", "le", "пе", "ет", "тр"}
    assert set(search_grams("ΣΊΣΥΦΟΣ", "")) == set(search_grams("σίσυφος", ""))
    assert fold("ÉCOLE Müller") == "école müller"


def test_folding_can_lengthen_a_text() -> None:
    """Straße folds to strasse, so it is found by STRASSE; a lone ß has a bigram."""
    assert {"ss", "se"} <= set(search_grams("Straße", ""))
    assert search_grams("ß", "") == ["ss"]


def test_repeated_bigrams_are_stored_once() -> None:
    assert sorted(search_grams("张张张", "张张机械")) == ["张张", "张机", "机械"]


def test_a_name_or_company_shorter_than_two_characters_adds_nothing() -> None:
    assert search_grams("", "") == []
    assert search_grams("王", "") == []
    assert sorted(search_grams("王", "三一")) == ["三一"]


def test_letters_newer_than_pythons_unicode_fold_as_postgresql_folds_them() -> None:
    """Garay (Unicode 16): PostgreSQL 18 folds its capitals; Python 3.11 knows no Garay."""
    assert fold("\U00010D50\U00010D51") == "\U00010D70\U00010D71"
    assert fold("Ꟍ") == "ꟍ"  # U+A7CC LATIN CAPITAL LETTER S WITH DIAGONAL STROKE
