import random

from leads.domain.dedupe import similar_companies
from leads.domain.import_matching import LONG_PAIR, may_be_similar


def _edited(rng: random.Random, text: str, alphabet: str, edits: int) -> str:
    for _ in range(edits):
        at = rng.randint(0, len(text))
        kind = rng.choice("ids")
        if kind == "i" or not text:
            text = text[:at] + rng.choice(alphabet) + text[at:]
        elif kind == "d":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + rng.choice(alphabet) + text[at + 1:]
    return text


def test_the_candidate_blocking_never_drops_a_pair_the_fuzzy_rule_would_match() -> None:
    rng = random.Random(7)
    alphabet = "精工机械重液压123"
    similar = 0
    for _ in range(60_000):
        a = "".join(rng.choices(alphabet, k=rng.randint(1, 16)))
        b = _edited(rng, a, alphabet, rng.randint(0, 3))
        if b and similar_companies(a, b):
            similar += 1
            assert may_be_similar(a, b), (a, b)
    assert similar > 10_000  # the edits do produce plenty of matching pairs


def test_short_keys_must_share_an_end_long_ones_are_always_compared() -> None:
    assert may_be_similar("精工机械设备", "新精工机械设备")  # same last character
    assert not may_be_similar("精工机械", "重工设备")
    assert LONG_PAIR == 20
    assert may_be_similar("x" + "精密机械制造厂苏州" + "y", "精密机械制造厂苏州ab")
