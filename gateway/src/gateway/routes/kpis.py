"""KPI definitions (read: everyone; change: admins, from the 1st of next month) and the
scores computed from them, per rep, team or region, with every contributing event."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, Session
from gateway.incentives_client import Incentives, to_dict
from gateway.incentives_schemas import Breakdown, KpiSet, KpiUpdate, ScorePage
from gateway.org_names import named, region_names
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["kpi"])
Period = Annotated[str, Query(max_length=10, description="2026-W48 or 2026-11; default: "
                                                         "this week")]
IdempotencyKey = Annotated[str | None, Header(
    max_length=200, description="a repeated change creates no second version")]


@router.get("/kpis", response_model=KpiSet)
async def list_kpis(_: CurrentUser, token: BearerToken, incentives: Incentives,
                    on: Annotated[str, Query(max_length=10)] = "") -> KpiSet:
    """The definitions in force on `on` (default today), and a pending change if any."""
    reply = await incentives.call("ListKpis", pb.ListKpisRequest(on=on), user_token=token)
    return KpiSet.model_validate(to_dict(reply))


@router.put("/kpis/{kpi_id}", response_model=KpiSet)
async def put_kpi(kpi_id: str, body: KpiUpdate, _: CurrentUser, token: BearerToken,
                  incentives: Incentives, idempotency_key: IdempotencyKey = None) -> KpiSet:
    """Admins: a new version of the definitions, in force from the 1st of next month (a
    running or closed period keeps its version). Weights of a role must still sum to 100:
    move weight with `other_weights`; otherwise 422 naming `weight_pct`, nothing saved.
    Idempotent by content: the same change again saves nothing new."""
    request = pb.PutKpiRequest(id=kpi_id, weight_pct=body.weight_pct, target=body.target,
                               label=body.label, other_weights=body.other_weights)
    return KpiSet.model_validate(to_dict(await incentives.call("PutKpi", request,
                                                               user_token=token)))


@router.get("/kpi/scores", response_model=ScorePage)
async def list_scores(
    _: CurrentUser, token: BearerToken, incentives: Incentives, period: Period = "",
    level: Annotated[str, Query(pattern="^(rep|team|region)$")] = "rep",
    cursor: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ScorePage:
    """Best first. Reps see their own score (level `rep` only: 403 otherwise), managers
    their regions', directors and finance (who pays by them) all."""
    reply = await incentives.call("ListScores", pb.ListScoresRequest(
        period=period, level=level, page_size=limit, page_token=cursor), user_token=token)
    data = to_dict(reply)
    return ScorePage(items=data["scores"], next_cursor=data["next_page_token"] or None,
                     kpi_version=data["kpi_version"])


@router.get("/kpi/scores/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_scores(
    _: CurrentUser, token: BearerToken, incentives: Incentives, session: Session,
    period: Period = "", level: Annotated[str, Query(pattern="^(rep|team|region)$")] = "rep",
) -> StreamingResponse:
    """The same scope as the list; one row per unit, one column per KPI's points (empty
    for a KPI with no data, which the score leaves out); the region by name."""
    scores: list[pb.Score] = []
    cursor = ""
    while True:
        reply = await incentives.call("ListScores", pb.ListScoresRequest(
            period=period, level=level, page_size=500, page_token=cursor), user_token=token)
        scores += reply.scores
        if not (cursor := reply.next_page_token):
            break
    regions = await region_names(session, {s.region_id for s in scores})
    kpis = [k.label for k in scores[0].kpis] if scores else []

    def build() -> Sheet:
        sheet = Sheet("考核得分", ["名称", "ID", "区域", "期间", "得分", "人数", *kpis])
        for s in scores:
            # A KPI with nothing to score is left out of the score: an empty cell, as the
            # list's has_data says, not 0 points that read as failed and do not add up.
            sheet.append([s.label, s.unit_id, named(regions, s.region_id), s.period, s.score,
                          s.members, *(round(k.points, 2) if k.has_data else None
                                       for k in s.kpis)])
        return sheet

    return await xlsx_download(build, "kpi-scores", "考核得分")


@router.get("/kpi/scores/{user_id}/breakdown", response_model=Breakdown)
async def breakdown(user_id: str, _: CurrentUser, token: BearerToken, incentives: Incentives,
                    period: Period = "") -> Breakdown:
    """Why the score is what it is: each KPI's value and every event that counted."""
    reply = await incentives.call("GetBreakdown", pb.GetBreakdownRequest(
        user_id=user_id, period=period), user_token=token)
    return Breakdown.model_validate(to_dict(reply))
