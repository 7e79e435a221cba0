"""The end-of-day log (streaks on the mainland working calendar) and habit rewards."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.incentives.v1 import incentives_pb2 as pb

from gateway.deps import BearerToken, CurrentUser, EarningsReader, Session
from gateway.export_rows import every_row
from gateway.incentives_client import Incentives, to_dict
from gateway.incentives_schemas import DailyLogCreate, DailyLogRead, RewardPage
from gateway.org_names import named, user_names
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["rewards"])
# The person's id: a login name such as "rep01" matched nobody and answered an empty list
# (an export of no rows reads as "no rewards"), so it is refused naming the parameter.
UserId = Annotated[uuid.UUID | None, Query(description="the person's user id")]
# Finance pays by month: without it the export held every reward ever granted, refused
# (over 10,000 rows) once a year or two of a sales force's rewards had piled up.
Period = Annotated[str, Query(max_length=10, description="2026-11 or 2026-W48: granted in "
                                                         "it (Asia/Shanghai); default: all")]


@router.post("/me/daily-log", response_model=DailyLogRead, status_code=201)
async def submit_daily_log(
    body: DailyLogCreate, _: CurrentUser, token: BearerToken, incentives: Incentives,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> DailyLogRead:
    """One log per day (a repeat answers with the first). On time: before the cut-off
    (Asia/Shanghai) on a working day; 7 on-time working days in a row earn the reward
    once (`reward` set in this answer, `incentives.reward_granted` published)."""
    reply = await incentives.call("SubmitDailyLog", pb.SubmitDailyLogRequest(
        text=body.text, idempotency_key=idempotency_key or ""), user_token=token)
    data = to_dict(reply)
    if not reply.HasField("reward"):
        data["reward"] = None
    return DailyLogRead.model_validate(data)


@router.get("/rewards", response_model=RewardPage)
async def list_rewards(
    _: EarningsReader, token: BearerToken, incentives: Incentives,
    user_id: UserId = None, period: Period = "",
    cursor: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> RewardPage:
    """Own rewards; finance and directors all; managers their regions'; admins are 403.
    Newest first."""
    reply = await incentives.call("ListRewards", pb.ListRewardsRequest(
        user_id=str(user_id or ""), period=period, page_size=limit, page_token=cursor),
        user_token=token)
    data = to_dict(reply)
    return RewardPage(items=data["rewards"], next_cursor=data["next_page_token"] or None)


@router.get("/rewards/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}},
                       422: {"description": "`export_too_large`: over 10,000 rewards"}})
async def export_rewards(_: EarningsReader, token: BearerToken, incentives: Incentives,
                         session: Session,
                         user_id: UserId = None, period: Period = "") -> StreamingResponse:
    """What the list shows with the same `user_id` and `period` filters (finance: all),
    amounts in 元, the person by name; admins are 403."""
    async def page(cursor: str) -> tuple[Sequence[pb.Reward], str]:
        reply = await incentives.call("ListRewards", pb.ListRewardsRequest(
            user_id=str(user_id or ""), period=period, page_size=200, page_token=cursor),
            user_token=token)
        return reply.rewards, reply.next_page_token

    rewards = await every_row(page, noun="奖励", narrow="期间或人员")
    people = await user_names(session, {r.user_id for r in rewards})

    def build() -> Sheet:
        sheet = Sheet("习惯奖励", ["用户", "奖励", "金额(元)", "连续打卡截至", "发放时间"])
        for r in rewards:
            sheet.append([named(people, r.user_id), r.label,
                          sheet.money(r.amount_fen), r.streak_end,
                          sheet.time(r.granted_at)])
        return sheet

    return await xlsx_download(build, "rewards", "习惯奖励")
