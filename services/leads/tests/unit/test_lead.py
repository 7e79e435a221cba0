from datetime import UTC, datetime

import pytest
from leads.domain import events
from leads.domain.access import can_read
from leads.domain.assignment import Candidate, Decision
from leads.domain.commands import CreateLead
from leads.domain.model import ASSIGNED, NEW, UNASSIGNABLE, Lead
from leads.domain.normalise import InvalidField

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)


def make(**overrides: str) -> Lead:
    fields = {"source": "web_form", "name": "王磊", "company": "苏州精工", "phone": "13812345678",
              "province": "江苏省"} | overrides
    return Lead.create(CreateLead(**fields), lead_id="L1", now=NOW)


def test_a_new_lead_is_normalised_and_raises_lead_created() -> None:
    lead = make(name="ＷＡＮＧ　Ｌｅｉ", email="WANG@Example.com")
    assert (lead.name, lead.phone, lead.email, lead.province) == (
        "WANG Lei", "+8613812345678", "wang@example.com", "江苏")
    assert lead.status == NEW
    assert lead.events == [events.LeadCreated(
        lead_id="L1", source="web_form", name="WANG Lei", company="苏州精工",
        phone="+8613812345678", email="wang@example.com", province="江苏", region_id="",
        industry="")]


def test_a_lead_needs_a_phone_or_an_email() -> None:
    with pytest.raises(InvalidField) as err:
        make(phone=" ", email="")
    assert err.value.field == "phone"


def test_email_alone_is_enough_to_create_a_lead() -> None:
    assert make(phone="", email="a@b.cn").phone == ""


def test_a_lead_without_a_source_is_rejected() -> None:
    with pytest.raises(InvalidField) as err:
        make(source="")
    assert err.value.field == "source"


def test_overlong_text_is_rejected_naming_the_field() -> None:
    with pytest.raises(InvalidField) as err:
        make(company="厂" * 201)
    assert err.value.field == "company"


def test_an_empty_idempotency_key_is_no_key() -> None:
    assert make(idempotency_key="  ").idempotency_key is None


def test_assigning_records_owner_reason_and_lead_assigned() -> None:
    lead = make()
    lead.events.clear()
    rep = Candidate("u1", "rep01")
    lead.assign(Decision(rep, "华东区域轮询分配", rule_id="R1"), region_id="east", now=NOW)
    assert (lead.status, lead.owner_id, lead.owner_username, lead.region_id, lead.assigned_at,
            lead.assignment_rule_id) == (ASSIGNED, "u1", "rep01", "east", NOW, "R1")
    assert lead.events == [events.LeadAssigned(
        lead_id="L1", owner_id="u1", owner_username="rep01", region_id="east",
        company="苏州精工", name="王磊", assigned_at=NOW, reason="华东区域轮询分配")]


def test_an_assigned_lead_is_not_assigned_again() -> None:
    lead = make()
    lead.assign(Decision(Candidate("u1", "rep01"), "r"), region_id="east", now=NOW)
    lead.events.clear()
    lead.assign(Decision(Candidate("u2", "rep02"), "r"), region_id="east", now=NOW)
    assert lead.owner_id == "u1"
    assert lead.events == []


def test_a_lead_nobody_can_take_is_unassignable_with_the_reason() -> None:
    lead = make()
    lead.events.clear()
    reason = "西南区域没有在岗销售或经理，无法分配"
    lead.assign(Decision(None, reason), region_id="w", now=NOW)
    assert lead.status == UNASSIGNABLE
    assert lead.owner_id == ""
    # who and whence, for the managers who must place it by hand
    assert lead.events == [events.LeadUnassignable("L1", "w", reason, company="苏州精工",
                                                   name=lead.name, source="web_form")]


def owned_lead() -> Lead:
    lead = make()
    lead.assign(Decision(Candidate("u1", "rep01"), "r"), region_id="east", now=NOW)
    return lead


def test_rep_reads_only_own_leads() -> None:
    assert can_read(owned_lead(), role="rep", user_id="u1", region_ids=())
    assert not can_read(owned_lead(), role="rep", user_id="u2", region_ids=("east",))


def test_manager_reads_leads_of_their_regions_only() -> None:
    assert can_read(owned_lead(), role="manager", user_id="m", region_ids=("east",))
    assert not can_read(owned_lead(), role="manager", user_id="m", region_ids=("south",))


def test_rep_cannot_read_an_unassigned_lead() -> None:
    assert not can_read(make(), role="rep", user_id="", region_ids=())


@pytest.mark.parametrize("role", ["director", "admin", "service"])
def test_director_admin_and_services_read_every_lead(role: str) -> None:
    assert can_read(make(), role=role, user_id="x", region_ids=())


@pytest.mark.parametrize("role", ["engineer", "finance", ""])
def test_other_roles_read_no_leads(role: str) -> None:
    assert not can_read(owned_lead(), role=role, user_id="u1", region_ids=("east",))


def test_a_web_form_with_a_province_we_do_not_serve_is_kept_and_noted() -> None:
    lead = make(province="火星", phone="020-83123456")
    assert (lead.province, lead.province_source) == ("广东", "landline")
    assert lead.intake_notes == ("客户填写的省份「火星」无法识别",)


@pytest.mark.parametrize("channel", ["manual", ""])
def test_staff_entry_and_imports_are_told_the_province_is_wrong(channel: str) -> None:
    source = "manual" if channel else "import"
    with pytest.raises(InvalidField) as err:
        make(province="火星", source=source, channel=channel)
    assert err.value.field == "province"


def test_an_unusable_number_on_a_public_channel_is_noted_when_another_contact_is_left() -> None:
    lead = make(phone="010-12345", email="wang@example.com")
    assert (lead.phone, lead.email) == ("", "wang@example.com")
    assert lead.intake_notes == ("客户填写的电话「010-12345」无法使用",)


def test_an_unusable_number_as_the_only_contact_is_refused_naming_phone() -> None:
    with pytest.raises(InvalidField) as err:
        make(phone="010-12345")
    assert err.value.field == "phone"


def test_an_extension_is_noted_on_every_channel() -> None:
    assert make(phone="020-83123456转801").intake_notes == ("分机 801",)
    assert make(phone="020-83123456转801", source="manual",
                channel="manual").intake_notes == ("分机 801",)
