"""A returning customer's details fill the gaps on their lead, and never overwrite."""

from datetime import UTC, datetime

from leads.domain.assignment import Candidate, Decision
from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.gap_fill import filled_line
from leads.domain.lead_wire import flatten, view
from leads.domain.model import Lead
from leads.domain.qualification import MAX_TAGS, DecisionMaker

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def lead(source: str = "web_form", **fields: str) -> Lead:
    given = {"name": "王磊", "company": "苏州精工", "phone": "13812345678"} | fields
    return Lead.create(CreateLead(source=source, **given), lead_id="L1", now=NOW)


def qualified(cmd: UpdateQualification, **fields: str) -> Lead:
    found = lead(**fields)
    found.update_qualification(cmd)
    return found


def test_a_returning_customer_fills_only_the_fields_the_lead_lacks() -> None:
    mine = lead(industry="液压", phone="400-812-3456")  # a 400 number: no province inferred
    again = lead(source="trade_show", email="Wang@Example.cn", wechat_id="wx_wang",
                 title="采购经理", province="江苏", industry="机床")
    assert mine.fill_gaps(again) == ("email", "wechat_id", "title", "province")
    assert (mine.email, mine.wechat_id, mine.title, mine.province, mine.industry) == (
        "wang@example.cn", "wx_wang", "采购经理", "江苏", "液压")  # industry kept: it was set
    assert mine.province_source == "given"


def test_a_guessed_province_gives_way_to_the_one_the_customer_gives() -> None:
    scanned = lead(source="qr_scan")  # 江苏 from the mobile's registration
    assert (scanned.province, scanned.province_source) == ("江苏", "mobile")
    assert scanned.fill_gaps(lead(province="上海")) == ("province",)
    assert (scanned.province, scanned.province_source) == ("上海", "given")
    assert scanned.fill_gaps(lead(province="浙江")) == ()  # a given one stays


def test_a_customer_confirming_the_guessed_province_makes_it_theirs() -> None:
    """The mobile said 江苏 and so does the customer's next form: from then on it is the
    customer's word (a manager no longer reads 「按手机号归属地推断」), and a third form
    saying 浙江 does not move the lead as if 江苏 were still a guess."""
    scanned = lead(source="qr_scan")
    assert scanned.fill_gaps(lead(province="江苏省")) == ("province",)
    assert (scanned.province, scanned.province_source) == ("江苏", "given")
    assert scanned.fill_gaps(lead(province="浙江")) == ()
    assert scanned.province == "江苏"


def test_a_value_a_rep_set_is_never_overwritten() -> None:
    cmd = UpdateQualification(lead_id="L1", company_scale="200-1000", budget_yuan="50万",
                              urgency="低", pain_point="交期长", tags=["老客户"])
    mine = qualified(cmd, email="a@b.cn")
    arriving = qualified(UpdateQualification(
        lead_id="L2", company_scale=">1000", budget_yuan="10", urgency="高", pain_point="价格",
        tags=["老客户"]), email="other@b.cn")
    assert mine.fill_gaps(arriving) == ()
    assert (mine.email, mine.company_scale, mine.budget_fen, mine.urgency, mine.pain_point,
            mine.tags) == ("a@b.cn", "200_1000", 50_000_000, "low", "交期长", ["老客户"])


def test_an_imported_rows_qualified_cells_fill_the_lead_and_its_score_follows() -> None:
    mine = lead()
    before = mine.score
    row = qualified(UpdateQualification(lead_id="R", company_scale="50-200",
                                        budget_yuan="0", urgency="中", pain_point="产能不足"),
                    email="w@b.cn")
    row_view = view(flatten(row))  # an import hands the writer LeadViews, not Leads
    assert mine.fill_gaps(row_view) == ("email", "company_scale", "budget_fen", "urgency",
                                        "pain_point")
    assert mine.budget_fen == 0  # 0 元 is a budget, not a gap
    assert mine.score == before + 8 + 5 + 10 + 8 + 3  # scale, budget, urgency, pain, contact
    assert sum(f.points for f in mine.score_factors) == mine.score
    assert mine.source == "web_form"  # the source's points are the lead's own


def test_tags_are_a_union_in_order_without_repeats_and_within_the_limit() -> None:
    mine = qualified(UpdateQualification(lead_id="L1", tags=["老客户", "ABC"]))
    arriving = qualified(UpdateQualification(lead_id="L2",
                                             tags=["abc", "ＡＢＣ", "展会", "老客户"]))
    assert mine.fill_gaps(arriving) == ("tags",)
    assert mine.tags == ["老客户", "ABC", "abc", "展会"]  # case counts, width does not
    full = qualified(UpdateQualification(lead_id="L1", tags=[f"t{i}" for i in range(MAX_TAGS)]))
    assert full.fill_gaps(arriving) == ()
    assert len(full.tags) == MAX_TAGS


def test_filling_leaves_owner_status_clock_and_decision_chain_alone() -> None:
    mine = qualified(UpdateQualification(
        lead_id="L1", decision_chain=[DecisionMaker(name="张总", role="decider")]))
    mine.assign(Decision(owner=Candidate(user_id="u1", username="rep1"), reason="轮询"),
                region_id="east", now=NOW)
    mine.first_contact_due_at = NOW
    before = (mine.owner_id, mine.status, mine.region_id, mine.first_contact_due_at,
              mine.decision_chain, mine.name, mine.company, mine.message)
    assert mine.fill_gaps(lead(province="广东", email="x@y.cn", name="王 磊",
                               message="再要一份报价")) == ("email", "province")
    assert (mine.owner_id, mine.status, mine.region_id, mine.first_contact_due_at,
            mine.decision_chain, mine.name, mine.company, mine.message) == before


def test_the_history_line_names_the_fields_in_chinese() -> None:
    assert filled_line(["email", "company_scale"]) == "补全：邮箱、公司规模"
    assert filled_line(["budget_fen", "tags"]) == "补全：预算、标签"
    assert filled_line([]) == ""
