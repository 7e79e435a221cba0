"""Satisfaction surveys: answered once by token, no login (issued by `survey_issuing`,
once per service touch).

Only the token's SHA-256 is stored; the link in incentives.survey_issued carries the
token itself to notifications, which delivers it. An answer becomes a fact of the rep's
satisfaction KPI in the same transaction that publishes incentives.survey_answered.
"""

from __future__ import annotations

import hashlib
from typing import Any

from salesos.events.v1 import incentives_pb2 as ev
from salesos.incentives.v1 import incentives_pb2 as pb
from servicekit.errors import NotFound
from servicekit.protos import timestamp as ts
from servicekit.uow import UnitOfWork
from sqlalchemy import Row, select

from incentives.adapters import fact_repo
from incentives.adapters.orm import surveys
from incentives.domain import facts as f
from incentives.domain.errors import Expired, InvalidField, Refused
from incentives.domain.text import printable
from incentives.service_layer.deps import SOURCE, Deps


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _status(row: Row[Any], deps: Deps) -> str:
    if row.answered_at is not None:
        return "answered"
    return "expired" if row.expires_at <= deps.clock() else "open"


def _reply(row: Row[Any], deps: Deps) -> pb.Survey:
    return pb.Survey(id=row.id, subject_type=row.subject_type, subject_id=row.subject_id,
                     status=_status(row, deps), expires_at=ts(row.expires_at),
                     score=row.score or 0, comment=row.comment or "",
                     answered_at=ts(row.answered_at), account_name=row.account_name)


async def get(token: str, deps: Deps) -> pb.Survey:
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        row = (await uow.session.execute(
            select(surveys).where(surveys.c.token_sha256 == token_hash(token)))).first()
    if row is None:
        raise NotFound("问卷不存在")
    return _reply(row, deps)


async def answer(token: str, score: int, comment: str, deps: Deps) -> pb.Survey:
    if not 1 <= score <= 5:
        raise InvalidField("score", "评分必须是 1 到 5 的整数")
    comment = printable(comment)
    if len(comment) > 1000:
        raise InvalidField("comment", "评价不能超过 1000 个字")
    async with UnitOfWork(deps.sessions, source=SOURCE) as uow:
        row = (await uow.session.execute(
            select(surveys).where(surveys.c.token_sha256 == token_hash(token))
            .with_for_update())).first()
        if row is None:
            raise NotFound("问卷不存在")
        status = _status(row, deps)
        if status == "answered" and (row.score, row.comment) == (score, comment):
            return _reply(row, deps)  # the same answer retried (lost response): no change
        if status == "answered":
            raise Refused("该问卷已提交过，链接只能使用一次")
        if status == "expired":
            raise Expired("问卷链接已过期")
        now = deps.clock()
        await uow.session.execute(surveys.update().where(surveys.c.id == row.id).values(
            answered_at=now, score=score, comment=comment))
        event_id = uow.publish(ev.SurveyAnswered(
            survey_id=row.id, rep_id=row.rep_id, score=score, comment=comment,
            answered_at=ts(now), subject_type=row.subject_type, subject_id=row.subject_id),
            type="incentives.survey_answered", aggregate_id=row.id)
        await fact_repo.append(uow.session, [f.Fact(
            event_id, "incentives.survey_answered", f.SURVEY_ANSWERED, row.rep_id,
            row.region_id, row.id, now, True, score)])
        await uow.commit()
    return await get(token, deps)
