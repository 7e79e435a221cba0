from datetime import UTC, datetime

import pytest
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.model import Lead
from leads.domain.normalise import InvalidField
from leads.domain.qualification import DecisionMaker
from leads.domain.scoring import score

WAN = 1_000_000  # 1 万元 in fen
NOW = datetime(2026, 11, 2, 2, tzinfo=UTC)


def _score(**changes):
    fields = dict(source="web_form", budget_fen=None, urgency="", company_scale="",
                  decision_chain=[], pain_point="", industry="", phone="+8613812345678",
                  email="")
    fields.update(changes)
    return score(**fields)


def test_factors_always_add_up_to_the_score() -> None:
    total, factors = _score(budget_fen=300 * WAN, urgency="high", company_scale="gt1000",
                            decision_chain=[DecisionMaker("张总", "总经理", "decider"),
                                            DecisionMaker("李工", "技术部", "influencer")],
                            pain_point="设备老化", industry="机械", email="a@b.cn")
    assert total == sum(f.points for f in factors) == 100


def test_a_bare_web_form_lead_scores_only_its_source() -> None:
    total, factors = _score()
    assert total == 10
    assert [(f.factor, f.reason_zh) for f in factors] == [("source", "官网表单主动咨询")]


def test_budget_bands_rank_bigger_budgets_higher() -> None:
    points = [_score(budget_fen=b)[0] for b in (0, 10 * WAN, 50 * WAN, 200 * WAN)]
    assert points == sorted(points) and len(set(points)) == 4


def test_unknown_budget_earns_nothing_but_a_zero_budget_is_a_known_small_budget() -> None:
    assert "budget" not in {f.factor for f in _score()[1]}
    assert "budget" in {f.factor for f in _score(budget_fen=0)[1]}


def test_trade_show_beats_ads_and_ads_beat_an_unknown_source() -> None:
    qr, ads, other = (_score(source=s)[0] for s in ("qr_scan", "baidu", "partner_x"))
    assert qr > ads > other


def test_decision_chain_counts_only_with_a_decider() -> None:
    influencer_only = _score(decision_chain=[DecisionMaker("李工", "", "influencer")])[0]
    decider = _score(decision_chain=[DecisionMaker("张总", "", "decider")])[0]
    both = _score(decision_chain=[DecisionMaker("张总", "", "decider"),
                                  DecisionMaker("李工", "", "user")])[0]
    assert influencer_only == 10 < decider < both


def test_urgency_high_medium_low_in_order() -> None:
    assert _score(urgency="high")[0] > _score(urgency="medium")[0] > _score(urgency="low")[0]


def test_a_show_under_a_new_name_scores_by_the_kind_its_source_is_in_the_directory() -> None:
    """The admin created 「2027 上海工博会」 as expo_2027_shanghai: by its name it looked
    like 其他来源 (3 points); the directory says it is a trade show."""
    named, _ = _score(source="expo_2027_shanghai")
    total, factors = _score(source="expo_2027_shanghai", source_kind="trade_show")
    assert (named, total) == (3, 10)
    assert [(f.factor, f.reason_zh) for f in factors] == [("source", "展会现场获取，意向明确")]
    assert _score(source="web_form", source_kind="ads")[0] == 5  # the directory's word wins


def test_a_lead_carries_its_sources_kind_and_rescoring_keeps_it() -> None:
    lead = Lead.create(CreateLead(source="expo_2027_shanghai", source_kind="trade_show",
                                  name="李娜", phone="13812345678"), lead_id="L", now=NOW)
    assert (lead.source_kind, lead.score) == ("trade_show", 10)
    lead.update_qualification(UpdateQualification(lead_id="L", urgency="高"))
    assert lead.score == 30


def test_a_kind_the_directory_does_not_have_is_refused_naming_it() -> None:
    with pytest.raises(InvalidField) as error:
        Lead.create(CreateLead(source="x1", source_kind="billboard", phone="13812345678"),
                    lead_id="L", now=NOW)
    assert error.value.field == "source_kind"
