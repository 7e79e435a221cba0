"""合同内部审批 (approve_contract) is the system's, like 报价内部审批: ticked by the last
approver's decision, refused by hand, and unticked when that approval stops standing (the
terms are renegotiated, the deal is sent back before 报价), so the 签约 checklist never
says "approved" of a contract that is a draft again."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from salesos.pipeline.v1 import contracts_pb2 as cpb
from salesos.pipeline.v1 import pipeline_pb2 as pb

from . import test_contracts_grpc as suite
from .test_contracts_grpc import SMALL_DEAL, denied, drafted, team

pytestmark = pytest.mark.integration
directory, stubs = suite.directory, suite.stubs  # the contracts suite's org chart and services


async def approval_step(stub: Any, opp_id: str, who: Any) -> pb.StepState:
    deal = await stub.GetOpportunity(pb.GetOpportunityRequest(opportunity_id=opp_id),
                                     metadata=who)
    return next(s for s in deal.steps if s.id == "approve_contract")


async def test_the_contracts_approval_ticks_its_step_and_losing_that_approval_unticks_it(
    stub, stubs, auth, directory,
) -> None:
    _, contracts = stubs
    p = team(auth, directory)
    opp, c = await drafted(stub, stubs, p, SMALL_DEAL, price_fen=17_500_000)  # in 签约
    refused = await denied(stub.CheckStep(pb.CheckStepRequest(
        opportunity_id=opp.id, step_id="approve_contract"), metadata=p["rep"]),
        grpc.StatusCode.FAILED_PRECONDITION)
    assert "合同审批通过后由系统自动勾选" in (refused.details() or "")

    async def approve() -> None:
        await contracts.SubmitContract(cpb.SubmitContractRequest(contract_id=c.id),
                                       metadata=p["rep"])
        assert not (await approval_step(stub, opp.id, p["rep"])).done  # waiting: not yet
        await contracts.DecideContract(cpb.DecideContractRequest(
            contract_id=c.id, decision="approve"), metadata=p["manager"])

    await approve()
    step = await approval_step(stub, opp.id, p["rep"])
    assert (step.done, step.done_by, step.by_system) == (True, p["manager_id"], True)

    changed = cpb.Terms()
    changed.CopyFrom(suite.TERMS)
    changed.price_fen, changed.warranty_months = 17_500_000, 24  # the customer wants more
    await contracts.UpdateContractTerms(cpb.UpdateContractTermsRequest(
        contract_id=c.id, terms=changed), metadata=p["rep"])
    assert not (await approval_step(stub, opp.id, p["rep"])).done
    await approve()
    assert (await approval_step(stub, opp.id, p["rep"])).done

    back = await stub.ChangeStage(pb.ChangeStageRequest(
        opportunity_id=opp.id, to="solution_design", reason="客户改为两台 AGV"),
        metadata=p["rep"])
    assert not next(s for s in back.steps if s.id == "approve_contract").done
    assert not (await approval_step(stub, opp.id, p["rep"])).done
