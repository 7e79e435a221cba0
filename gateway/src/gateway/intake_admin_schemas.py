"""Schemas of the intake source admin (routes/intake_admin.py): sources, their API keys
and the ad platforms' signing secrets. No read schema carries a key or a secret: they
are shown once, in the answer of the request that made them."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from gateway.ads_mapping import PLATFORMS
from gateway.org_names import LEADS_OWN_SOURCES
from gateway.org_unit_names import TIDIED
from gateway.timefilters import ShanghaiTime

# The leads service's assignment rules accept exactly these names (leads domain/rules.py
# `_SOURCE`): a source they could not name would be one no rule can route.
SOURCE_NAME = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,63}$")
# The leads service's own sources: a lead entered by hand or imported carries them.
RESERVED = LEADS_OWN_SOURCES
AD_PREFIX = "ads_"
MAX_RATE = 1_000_000
Kind = Literal["api_key", "ad_platform"]
# What kind of source, for the lead score's source factor (leads domain/scoring.py).
Category = Literal["web_form", "trade_show", "ads", "other"]
CATEGORY = Field(None, description="web_form 官网表单, trade_show 展会, ads 广告投放, other "
                 "其他: what a lead's score rates its source by; default: read from the name")


def check_name(name: str) -> str:
    if not SOURCE_NAME.match(name):
        raise ValueError("来源标识须为小写字母或数字开头，仅含小写字母、数字和 _ . : -，"
                         "最长 64 个字符，例如 expo_2027_shanghai")
    if name in RESERVED:
        raise ValueError(f"{name} 是系统保留的来源（{RESERVED[name]}）")
    if name.startswith(AD_PREFIX) and name[len(AD_PREFIX):] not in PLATFORMS:
        known = "、".join(AD_PREFIX + p for p in PLATFORMS)
        raise ValueError(f"ads_ 前缀只用于广告平台来源：{known}")
    return name


def category_by_name(name: str) -> Category:
    """The kind a source's name suggests, when the admin chose none (as the leads score
    reads a source without one)."""
    if name.startswith(("qr", "trade_show")):
        return "trade_show"
    if name == "web_form":
        return "web_form"
    return "ads" if name.startswith(("ads", "baidu", "bytedance", "tencent", "generic")) \
        else "other"


def kind_of(name: str) -> Kind:
    """Ad platforms sign their webhooks (routes/ads.py finds `ads_<platform>`); every
    other source calls with an API key."""
    return "ad_platform" if name.startswith(AD_PREFIX) else "api_key"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# Stored tidied, as region names are (org_unit_names.py): the name goes into every lead
# export's 来源 column, where 「2027  工博会」 would read as 「2027 工博会」 and a control
# character is something Excel cannot hold (openpyxl refuses the whole workbook) — 422.
DisplayName = Annotated[str, Field(min_length=1, max_length=100,
                                   description="中文名称，例如 2027 上海工博会"), TIDIED]
# StrictInt: JSON `true` and "600" were read as 1 and 600 requests a minute.
RateLimit = Field(None, ge=1, le=MAX_RATE,
                  description="requests per minute; null: SALESOS_INTAKE_RATE_PER_MINUTE")


class SourceCreate(_Body):
    # TIDIED first: a pasted line break or zero-width space is named for what it is.
    name: Annotated[str, Field(description=(
        "stable identifier leads carry as `source` and assignment rules name, e.g. "
        "expo_2027_shanghai; ads_<platform> for an ad platform")), TIDIED]
    display_name: DisplayName
    category: Category | None = CATEGORY
    rate_limit_per_minute: StrictInt | None = RateLimit

    _name = field_validator("name")(check_name)


class SourceUpdate(_Body):
    """Only the fields sent change; `rate_limit_per_minute: null` returns to the default.
    The name cannot change: leads and assignment rules carry it."""

    display_name: DisplayName | None = None
    active: bool | None = None
    category: Category | None = CATEGORY
    rate_limit_per_minute: StrictInt | None = RateLimit

    @field_validator("display_name", "active", "category")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("不能为 null")
        return value


class SourceRead(BaseModel):
    id: uuid.UUID
    name: str
    display_name: str
    kind: Kind
    category: Category = Field(description="what a lead's score rates this source as")
    webhook_path: str | None = Field(description="where an ad platform posts its leads")
    active: bool
    rate_limit_per_minute: int | None
    live_keys: int = Field(description="API keys not revoked")
    signing_secret_set: bool
    previous_secret_valid_until: ShanghaiTime | None = Field(
        description="after a rotation, until when the old secret still verifies")
    created_at: ShanghaiTime


class SourcePage(BaseModel):
    items: list[SourceRead]
    next_cursor: str | None = Field(None, description="always null: sources come in one page")


class KeyCreate(_Body):
    label: str = Field(min_length=1, max_length=100,
                       description="who holds the key, e.g. 市场部代理商 2027")


class KeyRead(BaseModel):
    id: uuid.UUID
    label: str
    hint: str | None = Field(description="the key's last 4 characters (null for keys issued "
                             "before hints were kept)")
    created_at: ShanghaiTime
    revoked_at: ShanghaiTime | None


class KeyIssued(KeyRead):
    api_key: str | None = Field(description=(
        "the key itself, shown in this answer only (stored as SHA-256). A retry with the "
        "same Idempotency-Key answers the same key with null here: if the first answer "
        "was lost, revoke that key and issue another"))


class KeyPage(BaseModel):
    items: list[KeyRead]
    next_cursor: str | None = Field(None, description="always null: keys come in one page")


class SecretRotate(_Body):
    grace_hours: StrictInt = Field(24, ge=0, le=168, description=(
        "how long the previous secret keeps verifying while the platform is switched over; "
        "0 when it leaked: it stops at once"))


class SecretIssued(BaseModel):
    signing_secret: str = Field(description="shown in this answer only (sealed at rest)")
    previous_secret_valid_until: ShanghaiTime | None
