"""A/B trials of the pay schemes: create (random, stratified by region, seeded), list,
and read the results per metric with the test, interval, p-value and a verdict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, Session
from gateway.incentives_client import Incentives, to_dict
from gateway.incentives_schemas import (
    Experiment,
    ExperimentCreate,
    ExperimentPage,
    ExperimentResults,
)
from gateway.list_exports import experiments_sheet
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["experiments"])


@router.post("/experiments", response_model=Experiment, status_code=201)
async def create_experiment(
    body: ExperimentCreate, _: CurrentUser, token: BearerToken, incentives: Incentives,
    idempotency_key: Annotated[str | None, Header(
        max_length=200, description="the same key from the same person: the same trial")] = None,
) -> Experiment:
    """Directors and admins. A unit already in a trial that overlaps in time, or named in
    both arms, is refused with 422 naming `unit_ids` / `arm_b`; nothing is saved."""
    request = pb.CreateExperimentRequest(
        name=body.name, unit=body.unit, seed=body.seed, starts_on=body.starts_on,
        ends_on=body.ends_on, unit_ids=body.unit_ids, arm_a=body.arm_a, arm_b=body.arm_b,
        idempotency_key=idempotency_key or "")
    reply = await incentives.call("CreateExperiment", request, user_token=token)
    return Experiment.model_validate(to_dict(reply))


@router.get("/experiments", response_model=ExperimentPage)
async def list_experiments(_: CurrentUser, token: BearerToken, incentives: Incentives,
                           cursor: Annotated[str, Query(max_length=200)] = "",
                           limit: Annotated[int, Query(ge=1, le=100)] = 20) -> ExperimentPage:
    reply = await incentives.call("ListExperiments", pb.ListExperimentsRequest(
        page_size=limit, page_token=cursor), user_token=token)
    data = to_dict(reply)
    return ExperimentPage(items=data["experiments"],
                          next_cursor=data["next_page_token"] or None)


@router.get("/experiments/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_experiments(_: CurrentUser, token: BearerToken, incentives: Incentives,
                             session: Session) -> StreamingResponse:
    """Every trial the caller may list (directors, admins, finance, managers), one row
    each: the arms' reps (or teams) by name, dates as dates."""
    build = await experiments_sheet(incentives, token, session)
    return await xlsx_download(build, "experiments", "薪酬实验")


@router.get("/experiments/{experiment_id}/results", response_model=ExperimentResults)
async def experiment_results(experiment_id: str, _: CurrentUser, token: BearerToken,
                             incentives: Incentives) -> ExperimentResults:
    """Per metric: `arm_a`, `arm_b`, `difference` (B − A), `ci_low`/`ci_high` (95%),
    `p_value`, `test` (welch_t or two_proportion_z) and a zh-CN `verdict`; the interval
    and p-value are null when an arm has too few units to compute them."""
    reply = await incentives.call("GetExperimentResults", pb.GetExperimentResultsRequest(
        experiment_id=experiment_id), user_token=token, deadline=30.0)
    return ExperimentResults.model_validate(to_dict(reply))
