"""KPI definitions as data: what is measured, its weight per role, its target.

Weights of one role sum to 100 (%). A set of definitions is versioned as a whole with the
date it takes effect; `changed` builds the next version from an admin's edit and refuses
(InvalidField, nothing written) weights that do not add up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from incentives.domain.errors import InvalidField
from incentives.domain.text import printable

RATE, AVERAGE, AMOUNT = "rate", "average", "amount"

FIRST_VISIT_48H = "first_visit_report_48h"
FIRST_CONTACT = "first_contact_in_time"
NEEDS_BEFORE_DESIGN = "needs_complete_before_design"
QUOTE_TURNAROUND = "quote_turnaround"
WORK_ORDER_ON_TIME = "work_order_accept_on_time"
SATISFACTION = "satisfaction_avg"
SIGNED_AMOUNT = "signed_amount_vs_target"


@dataclass(frozen=True)
class Kpi:
    id: str
    role: str
    label: str
    weight_pct: int
    kind: str           # rate: share of ok facts; average: mean of values; amount: sum vs target
    unit: str           # hours | fen | score | none
    target: int         # rate/none: unused; quote hours; satisfaction best score; fen per month


DEFAULT: tuple[Kpi, ...] = (
    Kpi(FIRST_VISIT_48H, "rep", "初访后 48 小时内提交拜访报告", 30, RATE, "hours", 48),
    Kpi(FIRST_CONTACT, "rep", "首次联系时限内联系线索", 15, RATE, "none", 0),
    Kpi(NEEDS_BEFORE_DESIGN, "rep", "进入方案设计前需求记录完整", 10, RATE, "none", 0),
    Kpi(QUOTE_TURNAROUND, "rep", "报价及时（商机创建至首次报价）", 10, RATE, "hours", 120),
    Kpi(WORK_ORDER_ON_TIME, "rep", "工单按时受理", 5, RATE, "none", 0),
    Kpi(SATISFACTION, "rep", "客户满意度平均分", 10, AVERAGE, "score", 5),
    Kpi(SIGNED_AMOUNT, "rep", "签约金额完成率", 20, AMOUNT, "fen", 50_000_000),
)


# Measured on whoever accepts a work order (技术部, 财务部, 交付部 staff), and 销售部 takes no
# orders: a rep never earns or misses it, so a rep's score leaves it out and its weight is
# spread over the others as for any KPI without data. It stays in the rep set (stored
# versions keep their shape, weights still sum to 100) until department staff are scored.
NOT_A_REPS: frozenset[str] = frozenset({WORK_ORDER_ON_TIME})


def check_weights(kpis: tuple[Kpi, ...], *, field: str = "weight_pct") -> None:
    totals: dict[str, int] = {}
    for kpi in kpis:
        if not 0 <= kpi.weight_pct <= 100:
            raise InvalidField(field, f"{kpi.label} 的权重必须在 0 到 100 之间")
        totals[kpi.role] = totals.get(kpi.role, 0) + kpi.weight_pct
    for role, total in totals.items():
        if total != 100:
            raise InvalidField(field, f"角色 {role} 的权重合计为 {total}%，必须等于 100%")


def changed(current: tuple[Kpi, ...], kpi_id: str, *, weight_pct: int, target: int = 0,
            label: str = "", other_weights: Mapping[str, int] = {}) -> tuple[Kpi, ...]:
    known = {k.id: k for k in current}
    if kpi_id not in known:
        raise InvalidField("id", f"没有指标 {kpi_id}")
    for other, weight in other_weights.items():
        if other not in known:
            raise InvalidField(f"other_weights.{other}", f"没有指标 {other}")
        if not 0 <= weight <= 100:  # named where it was typed, not as weight_pct
            raise InvalidField(f"other_weights.{other}", "权重必须在 0 到 100 之间")
    if target < 0:
        raise InvalidField("target", "目标值不能为负")
    label = printable(label)
    if len(label) > 100:
        raise InvalidField("label", "名称不能超过 100 个字")
    result = []
    for kpi in current:
        if kpi.id == kpi_id:
            kpi = replace(kpi, weight_pct=weight_pct, target=target or kpi.target,
                          label=label.strip() or kpi.label)
        elif kpi.id in other_weights:
            kpi = replace(kpi, weight_pct=other_weights[kpi.id])
        result.append(kpi)
    updated = tuple(result)
    check_weights(updated)
    return updated
