"""Notification texts per event kind and language.

zh-CN is the default and must exist for every kind; other languages are optional and fall
back to zh-CN, so adding a kind never leaves a user with an empty message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_LANGUAGE = "zh-CN"
LANGUAGES = ("zh-CN", "en")


@dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclass(frozen=True)
class Template:
    title: str
    body: str

    def render(self, params: Mapping[str, str]) -> Message:
        # format_map raises KeyError for a missing parameter: a template bug should fail
        # loudly in tests rather than send "{company}" to a sales rep.
        return Message(self.title.format_map(params), self.body.format_map(params))


class UnknownTemplate(LookupError):
    """No template for this notification kind."""


def _t(zh: tuple[str, str], en: tuple[str, str]) -> dict[str, Template]:
    return {"zh-CN": Template(*zh), "en": Template(*en)}


# Kinds of issue 5: deals, approvals, work orders, surveys. Parameters ending in `_en`
# carry the English wording of a value (a stage, a decision) for the en texts.
_EVENT_TEMPLATES: dict[str, dict[str, Template]] = {
    "stage_gate_blocked": _t(
        ("商机无法进入「{to_stage}」：{title}", "还缺：{unmet}。补齐后再推进阶段。"),
        ("Deal cannot enter {to_stage_en}: {title}", "Missing: {unmet}.")),
    "quote_issued": _t(
        ("新报价待财务查看：{account_name} 第 {version} 版 {total}",
         "报价人 {issued_by}，折扣 {discount}，合计 {total}。"),
        ("New quote for finance: {account_name} v{version} {total}",
         "Issued by {issued_by}, discount {discount}, total {total}.")),
    "approval_requested": _t(
        ("合同待您审批：{account_name} {amount}",
         "第 {step} 级审批，请在 {due} 前处理。{delegated}"),
        ("Contract awaits your approval: {account_name} {amount}",
         "Step {step}; please decide by {due}.")),
    "approval_decided": _t(
        ("合同审批{decision}：{account_name}", "第 {step} 级审批{decision}。{comment}{outcome}"),
        ("Contract {decision_en}: {account_name}", "Step {step} {decision_en}. {comment}")),
    "approval_escalated": _t(
        ("合同审批超时（第 {level} 级升级）：{account_name}",
         "第 {step} 级审批等待过久，请尽快处理。"),
        ("Contract approval overdue (escalation level {level}): {account_name}",
         "Step {step} has waited too long; please act now.")),
    "signature_completed": _t(
        ("客户已签署合同：{account_name}", "签署人 {signer_name}，签署时间 {signed_at}。"),
        ("The customer signed: {account_name}", "Signed by {signer_name} at {signed_at}.")),
    "workorder_created": _t(
        ("新工单（{department}）：{title}", "需求：{need}。验收标准：{acceptance}。截止 {due}。"),
        ("New work order ({department_en}): {title}",
         "Need: {need}. Acceptance: {acceptance}. Due {due}.")),
    "workorder_reminded": _t(
        ("工单提醒：{title}", "{reason}（截止 {due}）。"),
        ("Work order reminder: {title}", "{reason_en} (due {due}).")),
    "workorder_escalated": _t(
        ("工单已升级（第 {level} 级）：{title}",
         "{clock}已超时，当前负责人 {assignee}。截止 {due}。"),
        ("Work order escalated (level {level}): {title}",
         "{clock_en} is overdue; assignee {assignee}. Due {due}.")),
    "workorder_delivered": _t(
        ("工单已交付，请验收：{title}",
         "交付时间 {delivered_at}{on_time}。请验收或退回并说明原因。"),
        ("Work order delivered, please review: {title}", "Delivered at {delivered_at}.")),
    "signature_requested": _t(
        ("合同签署验证码",
         "【SalesOS】{signer_name}您好，{account_name}的合同待您签署，验证码 {code}，"
         "签署链接 {link}（{expires} 前有效）。请勿将验证码告诉他人。"),
        ("Contract signing code", "Your code is {code}; sign at {link} (valid until {expires}).")),
    "survey_issued": _t(
        ("满意度调查",
         "【SalesOS】感谢您的信任，请花一分钟评价我们的服务：{link}（{expires} 前有效）"),
        ("Satisfaction survey", "Please rate our service: {link} (valid until {expires})")),
    "digest": _t(
        ("免打扰期间的 {count} 条通知", "{lines}"),
        ("{count} notifications from your quiet hours", "{lines}")),
}


TEMPLATES: dict[str, dict[str, Template]] = {
    "lead_assigned": {
        "zh-CN": Template(
            title="新线索已分配给您：{company} {name}",
            body="分配原因：{reason}。请尽快联系客户。",
        ),
        "en": Template(
            title="New lead assigned to you: {company} {name}",
            body="Why you: {reason}. Please contact the customer soon.",
        ),
    },
    "first_contact_reminder": {
        "zh-CN": Template(
            title="线索首次联系提醒：{company} {name}",
            body="首次联系时限已用去 {percent}%，请在 {due} 前联系客户并登记。",
        ),
        "en": Template(
            title="First contact reminder: {company} {name}",
            body="{percent}% of the first-contact time is used; contact the customer by {due}.",
        ),
    },
    "first_contact_overdue": {
        "zh-CN": Template(
            title="线索首次联系已超时：{company} {name}",
            body="负责人 {owner} 未在 {due} 前首次联系客户。{outcome}",
        ),
        "en": Template(
            title="First contact overdue: {company} {name}",
            body="{owner} did not contact the customer by {due}. {outcome}",
        ),
    },
    "lead_touched": {
        "zh-CN": Template(
            title="老客户再次咨询：{company} {name}（来源：{source}）",
            body="识别依据：{reason}。客户再次联系，请尽快跟进。",
        ),
        "en": Template(
            title="A known customer came back: {company} {name} (via {source})",
            body="Matched on: {reason}. Please follow up soon.",
        ),
    },
}
TEMPLATES.update(_EVENT_TEMPLATES)


def render(kind: str, params: Mapping[str, str], language: str = DEFAULT_LANGUAGE) -> Message:
    """The message for `kind` in `language`, or in zh-CN when that language has no text."""
    by_language = TEMPLATES.get(kind)
    if by_language is None:
        raise UnknownTemplate(kind)
    template = by_language.get(language) or by_language[DEFAULT_LANGUAGE]
    return template.render(params)
