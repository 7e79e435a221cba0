"""A lead's fields from what people typed: the checks and normalising Lead.create and
Lead.update_qualification apply (model.py), and an import row's cells too (import_cells.py).
Each raises InvalidField naming the field; pure, no I/O."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from servicekit.invalid import Problems

from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.company import company_key
from leads.domain.dedupe import name_key
from leads.domain.normalise import (
    InvalidField,
    clean_text,
    free_text,
    normalise_email,
    normalise_phone,
    normalise_province,
    normalise_wechat_id,
    phone_extension,
    without_controls,
)
from leads.domain.province_guess import province_and_source
from leads.domain.qualification import (
    check_budget_fen,
    clean_chain,
    clean_tags,
    parse_budget_yuan,
    parse_scale,
    parse_urgency,
)
from leads.domain.scoring import SOURCE_KINDS

_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,63}$")
# Generous limits: they exist to keep junk out of the database, not to police people.
TEXT_LIMITS = {"name": 100, "company": 200, "industry": 100,
               "title": 100, "event": 200, "booth": 50}
MESSAGE_LIMIT, PAIN_POINT_LIMIT = 5000, 2000
_KEY_LIMIT = 200
CONTACT_REQUIRED = "手机号码、邮箱和微信号至少填写一项"
STAFF_SOURCES = frozenset({"manual", "import"})
_QUOTED_LIMIT = 50  # of a noted value: a note, not a copy of whatever was pasted


def created_fields(cmd: CreateLead) -> dict[str, Any]:
    """A new lead's fields from raw input; raises InvalidField on the first bad field."""
    source = cmd.source.strip()
    if not _SOURCE.match(source):
        raise InvalidField("source", "来源标识无效")
    source_kind = cmd.source_kind.strip()
    if source_kind and source_kind not in SOURCE_KINDS:
        kinds = "、".join(sorted(SOURCE_KINDS))
        raise InvalidField("source_kind", f"来源类型应为以下之一：{kinds}")
    key = cmd.idempotency_key.strip()
    if len(key) > _KEY_LIMIT:
        raise InvalidField("idempotency_key", f"幂等键长度不能超过 {_KEY_LIMIT} 个字符")
    if without_controls(key) != key:  # NUL cannot even be stored
        raise InvalidField("idempotency_key", "幂等键不能包含控制字符")
    texts = {name: clean_text(name, getattr(cmd, name), max_length=limit)
             for name, limit in TEXT_LIMITS.items()}
    # The message is what the customer wrote: kept as typed (fingerprints fold it).
    texts["message"] = free_text("message", cmd.message, max_length=MESSAGE_LIMIT,
                                 multiline=True)
    public = is_public(source, cmd.channel.strip())
    notes: list[str] = []  # what the rep reads in the first touch (intake.py)
    email = normalise_email(cmd.email) if cmd.email.strip() else ""
    wechat_id = normalise_wechat_id(cmd.wechat_id) if cmd.wechat_id.strip() else ""
    phone = _phone(cmd.phone, public=public and bool(email or wechat_id), notes=notes)
    if not phone and not email and not wechat_id:
        raise InvalidField("phone", CONTACT_REQUIRED)
    # Every channel (web form, QR, ads, manual entry, an import row) comes through here.
    province, province_source = province_and_source(
        _province(cmd.province, public=public, notes=notes),
        phone=phone, company=texts["company"])
    return {"source": source, "idempotency_key": key or None, "phone": phone,
            "email": email, "province": province, "province_source": province_source,
            "source_kind": source_kind,
            "wechat_id": wechat_id, "company_key": company_key(texts["company"]),
            "contact_key": name_key(texts["name"]), "intake_notes": tuple(notes), **texts}


def is_public(source: str, channel: str) -> bool:
    """Whether the customer typed the lead themselves (web form, QR scan, ad, a partner's
    system): nobody is there to correct a field, so a field the lead can do without must
    not lose it. Staff entry and imports are told instead (422, errors.xlsx)."""
    return source not in STAFF_SOURCES and channel not in STAFF_SOURCES


def _phone(value: str, *, public: bool, notes: list[str]) -> str:
    """The E.164 number; its extension goes to the notes (E.164 has none). On a public
    channel whose lead has another contact, a number nobody can call is noted, not fatal."""
    if not value.strip():
        return ""
    try:
        phone = normalise_phone(value)
    except InvalidField:
        if not public:
            raise
        notes.append(f"客户填写的电话「{_quoted(value)}」无法使用")
        return ""
    if extension := phone_extension(value):
        notes.append(f"分机 {extension}")
    return phone


def _province(value: str, *, public: bool, notes: list[str]) -> str:
    """The given province; on a public channel one we cannot read is left empty (inferred
    from the phone or company instead) and what the customer wrote is noted."""
    try:
        return normalise_province(value)
    except InvalidField:
        if not public:
            raise
        notes.append(f"客户填写的省份「{_quoted(value)}」无法识别")
        return ""


def _quoted(value: str) -> str:
    return clean_text("note", value, max_length=10_000)[:_QUOTED_LIMIT]


def qualification_changes(cmd: UpdateQualification) -> dict[str, object]:
    """The qualified fields to set; validates every given field first and names every bad
    one (InvalidField.violations), so a form is told all its mistakes at once."""
    found = Problems()
    if cmd.budget_fen is not None and cmd.budget_yuan is not None:
        found.add("budget_yuan", "budget_fen 和 budget_yuan 只能填写一个")
    changes: dict[str, object] = {}
    for name, value, check in _qualified(cmd):
        if value is not None:
            changes[name] = found.take(check, value, default=None)
    if cmd.budget_fen is None and cmd.budget_yuan is None and cmd.clear_budget:
        changes["budget_fen"] = None
    found.raise_if_any()
    return changes


def _qualified(cmd: UpdateQualification) -> list[tuple[str, Any, Callable[[Any], object]]]:
    """(stored field, given value or None, its check) in the request's order."""
    budget = ((cmd.budget_fen, check_budget_fen) if cmd.budget_fen is not None
              else (cmd.budget_yuan, parse_budget_yuan))
    return [
        ("industry", cmd.industry, lambda v: clean_text("industry", v, max_length=100)),
        ("company_scale", cmd.company_scale, parse_scale),
        ("pain_point", cmd.pain_point, lambda v: free_text(
            "pain_point", v, max_length=PAIN_POINT_LIMIT, multiline=True)),
        ("budget_fen", *budget),
        ("decision_chain", cmd.decision_chain, clean_chain),
        ("urgency", cmd.urgency, parse_urgency),
        ("tags", cmd.tags, clean_tags),
        ("province", cmd.province, _known_province),
    ]


def _known_province(value: str) -> str:
    """A province set by hand: one of the 31, never none (the region follows it, and
    "unknown" is where the lead came from)."""
    province = normalise_province(value)
    if not province:
        raise InvalidField("province", "省份不能清空，请填写中国大陆的省级行政区名称，例如 江苏")
    return province
