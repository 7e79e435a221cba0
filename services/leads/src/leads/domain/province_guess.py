"""The province of a lead that arrived without one (a QR scan, an ad that sends none).

A Chinese CRM user expects the 手机归属地: the province where a mainland mobile number was
registered, which `phonenumbers`' offline geocoder knows ("江苏省南京市" in zh). Failing
that, a landline's area code, which the same geocoder places (020 → 「广东省广州市」, 010 →
「北京市」; B2B customers often give the office number). Failing that (an e-mail only, a
number the geocoder does not place such as 400/800), a province name at the start of the
company name (「江苏恒力化纤」). A province the customer gave is
never replaced. The lead keeps where its province came from (`province_source`), so a
manager can tell a guess from the customer's word. Pure; no I/O beyond the geocoder's
own data modules, loaded once.

Cost: the geocoder places a mainland mobile by its first 7 digits (86 + the 号段 and the
H-code), so the answer is cached per 7-digit prefix: a repeat prefix costs ~0.4 us, a new
one ~4 us (65,536 prefixes kept, about half the ~130k the data knows, ~10 MB; numbers
spread evenly over the whole country, the worst case, cost ~5 us a lead). Loading the
geocoder's data once costs a process ~0.35 s of CPU and ~100 MB of memory (all
languages' descriptions; phonenumbers has no zh-only load). A landline is placed by its
area code (010 and 02x two digits, the rest three: ~330 codes in use, all kept), so each
code costs the geocoder once (~5 us) and a dictionary look-up after.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

from leads.domain.provinces import MAINLAND_PROVINCES

GIVEN, MOBILE, LANDLINE, COMPANY = "given", "mobile", "landline", "company"
INFERRED = frozenset({MOBILE, LANDLINE, COMPANY})
# How a reason says where an inferred province came from.
INFERRED_ZH = {MOBILE: "省份按手机号归属地推断", LANDLINE: "省份按固话区号推断",
               COMPANY: "省份按公司名称推断"}

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


def _is_mobile(phone: str) -> bool:
    # +861 and 11 digits, 1[3-9]…: +8610 is Beijing's area code, never a mobile.
    return phone.startswith(_MOBILE_PREFIX) and len(phone) == 14 and phone[4] != "0"


def mobile_province(phone: str) -> str:
    """The registration province of a mainland mobile number in E.164, or ""."""
    if not _is_mobile(phone):
        return ""
    return _mobile_province(phone[:_PREFIX_DIGITS])


_AREA_PROVINCES: dict[str, str] = {}  # area code -> province ("" when none): ~330 codes


def landline_province(phone: str) -> str:
    """The province of a mainland landline's area code (E.164, as normalise_phone stores
    it: +86 20 8312 3456), or "" (a mobile, abroad, 400/800 numbers: the geocoder says
    only 中国)."""
    if not phone.startswith("+86") or len(phone) < 8 or _is_mobile(phone):
        return ""
    area = phone[3:5] if phone[3] in "12" else phone[3:6]  # 10, 20-29; else 3 digits
    found = _AREA_PROVINCES.get(area)
    if found is None:
        from phonenumbers import geocoder  # see _mobile_province

        number = phonenumbers.PhoneNumber(country_code=86, national_number=int(phone[3:]))
        found = province_at_start(geocoder.description_for_valid_number(number, "zh"))
        if found:  # "" is not kept: one odd number must not unplace its whole area code
            _AREA_PROVINCES[area] = found
    return found


def province_and_source(province: str, *, phone: str, company: str) -> tuple[str, str]:
    """The lead's province and where it came from: the given one ("given"), else the
    mobile number's ("mobile"), else the landline's area code's ("landline"), else the
    company name's ("company"), else ("", "")."""
    if province:
        return province, GIVEN
    if found := mobile_province(phone):
        return found, MOBILE
    if found := landline_province(phone):
        return found, LANDLINE
    if found := province_at_start(company):
        return found, COMPANY
    return "", ""
