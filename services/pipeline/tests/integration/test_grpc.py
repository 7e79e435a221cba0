"""PipelineService with real tokens: opening by hand, scoping, steps, gates, versions."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
import sqlalchemy as sa
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from salesos.pipeline.v1 import pipeline_pb2 as pb
from servicekit.errors import field_violations
from servicekit.idempotency import KEY_REUSED

pytestmark = pytest.mark.integration


async def open_deal(stub: Any, metadata: Any, **fields: Any) -> pb.Opportunity:
    fields = {"title": "五轴加工中心", **fields}
    request = pb.OpenOpportunityRequest(account_name=f"常州精密{uuid.uuid4().hex[:6]}有限公司",
                                        amount_fen=120_000_000, **fields)
    return await stub.OpenOpportunity(request, metadata=metadata)


def unmet_of(error: grpc.aio.AioRpcError) -> list[str]:
    status = rpc_status.from_call(error)
    assert status is not None
    failure = error_details_pb2.PreconditionFailure()
    status.details[0].Unpack(failure)
    return [v.subject for v in failure.violations]


async def test_rep_opens_a_deal_in_their_region_and_a_retry_returns_it(stub, auth) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    name = f"常州精密{uuid.uuid4().hex[:6]}有限公司"
    first = await stub.OpenOpportunity(pb.OpenOpportunityRequest(
        account_name=name, title="五轴加工中心", idempotency_key="k1"), metadata=rep)
    again = await stub.OpenOpportunity(pb.OpenOpportunityRequest(  # the retry, spaced out
        account_name=f" {name} ", title="五轴加工中心 ", idempotency_key="k1"), metadata=rep)
    assert first.id == again.id
    assert (first.stage, first.stage_label, first.status, first.region_id) == (
        "lead", "线索", "open", "r-east")
    assert len(first.steps) == 18 and first.process_version >= 1


async def test_a_key_reused_for_another_customer_is_refused_and_opens_nothing(
    stub, auth,
) -> None:
    """Answering with the first deal would leave the second customer without one, unseen."""
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    first = await open_deal(stub, rep, idempotency_key="k2")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await open_deal(stub, rep, idempotency_key="k2")  # another account
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field_violations(refused.value) == [("Idempotency-Key", KEY_REUSED)]
    mine = await stub.ListOpportunities(pb.ListOpportunitiesRequest(), metadata=rep)
    assert [o.id for o in mine.opportunities] == [first.id]


async def test_a_key_stored_before_fingerprints_still_answers_with_its_deal(
    stub, auth, sessions,
) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    first = await open_deal(stub, rep, idempotency_key="k3")
    async with sessions() as session, session.begin():
        await session.execute(sa.text("UPDATE opportunities SET request_hash = NULL "
                                      "WHERE id = :id"), {"id": first.id})
    again = await open_deal(stub, rep, idempotency_key="k3")  # unchecked, as before
    assert again.id == first.id


async def test_rep_cannot_see_another_reps_deal_but_their_manager_can(stub, auth) -> None:
    region = f"r-{uuid.uuid4()}"
    deal = await open_deal(stub, auth("rep", user_id="rep-a", region_ids=(region,)))
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=deal.id),
                                  metadata=auth("rep", user_id="rep-b", region_ids=(region,)))
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND
    manager = auth("manager", region_ids=(region,))
    listed = await stub.ListOpportunities(pb.ListOpportunitiesRequest(), metadata=manager)
    assert [o.id for o in listed.opportunities] == [deal.id]
    other = auth("manager", region_ids=(f"r-{uuid.uuid4()}",))
    assert not (await stub.ListOpportunities(pb.ListOpportunitiesRequest(),
                                             metadata=other)).opportunities


@pytest.mark.parametrize(("field", "value"), [
    ("stage", "报价"), ("stage", "quotes"), ("status", "closed")])
async def test_a_list_filter_naming_no_stage_or_status_is_refused_naming_it(
    stub, auth, field: str, value: str,
) -> None:
    """A typo or a label must not read as "no deals": quotes and contracts refuse theirs."""
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ListOpportunities(pb.ListOpportunitiesRequest(**{field: value}),
                                     metadata=auth("director"))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(refused.value)] == [field]


async def test_a_nul_character_in_text_is_bad_input_naming_the_field(stub, auth) -> None:
    """PostgreSQL cannot store it: refused as the field's problem, not a 500."""
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.OpenOpportunity(pb.OpenOpportunityRequest(
            account_name="常州精密\x00有限公司", title="五轴"), metadata=rep)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert [f for f, _ in field_violations(refused.value)] == ["account_name"]
    deal = await open_deal(stub, rep)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id, to="lost",
                                                     reason="价格\x00"), metadata=rep)
    assert [f for f, _ in field_violations(refused.value)] == ["reason"]


