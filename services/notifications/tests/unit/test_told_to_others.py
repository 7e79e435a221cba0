"""Nobody is told of their own step: a rep who entered their own lead, or whose stage move
was refused in front of them, reads nothing more; a won deal is news for those above the
rep who won it."""

from __future__ import annotations

from notifications.domain import templates
from notifications.domain.lead_notices import self_entered
from notifications.domain.pipeline_notices import BY_TYPE as PIPELINE
from salesos.events.v1 import coded_pb2, leads_pb2, pipeline_pb2

WON = pipeline_pb2.DealWon(opportunity_id="o1", owner_id="rep21", region_id="east",
                           account_name="恒力液压", amount_fen=36_000_050,
                           cycle_seconds=40 * 86400 + 5)


def test_a_won_deal_goes_to_the_owners_managers_and_the_directors_not_the_owner() -> None:
    [notice] = PIPELINE["pipeline.deal_won"](WON)
    assert notice.roles == ("director",) and notice.managers_of == ("rep21",)
    assert notice.region_managers == ("east",) and notice.not_to == ("rep21",)
    assert notice.users == () and notice.link == "/opportunities/o1"
    assert notice.people == {"owner": "rep21"}  # the rep reads as the directory names them


def test_a_won_deal_reads_customer_amount_and_rep_in_both_languages() -> None:
    [notice] = PIPELINE["pipeline.deal_won"](WON)
    named = notice.params | {"owner": "唐欣"}
    zh = templates.render(notice.kind, named)
    assert zh.title == "赢单：恒力液压 ¥360,000.50，销售 唐欣"
    assert zh.body == "唐欣 赢得 恒力液压 的订单，合同金额 ¥360,000.50，从商机到签约用时 41 天。"
    en = templates.render(notice.kind, named, "en")
    assert en.title == "Deal won: 恒力液压 ¥360,000.50, by 唐欣"


def test_a_won_deal_reads_its_title_and_is_not_told_to_the_manager_who_clicked_won() -> None:
    won = pipeline_pb2.DealWon()
    won.CopyFrom(WON)
    won.title, won.by_user_id = "二期码垛线", "mgr-east"
    [notice] = PIPELINE["pipeline.deal_won"](won)
    assert notice.not_to == ("rep21", "mgr-east")
    named = notice.params | {"owner": "唐欣"}
    zh = templates.render(notice.kind, named)
    assert zh.title == "赢单：二期码垛线 ¥360,000.50，销售 唐欣"
    assert zh.body.startswith("唐欣 赢得 恒力液压 的订单「二期码垛线」，合同金额")
    en = templates.render(notice.kind, named, "en")
    assert en.title == "Deal won: 二期码垛线 ¥360,000.50, by 唐欣"
    assert en.body.startswith("唐欣 won 恒力液压's order (二期码垛线): ¥360,000.50 signed")


def test_a_refused_move_is_not_told_again_to_the_owner_who_tried_it() -> None:
    mine = pipeline_pb2.StageGateBlocked(opportunity_id="o1", owner_id="rep21",
                                         by_user_id="rep21", to_stage="quote", unmet=["方案已评审"])
    assert PIPELINE["pipeline.stage_gate_blocked"](mine) == []


def test_a_move_someone_else_tried_on_the_reps_deal_is_told_to_the_rep() -> None:
    theirs = pipeline_pb2.StageGateBlocked(opportunity_id="o1", owner_id="rep21",
                                           by_user_id="mgr-east", to_stage="quote",
                                           unmet=["方案已评审"])
    [notice] = PIPELINE["pipeline.stage_gate_blocked"](theirs)
    assert notice.users == ("rep21",)


def test_a_lead_its_owner_entered_is_recognised_by_its_code_or_its_older_text() -> None:
    coded = leads_pb2.LeadAssigned(owner_id="rep21", reason="销售手工录入，归录入人跟进",
                                   reasons=[coded_pb2.Coded(code="self_entered")])
    assert self_entered(coded)
    assert self_entered(leads_pb2.LeadAssigned(reason="销售手工录入，归录入人跟进"))
    by_rule = leads_pb2.LeadAssigned(owner_id="rep21", reason="规则「江苏」匹配",
                                     reasons=[coded_pb2.Coded(code="rule_team")])
    assert not self_entered(by_rule)
