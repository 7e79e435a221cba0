"""A lost deal a manager reopens is news for its owner and the owner's managers: they read
which deal, the stage it is back in and why, by the directory's names; the manager who
reopened it reads nothing (they did it)."""

from __future__ import annotations

from notifications.domain import templates
from notifications.domain.pipeline_notices import BY_TYPE as PIPELINE
from salesos.events.v1 import pipeline_pb2

REOPENED = pipeline_pb2.DealReopened(
    opportunity_id="o1", owner_id="rep21", region_id="east", to_stage="quote",
    reason="客户预算已批复", by_user_id="mgr-east", amount_fen=36_000_050,
    lost_reason="价格过高", title="二期码垛线")


def test_the_owner_and_their_managers_are_told_not_the_manager_who_reopened_it() -> None:
    [notice] = PIPELINE["pipeline.deal_reopened"](REOPENED)
    assert notice.users == ("rep21",) and notice.managers_of == ("rep21",)
    assert notice.region_managers == ("east",) and notice.not_to == ("mgr-east",)
    assert notice.people == {"by": "mgr-east", "owner": "rep21"}
    assert notice.link == "/opportunities/o1"


def test_the_deal_the_stage_and_the_reason_read_in_both_languages() -> None:
    [notice] = PIPELINE["pipeline.deal_reopened"](REOPENED)
    named = notice.params | {"by": "王经理", "owner": "唐欣"}
    zh = templates.render(notice.kind, named)
    assert zh.title == "商机已重新打开：二期码垛线，回到报价（客户预算已批复）"
    assert zh.body == ("王经理 重新打开了这个丢单的商机，负责销售 唐欣，金额 ¥360,000.50。"
                       "此前的丢单原因：价格过高。请按「报价」阶段继续跟进。")
    en = templates.render(notice.kind, named, "en")
    assert en.title == "Deal reopened: 二期码垛线, back to Quote (客户预算已批复)"
    assert en.body.startswith("王经理 reopened this lost deal; owner 唐欣, amount ¥360,000.50.")


def test_a_reopening_without_a_reason_reads_no_empty_brackets() -> None:
    bare = pipeline_pb2.DealReopened()
    bare.CopyFrom(REOPENED)
    bare.reason = " "
    [notice] = PIPELINE["pipeline.deal_reopened"](bare)
    zh = templates.render(notice.kind, notice.params)
    assert zh.title == "商机已重新打开：二期码垛线，回到报价"
    assert templates.render(notice.kind, notice.params, "en").title == (
        "Deal reopened: 二期码垛线, back to Quote")
