"""The company key: one spelling per company, and the fast affix lookup agrees with the
plain scan it replaced."""

import random
import re
import sys

from servicekit import company_names as company
from servicekit.company_names import company_key


def test_cities_are_stripped_only_when_asked() -> None:
    assert company_key("苏州精工机械有限公司") == company_key("无锡精工机械股份有限公司")
    assert company_key("苏州精工机械", strip_cities=False) != company_key(
        "无锡精工机械", strip_cities=False)
    assert company_key("江苏省精工机械", strip_cities=False) == "精工机械"


def _scan_all(text: str) -> str:
    """The plain longest-first scan of every suffix and prefix the indexed lookup replaced."""
    changed = True
    while changed:
        changed = False
        for suffix in company._SUFFIXES:
            rest = text[: -len(suffix)].rstrip(" ,.")
            if text.endswith(suffix) and len(rest) >= 2:
                text, changed = rest, True
                break
    changed = True
    while changed:
        changed = False
        for prefix in company._PREFIXES:
            if text.startswith(prefix) and len(text) - len(prefix) >= 2:
                text, changed = text[len(prefix):], True
                break
    return text


def test_company_key_by_first_and_last_character_equals_the_scan_of_every_affix() -> None:
    rng = random.Random(7)
    words = [*company._PREFIXES, *company._SUFFIXES, "精工", "机械", "a", "上", "司", ". ", ""]
    for _ in range(20_000):
        text = "".join(rng.choices(words, k=rng.randint(0, 5)))
        fast = company._strip_prefixes(company._strip_suffixes(text), company._PREFIXES_BY_FIRST)
        assert fast == _scan_all(text), text


def test_half_width_collapses_exactly_the_whitespace_a_regex_would() -> None:
    spaces = re.compile(r"\s")
    assert all(chr(c).isspace() == bool(spaces.match(chr(c)))
               for c in range(sys.maxunicode + 1))  # str.split()'s set is \s's set
    rng = random.Random(5)
    alphabet = [*"ａＢ１　 \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000abc王芳，。()（）",
                *(chr(0xFF01 + i) for i in range(94))]
    for _ in range(50_000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        assert company.half_width(text) == re.sub(
            r"\s+", " ", text.translate(company.FULL_TO_HALF)).strip(), repr(text)
    assert company.half_width("  ＡＢＣ　精工\t机械 ") == "ABC 精工 机械"
