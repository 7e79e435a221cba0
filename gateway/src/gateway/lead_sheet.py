"""One lead as a row of the lead export (线索.xlsx): zh-CN labels, the budget in 元 with two
decimals, times in Asia/Shanghai, the owner by name; every contact the list shows (a
trade-show visitor may have left only a WeChat id)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from salesos.leads.v1 import leads_pb2

from gateway.spreadsheets import Sheet

SECONDS = "yyyy-mm-dd hh:mm:ss"

# 微信 and 职位 follow 行业 (the first six columns stay where readers of older exports
# look); the rest of what the list shows — the show, booth, what the customer wrote and
# the first-contact clock — comes last, then whether the province was guessed (an import
# ignores that column, as it ignores the clock's).
LEAD_HEADERS = ["姓名", "公司", "电话", "邮箱", "省份", "行业", "微信", "职位", "公司规模",
                "预算(元)", "紧急程度", "痛点", "决策链", "标签", "状态", "负责人", "评分", "来源",
                "创建时间", "分配时间", "展会", "展位", "留言", "首次联系截止", "首次联系时间",
                "省份来源"]
STATUS_ZH = {"new": "新线索", "assigned": "已分配", "unassignable": "无法分配",
             "contacted": "已联系", "qualified": "已转商机", "disqualified": "无效"}
SCALE_ZH = {"lt50": "50人以下", "50_200": "50-200人", "200_1000": "200-1000人",
            "gt1000": "1000人以上"}
# The list's `province_source`: a guessed province must not read like one the customer gave.
PROVINCE_SOURCE_ZH = {"given": "填写", "mobile": "手机号归属地推断", "landline": "固话区号推断",
                      "company": "公司名称推断"}
URGENCY_ZH = {"high": "高", "medium": "中", "low": "低"}
ROLE_ZH = {"decider": "决策人", "influencer": "影响人", "user": "使用人"}


def _person(username: str, names: Mapping[str, str] | None) -> str:
    """The display name, as every other export writes people (周婷); the login name when
    the directory has no name for it."""
    return (names or {}).get(username) or username


def _member(m: leads_pb2.DecisionMaker) -> str:
    who = f"{m.name}/{m.title}" if m.name and m.title else m.name or m.title
    return f"{ROLE_ZH.get(m.role, m.role)}:{who}"


def _time(sheet: Sheet, lead: leads_pb2.Lead, field: str) -> Any:
    return sheet.time(getattr(lead, field) if lead.HasField(field) else None, SECONDS)


def append_lead(sheet: Sheet, lead: leads_pb2.Lead, names: Mapping[str, str] | None = None,
                sources: Mapping[str, str] | None = None) -> None:
    """`names`: display name by username, so the owner reads 周婷, not rep01;
    `sources`: display name by source, so the source reads 2027 上海工博会."""
    budget = sheet.money(lead.budget_fen) if lead.HasField("budget_fen") else None
    chain = "；".join(_member(m) for m in lead.decision_chain)
    sheet.append([
        lead.name, lead.company, lead.phone, lead.email, lead.province, lead.industry,
        lead.wechat_id, lead.title, SCALE_ZH.get(lead.company_scale, lead.company_scale),
        budget, URGENCY_ZH.get(lead.urgency, lead.urgency),
        lead.pain_point, chain, "，".join(lead.tags),
        STATUS_ZH.get(lead.status, lead.status), _person(lead.owner_username, names),
        lead.score,
        (sources or {}).get(lead.source) or lead.source,
        _time(sheet, lead, "created_at"), _time(sheet, lead, "assigned_at"),
        lead.event, lead.booth, lead.message,
        _time(sheet, lead, "first_contact_due_at"), _time(sheet, lead, "first_contacted_at"),
        PROVINCE_SOURCE_ZH.get(lead.province_source, lead.province_source),
    ])
