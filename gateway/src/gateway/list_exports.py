"""Exports of the smaller lists: a lead's contact log, the assignment rules and the
caller's inbox. Each reads its list through the same RPC under the caller's token (so the
same scope, and the same 403 where the list refuses), every page through
`export_rows.every_row` (capped at EXPORT_MAX_ROWS), people and regions by name. Each
answers the function that makes the sheet from those rows, for `xlsx_download` to run
off the event loop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from salesos.incentives.v1 import incentives_pb2
from salesos.leads.v1 import leads_pb2
from salesos.notifications.v1 import notifications_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.clients import Clients
from gateway.export_rows import every_row
from gateway.org_names import author, named, region_names, source_names, user_names
from gateway.service_client import StubClient
from gateway.spreadsheets import Sheet, local

CHANNEL_ZH = {"call": "电话", "visit": "拜访", "wechat": "微信", "email": "邮件"}
# No 线索状态: a contact keeps no status of its own (ListContacts leaves lead_status empty),
# so the column was blank on every row; the lead's status is in the lead export.
CONTACT_HEADERS = ["联系时间", "方式", "结果", "下一步", "下一步时间", "跟进人"]
TARGET_ZH = {"team": "团队轮询", "region": "区域全部销售", "person": "指定销售"}
RULE_HEADERS = ["顺序", "规则名称", "启用", "省份", "区域", "行业", "来源", "最低评分",
                "最高评分", "分配方式", "分配给", "更新时间"]
INBOX_HEADERS = ["时间", "标题", "内容", "链接", "已读", "阅读时间"]
CONTACT_PAGE, INBOX_PAGE = 200, 100
Build = Callable[[], Sheet]


async def contacts_sheet(clients: Clients, token: str, session: AsyncSession,
                         lead_id: str) -> Build:
    async def page(cursor: str) -> tuple[Sequence[leads_pb2.Contact], str]:
        reply = await clients.call_leads("ListContacts", leads_pb2.ListContactsRequest(
            lead_id=lead_id, page_size=CONTACT_PAGE, page_token=cursor), user_token=token)
        return reply.contacts, reply.next_page_token

    contacts = await every_row(page, noun="跟进记录", narrow="线索")
    people = await user_names(session, {c.rep_id for c in contacts})

    def build() -> Sheet:
        sheet = Sheet("跟进记录", CONTACT_HEADERS)
        for c in contacts:
            sheet.append([local(c.contacted_at), CHANNEL_ZH.get(c.channel, c.channel),
                          c.outcome, c.next_step, local(c.next_step_at),
                          named(people, c.rep_id)])
        return sheet

    return build


def _joined(names: dict[str, str], ids: Sequence[str]) -> str:
    return "、".join(named(names, i) for i in ids)


def _score(rule: leads_pb2.AssignmentRule, field: str) -> int | None:
    return getattr(rule, field) if rule.HasField(field) else None


async def rules_sheet(clients: Clients, token: str, session: AsyncSession) -> Build:
    async def page(cursor: str) -> tuple[Sequence[leads_pb2.AssignmentRule], str]:
        reply = await clients.call_leads("ListAssignmentRules",
                                         leads_pb2.ListAssignmentRulesRequest(),
                                         user_token=token)
        return reply.rules, ""  # one page: admins reorder the whole list

    rules = await every_row(page, noun="分配规则", narrow="规则")
    people = await user_names(session, {u for r in rules for u in r.target_user_ids})
    regions = await region_names(session, {i for r in rules
                                           for i in (*r.region_ids, r.target_region_id)})
    sources = await source_names(session, {s for r in rules for s in r.sources})

    def build() -> Sheet:
        sheet = Sheet("分配规则", RULE_HEADERS)
        for r in rules:
            target = (named(regions, r.target_region_id) if r.target_kind == "region"
                      else _joined(people, r.target_user_ids))
            sheet.append([r.position + 1, r.name, "是" if r.enabled else "否",
                          "、".join(r.provinces), _joined(regions, r.region_ids),
                          "、".join(r.industries), _joined(sources, r.sources),
                          _score(r, "score_min"), _score(r, "score_max"),
                          TARGET_ZH.get(r.target_kind, r.target_kind), target,
                          local(r.updated_at)])
        return sheet

    return build


async def inbox_sheet(clients: Clients, token: str) -> Build:
    async def page(cursor: str) -> tuple[Sequence[notifications_pb2.InboxItem], str]:
        reply = await clients.list_inbox(user_token=token, page_size=INBOX_PAGE,
                                         page_token=cursor)
        return reply.items, reply.next_page_token

    # One person's own inbox, with no filter to narrow it by: every item, uncapped.
    items = await every_row(page, noun="消息", narrow="", cap=None)

    def build() -> Sheet:
        sheet = Sheet("消息", INBOX_HEADERS)
        for item in items:
            read_at = local(item.read_at)
            row: list[Any] = [local(item.created_at), item.title, item.body, item.link,
                              "是" if read_at else "否", read_at]
            sheet.append(row)
        return sheet

    return build


UNIT_ZH = {"rep": "销售", "team": "团队"}
EXPERIMENT_STATUS_ZH = {"planned": "未开始", "running": "进行中", "finished": "已结束"}
EXPERIMENT_HEADERS = ["实验名称", "分组单位", "状态", "开始日期", "结束日期", "A组", "B组",
                      "A组数量", "B组数量", "随机种子", "创建人", "创建时间"]
EXPERIMENT_PAGE = 100


def _arm(e: incentives_pb2.Experiment, arm: str, names: dict[str, str]) -> list[str]:
    # A team unit is its lead's id: named as the score sheets do, 周婷团队.
    suffix = "团队" if e.unit == "team" else ""
    return [f"{named(names, u.unit_id)}{suffix}" for u in e.units if u.arm == arm]


def _day(text: str) -> date | str:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


async def experiments_sheet(incentives: StubClient, token: str,
                            session: AsyncSession) -> Build:
    async def page(cursor: str) -> tuple[Sequence[incentives_pb2.Experiment], str]:
        reply = await incentives.call("ListExperiments", incentives_pb2.ListExperimentsRequest(
            page_size=EXPERIMENT_PAGE, page_token=cursor), user_token=token)
        return reply.experiments, reply.next_page_token

    found = await every_row(page, noun="薪酬实验", narrow="实验")
    people = await user_names(session, {i for e in found
                                         for i in (e.created_by, *(u.unit_id for u in e.units))})

    def build() -> Sheet:
        sheet = Sheet("薪酬实验", EXPERIMENT_HEADERS)
        for e in found:
            a, b = _arm(e, "A", people), _arm(e, "B", people)
            sheet.append([e.name, UNIT_ZH.get(e.unit, e.unit),
                          EXPERIMENT_STATUS_ZH.get(e.status, e.status), _day(e.starts_on),
                          _day(e.ends_on), "、".join(a), "、".join(b), len(a), len(b),
                          str(e.seed),  # up to 2^62: Excel keeps 15 digits of a number
                          author(people, e.created_by), local(e.created_at)])
        return sheet

    return build
