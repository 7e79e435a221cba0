"""One period's statements from what was read in one snapshot: each rep's scheme-A parts
paid by the tiers, each scheme-B run's pool shared by the points of the reps on B then."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from salesos.incentives.v1 import incentives_pb2 as pb

from incentives.adapters.org import Member
from incentives.domain import payouts, periods, scheme_days, scoring
from incentives.domain.scheme_days import Signings, Window

# A period a trial starts or ends in (`domain/scheme_days.py`).
RULE_SPLIT = ("本期内试点开始或结束：在试点方案B中的日子按方案B，其余日子按方案A，"
              "两部分各自按月累计，故各周之和等于当月")


class Statements:
    def __init__(self, period: periods.Period, scheme_a: payouts.SchemeA,
                 scheme_b: payouts.SchemeB, windows: Mapping[str, list[Window]],
                 signed: Mapping[str, Signings], points: Mapping[str, int]) -> None:
        self.period, self.scheme_a, self.windows = period, scheme_a, windows
        self.signed, self.points = signed, points
        self.week = period.kind == "week"
        self.pools: list[tuple[frozenset[str], str, int, dict[str, int]]] = []
        for (reps, month), parts in scheme_days.b_pools(period, signed, windows).items():
            pool = payouts.pool_fen(parts, scheme_b)
            sharing = {uid: points[uid] for uid in reps if uid in points}
            self.pools.append((reps, month, pool, payouts.share_pool(pool, sharing)))

    def row(self, m: Member, scored: scoring.RepScore) -> pb.Payout:
        spans = self.windows.get(m.id, [])
        p = self.period
        row = pb.Payout(user_id=m.id, display_name=m.display_name or m.username,
                        region_id=m.region_id, period=p.code,
                        signed_fen=sum(v for d, v in self.signed[m.id] if p.contains(d)),
                        process_score=float(scored.score))
        a_parts = scheme_days.a_parts(p, self.signed[m.id], spans)
        total, lines = payouts.commission_a(a_parts, self.scheme_a, name_month=self.week)
        row.lines.extend(line_of(x) for x in lines)
        pools = [(month, pool, shares.get(m.id, 0)) for reps, month, pool, shares
                 in self.pools if m.id in reps]
        split = bool(a_parts) and bool(pools)
        months = len({month for month, _, _ in pools}) > 1
        for month, pool, share in pools:
            within = (f"{month} 月 " if months else "") + (
                f"{self.b_days(spans)} " if split else "")
            row.lines.append(pb.PayoutLine(label=f"{within}奖金池 {pool / 100:,.2f} 元按积分分配",
                                           base_fen=pool, amount_fen=share, month=month))
        row.amount_fen = total + sum(share for _, _, share in pools)
        rule_a = payouts.RULE_A_WEEK if self.week else payouts.RULE_A
        rule_b = payouts.RULE_B_WEEK if self.week else payouts.RULE_B
        if pools:
            row.points = self.points.get(m.id, 0)
        row.scheme = "A+B" if split else "B" if pools else "A"
        row.rounding = (f"{RULE_SPLIT}。方案A：{rule_a}。方案B：{rule_b}" if split
                        else rule_b if pools else rule_a)
        return row

    def b_days(self, spans: list[Window]) -> str:
        """The rep's scheme-B days of the period, 11-16至11-30."""
        last_day = self.period.end - timedelta(days=1)
        clipped = sorted((max(a, self.period.first), min(b, last_day)) for a, b in spans
                         if a <= last_day and b >= self.period.first)
        return "、".join(f"{_md(a)}至{_md(b)}" for a, b in clipped)


def _md(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


def line_of(x: payouts.Line) -> pb.PayoutLine:
    return pb.PayoutLine(label=x.label, base_fen=x.base_fen, rate_bp=x.rate_bp,
                         amount_fen=x.amount_fen, month=x.month,
                         month_to_date_before_fen=x.to_date_before_fen,
                         month_to_date_after_fen=x.to_date_after_fen,
                         commission_to_date_before_fen=x.commission_before_fen,
                         commission_to_date_after_fen=x.commission_after_fen)
