"""Escalation chains, one per department, and the deadlines they put on an order. Pure.

A chain says how many working hours a department has to accept (the response clock) and
how long after a missed deadline each level fires: level 1 reminds the assignee, level 2
tells the department supervisor and the requester's manager, level 3 the director. The
same levels run on the delivery clock from the order's due time.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from workorders.domain.errors import InvalidField

LEVELS = (1, 2, 3)
RESPONSE, DELIVERY, PROGRESS = "response", "delivery", "progress"
# "Due soon" reminders to whoever must act, before any escalation.
RESPONSE_DUE, DELIVERY_DUE = "response_due", "delivery_due"
DUE_SOON = {RESPONSE_DUE: RESPONSE, DELIVERY_DUE: DELIVERY}
DELIVERY_WARNING = timedelta(days=1)  # demo (wall time); else one working day


@dataclass(frozen=True)
class Level:
    level: int
    after_hours: float


@dataclass(frozen=True)
class Chain:
    department: str
    response_hours: float
    levels: tuple[Level, ...]


DEFAULT_LEVELS = (Level(1, 0.0), Level(2, 2.0), Level(3, 4.0))


def default_chain(department: str) -> Chain:
    return Chain(department, 4.0, DEFAULT_LEVELS)


def chain(department: str, response_hours: float, levels: Sequence[Level]) -> Chain:
    """A validated chain; levels 1..3, each at most once, later levels not earlier."""
    if not 0 < response_hours <= 24 * 30:
        raise InvalidField("response_hours", "响应时限应在 0 到 720 个工作小时之间")
    seen: dict[int, float] = {}
    for index, step in enumerate(levels):
        if step.level not in LEVELS:
            raise InvalidField(f"levels.{index}.level", "级别只能是 1、2、3")
        if step.level in seen:
            raise InvalidField(f"levels.{index}.level", f"级别 {step.level} 重复")
        if not 0 <= step.after_hours <= 24 * 30:
            raise InvalidField(f"levels.{index}.after_hours", "应在 0 到 720 个工作小时之间")
        seen[step.level] = step.after_hours
    ordered = tuple(Level(lvl, seen[lvl]) for lvl in sorted(seen))
    for before, after in itertools.pairwise(ordered):
        if after.after_hours < before.after_hours:
            raise InvalidField("levels", "更高级别的升级不能早于较低级别")
    if not ordered:
        raise InvalidField("levels", "至少需要一个升级级别")
    return Chain(department, response_hours, ordered)


@dataclass(frozen=True)
class Deadline:
    clock: str
    level: int
    due_at: datetime


Later = Callable[[datetime, timedelta], datetime]  # working time (or demo wall time) added
Before = Callable[[datetime], datetime]  # one working day earlier


def plan(chain_: Chain, *, created_at: datetime, respond_by: datetime, due_at: datetime,
         later: Later, workday_before: Before, step: timedelta | None = None
         ) -> list[Deadline]:
    """Every deadline of a new order: a reminder halfway to the response time and one
    working day before the due time, then each escalation level. Reminders count working
    time like the levels do: in wall time, an order opened on Friday evening reminded its
    engineer on Sunday. `step` (demo) replaces the chain's offsets by level × step of wall
    time, so a whole chain shows within minutes."""
    if step is not None:
        halfway = created_at + (respond_by - created_at) / 2
        warning = due_at - DELIVERY_WARNING
    else:
        halfway = later(created_at, timedelta(hours=chain_.response_hours) / 2)
        warning = workday_before(due_at)
    found = [Deadline(RESPONSE_DUE, 0, halfway)]
    if warning > created_at:
        found.append(Deadline(DELIVERY_DUE, 0, warning))
    for clock, start in ((RESPONSE, respond_by), (DELIVERY, due_at)):
        for lvl in chain_.levels:
            offset = step * (lvl.level - 1) if step is not None \
                else timedelta(hours=lvl.after_hours)
            due = start + offset if step is not None else later(start, offset)
            found.append(Deadline(clock, lvl.level, due))
    return found


def rearmed(chain_: Chain, levels: set[int], *, start: datetime, later: Later,
            step: timedelta | None = None) -> list[Deadline]:
    """The delivery levels a stopped clock swallowed, again from `start` at the chain's
    offsets: a delivery rejected after its due time is overdue work again."""
    return [Deadline(DELIVERY, lvl.level, start + step * (lvl.level - 1) if step is not None
                     else later(start, timedelta(hours=lvl.after_hours)))
            for lvl in chain_.levels if lvl.level in levels]
