"""Bodies and answers of /workorders and /analytics/workorders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.protobuf.message import Message
from pydantic import BaseModel, ConfigDict, Field
from servicekit.protos import moment

from gateway.protoconv import SHANGHAI
from gateway.timefilters import MomentByDayEnd


class _Body(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")


class WorkOrderCreate(_Body):
    title: str = Field("", max_length=200, description="默认取需求的前 40 个字")
    need: str = Field(min_length=1, max_length=2000, description="需要什么，如非标件图纸")
    acceptance_standard: str = Field(min_length=1, max_length=2000, description="验收标准")
    due_at: MomentByDayEnd = Field(
        description="交付截止时间（不带时区即北京时间；只写日期即当天结束前）")
    department: str = Field(min_length=1, max_length=40,
                            description="engineering 技术部 | finance 财务部 | delivery 交付部")
    assignee_id: str | None = Field(None, max_length=64, description="可不填：主管指派或工程师接单")
    opportunity_id: str | None = Field(None, max_length=64)


class FollowUpBody(_Body):
    need: str = Field(min_length=1, max_length=2000, description="这次还需要什么（必填）")
    title: str = Field("", max_length=200, description="默认「跟进：原工单标题」")
    acceptance_standard: str = Field("", max_length=2000, description="默认沿用原工单的验收标准")
    due_at: MomentByDayEnd | None = Field(
        None, description="交付截止时间，规则同新建工单；不填即 5 个工作日后（同自动工单）")


class TextBody(_Body):
    text: str = Field(min_length=1, max_length=2000)


class DeliverBody(_Body):
    text: str = Field("", max_length=2000, description="交付说明")


class ReviewBody(_Body):
    accept: bool
    reason: str = Field("", max_length=2000, description="驳回时必填")


class ReasonBody(_Body):
    reason: str = Field(min_length=1, max_length=2000)


class AssignBody(_Body):
    assignee_id: str = Field(min_length=1, max_length=64)


class EntryRead(BaseModel):
    id: str
    kind: str
    by_user_id: str
    text: str
    at: datetime | None
    from_state: str | None = None
    to_state: str | None = None


class EscalationRead(BaseModel):
    level: int
    clock: str
    notify_ids: list[str]
    at: datetime | None


class AttachmentRead(BaseModel):
    id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    by_user_id: str
    at: datetime | None


class WorkOrderLinkRead(BaseModel):
    """Another order linked by a follow-up; title and state are null when the caller may
    not read that order."""

    id: str
    title: str | None = None
    state: str | None = None


class WorkOrderRead(BaseModel):
    id: str
    title: str
    need: str
    acceptance_standard: str
    department: str
    department_name: str
    state: str
    requester_id: str
    assignee_id: str | None
    cc_ids: list[str]
    opportunity_id: str | None
    region_id: str | None
    due_at: datetime | None
    respond_by: datetime | None
    created_at: datetime | None
    accepted_at: datetime | None
    delivered_at: datetime | None
    closed_at: datetime | None
    last_progress_at: datetime | None
    escalation_level: int
    automatic: bool
    overdue: bool
    rejections: int
    cancel_reason: str | None
    progress: list[EntryRead] = []
    comments: list[EntryRead] = []
    history: list[EntryRead] = []
    attachments: list[AttachmentRead] = []
    escalations: list[EscalationRead] = []
    follow_up_of: WorkOrderLinkRead | None = Field(
        None, description="跟进自：本工单延续的已关闭/已取消工单")
    follow_ups: list[WorkOrderLinkRead] = Field(
        [], description="由本工单发起的跟进工单（仅详情）")


class WorkOrderPage(BaseModel):
    items: list[WorkOrderRead]
    next_cursor: str | None


class LevelBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: int = Field(ge=1, le=3, description="1 处理人，2 部门主管和发起人经理，3 总监")
    after_hours: float = Field(ge=0, le=720, description="错过时限后多少个工作小时")


class ChainBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    response_hours: float = Field(gt=0, le=720, description="接单时限（工作小时）")
    levels: list[LevelBody] = Field(min_length=1, max_length=3)


class ChainRead(ChainBody):
    model_config = ConfigDict(extra="ignore")
    department: str
    updated_by: str | None = Field(description="who last changed it, by name (王建国)")
    updated_by_id: str | None = Field(None, description="their user id")
    updated_at: datetime | None


class MetricsRowRead(BaseModel):
    department: str
    period: str
    created: int
    accepted: int
    response_hours_mean: float
    response_hours_p90: float
    delivered: int
    on_time_rate: float
    reviewed: int
    first_pass_rate: float


class MetricsRead(BaseModel):
    period: str
    rows: list[MetricsRowRead]


def plain(message: Message) -> dict[str, Any]:
    """A message's fields as a dict: timestamps as Asia/Shanghai datetimes (answered
    +08:00 like the rest of the API; None when unset), nested lists converted."""
    out: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if field.message_type is not None and field.message_type.name == "Timestamp":
            out[field.name] = moment(message, field.name, SHANGHAI)
        elif field.message_type is not None and field.is_repeated:
            out[field.name] = [plain(v) for v in value]
        elif field.is_repeated:
            out[field.name] = list(value)
        else:
            out[field.name] = value
    return out


def _link(data: dict[str, Any]) -> dict[str, Any]:
    return {"id": data["id"], "title": data["title"] or None, "state": data["state"] or None}


def workorder_read(message: Message) -> WorkOrderRead:
    data = plain(message)
    data["follow_up_of"] = _link(plain(data["follow_up_of"])) \
        if message.HasField("follow_up_of") else None
    data["follow_ups"] = [_link(x) for x in data["follow_ups"]]
    for key in ("assignee_id", "opportunity_id", "region_id", "cancel_reason"):
        data[key] = data[key] or None
    for entry in (*data["progress"], *data["comments"], *data["history"]):
        entry["from_state"] = entry["from_state"] or None
        entry["to_state"] = entry["to_state"] or None
    return WorkOrderRead(**data)

