"""Turning what people type into one canonical form, or saying which field is wrong.

Every function either returns the normalised value or raises InvalidField naming the
field with a zh-CN message the form can show next to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from servicekit.company_names import FULL_TO_HALF, half_width
from servicekit.invalid import InvalidField

from leads.domain.provinces import short_province

_LINE_SPACES = re.compile(r"[^\S\n]+")
# Control characters (NUL above all, which PostgreSQL text refuses) are dropped; newlines
# survive only in multi-line fields such as the message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def without_controls(text: str) -> str:
    """The text without control characters: what every free text is stored as."""
    return _CONTROL.sub("", text)


def clean_text(field: str, value: str, *, max_length: int, multiline: bool = False,
               fold: bool = True) -> str:
    """Controls dropped, whitespace collapsed; `fold` also turns full-width characters
    half-width, which matching wants (names, companies) and what people write does not:
    free text (`free_text`) keeps 「，。：」 as typed."""
    if not value:  # most optional fields of most rows: skip the regexes and translations
        return ""
    # Printable text has no controls (nor newlines), and ASCII nothing to fold; splitting
    # on whitespace collapses what `\s+` does (half_width says why): same text, a third
    # of the CPU for the four texts of an imported row.
    text = value if value.isprintable() else _CONTROL.sub("", value.replace("\r\n", "\n"))
    if fold and not text.isascii():
        text = text.translate(FULL_TO_HALF)
    if multiline:
        lines = (_LINE_SPACES.sub(" ", line).strip() for line in text.split("\n"))
        text = "\n".join(lines).strip()
    else:
        text = " ".join(text.split())
    if len(text) > max_length:
        raise InvalidField(field, f"长度不能超过 {max_length} 个字符")
    return text


def free_text(field: str, value: str, *, max_length: int, multiline: bool = False) -> str:
    """What people write (contact outcomes, pain points, messages, reasons, tags): stored as
    typed, Chinese punctuation and all."""
    return clean_text(field, value, max_length=max_length, multiline=multiline, fold=False)


def folded(text: str) -> str:
    """The half-width form of a stored text, for keys computed from it (import row keys,
    request fingerprints): the same as the folded text stored before free text kept its
    punctuation, so nothing re-keys. Folding after collapsing equals collapsing after
    folding: only U+3000 folds to whitespace, and it was already collapsed."""
    return text.translate(FULL_TO_HALF)


# Fast path for the common case, a mainland mobile (imports do 100k of them): whether
# phonenumbers calls a 1[3-9] mobile valid is decided by its first 5 digits (checked
# exhaustively per prefix, and by tests against random numbers), so the answer is cached
# per prefix. 174 (satellite) and 179 (IP-dialling prefixes such as 17951 that
# phonenumbers strips) depend on more digits and always take the full path below.
_MAINLAND_MOBILE = re.compile(r"^(?:\+86)?(1[3-9]\d{9})$")
_DEEP_PREFIXES = ("174", "179")


@lru_cache(maxsize=8192)
def _mobile_prefix_valid(prefix: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse(prefix + "000000", "CN"))


# An office number with its extension as Chinese customers write it: 020-83123456转801,
# 020-83123456 分机 801, 020-83123456-801. phonenumbers knows only ext/x/# (and keeps
# none of them in E.164): these refused the whole lead, a web form's too.
_EXTENSION = re.compile(r"^(.*?\d)\s*(?:转分机|分机号?|转|-)\s*(\d{1,6})$")


def normalise_phone(value: str) -> str:
    """A valid phone number in E.164; numbers without a country code are read as mainland.
    An extension is dropped, as E.164 has none (020-83123456转801 → +862083123456)."""
    text = half_width(value)
    mobile = _MAINLAND_MOBILE.match(text.replace(" ", "").replace("-", ""))
    if mobile and not mobile.group(1).startswith(_DEEP_PREFIXES) \
            and _mobile_prefix_valid(mobile.group(1)[:5]):
        return "+86" + mobile.group(1)
    number = _parsed(text)
    if number is None and (extension := _EXTENSION.match(text.strip())):
        number = _parsed(extension.group(1))  # "-801" only when the rest is a number
    if number is None:
        raise InvalidField("phone", "电话号码无效" if _digits(text) else "电话号码格式不正确")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parsed(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) and _whole_landline(number) else None


_LANDLINE_TYPES = (phonenumbers.PhoneNumberType.FIXED_LINE,
                   phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _whole_landline(number: phonenumbers.PhoneNumber) -> bool:
    """A mainland landline has 7-8 local digits after its area code. phonenumbers calls
    010-12345 valid (its CN metadata lets Beijing's 5-digit service numbers such as the
    12345 hotline through), but no customer can be called back on one."""
    if number.country_code != 86 or phonenumbers.number_type(number) not in _LANDLINE_TYPES:
        return True
    area = phonenumbers.length_of_geographical_area_code(number)
    local = len(phonenumbers.national_significant_number(number)) - area
    return not area or local >= 7


def phone_extension(value: str) -> str:
    """The extension a customer wrote after an office number (转801, 分机 801, -801, ext 801,
    #801), digits only; "" when none. E.164 keeps none, so the lead's first touch does."""
    text = half_width(value).strip()
    if _MAINLAND_MOBILE.match(text.replace(" ", "").replace("-", "")):
        return ""
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        return number.extension or ""
    extension = _EXTENSION.match(text)
    return extension.group(2) if extension and _parsed(extension.group(1)) else ""


def _digits(text: str) -> bool:
    """Whether phonenumbers reads `text` as a number at all (a wrong one: 无效)."""
    try:
        phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return False
    return True


# Fast path: an ASCII dot-atom local part (RFC 5322 atext, no leading, trailing or
# doubled dot, at most 64 characters) is exactly what email-validator accepts unchanged;
# the domain is checked by email-validator itself, once per domain (cached).
_DOT_ATOM = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")


@lru_cache(maxsize=4096)
def _domain(domain: str) -> str | None:
    try:
        return validate_email(f"a@{domain}", check_deliverability=False).domain
    except EmailNotValidError:
        return None


def normalise_email(value: str) -> str:
    """A syntactically valid address, lower-cased; no DNS lookup (intake must stay fast)."""
    text = half_width(value)
    local, at, domain = text.rpartition("@")
    if at and len(text) <= 254 and len(local) <= 64 and _DOT_ATOM.match(local):
        checked = _domain(domain)
        if checked is not None:
            return f"{local}@{checked}".lower()
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidField("email", "邮箱地址格式不正确") from exc
    return result.normalized.lower()


def normalise_province(value: str) -> str:
    """The short name of a mainland province-level division; empty stays empty."""
    text = half_width(value)
    if not text:
        return ""
    short = short_province(text)
    if short is None:
        raise InvalidField("province", "请填写中国大陆的省级行政区名称，例如 江苏 或 江苏省")
    return short


# WeChat ids are letters, digits, _ and -; people often use their phone number as one.
_WECHAT = re.compile(r"^[a-z0-9_-]{3,40}$")


def normalise_wechat_id(value: str) -> str:
    """A WeChat id, lower-cased so matching ignores case."""
    text = half_width(value).replace(" ", "").lower()
    if not _WECHAT.match(text):
        raise InvalidField("wechat_id", "微信号格式不正确（字母、数字、下划线或减号，3-40 位）")
    return text
