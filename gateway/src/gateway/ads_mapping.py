"""Ad platforms' lead webhooks -> our lead fields. Pure; one mapping per platform.

The platforms' payloads below are our integration contracts (each platform's lead push
is configured to send them); the field names are what each console calls them:

- `baidu` (百度营销 线索推送): `{"clue_id", "commit_time", "form_detail": [{"name":
  "姓名", "value": "..."}, ...]}`; labels 姓名, 电话/手机, 公司/公司名称, 邮箱, 省份/地区,
  行业, 留言/备注, 微信, 职位.
- `bytedance` (巨量引擎 飞鱼线索): flat snake case: `clue_id, name, telephone, email,
  company_name, location (e.g. 江苏省苏州市), industry, remark, weixin, job_title`.
- `tencent` (腾讯广告 线索): `leads_id, leads_name, leads_tel, leads_email,
  leads_company, leads_area, leads_industry, leads_remark, leads_wechat, leads_title`.
- `generic`: our own names: `external_id, name, company, phone, email, province,
  industry, message, wechat_id, title`.

Every value is read as text; a required id that is missing or a field that is not a
string/number raises MappingError naming the platform's own field, and what the leads
service refuses (a bad phone) is named so too (`PLATFORM_FIELDS`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from servicekit.provinces import FULL_NAMES


@dataclass(frozen=True)
class AdLead:
    external_id: str
    name: str = ""
    company: str = ""
    phone: str = ""
    email: str = ""
    province: str = ""
    industry: str = ""
    message: str = ""
    wechat_id: str = ""
    title: str = ""


class MappingError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _text(body: Mapping[str, Any], key: str, *, required: bool = False) -> str:
    value = body.get(key)
    if value is None or value == "":
        if required:
            raise MappingError(key, "必填")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise MappingError(key, "必须是字符串或数字")
    return str(value).strip()


# The lead id becomes the idempotency key `<platform>:<id>`, which the leads service keeps
# up to 200 characters; platforms' ids are far shorter.
MAX_ID_LENGTH = 128


def _lead_id(body: Mapping[str, Any], key: str) -> str:
    value = _text(body, key, required=True)
    if len(value) > MAX_ID_LENGTH:
        raise MappingError(key, f"长度不能超过 {MAX_ID_LENGTH}")
    if not value.isprintable():  # a control character (NUL) cannot be kept in a key
        raise MappingError(key, "不能包含控制字符")
    return value


def province_of(area: str) -> str:
    """The province an area string starts with (江苏省苏州市 -> 江苏); empty when none."""
    for short, full in FULL_NAMES.items():
        if area.startswith(full) or area.startswith(short):
            return short
    return ""


def _flat(names: Mapping[str, str], id_key: str, area_key: str) -> Callable[[Any], AdLead]:
    def mapping(body: Mapping[str, Any]) -> AdLead:
        values = {ours: _text(body, theirs) for ours, theirs in names.items()}
        values["province"] = province_of(_text(body, area_key))
        return AdLead(external_id=_lead_id(body, id_key), **values)
    return mapping


_BAIDU_LABELS = {"姓名": "name", "电话": "phone", "手机": "phone", "公司": "company",
                 "公司名称": "company", "邮箱": "email", "省份": "province", "地区": "province",
                 "行业": "industry", "留言": "message", "备注": "message", "微信": "wechat_id",
                 "职位": "title"}


def _baidu(body: Mapping[str, Any]) -> AdLead:
    items = body.get("form_detail")
    if not isinstance(items, list):
        raise MappingError("form_detail", "必须是 {name, value} 列表")
    values: dict[str, str] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise MappingError(f"form_detail.{index}", "必须是 {name, value} 对象")
        ours = _BAIDU_LABELS.get(_text(item, "name"))
        # The first item that says something wins: a form asking for 电话 (left empty)
        # and 手机 has the number in the second.
        if ours and not values.get(ours):
            values[ours] = _text(item, "value")
    if "province" in values:
        values["province"] = province_of(values["province"])
    return AdLead(external_id=_lead_id(body, "clue_id"), **values)


_BYTEDANCE = {"name": "name", "phone": "telephone", "email": "email",
              "company": "company_name", "industry": "industry", "message": "remark",
              "wechat_id": "weixin", "title": "job_title"}
_TENCENT = {"name": "leads_name", "phone": "leads_tel", "email": "leads_email",
            "company": "leads_company", "industry": "leads_industry",
            "message": "leads_remark", "wechat_id": "leads_wechat", "title": "leads_title"}
_GENERIC = {f.name: f.name for f in fields(AdLead) if f.name not in ("external_id", "province")}
_bytedance = _flat(_BYTEDANCE, "clue_id", "location")
_tencent = _flat(_TENCENT, "leads_id", "leads_area")
_generic = _flat(_GENERIC, "external_id", "province")

MAPPINGS: dict[str, Callable[[Mapping[str, Any]], AdLead]] = {
    "baidu": _baidu, "bytedance": _bytedance, "tencent": _tencent, "generic": _generic,
}
PLATFORMS = tuple(MAPPINGS)
# Our field -> the platform's, for what the leads service refuses about a lead: it names
# `phone`, the ByteDance integrator sent `telephone`. Baidu's fields are labelled items
# of one list, so its problems point at the list.
PLATFORM_FIELDS: dict[str, dict[str, str]] = {
    "baidu": {ours: "form_detail" for ours in set(_BAIDU_LABELS.values())},
    "bytedance": _BYTEDANCE | {"province": "location"},
    "tencent": _TENCENT | {"province": "leads_area"},
    "generic": _GENERIC | {"province": "province"},
}


def map_lead(platform: str, body: Any) -> AdLead:
    """Our fields from `platform`'s JSON body (already parsed)."""
    if not isinstance(body, dict):
        raise MappingError("body", "必须是 JSON 对象")
    return MAPPINGS[platform](body)
