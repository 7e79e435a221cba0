"""Pay schemes as rows (config JSON); the defaults are written on first use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from incentives.adapters.orm import pay_schemes
from incentives.domain.payouts import SchemeA, SchemeB, Tier

DEFAULTS = (
    ("A", "方案A：签约额分档提成",
     {"tiers": [[t.up_to_fen, t.rate_bp] for t in SchemeA().tiers]}),
    ("B", "方案B：过程积分分享奖金池", {"pool_bp": SchemeB().pool_bp}),
)


async def load(session: AsyncSession) -> tuple[SchemeA, SchemeB]:
    await session.execute(insert(pay_schemes).values(
        [{"code": c, "label": label, "config": cfg} for c, label, cfg in DEFAULTS])
        .on_conflict_do_nothing())
    configs = {r.code: r.config for r in (await session.execute(select(pay_schemes))).all()}
    a = SchemeA(tuple(Tier(up, bp) for up, bp in configs["A"]["tiers"]))
    return a, SchemeB(int(configs["B"]["pool_bp"]))
