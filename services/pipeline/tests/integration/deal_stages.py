"""Deals that have come some way through their stages before a test begins: a quote needs
方案设计 or later, a contract 报价 or later, the customer's signature 签约
(domain/stage_rules). How a deal moves, step by step, is test_grpc's story; these tests
start where theirs does, as a rep's deal would have got there."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

_sessions: list[async_sessionmaker[AsyncSession]] = []  # set once by conftest


def use(sessions: async_sessionmaker[AsyncSession]) -> None:
    _sessions[:] = [sessions]


async def reach(opportunity_id: str, stage: str = "contract") -> None:
    async with _sessions[0]() as session, session.begin():
        await session.execute(sa.text(
            "UPDATE opportunities SET stage = :stage, stage_entered_at = now() "
            "WHERE id = :id"), {"stage": stage, "id": opportunity_id})
