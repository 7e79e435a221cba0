"""Spreadsheet rows to leads: which column is which, and one row's normalised lead.

Headers are recognised in Chinese and English after half-width folding, trimming and
lower-casing (姓名/联系人/name, 公司/单位/company, 手机/电话/phone, 邮箱/email, 省份/province,
行业/industry, 备注/message, 公司规模/scale, 预算/budget (元), 紧急程度/urgency, 痛点/pain_point,
标签/tags). Unknown columns are ignored but kept for the error report.

A row becomes a lead through the same Lead.create as every other channel, so imported
leads are normalised exactly like web-form ones. Its idempotency key is a hash of the
normalised values: the same person in the same shape never becomes two leads, whichever
file (or re-upload) brings them again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from leads.domain import import_cells, import_failures
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.excel_numbers import whole_number
from leads.domain.field_labels import FIELD_ZH
from leads.domain.model import Lead
from leads.domain.normalise import InvalidField, folded, half_width

SOURCE = "import"
_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "联系人", "客户姓名", "联系人姓名", "name", "contact", "contact name"),
    "company": ("公司", "公司名称", "单位", "企业", "企业名称", "客户名称", "company",
                "company name"),
    "phone": ("手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile", "tel"),
    "email": ("邮箱", "电子邮箱", "邮件", "email", "e-mail", "mail"),
    "province": ("省份", "省", "地区", "province", "region"),
    "industry": ("行业", "所属行业", "industry"),
    "message": ("备注", "留言", "说明", "message", "notes", "note", "remark"),
    "wechat_id": ("微信", "微信号", "wechat", "wechat id", "wechat_id"),
    "title": ("职务", "职位", "title", "job title"),
    "company_scale": ("公司规模", "规模", "人员规模", "company_scale", "scale", "company size"),
    "budget_yuan": ("预算", "预算(元)", "预算金额", "budget", "budget(yuan)"),
    "urgency": ("紧急程度", "紧急度", "urgency"),
    "pain_point": ("痛点", "需求", "客户痛点", "pain_point", "pain point"),
    "tags": ("标签", "tags", "tag"),
}
_LOOKUP = {alias: field for field, aliases in _HEADERS.items() for alias in aliases}
_TAG_SPLIT = re.compile(r"[,，;；、|]")


class NoUsableHeader(ValueError):
    """No row near the top names a contact column; nothing can be imported."""


def header_map(headers: Sequence[str]) -> dict[int, str]:
    """Column index -> our field, for the columns we recognise (first one wins)."""
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = half_width(header or "").lower().replace("（", "(").replace("）", ")")
        field = _LOOKUP.get(key) or _LOOKUP.get(key.replace(" ", ""))
        if field and field not in found.values():
            found[index] = field
    if not {"phone", "email", "wechat_id"} & set(found.values()):
        raise NoUsableHeader(import_failures.NO_CONTACT_COLUMN)
    return found


def find_header(rows: Iterator[list[str]]) -> tuple[list[str], dict[int, str], int] | None:
    """The header among the first HEADER_SCAN non-blank rows: the first naming a contact
    column, with its column map and how many rows above it were skipped (title lines).
    None for a file without rows; NoUsableHeader when none of those rows is a header."""
    seen = 0
    for headers in islice(rows, import_failures.HEADER_SCAN):
        try:
            return headers, header_map(headers), seen
        except NoUsableHeader:
            seen += 1
    if seen:
        raise NoUsableHeader(import_failures.NO_CONTACT_COLUMN)
    return None


@dataclass(frozen=True)
class RowResult:
    lead: Lead | None
    reason: str = ""  # why the row failed (lead None), or (lead given) the cells left out

    @property
    def warned(self) -> bool:
        """Imported, but without the bad optional cells `reason` names."""
        return self.lead is not None and bool(self.reason)


def _row_key(lead: Lead) -> str:
    # Free text folded: the key a row had when everything was stored folded (no re-keying).
    parts = (lead.name, lead.company, lead.phone, lead.email, lead.wechat_id, lead.title,
             lead.given_province, lead.industry,
             folded(lead.message), lead.company_scale, str(lead.budget_fen), lead.urgency,
             folded(lead.pain_point), folded("|".join(lead.tags)))
    return "row:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _tags(text: str) -> list[str]:
    return [t for t in _TAG_SPLIT.split(text) if t.strip()]


def lead_from_row(values: Sequence[str], columns: dict[int, str], *, lead_id: str,
                  now: datetime) -> RowResult:
    """The normalised lead of one row, or the reason (zh-CN) it failed naming every bad
    cell; a row whose only bad cells are optional ones is imported without them, the
    reason naming them (import_cells.py). A good row is parsed once: the cells are looked
    at one by one only when it fails."""
    raw = {field: (values[i] if i < len(values) else "") for i, field in columns.items()}
    warning = ""
    try:
        lead = _lead(raw, lead_id, now)
    except InvalidField as first:
        bad = import_cells.problems(raw, _tags) or {first.field: first.message}
        reason = "；".join(import_cells.describe(field, raw.get(field, ""), message, FIELD_ZH)
                          for field, message in bad.items())
        if not bad.keys() <= import_cells.OPTIONAL:
            return RowResult(None, reason)
        try:
            lead = _lead({f: v for f, v in raw.items() if f not in bad}, lead_id, now)
        except InvalidField as error:  # pragma: no cover - every cell was checked above
            return RowResult(None, f"{FIELD_ZH.get(error.field, error.field)}：{error.message}")
        warning = f"已导入，以下单元格未导入：{reason}"
    lead.idempotency_key = _row_key(lead)
    return RowResult(lead, warning)


def _lead(raw: dict[str, str], lead_id: str, now: datetime) -> Lead:
    lead = Lead.create(CreateLead(
        source=SOURCE, name=raw.get("name", ""), company=raw.get("company", ""),
        phone=whole_number(raw.get("phone", "")), email=raw.get("email", ""),
        province=raw.get("province", ""), industry=raw.get("industry", ""),
        message=raw.get("message", ""), wechat_id=raw.get("wechat_id", ""),
        title=raw.get("title", "")), lead_id=lead_id, now=now)
    if any(raw.get(f) for f in ("company_scale", "budget_yuan", "urgency", "pain_point",
                                "tags")):
        lead.update_qualification(UpdateQualification(
            lead_id=lead_id, company_scale=raw.get("company_scale"),
            budget_yuan=raw.get("budget_yuan"), urgency=raw.get("urgency"),
            pain_point=raw.get("pain_point"), tags=_tags(raw.get("tags", ""))))
    return lead
