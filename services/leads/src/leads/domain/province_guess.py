"""The province of a lead that arrived without one (a QR scan, an ad that sends none).

A Chinese CRM user expects the 手机归属地: the province where a mainland mobile number was
registered, which `phonenumbers`' offline geocoder knows ("江苏省南京市" in zh). Failing
that (a landline, an e-mail only, a number the geocoder does not place), a province
name at the start of the company name (「江苏恒力化纤」). A province the customer gave is
never replaced. The lead keeps where its province came from (`province_source`), so a
manager can tell a guess from the customer's word. Pure; no I/O beyond the geocoder's
own data modules, loaded once.

Cost: the geocoder places a mainland mobile by its first 7 digits (86 + the 号段 and the
H-code), so the answer is cached per 7-digit prefix: a repeat prefix costs ~0.4 us, a new
one ~4 us (65,536 prefixes kept, about half the ~130k the data knows, ~10 MB; numbers
spread evenly over the whole country, the worst case, cost ~5 us a lead). Loading the
geocoder's data once costs a process ~0.35 s of CPU and ~100 MB of memory (all
languages' descriptions; phonenumbers has no zh-only load).
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

from leads.domain.provinces import MAINLAND_PROVINCES

GIVEN, MOBILE, COMPANY = "given", "mobile", "company"
INFERRED = frozenset({MOBILE, COMPANY})
# How a reason says where an inferred province came from.
INFERRED_ZH = {MOBILE: "省份按手机号归属地推断", COMPANY: "省份按公司名称推断"}

# Longest first: no short name is a prefix of another today, but 内蒙古/黑龙江 are three
# characters and a future two-character spelling must not shadow them.
_SHORT_NAMES = sorted(MAINLAND_PROVINCES, key=len, reverse=True)
_MOBILE_PREFIX = "+861"
_PREFIX_DIGITS = 3 + 7  # "+86" and the 7 national digits the geocoder keys mobiles on


def province_at_start(text: str) -> str:
    """The short province name `text` starts with ("江苏省南京市" -> 江苏), or ""."""
    for short in _SHORT_NAMES:
        if text.startswith(short):
            return short
    return ""


@lru_cache(maxsize=65536)
def _mobile_province(prefix: str) -> str:
    # Any number of the prefix places the same: the geocoder's CN mobile data is keyed
    # on 86 + seven digits. The number was validated by normalise_phone, so the cheaper
    # description_for_valid_number (~4 us) instead of parse + description_for_number
    # (~23 us). Imported here: the geocoder's data costs ~0.35 s and ~100 MB once per
    # process, paid only by a process that meets a lead without a province.
    from phonenumbers import geocoder

    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(prefix[3:] + "0000"))
    return province_at_start(geocoder.description_for_valid_number(number, "zh"))


def mobile_province(phone: str) -> str:
    """The registration province of a mainland mobile number in E.164, or ""."""
    if not phone.startswith(_MOBILE_PREFIX) or len(phone) != 14:
        return ""
    return _mobile_province(phone[:_PREFIX_DIGITS])


def province_and_source(province: str, *, phone: str, company: str) -> tuple[str, str]:
    """The lead's province and where it came from: the given one ("given"), else the
    mobile number's ("mobile"), else the company name's ("company"), else ("", "")."""
    if province:
        return province, GIVEN
    if found := mobile_province(phone):
        return found, MOBILE
    if found := province_at_start(company):
        return found, COMPANY
    return "", ""