async def test_engineers_cannot_open_deals(stub, auth) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await open_deal(stub, auth("engineer"))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_gate_failure_lists_unmet_steps_then_advance_after_ticking(stub, auth) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    deal = await open_deal(stub, rep)
    change = pb.ChangeStageRequest(opportunity_id=deal.id, to="first_visit")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.ChangeStage(change, metadata=rep)
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert unmet_of(refused.value) == ["step:verify_contact", "step:confirm_profile",
                                       "step:book_visit"]
    for step in ("verify_contact", "confirm_profile", "book_visit"):
        await stub.CheckStep(pb.CheckStepRequest(opportunity_id=deal.id, step_id=step),
                             metadata=rep)
    moved = await stub.ChangeStage(change, metadata=rep)
    assert (moved.stage, moved.stage_label) == ("first_visit", "初访")
    assert [h.to_stage for h in moved.history] == ["first_visit"]


async def test_a_deal_sent_back_is_walked_forward_again_only_after_redoing_its_checks(
        stub, auth) -> None:
    """The customer's contact left before the first visit: the rep's manager sends the
    deal back to 线索. Its checks were for the old contact; they are unticked (the move
    back, with its reason, is the record), so 初访 needs them ticked again."""
    region = f"r-{uuid.uuid4()}"
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=(region,))
    deal = await open_deal(stub, rep)
    lead_steps = ("verify_contact", "confirm_profile", "book_visit")
    for step in lead_steps:
        await stub.CheckStep(pb.CheckStepRequest(opportunity_id=deal.id, step_id=step),
                             metadata=rep)
    forward = pb.ChangeStageRequest(opportunity_id=deal.id, to="first_visit")
    await stub.ChangeStage(forward, metadata=rep)
    await stub.CheckStep(pb.CheckStepRequest(opportunity_id=deal.id, step_id="site_visit"),
                         metadata=rep)
    back = await stub.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=deal.id, to="lead", reason="对接人离职，需重新核实联系人"),
        metadata=auth("manager", region_ids=(region,)))
    assert back.stage == "lead" and not [s.id for s in back.steps if s.done]
    with pytest.raises(grpc.aio.AioRpcError) as stale:
        await stub.ChangeStage(forward, metadata=rep)
    assert unmet_of(stale.value) == [f"step:{s}" for s in lead_steps]
    for step in lead_steps:
        await stub.CheckStep(pb.CheckStepRequest(opportunity_id=deal.id, step_id=step),
                             metadata=rep)
    again = await stub.ChangeStage(forward, metadata=rep)
    assert again.stage == "first_visit" and not [s.id for s in again.steps
                                                 if s.stage == "first_visit" and s.done]
    assert [(h.to_stage, h.reason) for h in again.history] == [
        ("first_visit", ""), ("lead", "对接人离职，需重新核实联系人"), ("first_visit", "")]


async def test_lost_needs_a_reason_and_is_recorded_in_history(stub, auth) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    deal = await open_deal(stub, rep)
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id, to="lost"),
                               metadata=rep)
    assert missing.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    lost = await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=deal.id, to="lost",
                                                        reason="预算取消"), metadata=rep)
    assert (lost.status, lost.lost_reason) == ("lost", "预算取消")
    assert [(h.from_stage, h.to_stage, h.reason) for h in lost.history] == [
        ("lead", "lost", "预算取消")]


async def test_admin_publishes_a_new_version_and_open_deals_keep_theirs(stub, auth) -> None:
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    before = await open_deal(stub, rep)
    current = await stub.GetProcess(pb.GetProcessRequest(), metadata=rep)
    stages = list(current.stages)
    stages[0].steps.append(pb.ProcessStep(id=f"extra_{uuid.uuid4().hex[:6]}", label="电话回访"))
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.PutProcess(pb.PutProcessRequest(stages=stages), metadata=auth("director"))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    put = await stub.PutProcess(pb.PutProcessRequest(stages=stages), metadata=auth("admin"))
    assert put.version == current.version + 1
    after = await open_deal(stub, rep)
    kept = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=before.id),
                                     metadata=rep)
    assert (kept.process_version, len(kept.steps)) == (before.process_version, 18)
    assert (after.process_version, len(after.steps)) == (put.version, 19)


async def test_a_lead_with_a_deal_opens_no_second_one_and_says_which_instead_of_201(
    stub, auth,
) -> None:
    """A customer lost on price comes back; the rep opens a deal by hand from the lead.
    The lost deal came back as if just opened (201, the new title dropped) and the rep
    worked a deal nobody could move. Now it is a 409 naming the deal and the way out."""
    rep = auth("rep", user_id=f"rep-{uuid.uuid4()}", region_ids=("r-east",))
    lead_id = str(uuid.uuid4())
    first = await open_deal(stub, rep, lead_id=lead_id, title="冲压线")
    with pytest.raises(grpc.aio.AioRpcError) as still_open:
        await open_deal(stub, rep, lead_id=lead_id, title="冲压线二期")
    assert still_open.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "冲压线" in (still_open.value.details() or "")
    await stub.ChangeStage(pb.ChangeStageRequest(opportunity_id=first.id, to="lost",
                                                 reason="价格过高"), metadata=rep)
    with pytest.raises(grpc.aio.AioRpcError) as lost:
        await open_deal(stub, rep, lead_id=lead_id, title="冲压线（重启）")
    assert lost.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "丢单" in (lost.value.details() or "")
    again = await open_deal(stub, rep, title="冲压线（重启）")  # without the lead: a new deal
    mine = await stub.ListOpportunities(pb.ListOpportunitiesRequest(), metadata=rep)
    assert {o.id for o in mine.opportunities} == {first.id, again.id}
