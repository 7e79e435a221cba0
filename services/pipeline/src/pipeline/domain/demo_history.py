"""A year of back-dated sales history for the demo (and the analytics bench): customers
with industry and scale, deals in every stage, won and lost with reasons, stage history,
ticked sub-steps, needs records and visits. Deterministic for a seed; pure, no I/O.

Deals walk the default process stage by stage, each stay drawn around the stage's
expected days; a deal still running at `now` stays open where it got to.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline.domain import stages as st
from pipeline.domain.demo_cities import CITIES
from pipeline.domain.geo import Point
from pipeline.domain.model import StageChange
from pipeline.domain.needs import Needs, Parameter, Person
from pipeline.domain.process import Process

NAMESPACE = uuid.UUID("6f2b8a52-41c7-4d5e-9a3b-0c1d2e3f4a5b")
INDUSTRIES = ("食品饮料", "工程机械", "汽车零部件", "电子电器", "化工", "医药", "纺织")
SCALES = (("lt50", 20, 80), ("50_200", 50, 300), ("200_1000", 100, 800), ("gt1000", 300, 2000))
WORDS = ("恒达", "精工", "华盛", "永信", "宏图", "鑫源", "振华", "天成", "博远", "联创",
         "金泰", "瑞丰", "东方", "新锐", "汇通", "德润", "海川", "正泰", "长青", "盛世")
LOST_REASONS = ("价格过高", "选择了竞争对手", "预算取消", "项目延期", "技术方案不满足", "交期太长")
OUTCOMES = (("won", 22), ("lost", 30), ("open", 48))


@dataclass(frozen=True)
class Rep:
    id: str
    username: str
    region_id: str
    provinces: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoAccount:
    id: str
    name: str
    industry: str
    province: str
    scale: str
    site: Point


@dataclass(frozen=True)
class DemoVisit:
    id: str
    checked_in_at: datetime
    reported_at: datetime
    first: bool
    site: Point
    report: str


@dataclass
class DemoDeal:
    id: str
    account: DemoAccount
    title: str
    amount_fen: int
    owner: Rep
    created_at: datetime
    stage: str = st.LEAD
    status: str = st.OPEN
    stage_entered_at: datetime | None = None
    lost_reason: str = ""
    changes: list[StageChange] = field(default_factory=list)
    steps: list[tuple[str, datetime]] = field(default_factory=list)
    visits: list[DemoVisit] = field(default_factory=list)
    needs: Needs | None = None


def demo_id(seed: str, *parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, (seed, *parts)))))


def history(seed: str, reps: list[Rep], process: Process, *, now: datetime,
            customers: int = 300, days: int = 365) -> list[DemoDeal]:
    rnd, deals = random.Random(seed), []
    for i in range(customers):
        rep = reps[i % len(reps)]
        account = _account(seed, i, rep, rnd)
        for j in range(rnd.choice((1, 1, 2, 2, 3))):
            opened = now - timedelta(days=rnd.uniform(1, days), hours=rnd.uniform(0, 9))
            low, high = next((lo, hi) for code, lo, hi in SCALES if code == account.scale)
            deal = DemoDeal(demo_id(seed, "deal", i, j), account, f"{account.name[:-6]} 设备采购",
                            rnd.randint(low, high) * 1_000_000, rep, opened,
                            stage_entered_at=opened)
            _walk(deal, process, rnd, now, seed)
            deals.append(deal)
    return deals


def _account(seed: str, i: int, rep: Rep, rnd: random.Random) -> DemoAccount:
    province = rnd.choice([p for p in rep.provinces if p in CITIES] or list(CITIES))
    city, lat, lng = CITIES[province]
    industry = INDUSTRIES[i % len(INDUSTRIES)]
    name = f"{city}{WORDS[i % len(WORDS)]}{WORDS[(i // len(WORDS)) % len(WORDS)]}{i:03d}" \
           f"{industry[:2]}有限公司"
    return DemoAccount(demo_id(seed, "account", i), name, industry, province,
                       rnd.choice(SCALES)[0],
                       Point(round(lat + rnd.uniform(-0.2, 0.2), 5),
                             round(lng + rnd.uniform(-0.2, 0.2), 5)))


def _walk(deal: DemoDeal, process: Process, rnd: random.Random, now: datetime, seed: str) -> None:
    outcome = rnd.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
    target = st.WON if outcome == "won" else rnd.choice(st.ORDER)
    at = deal.created_at
    for nxt in (*st.ORDER[1:], st.WON):
        if outcome != "won" and st.position(deal.stage) >= st.position(target):
            break
        leave = at + timedelta(days=process.stage(deal.stage).expected_days
                               * rnd.uniform(0.3, 1.6))
        if leave >= now:
            return  # still running today
        _move(deal, process, nxt, leave, seed, rnd)
        at = leave
    if outcome == "lost":
        lost_at = at + timedelta(days=rnd.uniform(1, 20))
        if lost_at < now:
            deal.lost_reason = rnd.choice(LOST_REASONS)
            deal.changes.append(StageChange(deal.stage, st.LOST, deal.owner.id, lost_at,
                                            deal.lost_reason))
            deal.stage, deal.status, deal.stage_entered_at = st.LOST, st.LOST, lost_at


def _move(deal: DemoDeal, process: Process, to: str, at: datetime, seed: str,
          rnd: random.Random) -> None:
    for k, step in enumerate(process.stage(deal.stage).steps):
        deal.steps.append((step.id, at - timedelta(hours=len(process.stage(deal.stage).steps) - k)))
    if deal.stage == st.FIRST_VISIT or (deal.stage in st.ORDER[2:] and rnd.random() < 0.5):
        entered = deal.stage_entered_at or deal.created_at
        checked = max(at - timedelta(days=rnd.uniform(0.5, 3)), entered + timedelta(minutes=30))
        first = not deal.visits  # reported before the deal moves on
        reported = min(checked + timedelta(hours=rnd.uniform(1, 60 if first else 24)),
                       at - timedelta(minutes=10))
        deal.visits.append(DemoVisit(
            demo_id(seed, "visit", deal.id, len(deal.visits)), checked, reported, first,
            deal.account.site, "现场拜访：了解产线现状与采购计划" if first else "跟进拜访"))
    if deal.stage == st.NEEDS_CONFIRMED:
        deal.needs = _needs(deal, rnd)
    deal.changes.append(StageChange(deal.stage, to, deal.owner.id, at))
    deal.stage, deal.stage_entered_at = to, at
    if to == st.WON:
        deal.status = st.WON


def _needs(deal: DemoDeal, rnd: random.Random) -> Needs:
    nonstandard = rnd.random() < 0.2
    return Needs(
        equipment_type=f"{deal.account.industry}产线设备",
        capacity=f"每班 {rnd.randint(2, 20)}00 件",
        site_constraints="厂房层高 8 米，380V 供电", budget_min_fen=deal.amount_fen * 8 // 10,
        budget_max_fen=deal.amount_fen * 12 // 10, decision_makers=(Person("王总", "总经理"),),
        competing_vendors=(rnd.choice(("德马吉", "发那科", "大族激光", "新松")),),
        must_have_parameters=(Parameter("节拍", f"{rnd.randint(10, 60)} 秒/件"),),
        nonstandard_support=nonstandard,
        nonstandard_request="非标夹具与工装设计" if nonstandard else "")
